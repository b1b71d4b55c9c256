"""The HTTP layer every public adapter shares (pages, feeds, sitemaps, the API).

- `urls`: absolute URLs (`site_root`, `absolute`), built here and nowhere else;
- `client`: the reader's address behind trusted proxies (`client_ip`).

Imports Django and `dossiers.core` only, never an app.
"""

from dossiers.core.http.client import client_ip

__all__ = ["client_ip"]

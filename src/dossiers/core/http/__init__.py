"""The HTTP layer every public adapter shares (pages, feeds, sitemaps, the API).

- `caching`: one response cache and conditional GET under the content token
  (`cached_response`), and page fragments (`cached_fragment`);
- `urls`: absolute URLs (`site_root`, `absolute`), built here and nowhere else;
- `errors`: the one not-found helper (`found`);
- `client`: the reader's address behind trusted proxies (`client_ip`).

Imports Django and `dossiers.core` only, never an app.
"""

from dossiers.core.http.client import client_ip
from dossiers.core.http.errors import found

__all__ = ["client_ip", "found"]

"""WordPress eXtended RSS (WXR 1.0, 1.1, 1.2) to importer records. No database here.

The file is read twice, each time as a stream (lxml `iterparse`, every item
cleared once read), so memory stays flat whatever the file's size:

1. `scan` checks that the XML holds together, counts the posts for the
   progress bar and collects what posts refer to (attachments, reusable
   blocks). Real exports have quirks a lenient parser reads correctly (a raw
   `&` in a URL, a `]]>` inside CDATA): those are read with lxml's recover
   mode and reported as warnings. A structural fault (a mismatched tag, a cut
   off file) stops the import before anything is written, with its line;
2. `read` turns authors, terms and items into `items` records.

The modules: `xml` (streaming the channel, `stream` mending what WordPress's
own importer tolerates), `scan`, `reader` and `posts` (the records),
`content`, `shortcodes`, `autop` and `media` (post content to HTML, pure
functions), `values` (statuses, ids, dates).

Entities are never expanded (a WordPress export declares none, and one that
does is refused before parsing), nothing is fetched from the network.
"""

from dossiers.importers.wordpress.posts import legacy_path
from dossiers.importers.wordpress.reader import read
from dossiers.importers.wordpress.scan import Scan, scan

__all__ = ["Scan", "legacy_path", "read", "scan"]

"""A folder of Markdown files with front matter, in and out.

In (`reader`, `frontmatter`): Hugo, Jekyll and Pelican conventions. YAML
front matter fenced by `---` (or Pelican's `Key: value` header lines): title,
date, slug, author/authors, tags, categories (Pelican's `category`),
summary/description/excerpt, draft (Jekyll's `published: false`, Pelican's
`status: draft`), canonical. Jekyll's `YYYY-MM-DD-slug.md` file names give
the date and slug. An `authors.yaml` beside the files gives the authors'
names, slugs, bios and links.

Out (`export`): one `<slug>.md` per article and `authors.yaml`, in the same
conventions, deterministically: exporting, importing into an empty site and
exporting again gives the same files byte for byte.
"""

from dossiers.importers.markdown.export import ExportRefused, export
from dossiers.importers.markdown.reader import read

__all__ = ["ExportRefused", "export", "read"]

"""The editorial desk: Django's admin over the services.

Every save, delete and action here calls the services the importers, the
API and the CLI call (`dossiers.pipeline.services` for articles, the apps'
`services.py` for the rest), so a rule holds on every path. The modules
register the pages of each context.
"""

from dossiers.desk.admin import comments, hubs, knowledge, media, publishing  # noqa: F401

"""Signals of the knowledge context.

`article_linked` is sent inside the write's transaction once an article's
mentions are stored; `archive_linked` once a bulk re-link has rewritten all
of them. The hubs context listens to both.

`archive_mentions_written` comes just before `archive_linked`, in the same
transaction: a context that amends the rewritten mentions (the importers
write their filings back) does it there, so that the hubs are recollected
once, from the final mentions.
"""

from django.dispatch import Signal

article_linked = Signal()  # kwargs: article, mentions (dict[entity_id, MentionStats])
archive_mentions_written = Signal()  # no kwargs
archive_linked = Signal()  # no kwargs

"""Signals of the knowledge context.

`article_linked` is sent inside the write's transaction once an article's
mentions are stored; `archive_linked` once a bulk re-link has rewritten all
of them. The hubs context listens to both.
"""

from django.dispatch import Signal

article_linked = Signal()  # kwargs: article, mentions (dict[entity_id, MentionStats])
archive_linked = Signal()  # no kwargs

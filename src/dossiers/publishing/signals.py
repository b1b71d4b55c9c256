"""Signals other contexts listen to (publishing imports none of them).

`article_written` is sent inside the write's transaction, after the article
and its byline are saved, so that derived data (entity mentions, hub
membership) commits or rolls back together with the article.
"""

from django.dispatch import Signal

article_written = Signal()  # kwargs: article

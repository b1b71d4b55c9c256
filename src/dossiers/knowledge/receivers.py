"""Knowledge listens to publishing: every written article is re-linked in the same transaction."""

from typing import Any

from django.dispatch import receiver

from dossiers.knowledge.linking import article_link
from dossiers.publishing.models import Article
from dossiers.publishing.signals import article_written


@receiver(article_written, dispatch_uid="knowledge.link_written_article")
def link_written_article(sender: type, article: Article, **kwargs: Any) -> None:
    article_link(article=article)

"""Author and entity pages, the glossary, and standing pages (about, contact, privacy)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from dossiers.core.config import conf
from dossiers.core.http import found
from dossiers.core.http.caching import cached_response
from dossiers.core.pagination import page_window, paged
from dossiers.hubs import selectors as hub_reads
from dossiers.knowledge import selectors as knowledge
from dossiers.publishing import selectors as publishing
from dossiers.syndication import heads


@require_safe
@paged
@cached_response(params=())
def author_detail(request: HttpRequest, slug: str, page: int) -> HttpResponse:
    number = page
    author = found(publishing.author_get(slug=slug), "No such author.")
    now = timezone.now()
    total = publishing.author_article_count(author=author, now=now)
    window = page_window(number=number, per_page=conf().page_size, total=total)
    articles = publishing.author_article_page(
        author=author, offset=window.offset, limit=window.per_page, now=now
    )
    context = {
        "author": author,
        "articles": articles,
        "window": window,
        "head": heads.author_head(request, author=author, cards=articles, window=window),
    }
    return render(request, "web/author.html", context)


@require_safe
@paged
@cached_response(params=())
def entity_detail(request: HttpRequest, slug: str, page: int) -> HttpResponse:
    number = page
    entity = found(knowledge.entity_get(slug=slug), "No such entity.")
    now = timezone.now()
    total = knowledge.entity_article_count(entity=entity, now=now)
    window = page_window(number=number, per_page=conf().page_size, total=total)
    context = {
        "entity": entity,
        "hubs": hub_reads.hubs_for_entity(entity=entity),
        "articles": knowledge.entity_article_page(
            entity=entity, offset=window.offset, limit=window.per_page, now=now
        ),
        "window": window,
        "head": heads.entity_head(request, entity=entity, window=window),
    }
    return render(request, "web/entity.html", context)


@require_safe
@cached_response(params=())
def glossary_page(request: HttpRequest) -> HttpResponse:
    groups = knowledge.glossary()
    context = {"groups": groups, "head": heads.glossary_head(request, groups)}
    return render(request, "web/glossary.html", context)


@require_safe
@cached_response(params=())
def standing_page(request: HttpRequest, slug: str) -> HttpResponse:
    page = found(publishing.page_get(slug=slug), "No such page.")
    return render(request, "web/page.html", {"page": page})

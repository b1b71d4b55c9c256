"""Article pages, the editors' preview and the comment form.

The page holds a per-reader CSRF token in its form, so it is not cached whole: its
article, head and comment-thread fragments are (core.http.caching.cached_fragment).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.admin.views.decorators import staff_member_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET, require_http_methods, require_safe

from dossiers.comments.forms import CommentForm
from dossiers.comments.selectors import comment_approved_get, comment_held_get, comment_thread
from dossiers.comments.services import CommentRateLimited, comment_submit
from dossiers.core.config import conf
from dossiers.core.freshness import content_token
from dossiers.core.http import client_ip, found
from dossiers.core.http.caching import cached_fragment
from dossiers.core.params import id_from
from dossiers.core.validation import error_items
from dossiers.hubs import selectors as hub_reads
from dossiers.knowledge import selectors as knowledge
from dossiers.publishing import selectors as publishing
from dossiers.publishing.models import Article
from dossiers.related import selectors as related
from dossiers.syndication import heads

HELD_SALT = "dossiers.comments.held"


def _article_parts(article: Article) -> Callable[[], dict[str, Any]]:
    """What the article's body and its <head> are made of, read once (5 queries) when the
    first of them is rendered."""
    read: dict[str, Any] = {}

    def parts() -> dict[str, Any]:
        if not read:
            read.update(
                article=article,
                hero=article.featured_image if article.featured_image_id else None,
                authors=publishing.article_authors(article=article),
                memberships=hub_reads.hubs_for_article(article=article),
                mentions=knowledge.article_mentions(article=article),
                related=related.related_article_cards(article_id=article.pk),
            )
        return read

    return parts


def _article_main(parts: Callable[[], dict[str, Any]]) -> str:
    """The article itself: header, body, hubs, entities (same for every reader)."""
    context = parts()
    mentions = context["mentions"]
    return render_to_string(
        "web/_article_main.html",
        {
            **context,
            "body_html": knowledge.article_body_linked(
                article=context["article"],
                mentions=mentions,
                limit=conf().entity_links_max,
            ),
            "mentions": [mention for mention in mentions if mention.is_about][:8],
        },
    )


def _article_head(request: HttpRequest, parts: Callable[[], dict[str, Any]]) -> str:
    """Canonical URL, feeds, sharing cards and JSON-LD (same for every reader)."""
    context = {name: value for name, value in parts().items() if name != "related"}
    head = heads.article_head(request, **context)
    return render_to_string("web/_head.html", {"head": head}, request=request)


def _article_thread(article: Article) -> str:
    context = {
        "article": article,
        "thread": comment_thread(article=article),
        "max_depth": conf().comments_max_depth,
    }
    return render_to_string("web/_article_thread.html", context)


def _article_context(
    request: HttpRequest,
    article: Article,
    *,
    form: CommentForm | None = None,
    cached: bool = True,
) -> dict[str, Any]:
    """Article and comments come from the fragment cache; the form is per reader (CSRF)."""
    parts = _article_parts(article)
    if cached:
        token = content_token()
        main = cached_fragment(
            request, f"article:{article.pk}", lambda: _article_main(parts), token=token
        )
        head = cached_fragment(
            request, f"head:{article.pk}", lambda: _article_head(request, parts), token=token
        )
        thread = cached_fragment(
            request, f"thread:{article.pk}", lambda: _article_thread(article), token=token
        )
    else:
        main, head = _article_main(parts), _article_head(request, parts)
        thread = _article_thread(article)
    return {
        "article": article,
        "head_html": head,
        "main": main,
        "thread": thread,
        "held": _held_comment(request, article),
        "form": form or CommentForm(article_id=article.pk),
        "reply_to": _reply_target(request, article, form),
    }


def _reply_target(request: HttpRequest, article: Article, form: CommentForm | None) -> Any:
    """The approved comment being replied to, from ?reply=ID or the posted form."""
    raw = form.data.get("parent") if form is not None else request.GET.get("reply")
    comment_id = id_from(raw)
    if comment_id is None:
        return None
    return comment_approved_get(article=article, comment_id=comment_id)


def _held_comment(request: HttpRequest, article: Article) -> Any:
    token = request.GET.get("held")
    if not token:
        return None
    try:
        comment_id = signing.loads(token, salt=HELD_SALT, max_age=86400)
    except signing.BadSignature:
        return None
    if not isinstance(comment_id, int):
        return None
    return comment_held_get(article=article, comment_id=comment_id)


@require_safe
def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    article = found(publishing.article_visible_get(slug=slug), "No such analysis.")
    return render(request, "web/article.html", _article_context(request, article))


@staff_member_required
@require_GET
def article_preview(request: HttpRequest, pk: int) -> HttpResponse:
    article = found(publishing.article_get(pk=pk), "No such analysis.")
    context = _article_context(request, article, cached=False) | {"preview": True}
    response = render(request, "web/article.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def comment_post(request: HttpRequest, slug: str) -> HttpResponse:
    article = found(publishing.article_visible_get(slug=slug), "No such analysis.")
    if request.method != "POST":
        # A bookmarked or reloaded form address leads back to the discussion, not to a 405.
        return HttpResponseRedirect(f"{article.get_absolute_url()}#comments")
    form = CommentForm(request.POST, article_id=article.pk)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            comment = comment_submit(
                article=article,
                name=data["name"],
                email=data["email"],
                url=data.get("url") or "",
                body=data["body"],
                parent_id=data.get("parent"),
                ip=client_ip(request),
            )
        except ValidationError as error:
            for field, messages in error_items(error):
                form.add_error(field if field in form.fields else None, messages)
        except CommentRateLimited as error:
            form.add_error(None, f"You have sent several comments in a short time. {error}")
            status = 429
        else:
            return _after_comment(article, comment)
    # Keep what the reader wrote; give the form a fresh ticket so a resend can work.
    kept = request.POST.copy()
    kept["ticket"] = form.fresh_ticket()
    # An overlong comment comes back whole enough to shorten, not as a megabyte of text.
    kept["body"] = kept.get("body", "")[: 2 * conf().comments_max_length]
    form.data = kept
    response = render(request, "web/article.html", _article_context(request, article, form=form))
    response.status_code = status
    return response


def _after_comment(article: Article, comment: Any) -> HttpResponse:
    url = article.get_absolute_url()
    if comment.status == "approved":
        return HttpResponseRedirect(f"{url}#comment-{comment.pk}", status=303)
    token = signing.dumps(comment.pk, salt=HELD_SALT)
    response = HttpResponseRedirect(f"{url}?held={token}#comment-held", status=303)
    return response

"""Comments of the posts just written: threaded (`threads`), then each recorded as given."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from dossiers.comments.models import Comment
from dossiers.comments.services import comment_record
from dossiers.core.markdown import html_to_text
from dossiers.core.validation import error_text, valid_email, valid_http_url
from dossiers.importers import items
from dossiers.importers.loader.state import State, digest
from dossiers.importers.loader.threads import thread
from dossiers.publishing.models import Article

ORPHAN = "its parent is missing: shown at top"


def comments_load(state: State, written: list[tuple[Article, items.Post]]) -> None:
    for article, post in written:
        if post.comments:
            _post_comments(state, article, post)


def _post_comments(state: State, article: Article, post: items.Post) -> None:
    placed = thread(post.comments)
    remembered = {
        p.comment.key: state.ledger.recall("comment", f"{post.guid}#{p.comment.key}")
        for p in placed
    }
    existing = Comment.objects.in_bulk([r[0] for r in remembered.values() if r])
    saved: dict[str, Comment] = {}
    for each in placed:
        comment = each.comment
        label = f"{comment.author or 'anonymous'} on {post.title[:60]}"
        memory = remembered[comment.key]
        fingerprint = digest(comment)
        instance = existing.get(memory[0]) if memory else None
        if instance is not None and memory and memory[1] == fingerprint:
            saved[comment.key] = instance
            state.report.add("skipped", comment.kind, label, "unchanged since the last import")
            continue
        text = html_to_text(comment.body_html)
        if not text:
            state.report.add("skipped", comment.kind, label, "empty")
            continue
        parent = saved.get(each.parent) if each.parent else None
        try:
            with transaction.atomic():
                stored = _record(article, comment, text, parent=parent, instance=instance)
        except ValidationError as error:
            state.report.add("failed", comment.kind, label, error_text(error))
            continue
        state.ledger.remember("comment", f"{post.guid}#{comment.key}", stored.pk, fingerprint)
        saved[comment.key] = stored
        reason = ORPHAN if comment.parent and not parent else ""
        state.report.add("updated" if instance else "created", comment.kind, label, reason)
        state.commented.add(article.pk)


def _record(
    article: Article,
    comment: items.Comment,
    text: str,
    *,
    parent: Comment | None,
    instance: Comment | None,
) -> Comment:
    return comment_record(
        comment=instance,
        article=article,
        parent=parent,
        name=(comment.author or "Anonymous")[:80],
        email=valid_email(comment.email),
        url=valid_http_url(comment.url, 300),
        body=text,
        body_html=comment.body_html,
        status=comment.status,
        created_at=comment.created_at,
        kind=comment.kind,
    )

"""Comments of the posts just written: threaded in memory (`threads`), then the whole
batch's comments recorded at once (`comment_record_many`: validated first, then written a
thread level at a time)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from dossiers.comments.models import Comment
from dossiers.comments.services import CommentIn, comment_record_many
from dossiers.core.markdown import html_to_text
from dossiers.core.validation import error_text, valid_email, valid_http_url
from dossiers.importers import items
from dossiers.importers.loader.state import State, digest
from dossiers.importers.loader.threads import thread
from dossiers.publishing.models import Article

ORPHAN = "its parent is missing: shown at top"


@dataclass(frozen=True)
class _Pending:
    """A comment to record: its source, where its record is, what to report."""

    article: Article
    comment: items.Comment
    guid: str  # the ledger's GUID: post GUID#comment key
    fingerprint: str
    label: str
    updated: bool


def comments_load(state: State, written: list[tuple[Article, items.Post]]) -> None:
    """Record the comments of a batch's posts; unchanged ones are skipped."""
    chunk: list[tuple[Article, items.Post]] = []
    guids: set[str] = set()
    for article, post in written:
        if post.guid in guids:
            # The same post twice: its second comments update what the first recorded.
            _chunk_load(state, chunk)
            chunk, guids = [], set()
        if post.comments:
            chunk.append((article, post))
            guids.add(post.guid)
    _chunk_load(state, chunk)


def _chunk_load(state: State, written: list[tuple[Article, items.Post]]) -> None:
    remembered = {
        f"{post.guid}#{c.key}": state.ledger.recall("comment", f"{post.guid}#{c.key}")
        for _, post in written
        for c in post.comments
    }
    existing = Comment.objects.in_bulk([r[0] for r in remembered.values() if r])
    records: list[CommentIn] = []
    pending: list[_Pending] = []
    for article, post in written:
        _post_comments(state, article, post, remembered, existing, records, pending)
    results = comment_record_many(records=records)
    for each, result in zip(pending, results, strict=True):
        if isinstance(result, ValidationError):
            state.report.add("failed", each.comment.kind, each.label, error_text(result))
            continue
        state.ledger.remember("comment", each.guid, result.pk, each.fingerprint)
        orphan = each.comment.parent and result.parent_id is None
        state.report.add(
            "updated" if each.updated else "created",
            each.comment.kind,
            each.label,
            ORPHAN if orphan else "",
        )
        state.commented.add(each.article.pk)


def _post_comments(
    state: State,
    article: Article,
    post: items.Post,
    remembered: dict[str, tuple[int, str] | None],
    existing: dict[int, Comment],
    records: list[CommentIn],
    pending: list[_Pending],
) -> None:
    """Add the post's comments to `records`, threaded; a reply points at its parent's
    stored comment (unchanged) or at the parent's position in `records`."""
    where: dict[str, Comment | int] = {}  # comment key -> stored comment or record position
    for each in thread(post.comments):
        comment = each.comment
        guid = f"{post.guid}#{comment.key}"
        label = f"{comment.author or 'anonymous'} on {post.title[:60]}"
        memory = remembered[guid]
        fingerprint = digest(comment)
        instance = existing.get(memory[0]) if memory else None
        if instance is not None and memory and memory[1] == fingerprint:
            where[comment.key] = instance
            state.report.add("skipped", comment.kind, label, "unchanged since the last import")
            continue
        text = html_to_text(comment.body_html)
        if not text:
            state.report.add("skipped", comment.kind, label, "empty")
            continue
        parent = where.get(each.parent) if each.parent else None
        where[comment.key] = len(records)
        records.append(
            CommentIn(
                article=article,
                parent=parent if isinstance(parent, Comment) else None,
                reply_to=parent if isinstance(parent, int) else None,
                comment=instance,
                name=(comment.author or "Anonymous")[:80],
                email=valid_email(comment.email),
                url=valid_http_url(comment.url, 300),
                body=text,
                body_html=comment.body_html,
                status=comment.status,
                created_at=comment.created_at,
                kind=comment.kind,
            )
        )
        pending.append(_Pending(article, comment, guid, fingerprint, label, instance is not None))

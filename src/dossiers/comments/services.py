"""Writes for comments: submission with its spam defences, and moderation."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from dossiers.comments.models import Comment, CommentAddress, CommentKind, CommentStatus
from dossiers.core.config import conf
from dossiers.core.freshness import content_changed
from dossiers.core.markdown import render_comment_markdown, sanitise_comment_html
from dossiers.publishing.models import Article

_LINK = re.compile(r"https?://|www\.", re.IGNORECASE)
MAX_LINKS_BEFORE_HOLD = 3


class CommentRateLimited(Exception):
    """Too many comments from one address in the rate window."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"Too many comments from your address; try again in {retry_after} s.")
        self.retry_after = retry_after


def ip_hash(ip: str) -> str:
    """A keyed hash of the reader's address: comparable for rate limits, useless to a thief."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, ip.encode(), hashlib.sha256).hexdigest()[:32]


def _rate_limit(*, hashed_ip: str, now: dt.datetime) -> None:
    """Raise CommentRateLimited if the address has used its comments for the window.

    Called inside the transaction that stores the comment: the address's row is locked
    until that transaction ends, so a concurrent post from the same address counts only
    after this one is stored (or rolled back).
    """
    CommentAddress.objects.bulk_create([CommentAddress(ip_hash=hashed_ip)], ignore_conflicts=True)
    list(CommentAddress.objects.select_for_update().filter(pk=hashed_ip).values_list("pk"))
    options = conf()
    window = dt.timedelta(seconds=options.comments_rate_window_seconds)
    recent = list(
        Comment.objects.filter(ip_hash=hashed_ip, created_at__gte=now - window)
        .order_by("created_at")
        .values_list("created_at", flat=True)[: options.comments_rate_limit]
    )
    if len(recent) >= options.comments_rate_limit:
        retry = int((recent[0] + window - now).total_seconds()) + 1
        raise CommentRateLimited(retry_after=max(retry, 1))


def _initial_status(*, email: str, body: str) -> str:
    """Returning commenters with an approved comment go straight up; newcomers wait."""
    if len(_LINK.findall(body)) > MAX_LINKS_BEFORE_HOLD:
        return CommentStatus.PENDING
    if (
        conf().comments_trust_returning
        and Comment.objects.filter(email__iexact=email, status=CommentStatus.APPROVED).exists()
    ):
        return CommentStatus.APPROVED
    return CommentStatus.PENDING


@transaction.atomic
def comment_submit(
    *,
    article: Article,
    name: str,
    email: str,
    body: str,
    url: str = "",
    parent_id: int | None = None,
    ip: str = "",
    now: dt.datetime | None = None,
) -> Comment:
    """Store a reader's comment.

    Raises ValidationError or CommentRateLimited, and then saves nothing.
    """
    now = now or timezone.now()
    if not article.is_visible(now):
        raise ValidationError("Comments are open on published analyses only.")
    parent = None
    if parent_id is not None:
        parent = Comment.objects.filter(
            pk=parent_id, article=article, status=CommentStatus.APPROVED
        ).first()
        if parent is None:
            raise ValidationError({"parent": "The comment you are replying to is not available."})
    depth = parent.depth + 1 if parent else 0
    if depth >= conf().comments_max_depth:
        raise ValidationError(
            {"parent": "This thread is too deep for another reply; reply higher up."}
        )
    hashed_ip = ip_hash(ip) if ip else ""
    if hashed_ip:
        _rate_limit(hashed_ip=hashed_ip, now=now)
    comment = Comment(
        article=article,
        parent=parent,
        depth=depth,
        name=" ".join(name.split()),
        email=email.strip(),
        url=url.strip(),
        body=body.strip(),
        body_html=render_comment_markdown(body.strip()),
        created_at=now,
        ip_hash=hashed_ip,
    )
    comment.status = _initial_status(email=comment.email, body=comment.body)
    comment.full_clean()
    comment.save()
    if comment.status == CommentStatus.APPROVED:
        comment_counts_refresh(article_ids=[article.pk])
    return comment


@transaction.atomic
def comment_moderate(*, comment_ids: Iterable[int], status: str) -> int:
    """Set the status of several comments at once; counts follow. Returns how many changed."""
    if status not in CommentStatus.values:
        raise ValidationError({"status": f"Unknown status {status!r}."})
    ids = list(comment_ids)
    changed = Comment.objects.filter(pk__in=ids).exclude(status=status)
    article_ids = list(changed.values_list("article_id", flat=True).distinct())
    count = changed.update(status=status, moderated_at=timezone.now())
    comment_counts_refresh(article_ids=article_ids)
    content_changed()
    return count


@transaction.atomic
def comment_edit(
    *, comment: Comment, name: str, email: str, url: str, body: str, status: str
) -> Comment:
    """An editor's change to a comment (the moderation page): text re-rendered, counts kept."""
    if status not in CommentStatus.values:
        raise ValidationError({"status": f"Unknown status {status!r}."})
    if status != comment.status:
        comment.moderated_at = timezone.now()
    comment.name = " ".join(name.split())
    comment.email = email.strip()
    comment.url = url.strip()
    comment.body = body.strip()
    comment.body_html = render_comment_markdown(comment.body)
    comment.status = status
    comment.full_clean(exclude=["article", "parent"])
    comment.save()
    comment_counts_refresh(article_ids=[comment.article_id])
    return comment


@transaction.atomic
def comment_delete(*, comment_ids: Iterable[int]) -> int:
    """Delete comments (replies go with their parents); counts follow. Returns how many."""
    comments = Comment.objects.filter(pk__in=list(comment_ids))
    article_ids = list(comments.values_list("article_id", flat=True).distinct())
    deleted, _ = comments.delete()
    comment_counts_refresh(article_ids=article_ids)
    return deleted


def comment_counts_refresh(*, article_ids: Iterable[int] | None = None) -> None:
    """Recount approved comments on the given articles (all when None).

    Pingbacks and trackbacks are not comments: they never count.
    """
    approved = (
        Comment.objects.filter(
            article=OuterRef("pk"), status=CommentStatus.APPROVED, kind=CommentKind.COMMENT
        )
        .order_by()
        .values("article")
        .annotate(n=Count("pk"))
        .values("n")
    )
    articles = Article.objects.all()
    if article_ids is not None:
        articles = articles.filter(pk__in=list(article_ids))
    articles.update(comment_count=Coalesce(Subquery(approved), 0))
    content_changed()


def comment_count_check() -> list[int]:
    """Articles whose stored count disagrees with their approved comments (for tests and ops)."""
    return list(
        Article.objects.annotate(
            real=Count(
                "comments",
                filter=Q(
                    comments__status=CommentStatus.APPROVED,
                    comments__kind=CommentKind.COMMENT,
                ),
            )
        )
        .exclude(comment_count=F("real"))
        .values_list("pk", flat=True)
    )


@transaction.atomic
def comment_record(
    *,
    article: Article,
    name: str,
    email: str,
    body: str,
    status: str,
    created_at: dt.datetime,
    url: str = "",
    parent: Comment | None = None,
    comment: Comment | None = None,
    kind: str = CommentKind.COMMENT,
    body_html: str | None = None,
) -> Comment:
    """Store a comment from a trusted source (an import, the demo) as given: no rate limit,
    no moderation decision. Counts are the caller's to refresh (comment_counts_refresh).

    `body_html` is for sources that hold comments as HTML (WordPress): it is
    sanitised here with the comment rules, and `body` keeps its plain text.
    """
    record = CommentIn(
        article=article,
        name=name,
        email=email,
        body=body,
        status=status,
        created_at=created_at,
        url=url,
        kind=kind,
        body_html=body_html,
        comment=comment,
    )
    comment = _comment_built(record, parent)
    # The article and parent are instances the caller holds: checking that they exist
    # would cost two queries per comment.
    comment.full_clean(exclude=["article", "parent"])
    comment.save()
    return comment


@dataclass(frozen=True)
class CommentIn:
    """One comment from a trusted source for `comment_record_many`, as `comment_record`
    takes it. It replies to `parent` (a stored comment) or to `reply_to`, the position of
    an earlier record in the same call; `comment` is a stored comment to rewrite."""

    article: Article
    name: str
    email: str
    body: str
    status: str
    created_at: dt.datetime
    url: str = ""
    kind: str = CommentKind.COMMENT
    body_html: str | None = None
    parent: Comment | None = None
    reply_to: int | None = None
    comment: Comment | None = None


def comment_record_many(*, records: Sequence[CommentIn]) -> list[Comment | ValidationError]:
    """Store many comments from a trusted source (an import) at once, as `comment_record`
    stores one: returns, for each record in order, its comment or why it was refused.

    Every record is validated before anything is written, so a refused one leaves no trace
    and needs no savepoint; a reply to a refused record is stored at the top of its thread.
    Threads are resolved in memory: the comments are written a thread level at a time
    (`bulk_create` and `bulk_update`), each level once its parents have their ids, so a
    whole import's comments take a few queries per level instead of one per comment.
    Counts are the caller's to refresh (comment_counts_refresh).
    """
    results: list[Comment | ValidationError] = []
    levels: list[list[Comment]] = []
    level_of: dict[int, int] = {}  # id() of a comment written by this call -> its level
    for record in records:
        parent = record.parent
        if record.reply_to is not None:
            replied = results[record.reply_to]
            parent = replied if isinstance(replied, Comment) else None
        comment = _comment_built(record, parent)
        try:
            comment.full_clean(exclude=["article", "parent"], validate_unique=False)
        except ValidationError as error:
            results.append(error)
            continue
        results.append(comment)
        # Level 0 unless the parent has no id yet (new in this call): one level below it.
        level = level_of[id(parent)] + 1 if parent is not None and parent.pk is None else 0
        level_of[id(comment)] = level
        while len(levels) <= level:
            levels.append([])
        levels[level].append(comment)
    for level_comments in levels:
        new = [c for c in level_comments if c.pk is None]
        rewritten = [c for c in level_comments if c.pk is not None]
        for comment in level_comments:
            if comment.parent is not None:
                comment.parent_id = comment.parent.pk  # known now: its level is written
        Comment.objects.bulk_create(new, batch_size=500)
        Comment.objects.bulk_update(rewritten, _REWRITTEN, batch_size=500)
    return results


_REWRITTEN = [
    "parent",
    "depth",
    "name",
    "email",
    "url",
    "body",
    "body_html",
    "status",
    "kind",
    "created_at",
]


def _comment_built(record: CommentIn, parent: Comment | None) -> Comment:
    """The comment of a record, not saved: as `comment_record` would store it."""
    comment = record.comment or Comment()
    comment.article = record.article
    comment.parent = parent
    comment.depth = parent.depth + 1 if parent else 0
    comment.name = " ".join(record.name.split())
    comment.email = record.email.strip()
    comment.url = record.url.strip()
    comment.body = record.body.strip()
    if record.body_html is None:
        comment.body_html = render_comment_markdown(comment.body)
    else:
        comment.body_html = sanitise_comment_html(record.body_html)
    comment.status = record.status
    comment.kind = record.kind
    comment.created_at = record.created_at
    return comment

"""Reads for comments."""

from __future__ import annotations

from dataclasses import dataclass, field

from dossiers.comments.models import Comment, CommentKind, CommentStatus
from dossiers.publishing.models import Article


@dataclass
class CommentNode:
    comment: Comment
    replies: list[CommentNode] = field(default_factory=list)


def comment_thread(*, article: Article) -> list[CommentNode]:
    """Approved comments as a tree, oldest first at every level (1 query).

    A reply whose parent is not approved is not shown: it would read out of
    context.
    """
    comments = (
        Comment.objects.filter(
            article=article, status=CommentStatus.APPROVED, kind=CommentKind.COMMENT
        )
        .only("parent_id", "depth", "name", "url", "body_html", "created_at", "article_id")
        .order_by("created_at", "id")
    )
    nodes: dict[int, CommentNode] = {}
    roots: list[CommentNode] = []
    for comment in comments:
        node = nodes[comment.pk] = CommentNode(comment)
        if comment.parent_id is None:
            roots.append(node)
        elif comment.parent_id in nodes:
            nodes[comment.parent_id].replies.append(node)
    return roots


def comment_held_get(*, article: Article, comment_id: int) -> Comment | None:
    """A comment its author has just sent and that waits for moderation."""
    return Comment.objects.filter(
        pk=comment_id, article=article, status=CommentStatus.PENDING
    ).first()


def comment_approved_get(*, article: Article, comment_id: int) -> Comment | None:
    return (
        Comment.objects.filter(
            pk=comment_id, article=article, status=CommentStatus.APPROVED, kind=CommentKind.COMMENT
        )
        .only("name", "depth", "article_id")
        .first()
    )


def comments_in_thread_order(*, article: Article) -> list[Comment]:
    """An article's shown comments, flattened depth first: every reply follows its parent,
    oldest first at each level (1 query, through comments.selectors.comment_thread)."""
    flat: list[Comment] = []

    def walk(nodes: list[CommentNode]) -> None:
        for node in nodes:
            flat.append(node.comment)
            walk(node.replies)

    walk(comment_thread(article=article))
    return flat

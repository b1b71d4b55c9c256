"""Comment threads, in the order they can be written: a pure function, no database.

`thread(comments)` returns every comment once, each after the comment it
replies to, otherwise in the source's order. A reply listed before its
parent pulls the parent (and the parent's own parents) ahead of it, at most
`MAX_PULLED` of them: a longer chain of not yet placed ancestors is cut
there, and the comment at the cut is placed at the top. A comment whose
parent is not in the list (an orphan) is placed at the top, and so is the
comment where a loop of replies closes. A key listed twice is placed once
(the first time it is reached).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

MAX_PULLED = 50


class Threadable(Protocol):
    @property
    def key(self) -> str: ...

    @property
    def parent(self) -> str: ...  # the key of the comment replied to, "" for none


T = TypeVar("T", bound=Threadable)


@dataclass(frozen=True)
class Placed(Generic[T]):
    comment: T
    parent: str  # the key of the placed comment it replies to; "" at the top
    depth: int  # 0 at the top


def thread(comments: Sequence[T]) -> list[Placed[T]]:
    """The comments in writing order, each with its parent and depth resolved."""
    by_key = {c.key: c for c in comments}
    placed: dict[str, Placed[T]] = {}
    for comment in comments:
        if comment.key in placed:
            continue
        for ancestor in reversed(_unplaced_chain(comment, by_key, placed)):
            parent = placed.get(ancestor.parent) if ancestor.parent else None
            placed[ancestor.key] = Placed(
                ancestor, parent.comment.key if parent else "", parent.depth + 1 if parent else 0
            )
    return list(placed.values())


def _unplaced_chain(comment: T, by_key: dict[str, T], placed: dict[str, Placed[T]]) -> list[T]:
    """`comment`, then its parent, grandparent… up to one that is placed, missing or
    already in the chain (a loop), at most MAX_PULLED ancestors."""
    chain = [comment]
    keys = {comment.key}
    while len(chain) <= MAX_PULLED:
        parent = by_key.get(chain[-1].parent) if chain[-1].parent else None
        if parent is None or parent.key in placed or parent.key in keys:
            break
        chain.append(parent)
        keys.add(parent.key)
    return chain

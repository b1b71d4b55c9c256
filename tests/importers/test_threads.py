"""Comment threading is a pure function: parents before replies, the source's order kept,
orphans and loops placed at the top, every comment once. No database."""

from dataclasses import dataclass

from dossiers.importers.loader.threads import MAX_PULLED, thread


@dataclass(frozen=True)
class C:
    key: str
    parent: str = ""


def order(placed):
    return [(p.comment.key, p.parent, p.depth) for p in placed]


def test_a_nested_thread_keeps_the_source_order_with_parents_and_depths():
    comments = [C("1"), C("2", "1"), C("3", "2"), C("4"), C("5", "1")]
    assert order(thread(comments)) == [
        ("1", "", 0),
        ("2", "1", 1),
        ("3", "2", 2),
        ("4", "", 0),
        ("5", "1", 1),
    ]


def test_a_reply_listed_before_its_parent_pulls_the_parent_ahead():
    comments = [C("3", "2"), C("1"), C("2", "1")]
    assert order(thread(comments)) == [("1", "", 0), ("2", "1", 1), ("3", "2", 2)]


def test_a_comment_whose_parent_is_missing_goes_to_the_top():
    assert order(thread([C("1"), C("2", "99")])) == [("1", "", 0), ("2", "", 0)]


def test_a_loop_of_replies_is_cut_and_each_comment_placed_once():
    placed = order(thread([C("a", "b"), C("b", "a")]))
    assert sorted(key for key, _parent, _depth in placed) == ["a", "b"]
    assert placed == [("b", "", 0), ("a", "b", 1)]


def test_a_comment_replying_to_itself_goes_to_the_top():
    assert order(thread([C("a", "a"), C("b", "a")])) == [("a", "", 0), ("b", "a", 1)]


def test_a_reply_to_a_loop_hangs_under_the_cut():
    placed = order(thread([C("x", "a"), C("a", "b"), C("b", "c"), C("c", "a")]))
    assert [key for key, _p, _d in placed] == ["c", "b", "a", "x"]
    assert placed[0] == ("c", "", 0) and placed[-1] == ("x", "a", 3)


def test_at_most_fifty_ancestors_are_pulled_ahead_of_a_reply():
    chain = [C(f"r{i}", f"r{i - 1}" if i else "") for i in range(MAX_PULLED + 20)]
    placed = order(thread(list(reversed(chain))))
    assert len(placed) == len(chain)
    # The last reply pulled fifty ancestors; the fiftieth is placed at the top.
    cut = len(chain) - 1 - MAX_PULLED
    assert placed[0] == (f"r{cut}", "", 0)
    assert placed[MAX_PULLED] == (f"r{len(chain) - 1}", f"r{len(chain) - 2}", MAX_PULLED)
    # The rest of the chain comes after, from its root, whole.
    assert placed[MAX_PULLED + 1] == ("r0", "", 0)
    assert placed[-1] == (f"r{cut - 1}", f"r{cut - 2}", cut - 1)


def test_a_long_thread_in_order_has_no_depth_cap():
    chain = [C(f"r{i}", f"r{i - 1}" if i else "") for i in range(300)]
    assert order(thread(chain))[-1] == ("r299", "r298", 299)


def test_a_key_listed_twice_is_placed_once_the_first_time():
    placed = thread([C("1"), C("2", "1"), C("1", "2")])
    assert order(placed) == [("1", "", 0), ("2", "1", 1)]
    assert placed[0].comment == C("1")


def test_the_order_is_stable():
    comments = [C(str(i), str(i // 3) if i > 2 else "") for i in range(30)]
    assert order(thread(comments)) == order(thread(list(comments)))
    assert [p.comment.key for p in thread(comments)] == [c.key for c in comments]


def test_no_comments_no_thread():
    assert thread([]) == []

from dossiers.hubs.rules import membership_reason
from dossiers.knowledge.matching import MentionStats

KEYS = [(1, "Turkey NATO"), (2, "defense sovereignty")]


def test_an_article_mentioning_a_key_entity_is_a_member_and_says_why():
    reason = membership_reason(
        key_entities=KEYS,
        mentions={1: MentionStats(count=3, in_title=True), 9: MentionStats(count=1)},
        pinned=False,
        excluded=False,
    )
    assert reason == "mentions Turkey NATO (in the title, 3 times)"


def test_several_key_entities_are_listed_in_key_order():
    reason = membership_reason(
        key_entities=KEYS,
        mentions={2: MentionStats(count=1), 1: MentionStats(count=2)},
        pinned=False,
        excluded=False,
    )
    assert reason == "mentions Turkey NATO (2 times) and defense sovereignty (once)"


def test_no_key_entity_no_membership():
    assert (
        membership_reason(
            key_entities=KEYS, mentions={9: MentionStats(count=5)}, pinned=False, excluded=False
        )
        is None
    )


def test_a_pin_overrides_the_rule_and_an_exclusion_overrides_everything():
    assert (
        membership_reason(key_entities=KEYS, mentions={}, pinned=True, excluded=False)
        == "pinned by an editor"
    )
    assert (
        membership_reason(
            key_entities=KEYS, mentions={1: MentionStats(count=1)}, pinned=True, excluded=True
        )
        is None
    )

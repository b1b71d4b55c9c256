import datetime as dt

from dossiers.hubs.rules import HubRule, membership_reason
from dossiers.knowledge.mentions import MentionStats

KEYS = [(1, "Turkey NATO"), (2, "defense sovereignty")]
CENTRAL = MentionStats(count=3, in_title=True, in_lead=True, salience=0.9)
LEAD = MentionStats(count=1, in_lead=True, salience=0.3)
PASSING = MentionStats(count=1, salience=0.02)


def reason(mentions, **kwargs):
    return membership_reason(
        key_entities=KEYS,
        mentions=mentions,
        pinned=kwargs.pop("pinned", False),
        excluded=kwargs.pop("excluded", False),
        **kwargs,
    )


def test_an_article_about_a_key_entity_is_a_member_and_says_why():
    assert reason({1: CENTRAL, 9: CENTRAL}) == "about Turkey NATO (title, 3 mentions)"
    assert reason({2: LEAD}) == "about defense sovereignty (lead)"


def test_several_key_entities_are_listed_in_key_order():
    assert reason({2: LEAD, 1: CENTRAL}) == (
        "about Turkey NATO (title, 3 mentions) and defense sovereignty (lead)"
    )


def test_a_passing_mention_is_not_enough_by_default_but_is_with_a_low_bar():
    assert reason({1: PASSING}) is None
    assert reason({1: PASSING}, rule=HubRule(min_salience=0)) == "mentions Turkey NATO (once)"
    mixed = reason({1: CENTRAL, 2: PASSING}, rule=HubRule(min_salience=0))
    assert mixed == "about Turkey NATO (title, 3 mentions); mentions defense sovereignty (once)"


def test_an_all_rule_needs_every_key_entity():
    rule = HubRule(mode="all")
    assert reason({1: CENTRAL}, rule=rule) is None
    assert reason({1: CENTRAL, 2: LEAD}, rule=rule) is not None


def test_a_date_range_keeps_articles_outside_it_off_unless_pinned():
    rule = HubRule(published_from=dt.date(2025, 1, 1), published_until=dt.date(2025, 12, 31))
    assert reason({1: CENTRAL}, rule=rule, published_on=dt.date(2025, 6, 1)) is not None
    assert reason({1: CENTRAL}, rule=rule, published_on=dt.date(2024, 6, 1)) is None
    assert reason({1: CENTRAL}, rule=rule, published_on=None) is None
    assert reason({}, rule=rule, published_on=dt.date(2024, 6, 1), pinned=True) == (
        "pinned by an editor"
    )


def test_no_key_entity_no_membership():
    assert reason({9: CENTRAL}) is None


def test_a_pin_overrides_the_rule_and_an_exclusion_overrides_everything():
    assert reason({}, pinned=True) == "pinned by an editor"
    assert reason({1: CENTRAL}, pinned=True) == (
        "pinned by an editor; about Turkey NATO (title, 3 mentions)"
    )
    assert reason({1: CENTRAL}, pinned=True, excluded=True) is None


def test_a_hub_that_collects_filed_articles_takes_only_those():
    rule = HubRule(collect_mentions=False, filed_in="WordPress")
    # The text is about the key entity, but the article was not filed under it.
    assert reason({1: CENTRAL}, rule=rule) is None
    assert reason({1: CENTRAL}, rule=rule, filed={1}) == "filed under Turkey NATO in WordPress"
    # A filing needs no mention in the text, and no source name is needed either.
    assert reason({}, rule=HubRule(collect_mentions=False), filed={2}) == (
        "filed under defense sovereignty"
    )
    assert reason({1: CENTRAL}, rule=rule, pinned=True) == "pinned by an editor"
    assert reason({}, rule=rule, filed={1}, excluded=True) is None

from dossiers.hubs.intro import IntroEntity, compose_intro

TURKEY = IntroEntity("Turkey", "A transcontinental republic spanning Anatolia.", ("Türkiye",))
NATO = IntroEntity("Turkey NATO", "Turkey's place in the Atlantic alliance.", ("NATO's anchor",))
BARE = IntroEntity("Sky Shield")


def test_no_key_entities_still_gives_a_sentence():
    text = compose_intro(hub_name="Odds and ends", slug="odds", entities=[])
    assert text.startswith("This dossier collects our analyses of Odds and ends.")


def test_one_entity_is_defined_and_its_other_names_are_given():
    text = compose_intro(hub_name="Turkey", slug="turkey", entities=[TURKEY])
    assert "**Turkey** is a transcontinental republic" in text or "**Turkey**: a trans" in text
    assert "“Türkiye”" in text
    assert "at least one of these" not in text


def test_two_and_many_entities_read_grammatically():
    two = compose_intro(hub_name="Hub", slug="hub", entities=[TURKEY, NATO])
    assert "Turkey and Turkey NATO, and how the two meet" in two
    assert "By **Turkey NATO** we mean Turkey's place" in two
    many = compose_intro(hub_name="Hub", slug="hub", entities=[TURKEY, NATO, BARE])
    assert "3 threads: Turkey, Turkey NATO and Sky Shield" in many
    assert "**Sky Shield**" not in many  # no definition: no sentence about it


def test_hubs_do_not_all_open_alike_but_each_always_reads_the_same():
    openings = {
        compose_intro(hub_name="Hub", slug=slug, entities=[TURKEY]).split("\n")[0]
        for slug in ("a", "b", "c", "d", "e", "f", "g", "h")
    }
    assert len(openings) >= 3
    once = compose_intro(hub_name="Hub", slug="same", entities=[TURKEY, NATO])
    assert compose_intro(hub_name="Hub", slug="same", entities=[TURKEY, NATO]) == once

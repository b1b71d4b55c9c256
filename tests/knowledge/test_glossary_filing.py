"""How the glossary files names (knowledge/glossary.py)."""

import pytest

from dossiers.knowledge.glossary import filed_as, initial, sort_key


@pytest.mark.parametrize(
    ("name", "listed"),
    [
        ("Recep Tayyip Erdoğan", "Erdoğan, Recep Tayyip"),
        ("Ursula von der Leyen", "von der Leyen, Ursula"),
        ("Charles de Gaulle", "de Gaulle, Charles"),
        ("Kaja Kallas (politician)", "Kallas, Kaja"),
        ("Madonna", "Madonna"),
    ],
)
def test_people_are_listed_by_surname(name, listed):
    assert filed_as(name, is_person=True) == listed


def test_other_entities_keep_their_name():
    assert filed_as("Black Sea Fleet", is_person=False) == "Black Sea Fleet"


def test_sorting_ignores_case_accents_and_particles():
    names = ["Zambia", "von der Leyen, Ursula", "Ålandic", "eSwatini", "Estonia", "Latvia"]
    assert sorted(names, key=sort_key) == [
        "Ålandic",
        "Estonia",
        "eSwatini",
        "Latvia",
        "von der Leyen, Ursula",
        "Zambia",
    ]
    assert initial("von der Leyen, Ursula") == "L"
    assert initial("Ålandic") == "A"
    assert initial("9/11 Commission") == "#"

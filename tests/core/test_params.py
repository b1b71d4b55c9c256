import pytest

from dossiers.core.params import id_from, whole_number_from


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1", 1),
        ("42", 42),
        ("9" * 18, int("9" * 18)),
        ("0", None),
        ("", None),
        ("²", None),
        ("٣", None),
        ("9" * 19, None),
        ("-1", None),
        (" 1", None),
        ("1.0", None),
        (None, None),
        (7, None),
    ],
)
def test_ids_are_bounded_ascii_digits(raw, expected):
    assert id_from(raw) == expected


def test_whole_numbers_keep_to_their_digits():
    assert whole_number_from("000123", max_digits=6) == 123
    assert whole_number_from("1234567", max_digits=6) is None
    assert whole_number_from("¹", max_digits=6) is None

"""Imported terms that are common words or too short become labels, not linkable entities."""

import pytest

from dossiers.importers.labels import label_reason


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("is", "fewer than 3 letters"),
        ("6.1", "fewer than 3 letters"),
        ("C", "fewer than 3 letters"),
        ("post", "a common word"),
        ("text", "a common word"),
        ("Tag A", "common words"),
        ("read more", "common words"),
        ("Uncategorized", "a common word"),
        ("featured image", "common words"),
        # Names, and words with digits, are linkable.
        ("Black Sea", ""),
        ("8BIT", ""),
        ("tag1", ""),
        ("Mothership", ""),
        ("NATO", ""),
        ("content περιεχόμενο", ""),
    ],
)
def test_label_reason(name, reason):
    assert label_reason(name) == reason

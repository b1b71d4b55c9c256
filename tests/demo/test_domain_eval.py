"""`dossiers eval domain`: the domain set's figures, printed (no database needed)."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from dossiers.demo.domain import PASSAGE_FILES


def test_the_command_prints_about_and_linking_separately():
    out = StringIO()
    call_command("eval", "domain", stdout=out)
    text = out.getvalue()
    assert "passages" in text
    about = next(line for line in text.splitlines() if line.startswith("about"))
    assert about.endswith("met") and "not met" not in about
    assert any(line.startswith("linking") for line in text.splitlines())
    assert any(line.strip().startswith("essay") for line in text.splitlines())


def test_json_and_a_chosen_file(tmp_path):
    out = StringIO()
    call_command("eval", "domain", str(PASSAGE_FILES[1]), "--json", stdout=out)
    payload = json.loads(out.getvalue())
    assert payload["passages"] >= 80
    assert payload["about"]["precision"] >= 0.85 and payload["about"]["recall"] >= 0.85
    assert payload["policy"]["about"] == 0.25
    with pytest.raises(CommandError, match="No passage file"):
        call_command("eval", "domain", str(tmp_path / "missing.yaml"))

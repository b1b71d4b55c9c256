"""The `dossiers import` and `dossiers export` commands as an operator runs them."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from dossiers.publishing.models import Article

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_import_with_a_progress_bar_then_a_report(fixtures_dir):
    path = str(fixtures_dir / "wxr" / "wpimporter-small-export.xml")
    dry = run("import", "wxr", path, "--dry-run")
    assert "dry run" in dry and Article.objects.count() == 0
    report = run("import", "wxr", path)
    assert "article:" in report and "created" in report
    assert Article.objects.count() > 0
    again = run("import", "wxr", path, "--no-progress")
    assert "unchanged since the last import" in again


def test_unreadable_sources_are_command_errors_that_say_why(fixtures_dir, tmp_path):
    with pytest.raises(CommandError, match="line 90"):
        run("import", "wxr", str(fixtures_dir / "wxr" / "wpimporter-malformed.xml"))
    with pytest.raises(CommandError, match="not a readable feed"):
        run("import", "feed", str(fixtures_dir / "feeds/realworld/rssparser-unrecognized.rss"))
    with pytest.raises(CommandError, match="not a folder"):
        run("import", "markdown", str(tmp_path / "missing"))
    assert Article.objects.count() == 0


def test_feed_and_markdown_round_trip_through_the_commands(fixtures_dir, tmp_path):
    run("import", "feed", str(fixtures_dir / "feeds/realworld/rssparser-heise.atom"))
    assert Article.objects.count() == 15
    assert "15 articles written" in run("export", "markdown", str(tmp_path / "out"))
    assert len(list((tmp_path / "out").glob("*.md"))) == 15
    with pytest.raises(CommandError, match="not empty"):
        run("export", "markdown", str(tmp_path / "out"))

"""`dossiers related rebuild` and `dossiers eval related` (the BBC News evaluation)."""

import json
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command

from dossiers.related.evaluation import evaluate, read_bbc
from dossiers.related.models import Corpus, RelatedArticle

REPO_BIN = os.path.dirname(sys.executable)


@pytest.mark.django_db
def test_rebuild_command_recomputes_every_list(publish):
    articles = [publish("naval", i) for i in range(3)]
    RelatedArticle.objects.all().delete()
    out = StringIO()
    call_command("related", "rebuild", "--no-progress", stdout=out)
    assert "Related analyses of 3 articles rebuilt" in out.getvalue()
    assert RelatedArticle.objects.filter(article=articles[0]).count() == 2
    assert Corpus.objects.get().rebuilt_documents == 3


@pytest.mark.django_db(transaction=True)
def test_evaluation_on_a_sample_of_the_bbc_corpus_is_plausibly_high(fixtures_dir):
    stories = read_bbc(fixtures_dir / "corpora" / "bbc-news", sample=200)
    assert {s.category for s in stories} == {
        "business",
        "entertainment",
        "politics",
        "sport",
        "tech",
    }
    result = evaluate(stories, per_article=5)
    assert sum(result.incremental.shown.values()) > 0.9 * 5 * 200
    assert result.incremental.micro >= 0.7
    assert result.rebuilt.micro >= 0.7


def test_eval_command_uses_a_throwaway_database_and_prints_json(tmp_path, fixtures_dir):
    env = dict(os.environ, DOSSIERS_DATA_DIR=str(tmp_path))
    # Always SQLite here: the command's throw-away database must not be the test run's.
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'site.sqlite3'}"
    result = subprocess.run(
        [
            f"{REPO_BIN}/dossiers",
            "eval",
            "related",
            str(fixtures_dir / "corpora" / "bbc-news"),
            "--sample",
            "25",
            "--json",
            "--no-progress",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=True,
    )
    figures = json.loads(result.stdout)
    assert figures["stories"] == 25
    assert 0 <= figures["incremental"]["micro"] <= 1
    assert set(figures["rebuilt"]["per_category"]) == {
        "business",
        "entertainment",
        "politics",
        "sport",
        "tech",
    }
    # The site's own database was never created, let alone written.
    assert not (tmp_path / "site.sqlite3").exists()


def test_eval_command_refuses_a_folder_without_categories(tmp_path):
    result = subprocess.run(
        [f"{REPO_BIN}/dossiers", "eval", "related", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(os.environ, DOSSIERS_DATA_DIR=str(tmp_path)),
    )
    assert result.returncode != 0
    assert "no category folders" in result.stderr

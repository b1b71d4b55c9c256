"""Markdown folders in and out: Hugo, Jekyll and Pelican front matter; a round trip gives
identical files."""

import filecmp
from pathlib import Path

import pytest

from dossiers.comments.models import Comment
from dossiers.demo.loader import load_demo
from dossiers.hubs.models import Hub
from dossiers.importers import markdown
from dossiers.importers.loader import LoadOptions, load
from dossiers.importers.models import ImportedObject, LegacyUrl
from dossiers.knowledge.models import Entity, Filing
from dossiers.knowledge.services import knowledge_changed
from dossiers.publishing.models import Article, ArticleStatus, Author

pytestmark = pytest.mark.django_db


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))}


def empty_the_site():
    for model in (Comment, Filing, LegacyUrl, ImportedObject, Article, Hub, Entity, Author):
        model.objects.all().delete()
    knowledge_changed()  # every process drops its alias matcher


def test_export_import_export_gives_identical_files(tmp_path):
    load_demo()
    first, second = tmp_path / "first", tmp_path / "second"
    count = markdown.export(first)
    assert count == Article.objects.count() > 40
    empty_the_site()
    report = load(markdown.read(first), options=LoadOptions(match_slug=True))
    assert report.count("created", "article") == count and report.count("failed") == 0
    markdown.export(second)
    assert tree(first) == tree(second)
    assert not filecmp.dircmp(first, second).diff_files


def test_the_export_refuses_a_non_empty_folder(tmp_path):
    (tmp_path / "keep.txt").write_text("mine")
    with pytest.raises(markdown.ExportRefused, match="not empty"):
        markdown.export(tmp_path)


def test_hugo_jekyll_and_pelican_conventions(tmp_path):
    (tmp_path / "hugo.md").write_text(
        "---\ntitle: Hugo piece\ndate: 2024-03-01T10:00:00+01:00\nslug: hugo-piece\n"
        "authors: [Ada Lovelace, Alan Turing]\ntags: [Drones, NATO]\ncategories: [Defence]\n"
        "summary: A short dek.\ndraft: false\n---\n\nSome *Markdown*.\n"
    )
    (tmp_path / "2023-07-04-jekyll-post.md").write_text(
        "---\nlayout: post\ntitle: Jekyll post\nauthor: Ada Lovelace\npublished: false\n---\nBody\n"
    )
    (tmp_path / "pelican.md").write_text(
        "Title: Pelican post\nDate: 2022-02-02 08:30\nCategory: Baltic\nTags: radar, sensors\n"
        "Author: Grace Hopper\nSummary: From Pelican.\n\nThe body.\n"
    )
    (tmp_path / "_index.md").write_text("---\ntitle: Section\n---\n")
    report = load(markdown.read(tmp_path))
    assert report.count("created", "article") == 3
    assert report.count("skipped", "page") == 1
    hugo = Article.objects.get(slug="hugo-piece")
    assert hugo.published_at.isoformat() == "2024-03-01T09:00:00+00:00"
    assert [b.author.name for b in hugo.bylines.all()] == ["Ada Lovelace", "Alan Turing"]
    assert hugo.summary == "A short dek." and "<em>Markdown</em>" in hugo.body_html
    filed = Filing.objects.filter(article=hugo)
    assert {(f.entity.name, f.taxonomy) for f in filed} == {
        ("Drones", "tag"),
        ("NATO", "tag"),
        ("Defence", "category"),
    }
    assert Hub.objects.filter(name="Defence").exists()
    jekyll = Article.objects.get(slug="jekyll-post")
    assert jekyll.status == ArticleStatus.DRAFT and jekyll.published_at.year == 2023
    pelican = Article.objects.get(slug="pelican")
    assert pelican.title == "Pelican post" and pelican.summary == "From Pelican."
    assert pelican.published_at.year == 2022 and Hub.objects.filter(name="Baltic").exists()
    assert any("time zone" in o.reason for o in report.outcomes)

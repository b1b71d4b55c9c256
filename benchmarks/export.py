"""The static export against Hugo, side by side on the same corpus.

Builds (or reuses) the corpus of pages.py (10,000 articles by default) in a data folder of
its own, writes the same content as Markdown for Hugo (Debian's `hugo`, installed with
apt-get when missing) with a minimal theme (home, list, single, taxonomy and term pages,
10 per page, like ours), then times in one run:

- `hugo` building the site from scratch,
- `dossiers export site` from scratch (every page, feed and sitemap),
- a second export with nothing changed, and one after editing one article;

and prints both engines' HTML pages per second and their ratio.

    python benchmarks/export.py [--articles 10000] [--jobs N] [--rebuild]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import time
from pathlib import Path

from pages import BIN, OUT, bench_env, prepare

THEME = {
    "layouts/_default/baseof.html": (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        "<title>{{ .Title }}</title></head><body>"
        '<header><a href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a></header>'
        '<main>{{ block "main" . }}{{ end }}</main></body></html>'
    ),
    "layouts/_default/single.html": (
        '{{ define "main" }}<article><h1>{{ .Title }}</h1>'
        '<p>{{ .Date.Format "2 January 2006" }} · '
        '{{ range .GetTerms "authors" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> '
        "{{ end }}</p>{{ .Content }}"
        '<ul>{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>'
        "</li>{{ end }}</ul></article>{{ end }}"
    ),
    "layouts/_default/list.html": (
        '{{ define "main" }}<h1>{{ .Title }}</h1>{{ $pages := .Paginate .RegularPagesRecursive }}'
        '{{ range $pages.Pages }}<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a>'
        "</h2><p>{{ .Summary }}</p></article>{{ end }}"
        '{{ with $pages.Prev }}<a rel="prev" href="{{ .URL }}">Newer</a>{{ end }}'
        '{{ with $pages.Next }}<a rel="next" href="{{ .URL }}">Older</a>{{ end }}{{ end }}'
    ),
    "layouts/_default/terms.html": (
        '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.Alphabetical }}'
        '<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>'
        "{{ end }}</ul>{{ end }}"
    ),
}

DUMP = """
import json, sys
from dossiers.publishing.models import Article
from dossiers.hubs.models import HubMembership
hubs = {}
for article_id, slug in HubMembership.objects.values_list("article_id", "hub__slug"):
    hubs.setdefault(article_id, []).append(slug)
rows = Article.objects.visible().prefetch_related("authors").order_by("id")
for a in rows.iterator(chunk_size=1000):
    sys.stdout.write(json.dumps({
        "slug": a.slug, "title": a.title, "date": a.published_at.isoformat(),
        "body": a.body, "summary": a.summary,
        "authors": [x.slug for x in a.authors.all()], "tags": hubs.get(a.id, []),
    }) + "\\n")
"""

EDIT = """
from dossiers.pipeline.services import article_save
from dossiers.publishing.models import Article
a = Article.objects.visible().order_by("-published_at")[5]
article_save(article=a, title=a.title, body=a.body + "\\n\\nAn added paragraph.",
             authors=list(a.authors.all()), summary=a.summary, slug=a.slug, status=a.status,
             published_at=a.published_at, canonical_url=a.canonical_url)
print(a.slug)
"""


def ensure_hugo() -> str:
    found = shutil.which("hugo")
    if found:
        return found
    subprocess.run(["apt-get", "install", "-y", "-q", "hugo"], check=True)
    return shutil.which("hugo") or "hugo"


def hugo_site(env: dict[str, str], folder: Path) -> None:
    """The corpus as Hugo content: one Markdown file per article, hubs as tags."""
    shutil.rmtree(folder, ignore_errors=True)
    posts = folder / "content" / "posts"
    posts.mkdir(parents=True)
    for name, text in THEME.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    (folder / "config.toml").write_text(
        'baseURL = "http://localhost/"\ntitle = "Dossiers"\npaginate = 10\n'
        'disableKinds = ["RSS", "sitemap", "robotsTXT"]\n'
        '[taxonomies]\ntag = "tags"\nauthor = "authors"\n'
    )
    dump = subprocess.run(
        [str(BIN), "shell", "-c", DUMP], env=env, check=True, capture_output=True, text=True
    )
    for line in dump.stdout.splitlines():
        if not line.startswith("{"):
            continue
        row = json.loads(line)
        front = {k: row[k] for k in ("title", "date", "summary", "authors", "tags")}
        (posts / f"{row['slug']}.md").write_text(
            json.dumps(front) + "\n\n" + row["body"] + "\n"  # JSON front matter
        )


def html_files(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("*.html"))


def timed(command: list[str], env: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    lines = result.stdout.strip().splitlines()
    return time.perf_counter() - started, lines[-1] if lines else ""


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--entities", type=int, default=2_000)
    parser.add_argument("--hubs", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=0)
    parser.add_argument("--rebuild", action="store_true")
    options = parser.parse_args()
    env = bench_env(DOSSIERS_DATA_DIR=str(OUT / "export"))
    env.pop("DATABASE_URL", None)  # SQLite, in the data folder
    env["DOSSIERS_SITE_URL"] = "http://localhost"
    prepare(env, options)
    hugo = ensure_hugo()
    work = OUT / "export-run"
    hugo_site(env, work / "hugo")
    hugo_seconds, _ = timed(
        [hugo, "--quiet", "-s", str(work / "hugo"), "-d", str(work / "hugo-public")], env
    )
    hugo_pages = html_files(work / "hugo-public")
    site = work / "dossiers"
    shutil.rmtree(site, ignore_errors=True)
    export = [str(BIN), "export", "site", str(site), "--jobs", str(options.jobs)]
    first, summary = timed(export, env)
    pages = html_files(site)
    files = sum(1 for p in site.rglob("*") if p.is_file())
    again, _ = timed(export, env)
    subprocess.run([str(BIN), "shell", "-c", EDIT], env=env, check=True, capture_output=True)
    edited, edit_summary = timed(export, env)
    hugo_rate, our_rate = hugo_pages / hugo_seconds, pages / first
    print(f"hugo {hugo_pages} pages in {hugo_seconds:.1f} s: {hugo_rate:,.0f} pages/s")
    print(
        f"dossiers export site {pages} pages ({files} files) in {first:.1f} s: "
        f"{our_rate:,.0f} pages/s ({summary})"
    )
    print(f"ratio dossiers/hugo: {our_rate / hugo_rate:.2f}x")
    print(f"second run, nothing changed: {again:.2f} s")
    print(f"after editing one article: {edited:.1f} s ({edit_summary})")
    print(f"jobs={options.jobs or os.cpu_count()} cores={os.cpu_count()}")


if __name__ == "__main__":
    main()

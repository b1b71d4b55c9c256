"""Import and feed benchmarks.

    python benchmarks/imports.py [--posts 10000]

1. Writes a synthetic WordPress export (WXR 1.2) of N posts: 40 categories (some nested),
   200 tags, 2 categories and 3 tags per post, 250-word bodies in classic-editor paragraphs
   with a caption shortcode now and then, comments on one post in ten.
2. Imports it into a fresh SQLite database (benchmarks/out/imports/) with 500 extra
   entities in the knowledge base, and prints the rate in posts per second, everything
   included: parsing, writing through the services, linking, hub membership, comments.
3. Times the feeds (RSS, Atom, JSON Feed) of the hub that collects 1,000 of the articles
   (its category holds them and only them; no text mentions it),
   rendered cold (cache cleared every time), median of 20.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out" / "imports"
WORDS = (
    "alliance deterrence budget procurement corridor strait frontier border treaty summit "
    "logistics readiness doctrine brigade missile drone radar sensor satellite shipyard port "
    "pipeline sanction export coalition ministry parliament election reform negotiation "
    "ceasefire garrison exercise patrol airspace maritime naval coastal industrial capacity"
).split()


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def write_wxr(path: Path, posts: int, seed: int = 11) -> None:
    rng = random.Random(seed)
    categories = [f"section-{i}" for i in range(40)]
    tags = [f"hub {i}" for i in range(200)]
    with path.open("w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
            'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
            "<title>Benchmark</title><link>https://bench.example.org</link>\n"
            "<wp:wxr_version>1.2</wp:wxr_version>\n"
            "<wp:base_site_url>https://bench.example.org</wp:base_site_url>\n"
            "<wp:base_blog_url>https://bench.example.org</wp:base_blog_url>\n"
        )
        for login in ("ana", "ben", "chloe", "dev"):
            out.write(
                f"<wp:author><wp:author_login>{login}</wp:author_login>"
                f"<wp:author_email>{login}@example.org</wp:author_email>"
                f"<wp:author_display_name>{_cdata(login.title() + ' Writer')}"
                "</wp:author_display_name></wp:author>\n"
            )
        for i, slug in enumerate(categories):
            parent = categories[i - 1] if i % 5 else ""
            out.write(
                f"<wp:category><wp:term_id>{i + 1}</wp:term_id><wp:category_nicename>{slug}"
                f"</wp:category_nicename><wp:category_parent>{parent}</wp:category_parent>"
                f"<wp:cat_name>{_cdata('Section ' + str(i))}</wp:cat_name>"
                f"<wp:category_description>{_cdata('Analyses of section ' + str(i))}"
                "</wp:category_description></wp:category>\n"
            )
        for i, name in enumerate(tags):
            out.write(
                f"<wp:tag><wp:term_id>{1000 + i}</wp:term_id><wp:tag_slug>hub-{i}"
                f"</wp:tag_slug><wp:tag_name>{_cdata(name)}</wp:tag_name></wp:tag>\n"
            )
        for n in range(1, posts + 1):
            paragraphs = [" ".join(rng.choices(WORDS, k=50)).capitalize() + "." for _ in range(5)]
            if n % 7 == 0:
                paragraphs.insert(
                    1,
                    f'[caption id="attachment_{n}" width="600"]<img src="https://img.example.org/'
                    f'{n}.jpg" alt="" /> A picture[/caption]',
                )
            # The first thousand posts are filed in section-4 (a leaf category) and only
            # there: its hub collects exactly 1,000 analyses.
            others = categories[:4] + categories[5:]
            cats = ["section-4"] if n <= 1000 else rng.sample(others, 2)
            item = [
                f"<item><title>{_cdata(f'Analysis {n}: ' + ' '.join(rng.choices(WORDS, k=6)))}"
                f"</title><link>https://bench.example.org/2024/01/01/analysis-{n}/</link>"
                f"<dc:creator>{_cdata(rng.choice(['ana', 'ben', 'chloe', 'dev']))}</dc:creator>"
                f'<guid isPermaLink="false">https://bench.example.org/?p={n}</guid>'
                f"<content:encoded>{_cdata(chr(10).join(p + chr(10) for p in paragraphs))}"
                "</content:encoded><excerpt:encoded><![CDATA[]]></excerpt:encoded>"
                f"<wp:post_id>{n}</wp:post_id>"
                f"<wp:post_date>2024-01-01 10:00:00</wp:post_date>"
                f"<wp:post_date_gmt>{2015 + n % 9}-{1 + n % 12:02d}-{1 + n % 28:02d} "
                f"{n % 24:02d}:00:00</wp:post_date_gmt>"
                f"<wp:post_name>analysis-{n}</wp:post_name><wp:status>publish</wp:status>"
                "<wp:post_type>post</wp:post_type><wp:post_password></wp:post_password>",
            ]
            for slug in cats:
                item.append(
                    f'<category domain="category" nicename="{slug}">{_cdata(slug)}</category>'
                )
            for tag in rng.sample(range(200), 3):
                name = _cdata(tags[tag])
                item.append(f'<category domain="post_tag" nicename="hub-{tag}">{name}</category>')
            if n % 10 == 0:
                for c in range(1, 4):
                    item.append(
                        f"<wp:comment><wp:comment_id>{c}</wp:comment_id><wp:comment_author>"
                        f"Reader {c}</wp:comment_author><wp:comment_author_email>r{c}@example.net"
                        f"</wp:comment_author_email><wp:comment_date_gmt>2024-02-0{c} 10:00:00"
                        f"</wp:comment_date_gmt><wp:comment_content>{_cdata('A fair point.')}"
                        f"</wp:comment_content><wp:comment_approved>1</wp:comment_approved>"
                        f"<wp:comment_parent>{c - 1 if c > 1 else 0}</wp:comment_parent>"
                        "</wp:comment>"
                    )
            item.append("</item>\n")
            out.write("".join(item))
        out.write("</channel>\n</rss>\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=10_000)
    options = parser.parse_args()
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    os.environ["DOSSIERS_DATA_DIR"] = str(OUT)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{OUT / 'bench.sqlite3'}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dossiers.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client

    from dossiers.hubs.models import Hub
    from dossiers.importers import wordpress
    from dossiers.importers.loader import load
    from dossiers.knowledge.services import AliasInput, entity_save
    from dossiers.publishing.models import Article

    call_command("migrate", verbosity=0)
    wxr = OUT / "export.xml"
    started = time.perf_counter()
    write_wxr(wxr, options.posts)
    print(
        f"wrote {wxr.name}: {options.posts} posts, {wxr.stat().st_size / 2**20:.1f} MB "
        f"in {time.perf_counter() - started:.1f} s"
    )
    rng = random.Random(3)
    for i in range(500):
        name = f"{rng.choice(WORDS).title()} {rng.choice(WORDS).title()} Accord {i}"
        entity_save(name=name, type="concept", aliases=[AliasInput(f"the {i} accord")])
    started = time.perf_counter()
    report = load(wordpress.read(wxr))
    seconds = time.perf_counter() - started
    imported = report.count("created", "article")
    print(
        f"import: {imported} posts in {seconds:.1f} s = {imported / seconds:.0f} posts/s "
        f"(parse, services, linking, hubs, comments; SQLite; "
        f"{Article.objects.count()} articles, {Hub.objects.count()} hubs)"
    )
    hub = Hub.objects.get(slug="section-4")
    members = hub.memberships.count()
    client = Client(HTTP_HOST="localhost")  # an allowed host (testserver is not)
    for kind, suffix in (("RSS", "rss.xml"), ("Atom", "atom.xml"), ("JSON Feed", "feed.json")):
        timings = []
        for _ in range(20):
            cache.clear()
            began = time.perf_counter()
            response = client.get(f"/topics/{hub.slug}/{suffix}")
            timings.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200
        print(
            f"feed of a hub with {members} articles, {kind}, cold: median "
            f"{statistics.median(timings):.1f} ms, max {max(timings):.1f} ms"
        )


if __name__ == "__main__":
    main()

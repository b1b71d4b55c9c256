"""Import and feed benchmarks.

    python benchmarks/imports.py                    # the commented corpus, SQLite and PostgreSQL
    python benchmarks/imports.py --db sqlite        # one database only
    python benchmarks/imports.py --shape classic    # the first corpus, with its feed timings

Two corpus shapes, written as a WordPress export (WXR 1.2) from our own vocabulary:

- `commented` (default; the corpus of issue 11, the one the engines were compared on):
  N posts of 640 words in eight classic-editor paragraphs, 20 authors, 12 categories,
  300 tags (four per post), and 24,885 comments per 10,000 posts, spread unevenly over
  the posts, about a third of them replies (threads up to five deep), a few pending or
  spam, a few pingbacks.
- `classic`: N posts of 250 words, 4 authors, 40 categories (some nested), 200 tags,
  2 categories and 3 tags per post, a caption shortcode now and then, three threaded
  comments on one post in ten; then the feeds (RSS, Atom, JSON Feed) of the hub that
  collects 1,000 of the articles, rendered cold (cache cleared every time), median of 20.

Each run imports the export into a fresh database with 500 extra entities in the
knowledge base and prints the rate in posts per second, everything included: parsing,
writing through the services, comments, linking, hub membership, the search index.
SQLite lives in benchmarks/out/imports/; PostgreSQL in a database of its own,
`dossiers_bench_imports`, on the server of DATABASE_URL (or 127.0.0.1:5432).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out" / "imports"
PG_NAME = "dossiers_bench_imports"
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
WORDS = (
    "alliance deterrence budget procurement corridor strait frontier border treaty summit "
    "logistics readiness doctrine brigade missile drone radar sensor satellite shipyard port "
    "pipeline sanction export coalition ministry parliament election reform negotiation "
    "ceasefire garrison exercise patrol airspace maritime naval coastal industrial capacity"
).split()
# The commented corpus draws on more words: our own, in the register of the sites we serve.
VOCABULARY = (
    WORDS
    + (
        "minister envoy cabinet committee mandate fiscal tariff quota subsidy harbour railway "
        "highway bridge tunnel refinery reactor turbine battery mineral copper lithium cobalt "
        "fertiliser wheat harvest drought flood migration observer mission monitor inspection "
        "verification protocol annex clause ratify veto quorum delegation consensus dispute "
        "arbitration tribunal court ruling appeal regional federal provincial municipal "
        "district capital northern southern eastern western central upland delta basin "
        "plateau archipelago peninsula gulf channel analysts officials diplomats planners "
        "auditors engineers crews convoys depots steadily sharply quietly openly gradually "
        "briefly largely partly formally expands delays tightens eases funds blocks signs "
        "drafts reviews extends the a of in and to with for on by from"
    ).split()
)
COMMENTS_PER_10K = 24_885
HEADER = (
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


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def write_wxr(path: Path, posts: int, seed: int = 11) -> None:
    rng = random.Random(seed)
    categories = [f"section-{i}" for i in range(40)]
    tags = [f"hub {i}" for i in range(200)]
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
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


def write_wxr_commented(path: Path, posts: int, seed: int = 11) -> int:
    """The commented corpus (see the module's note); returns how many comments it holds."""
    rng = random.Random(seed)
    logins = [f"writer{i}" for i in range(20)]
    categories = [f"desk-{i}" for i in range(12)]
    names = sorted({f"{a.title()} {b.title()}" for a in VOCABULARY[:60] for b in VOCABULARY[:60]})
    tags = rng.sample([n for n in names if n.split()[0] != n.split()[1]], 300)
    total = round(posts * COMMENTS_PER_10K / 10_000)
    per_post = [0] * posts
    for _ in range(total):  # uneven: most posts have a few, some many, some none
        per_post[min(int(rng.expovariate(1 / (posts / 3))), posts - 1)] += 1
    rng.shuffle(per_post)
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        for i, login in enumerate(logins):
            out.write(
                f"<wp:author><wp:author_id>{i + 1}</wp:author_id>"
                f"<wp:author_login>{login}</wp:author_login>"
                f"<wp:author_email>{login}@example.org</wp:author_email>"
                f"<wp:author_display_name>{_cdata(f'Writer {i}')}</wp:author_display_name>"
                "</wp:author>\n"
            )
        for i, slug in enumerate(categories):
            out.write(
                f"<wp:category><wp:term_id>{i + 1}</wp:term_id><wp:category_nicename>{slug}"
                f"</wp:category_nicename><wp:category_parent></wp:category_parent>"
                f"<wp:cat_name>{_cdata(f'Desk {i}')}</wp:cat_name></wp:category>\n"
            )
        for i, name in enumerate(tags):
            out.write(
                f"<wp:tag><wp:term_id>{100 + i}</wp:term_id><wp:tag_slug>tag-{i}"
                f"</wp:tag_slug><wp:tag_name>{_cdata(name)}</wp:tag_name></wp:tag>\n"
            )
        comment_id = 0
        for n in range(1, posts + 1):
            paragraphs = [
                " ".join(rng.choices(VOCABULARY, k=80)).capitalize() + "." for _ in range(8)
            ]
            date = f"{2016 + n % 9}-{1 + n % 12:02d}-{1 + n % 28:02d} {n % 24:02d}:00:00"
            item = [
                f"<item><title>{_cdata(f'Analysis {n}: ' + ' '.join(rng.choices(WORDS, k=6)))}"
                f"</title><link>https://bench.example.org/analysis-{n}/</link>"
                f"<dc:creator>{_cdata(rng.choice(logins))}</dc:creator>"
                f'<guid isPermaLink="false">https://bench.example.org/?p={n}</guid>'
                f"<content:encoded>{_cdata(chr(10).join(p + chr(10) for p in paragraphs))}"
                "</content:encoded><excerpt:encoded><![CDATA[]]></excerpt:encoded>"
                f"<wp:post_id>{n}</wp:post_id><wp:post_date_gmt>{date}</wp:post_date_gmt>"
                f"<wp:post_name>analysis-{n}</wp:post_name><wp:status>publish</wp:status>"
                "<wp:post_type>post</wp:post_type>"
                f'<category domain="category" nicename="{rng.choice(categories)}">'
                "<![CDATA[Desk]]></category>",
            ]
            for tag in rng.sample(range(300), 4):
                item.append(
                    f'<category domain="post_tag" nicename="tag-{tag}">{_cdata(tags[tag])}'
                    "</category>"
                )
            ids: list[tuple[int, int]] = []  # (comment id, depth) of this post's comments
            for c in range(per_post[n - 1]):
                comment_id += 1
                parent, depth = (0, 0)
                if ids and rng.random() < 0.35:
                    parent, depth = rng.choice(ids)
                    if depth >= 4:
                        parent, depth = (0, -1)
                    depth += 1
                ids.append((comment_id, depth))
                roll = rng.random()
                approved = "spam" if roll < 0.02 else "0" if roll < 0.07 else "1"
                kind = "pingback" if roll > 0.99 else ""
                body = " ".join(rng.choices(VOCABULARY, k=rng.randint(12, 70))).capitalize()
                item.append(
                    f"<wp:comment><wp:comment_id>{comment_id}</wp:comment_id>"
                    f"<wp:comment_author>{_cdata(f'Reader {comment_id % 997}')}"
                    f"</wp:comment_author><wp:comment_author_email>r{comment_id % 997}"
                    "@example.net</wp:comment_author_email>"
                    f"<wp:comment_author_url>https://readers.example.net/{comment_id % 97}"
                    f"</wp:comment_author_url><wp:comment_date_gmt>{date[:11]}"
                    f"{(c // 60) % 24:02d}:{c % 60:02d}:00</wp:comment_date_gmt>"
                    f"<wp:comment_content>{_cdata(body + '.')}</wp:comment_content>"
                    f"<wp:comment_approved>{approved}</wp:comment_approved>"
                    f"<wp:comment_type>{kind}</wp:comment_type>"
                    f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>"
                )
            item.append("</item>\n")
            out.write("".join(item))
        out.write("</channel>\n</rss>\n")
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--shape", choices=["commented", "classic"], default="commented")
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--profile", metavar="FILE", help="write a cProfile of the import")
    options = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    wxr = OUT / f"export-{options.shape}-{options.posts}.xml"
    if not wxr.exists():
        started = time.perf_counter()
        if options.shape == "commented":
            comments = write_wxr_commented(wxr, options.posts)
        else:
            write_wxr(wxr, options.posts)
            comments = options.posts // 10 * 3
        print(
            f"wrote {wxr.name}: {options.posts} posts, {comments} comments, "
            f"{wxr.stat().st_size / 2**20:.1f} MB in {time.perf_counter() - started:.1f} s"
        )
    for db in ("sqlite", "postgres") if options.db == "both" else (options.db,):
        # One process per database: Django is set up once per process.
        args = [sys.executable, __file__, "--posts", str(options.posts), "--shape", options.shape]
        env = os.environ | {"BENCH_IMPORT_CHILD": "1", "BENCH_IMPORT_DB": db}
        if options.profile:
            args += ["--profile", f"{options.profile}.{db}"]
        subprocess.run(args, env=env, check=True)


def run(options: argparse.Namespace) -> None:
    """One import into a fresh database (this process's), and its figures."""
    db = os.environ["BENCH_IMPORT_DB"]
    if db == "postgres":
        import psycopg

        url = os.environ.get("DATABASE_URL", "")
        server = url.rsplit("/", 1)[0] if url.startswith("postgres") else PG_SERVER
        with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{PG_NAME}"')
            connection.execute(f'CREATE DATABASE "{PG_NAME}"')
        os.environ["DATABASE_URL"] = f"{server}/{PG_NAME}"
    else:
        (OUT / "bench.sqlite3").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{OUT / 'bench.sqlite3'}"
    os.environ["DOSSIERS_DATA_DIR"] = str(OUT)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dossiers.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    from dossiers.comments.models import Comment
    from dossiers.hubs.models import Hub
    from dossiers.importers import wordpress
    from dossiers.importers.loader import load
    from dossiers.knowledge.services import AliasInput, entity_save
    from dossiers.publishing.models import Article

    call_command("migrate", verbosity=0)
    wxr = OUT / f"export-{options.shape}-{options.posts}.xml"
    rng = random.Random(3)
    for i in range(500):
        name = f"{rng.choice(WORDS).title()} {rng.choice(WORDS).title()} Accord {i}"
        entity_save(name=name, type="concept", aliases=[AliasInput(f"the {i} accord")])
    profiler = None
    if options.profile:
        import cProfile

        profiler = cProfile.Profile(time.process_time)  # CPU: the machine may be busy
        profiler.enable()
    server_cpu = _server_cpu(db)
    started, cpu = time.perf_counter(), time.process_time()
    report = load(wordpress.read(wxr))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    server_cpu = _server_cpu(db) - server_cpu
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(options.profile)
    imported = report.count("created", "article")
    name = "PostgreSQL" if db == "postgres" else "SQLite"
    print(
        f"import ({options.shape}, {name}): {imported} posts in {seconds:.1f} s = "
        f"{imported / seconds:.0f} posts/s, comments included "
        f"({Article.objects.count()} articles, {Comment.objects.count()} comments, "
        f"{Hub.objects.count()} hubs)"
    )
    # On a busy machine the wall clock counts the wait for a core too: the CPU seconds say
    # what the import itself costs (this process, and PostgreSQL's backend serving it).
    busy = cpu + server_cpu
    print(
        f"  CPU: {cpu:.1f} s here + {server_cpu:.1f} s in the database server = "
        f"{imported / busy:.0f} posts per CPU second; load average {os.getloadavg()[0]:.1f}"
    )
    if options.shape == "classic":
        feeds()


def _server_cpu(db: str) -> float:
    """CPU seconds PostgreSQL's backend process for this connection has used (0 on SQLite;
    the server runs on this machine)."""
    if db != "postgres":
        return 0.0
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def feeds() -> None:
    """The feeds of the hub that collects the first 1,000 posts, cold."""
    from django.core.cache import cache
    from django.test import Client

    from dossiers.hubs.models import Hub

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
    if os.environ.get("BENCH_IMPORT_CHILD"):
        parser = argparse.ArgumentParser()
        parser.add_argument("--posts", type=int)
        parser.add_argument("--shape")
        parser.add_argument("--profile")
        run(parser.parse_args())
    else:
        main()

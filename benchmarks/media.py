"""What images cost a hub page: uncached render time of a hub page without featured images,
then with one on every article and a header image on every hub, in one run.

Pages only compute image markup (names, sizes, `srcset`) from the image rows read with
the cards; no image is opened or made while a page renders. The target: images add no
more than 10 % to the hub page's render time.

    python benchmarks/media.py [--articles 2000] [--requests 200]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pages

SET_IMAGES = """
from dossiers.demo.illustrations import article_picture
from dossiers.hubs.models import Hub
from dossiers.media.models import Image
from dossiers.media.services import image_upload
from dossiers.publishing.models import Article
images = list(Image.objects.filter(source_url__startswith='bench:'))
if not images:
    images = [image_upload(data=article_picture(f'bench-{i}').data, alt=f'Drawn picture {i}',
                           credit='Illustration: Dossiers demo', source_url=f'bench:{i}',
                           make_renditions=False) for i in range(24)]
ids = list(Article.objects.order_by('id').values_list('id', flat=True))
for i, image in enumerate(images):
    Article.objects.filter(pk__in=ids[i::len(images)]).update(featured_image=image)
Hub.objects.update(image=images[0])
print(len(ids), 'articles with images')
"""
CLEAR_IMAGES = """
from dossiers.hubs.models import Hub
from dossiers.publishing.models import Article
Article.objects.update(featured_image=None)
Hub.objects.update(image=None)
"""


def shell(env: dict[str, str], script: str) -> str:
    out = subprocess.run(
        [str(pages.BIN), "shell", "-c", script], env=env, check=True, capture_output=True, text=True
    )
    return out.stdout.strip()


@contextmanager
def serving(env: dict[str, str]) -> Iterator[int]:
    """pages.serving, with patience: on a busy machine the server may take a while."""
    port = pages.free_port()
    server = subprocess.Popen(
        [str(pages.BIN), "serve", "--port", str(port), "--workers", "1", "--no-worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(600):
            try:
                pages.get(port, "/")
                break
            except OSError:
                time.sleep(0.2)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def median_ms(port: int, urls: dict[str, str], n: int) -> dict[str, float]:
    found = {}
    for name, path in urls.items():
        for _ in range(10):
            pages.get(port, path)
        found[name] = statistics.median(pages.get(port, path) for _ in range(n))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=2_000)
    parser.add_argument("--entities", type=int, default=500)
    parser.add_argument("--hubs", type=int, default=50)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--rebuild", action="store_true")
    options = parser.parse_args()
    env = pages.bench_env()
    env["DOSSIERS_DATA_DIR"] = str(pages.OUT / "media")
    pages.prepare(env, options)
    env["DOSSIERS_PAGE_CACHE_SECONDS"] = "0"  # every request renders
    urls = {k: v for k, v in pages.pick_urls(env).items() if k.startswith("hub")}
    results: dict[str, list[dict[str, float]]] = {"without": [], "with": []}
    # One server; the images are taken away and put back between rounds (no page cache:
    # every request renders from the database as it is), alternated so that other load on
    # the machine weighs on both.
    with serving(env) as port:
        for _ in range(options.rounds):
            shell(env, CLEAR_IMAGES)
            results["without"].append(median_ms(port, urls, options.requests))
            print(shell(env, SET_IMAGES))
            results["with"].append(median_ms(port, urls, options.requests))
    print(f"\nuncached hub page, median of {options.requests} requests, 1 worker (ms)")
    print(f"{'page':<8} {'no images':>10} {'images':>10} {'cost':>8}")
    for name in urls:
        before = statistics.median(r[name] for r in results["without"])
        after = statistics.median(r[name] for r in results["with"])
        print(f"{name:<8} {before:>10.2f} {after:>10.2f} {(after / before - 1) * 100:>7.1f}%")


if __name__ == "__main__":
    main()

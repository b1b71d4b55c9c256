"""The big fuzz run (`make fuzz`): every parser, many inputs, counts printed per parser.

    python tests/fuzz/run.py                      # 100,000 inputs per parser (or
                                                  # DOSSIERS_FUZZ_EXAMPLES), 2 processes
    python tests/fuzz/run.py --examples 5000 --parsers feeds wxr --jobs 1
    python tests/fuzz/run.py --max-seconds 1200   # stop after 20 minutes, print what ran

Hypothesis costs milliseconds an input, which is most of a parser's own time, so this
runner takes a corpus (the strategies' structured documents, drawn by hypothesis, plus
the real fixtures) and mutates it with a plain random generator: flips, insertions of
hostile bytes, deletions, splices, truncation. Each parser runs directly, no pytest.
An input that raises anything but `ImportRefused`, breaks a record rule
(targets.check_records), or takes over `--slow` seconds counts as unhandled; the
signatures (exception, place, message) are printed with their counts, and one example
of each is saved under var/fuzz/ to replay.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import re
import sys
import time
import traceback
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO / "src"), str(REPO)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dossiers.settings")

import django  # noqa: E402

django.setup()

from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tests.fuzz import strategies, targets  # noqa: E402

PARSERS = ("wxr", "feeds", "markdown", "query", "render")
CORPUS_SIZE = 400
CHUNK = 2000  # inputs per job; the parsers' jobs take turns, so a time limit cuts all alike
_corpora: dict[str, tuple[list[bytes], list[float]]] = {}  # per worker process


def structured(parser: str) -> st.SearchStrategy[Any]:
    if parser == "wxr":
        return strategies.wxr_documents()
    if parser == "feeds":
        return st.one_of(
            strategies.rss_documents(),
            strategies.atom_documents(),
            strategies.json_feed_documents(),
        )
    if parser == "markdown":
        return strategies.front_matter_documents().map(
            lambda text: text.encode("utf-8", "surrogatepass")
        )
    return strategies.hostile_text(300).map(lambda text: text.encode("utf-8", "surrogatepass"))


def corpus(parser: str, size: int, seed: int) -> list[bytes]:
    """`size` structured documents drawn by hypothesis, plus the real files."""
    drawn: list[bytes] = []

    @settings(
        max_examples=size,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
        derandomize=False,
    )
    @given(structured(parser))
    def draw(value: bytes) -> None:
        drawn.append(value)

    random.seed(seed)
    draw()
    real = strategies.seed_files(parser) if parser in {"wxr", "feeds", "markdown"} else []
    return drawn + real


def mutate(rng: random.Random, data: bytes) -> bytes:
    buffer = bytearray(data)
    for _ in range(rng.randint(0, 8)):
        size = len(buffer)
        at = rng.randint(0, size)
        op = rng.randrange(6)
        if op == 0 and size:
            buffer[min(at, size - 1)] = rng.randrange(256)
        elif op == 1:
            buffer[at:at] = rng.choice(strategies.INTERESTING_BYTES)
        elif op == 2:
            buffer[at:at] = rng.randbytes(rng.randint(1, 16))
        elif op == 3 and size:
            del buffer[at : at + rng.randint(1, 64)]
        elif op == 4 and size:
            start = rng.randrange(size)
            buffer[at:at] = buffer[start : start + rng.randint(1, 256)]
        elif op == 5 and size and rng.random() < 0.2:
            del buffer[at:]
    return bytes(buffer)


def signature(error: BaseException) -> str:
    frames = [
        f
        for f in traceback.extract_tb(error.__traceback__)
        if "/src/dossiers/" in f.filename or "site-packages" in f.filename
    ]
    place = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "-"
    message = re.sub(r"0x[0-9a-f]+|\\x[0-9a-f]{2}|'.'|\d+", "N", str(error))[:120]
    return f"{type(error).__name__} at {place}: {message}"


def run_one(parser: str, work: targets.Workspace, data: bytes, rng: random.Random) -> None:
    if parser == "wxr":
        targets.run_wxr(work, data)
    elif parser == "feeds":
        targets.run_feed(work, data)
    elif parser == "markdown":
        name = rng.choice(strategies.JEKYLL_NAMES + ["post.md"] * 8)
        targets.run_markdown(work, data, name)
    else:
        text = data.decode("utf-8", "surrogateescape" if rng.random() < 0.5 else "replace")
        if parser == "query":
            targets.run_query(text)
        else:
            targets.run_render(text)


Job = tuple[str, int, int, float, float]


def worker(job: Job) -> tuple[str, int, Counter[str], dict[str, bytes]]:
    parser, count, seed, slow, deadline = job
    rng = random.Random(seed)
    if parser not in _corpora:
        pool = corpus(parser, CORPUS_SIZE, seed)
        # The largest real files cost a hundred small ones: drawn less often.
        _corpora[parser] = pool, [1.0 if len(item) < 200_000 else 0.05 for item in pool]
    pool, weights = _corpora[parser]
    work = targets.Workspace()
    crashes: Counter[str] = Counter()
    examples: dict[str, bytes] = {}
    done = 0
    try:
        for _ in range(count):
            if time.time() > deadline:
                break
            done += 1
            data = mutate(rng, rng.choices(pool, weights)[0])
            started = time.perf_counter()
            try:
                run_one(parser, work, data, rng)
            except Exception as error:
                name = signature(error)
                crashes[name] += 1
                examples.setdefault(name, data)
            elapsed = time.perf_counter() - started
            if elapsed > slow:
                name = f"slow: over {slow:g} s"
                crashes[name] += 1
                examples.setdefault(name, data)
    finally:
        work.close()
    return parser, done, crashes, examples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    default = int(os.environ.get("DOSSIERS_FUZZ_EXAMPLES", "100000"))
    parser.add_argument("--examples", type=int, default=default, help="inputs per parser")
    parser.add_argument("--parsers", nargs="+", choices=PARSERS, default=list(PARSERS))
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=20261205)
    parser.add_argument("--slow", type=float, default=2.0, help="seconds an input may take")
    parser.add_argument(
        "--max-seconds", type=float, default=0, help="stop then, and print what ran (0: never)"
    )
    args = parser.parse_args()
    deadline = time.time() + args.max_seconds if args.max_seconds else float("inf")
    chunks = -(-args.examples // CHUNK)
    jobs: list[Job] = [
        (name, min(CHUNK, args.examples - i * CHUNK), args.seed + i, args.slow, deadline)
        for i in range(chunks)
        for name in args.parsers
    ]
    totals: dict[str, tuple[int, Counter[str]]] = {n: (0, Counter()) for n in args.parsers}
    saved = REPO / "var" / "fuzz"
    saved.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(args.jobs) as pool:
        for name, count, crashes, examples in pool.imap_unordered(worker, jobs):
            done, seen = totals[name]
            totals[name] = (done + count, seen + crashes)
            for index, (sig, data) in enumerate(examples.items()):
                (saved / f"{name}-{abs(hash(sig)) % 10**8:08d}-{index}.bin").write_bytes(data)
    stopped = " (stopped by --max-seconds)" if time.time() > deadline else ""
    print(f"fuzz: {time.perf_counter() - started:.0f} s, seed {args.seed}{stopped}")
    failed = 0
    for name in args.parsers:
        done, crashes = totals[name]
        failed += sum(crashes.values())
        print(f"{name:9} {done:>8,} inputs {sum(crashes.values()):>6,} unhandled")
        for sig, n in crashes.most_common():
            print(f"           {n:>6,}  {sig}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

"""Property: every parser turns any input into a result or a clear refusal, never another
exception, and never a record the database cannot store. Structured hostile documents
and mutated real files (strategies.py); the parsers run without the database.

A modest budget here (`make test`); `make fuzz` runs run.py with 100,000 inputs per
parser. DOSSIERS_FUZZ_EXAMPLES raises the budget of this suite too.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz import strategies, targets

pytestmark = [
    pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisWarning"),
    pytest.mark.filterwarnings("ignore::DeprecationWarning:feedparser"),
]
EXAMPLES = int(os.environ.get("DOSSIERS_FUZZ_EXAMPLES", "0")) or 25
fuzz = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(scope="module")
def work():
    workspace = targets.Workspace()
    yield workspace
    workspace.close()


def seeds(kind: str) -> list[bytes]:
    found = strategies.seed_files(kind)
    if not found:
        pytest.skip(f"no {kind} files to mutate (shared fixtures missing?)")
    return found


@fuzz
@given(data=strategies.wxr_documents())
def test_wxr_reader_structured(work, data):
    targets.run_wxr(work, data)


@fuzz
@given(data=st.data())
def test_wxr_reader_mutated(work, data):
    targets.run_wxr(work, data.draw(strategies.mutated(seeds("wxr"))))


@fuzz
@given(data=st.one_of(strategies.rss_documents(), strategies.atom_documents()))
def test_feed_reader_structured_xml(work, data):
    targets.run_feed(work, data)


@fuzz
@given(data=strategies.json_feed_documents())
def test_feed_reader_structured_json(work, data):
    targets.run_feed(work, data)


@fuzz
@given(data=st.data())
def test_feed_reader_mutated(work, data):
    targets.run_feed(work, data.draw(strategies.mutated(seeds("feeds"))))


@fuzz
@given(text=strategies.front_matter_documents(), name=strategies.file_names)
def test_markdown_folder_structured(work, text, name):
    targets.run_markdown(work, text.encode("utf-8", "surrogatepass"), name)


@fuzz
@given(data=st.data(), name=strategies.file_names)
def test_markdown_folder_mutated(work, data, name):
    targets.run_markdown(work, data.draw(strategies.mutated(seeds("markdown"))), name)


@settings(fuzz, max_examples=EXAMPLES * 8)
@given(text=strategies.hostile_text(300))
def test_search_query_parser(text):
    targets.run_query(text)


@settings(fuzz, max_examples=EXAMPLES * 8)
@given(text=st.one_of(strategies.hostile_text(300), st.sampled_from(strategies.NASTY_STRINGS)))
def test_markdown_and_html_rendering(text):
    targets.run_render(text)

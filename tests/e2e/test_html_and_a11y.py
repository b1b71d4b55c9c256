"""Every public page type, on the demo site and on the imported WordPress theme unit test, is
valid HTML (the Nu HTML checker, vnu.jar: 0 errors) and passes axe-core in Chromium at a
desktop and a phone width (0 violations).

Both checkers come from npm, pinned in tests/checkers/package.json (`make install` runs
`npm ci` there; so does the first test that needs them). vnu.jar needs Java: without it
the test skips, unless DOSSIERS_REQUIRE_BROWSER is set (CI), where it fails.

vnu runs once per site over all its pages (a batch call, in the background while Chromium
runs axe): a JVM start costs seconds, a page milliseconds.
"""

from __future__ import annotations

import fcntl
import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core import signing
from django.test import Client

from dossiers.comments.models import CommentStatus
from dossiers.demo.loader import load_demo
from dossiers.hubs.models import Hub
from dossiers.importers import wordpress
from dossiers.importers.loader import load
from dossiers.knowledge.models import Entity
from dossiers.publishing.models import Article, Author
from dossiers.web.views.articles import HELD_SALT
from tests.conftest import FIXTURES, REPO, browser_required
from tests.factories import make_comment

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CHECKERS = REPO / "tests" / "checkers"
VNU_JAR = CHECKERS / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = CHECKERS / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = (1280, 390)
# The API docs are Swagger UI (django-ninja's copy, drawn by its script): the page around it is
# ours and is checked whole, but three rules fail inside the widget's own markup, which the
# site does not write: each operation is a <button> holding a link (nested-interactive), its
# operation headings are <h4> under the <h2> title (heading-order), and its method badges and
# grey text have Swagger's own colours (color-contrast). Those three are off for that page only.
SWAGGER_UI_RULES = ("nested-interactive", "heading-order", "color-contrast")


@dataclass(frozen=True)
class Checkers:
    java: str
    vnu_jar: Path
    axe_js: Path


def _missing(message: str) -> None:
    if browser_required():
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def checkers() -> Checkers:
    java = shutil.which("java")
    if java is None:
        _missing("Java is not installed: the Nu HTML checker (vnu.jar) needs it")
    if not (VNU_JAR.is_file() and AXE_JS.is_file()):
        npm = shutil.which("npm")
        if npm is None:
            _missing("npm is not installed: it installs vnu.jar and axe-core (make install)")
        # One install even when several test processes get here at once.
        with open(CHECKERS / ".install.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not (VNU_JAR.is_file() and AXE_JS.is_file()):
                subprocess.run([npm, "ci"], cwd=CHECKERS, check=True, capture_output=True)
    assert java is not None
    return Checkers(java=java, vnu_jar=VNU_JAR, axe_js=AXE_JS)


# --- the page set ---------------------------------------------------------------------------


def _pages() -> dict[str, str]:
    """One address per public page type of whatever site is loaded: name -> path."""
    hub = max(Hub.objects.all(), key=lambda hub: hub.memberships.count())
    article = (
        Article.objects.visible()
        .filter(comments__status=CommentStatus.APPROVED)
        .order_by("-comment_count", "pk")
        .first()
    )
    assert article is not None, "the site has no article with comments"
    comment = article.comments.filter(status=CommentStatus.APPROVED).order_by("pk").first()
    assert comment is not None
    held = make_comment(
        article,
        status=CommentStatus.PENDING,
        name="Held Reader",
        body="A comment that waits for an editor, with *emphasis*.",
    )
    author = max(Author.objects.all(), key=lambda author: author.bylines.count())
    entity = max(Entity.objects.all(), key=lambda entity: entity.mentions.count())
    word = article.title.split()[0]
    return {
        "home": "/",
        "topic index": "/topics/",
        "hub": hub.get_absolute_url(),
        "hub page 2": hub.get_absolute_url() + "page/2/",
        "article": article.get_absolute_url(),
        "article, reply form": f"{article.get_absolute_url()}?reply={comment.pk}",
        "article, comment held": (
            f"{article.get_absolute_url()}?held={signing.dumps(held.pk, salt=HELD_SALT)}"
        ),
        "author": author.get_absolute_url(),
        "entity": entity.get_absolute_url(),
        "glossary": "/glossary/",
        "search, results": f"/search/?q={word}",
        "search, nothing found": "/search/?q=zqxwvjk",
        "search, bad input": "/search/?from=yesterday",
        "404": "/no-such-page/",
        "API docs": "/api/v1/docs",
    }


def _load_theme_unit_test() -> None:
    path = FIXTURES / "wxr" / "themeunittestdata.wordpress.xml"
    if not path.is_file():
        pytest.skip(f"shared fixtures not found at {FIXTURES} (CI always has them)")
    load(wordpress.read(path))


SITES = {"demo": load_demo, "wordpress": _load_theme_unit_test}


# --- the checkers ---------------------------------------------------------------------------


def _start_vnu(tools: Checkers, files: list[Path]) -> subprocess.Popen[str]:
    command = [tools.java, "-Xss8m", "-jar", str(tools.vnu_jar), "--format", "json"]
    command += ["--errors-only", *map(str, files)]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _vnu_errors(process: subprocess.Popen[str], names: dict[str, str]) -> list[str]:
    _out, err = process.communicate(timeout=300)
    report = json.loads(err or _out)
    errors = []
    for message in report["messages"]:
        page = names.get(Path(message.get("url", "")).name, message.get("url"))
        where = f"line {message.get('lastLine', '?')}"
        extract = (message.get("extract") or "").strip().replace("\n", " ")[:160]
        errors.append(f"{page} ({where}): {message['message']} -- {extract}")
    return errors


def _axe_violations(browser, base_url: str, pages: dict[str, str], axe_js: Path) -> list[str]:
    """axe-core's violations on each page, at each width (the same page, resized)."""
    found = []
    # The site's Content-Security-Policy says script-src 'none', so axe's script could not run
    # in the page: bypass_csp lets Playwright inject it. Only this audit's context is exempt;
    # tests/core and tests/web check the header itself.
    context = browser.new_context(viewport={"width": WIDTHS[0], "height": 900}, bypass_csp=True)
    page = context.new_page()
    for name, path in pages.items():
        page.set_viewport_size({"width": WIDTHS[0], "height": 900})
        page.goto(base_url + path)
        if name == "API docs":
            page.wait_for_selector(".opblock")
        page.add_script_tag(path=str(axe_js))
        off = SWAGGER_UI_RULES if name == "API docs" else ()
        options = {"resultTypes": ["violations"], "rules": {r: {"enabled": False} for r in off}}
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            result = page.evaluate("options => axe.run(document, options)", options)
            for violation in result["violations"]:
                targets = [" ".join(node["target"]) for node in violation["nodes"][:3]]
                found.append(
                    f"{name} at {width}px: {violation['id']} ({violation['impact']}): "
                    f"{violation['help']} -- {len(violation['nodes'])} nodes, e.g. {targets}"
                )
    context.close()
    return found


@pytest.mark.parametrize("site", SITES)
def test_every_page_type_is_valid_html_and_passes_axe(
    site, checkers, browser, live_server, tmp_path
):
    SITES[site]()
    pages = _pages()
    client = Client()
    files, names = [], {}
    for index, (name, path) in enumerate(pages.items()):
        response = client.get(path)
        assert response.status_code == (404 if name == "404" else 200), name
        if name in {"hub page 2", "search, results"}:
            assert b'class="card' in response.content, f"{name} lists no analysis"
        file = tmp_path / f"{index:02d}.html"
        file.write_bytes(response.content)
        files.append(file)
        names[file.name] = name
    vnu = _start_vnu(checkers, files)
    try:
        violations = _axe_violations(browser, live_server.url, pages, checkers.axe_js)
    finally:
        errors = _vnu_errors(vnu, names)
    report = [f"{len(errors)} Nu HTML checker errors:", *errors]
    report += [f"{len(violations)} axe violations:", *violations]
    assert not errors and not violations, "\n".join(report)

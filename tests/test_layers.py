"""The layers of the HTTP side hold: core imports no app, web and api are two adapters that
import nothing from each other, and nothing below them imports either."""

import ast
from pathlib import Path

import pytest

import dossiers

PACKAGE = Path(dossiers.__file__).parent
APPS = {path.parent.name for path in PACKAGE.glob("*/apps.py")} - {"core"}


def imported_apps(app: str) -> dict[str, set[str]]:
    """{other app: {modules of `app` importing it}}, from the source (module level or not)."""
    found: dict[str, set[str]] = {}
    for path in (PACKAGE / app).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                parts = name.split(".")
                if parts[0] == "dossiers" and len(parts) > 1 and parts[1] != app:
                    found.setdefault(parts[1], set()).add(str(path.relative_to(PACKAGE)))
    return found


@pytest.mark.parametrize(
    ("app", "forbidden"),
    [
        ("core", APPS),
        ("search", {"web", "api", "syndication", "related"}),
        ("syndication", {"web", "api"}),
        ("web", {"api"}),
        ("api", {"web", "syndication"}),
    ],
)
def test_an_app_imports_nothing_above_it(app, forbidden):
    imports = imported_apps(app)
    assert {name: imports[name] for name in forbidden if name in imports} == {}

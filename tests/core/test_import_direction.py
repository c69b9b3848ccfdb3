"""Imports run one way: ``core`` imports no app, and no app imports ``notalone.api`` (which
only mounts the apps' routers). Read from the source, so a lazy import inside a function
counts as much as one at the top of a module."""

from __future__ import annotations

import ast
from pathlib import Path

import notalone

PACKAGE = Path(notalone.__file__).parent
APPS = ("accounts", "stories", "moderation", "help", "escrow", "insights", "federation", "api")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def _modules(folder: str) -> list[Path]:
    return sorted(p for p in (PACKAGE / folder).rglob("*.py") if "migrations" not in p.parts)


def test_core_imports_no_app() -> None:
    offending = {
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in _modules("core")
        for name in _imports(path)
        if any(name == f"notalone.{app}" or name.startswith(f"notalone.{app}.") for app in APPS)
    }
    assert not offending, sorted(offending)


def test_no_app_imports_the_api_package() -> None:
    offending = {
        f"{path.relative_to(PACKAGE)} imports {name}"
        for app in APPS
        if app != "api" and (PACKAGE / app).is_dir()
        for path in _modules(app)
        for name in _imports(path)
        if name == "notalone.api" or name.startswith("notalone.api.")
    }
    assert not offending, sorted(offending)

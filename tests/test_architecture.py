"""docs/architecture.md stays honest about the tree, and the code stays small.

- every module of indexer/ and search_api/ is listed in the architecture's module table,
  and every listed module exists;
- modules have at most MAX_MODULE_LINES lines and functions at most MAX_FUNCTION_LINES,
  unless the "Size" table of docs/architecture.md names the exception (and it still is one).

Run by `make lint` and by `make test`.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DOC = REPO / "docs" / "architecture.md"
PACKAGES = ("indexer", "search_api")
MAX_MODULE_LINES = 300
MAX_FUNCTION_LINES = 40


def _modules() -> set[str]:
    return {
        p.relative_to(REPO).as_posix()
        for pkg in PACKAGES
        for p in (REPO / pkg).rglob("*.py")
        if p.name != "__init__.py"
    }


def _section(title: str) -> str:
    text = DOC.read_text(encoding="utf-8")
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end > 0 else None]


def _documented_modules() -> set[str]:
    return set(
        re.findall(r"^\| `((?:indexer|search_api)/[\w/]+\.py)` \|", _section("Modules"), re.M)
    )


def _exceptions() -> set[str]:
    """Names in the first column of the Size table: "path.py" or "path.py:function"."""
    return set(re.findall(r"^\| `([\w/.:]+)` \|", _section("Size"), re.M))


def _oversized() -> set[str]:
    found = set()
    for rel in sorted(_modules()):
        source = (REPO / rel).read_text(encoding="utf-8")
        if len(source.splitlines()) > MAX_MODULE_LINES:
            found.add(rel)
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                assert node.end_lineno is not None
                if node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES:
                    found.add(f"{rel}:{node.name}")
    return found


def test_every_module_is_in_the_architecture_doc() -> None:
    """GIVEN the modules of both packages WHEN reading docs/architecture.md THEN the module
    table lists exactly them."""
    documented, actual = _documented_modules(), _modules()
    assert not actual - documented, f"modules missing from the table: {sorted(actual - documented)}"
    assert not documented - actual, (
        f"listed modules that do not exist: {sorted(documented - actual)}"
    )


def test_modules_and_functions_are_small_or_a_named_exception() -> None:
    """GIVEN every module WHEN measured THEN none is over the limits unless the Size table
    names it, and every exception named there is still over them."""
    oversized, named = _oversized(), _exceptions()
    assert not oversized - named, f"over the size limits, not in docs: {sorted(oversized - named)}"
    assert not named - oversized, f"exceptions that no longer are: {sorted(named - oversized)}"

"""The rooms of pipelines/ read as the data flow: nothing imports upward (cycles across the whole
code: tests/test_architecture.py).

Function-level imports count too: a command importing the builders when it runs is still a
dependency, only a cheaper one.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "pipelines"
# Each room may import the rooms before it, never one after it.
ROOMS = ("errors", "store", "reports", "stages", "cli", "evaluation", "demo")


def modules() -> dict[str, Path]:
    """Every module of pipelines/ by dotted name (a package by its own name)."""
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imported(path: Path) -> Iterator[str]:
    """Every dotted name an import statement in the file names, at any level."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def import_graph() -> dict[str, set[str]]:
    """Module → the pipelines modules it imports."""
    known = modules()
    return {
        name: {target for target in imported(path) if target in known and target != name}
        for name, path in known.items()
    }


def room(module: str) -> str:
    return module.split(".")[1] if "." in module else ""


def test_rooms_import_only_the_rooms_before_them() -> None:
    upward = []
    for module, targets in import_graph().items():
        here = room(module)
        if here not in ROOMS:
            continue
        for target in targets:
            there = room(target)
            if there in ROOMS and ROOMS.index(there) > ROOMS.index(here):
                upward.append(f"{module} imports {target}")
    assert upward == []


def test_room_packages_import_nothing() -> None:
    """Importing one module of a room must not pull in the whole room."""
    for name, path in modules().items():
        if path.name == "__init__.py":
            assert not list(imported(path)), name

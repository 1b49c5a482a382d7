"""The house rules, read from the code's syntax trees: import directions, no import cycles
(function-level imports included), one definition per fact, no word lists left in analyzer code."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("analyzer", "crawler", "pipelines")
CREDENTIAL_TYPES = {
    "degree",
    "license",
    "certification",
    "certificate",
    "microcredential",
    "clearance",
}
DEGREE_LEVELS = {"secondary", "associate", "bachelor", "master", "professional", "doctorate"}
STRENGTHS = {"required", "preferred", "unspecified"}
POSTING_FIELDS = {"posting_id", "source_ref", "employer", "location_raw", "subdivision", "city"}
POSTING_FIELDS |= {"industry_source", "date_posted", "content_hash", "first_seen", "last_seen"}


def module_name(path: Path) -> str:
    """The dotted module name of a file in the repository."""
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules() -> dict[str, ast.Module]:
    """Every module of the three packages, parsed."""
    modules = {}
    for package in PACKAGES:
        for path in sorted((REPO / package).rglob("*.py")):
            modules[module_name(path)] = ast.parse(path.read_text("utf-8"), str(path))
    return modules


MODULES = project_modules()


def imported(name: str, tree: ast.Module) -> Iterator[str]:
    """The project modules a module imports anywhere in it (function-level imports included)."""
    package = name if _is_package(name) else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                yield candidate if candidate in MODULES else base


def _is_package(name: str) -> bool:
    return (REPO / Path(*name.split(".")) / "__init__.py").exists()


def import_graph() -> dict[str, set[str]]:
    """Module → the project modules it imports."""
    graph = {}
    for name, tree in MODULES.items():
        targets = {t for t in imported(name, tree) if t.split(".")[0] in PACKAGES}
        graph[name] = {t for t in targets if t in MODULES and t != name}
    return graph


GRAPH = import_graph()


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [("analyzer", ("crawler", "pipelines")), ("crawler", ("pipelines",))],
)
def test_imports_point_one_way(package, forbidden):
    wrong = [
        f"{name} imports {target}"
        for name, targets in GRAPH.items()
        if name.split(".")[0] == package
        for target in targets
        if target.split(".")[0] in forbidden
    ]
    assert wrong == []


def test_the_crawler_uses_only_the_analyzers_data_locator():
    used = {
        target
        for name, targets in GRAPH.items()
        if name.split(".")[0] == "crawler"
        for target in targets
        if target.split(".")[0] == "analyzer"
    }
    assert used <= {"analyzer.paths"}


def test_no_import_cycles():
    cycles = [component for component in _strongly_connected(GRAPH) if len(component) > 1]
    assert cycles == []


def _strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iteratively."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                found.append(sorted(component))
    return found


def string_groups(tree: ast.Module) -> Iterator[tuple[int, set[str]]]:
    """(line, string values) of every list/tuple/set literal, dict's keys and class body of
    string-valued assignments (an Enum) in a module."""
    for node in ast.walk(tree):
        if isinstance(node, ast.List | ast.Tuple | ast.Set):
            yield node.lineno, _strings(node.elts)
        elif isinstance(node, ast.Dict):
            yield node.lineno, _strings([k for k in node.keys if k is not None])
        elif isinstance(node, ast.ClassDef):
            values = [s.value for s in node.body if isinstance(s, ast.Assign)]
            yield node.lineno, _strings(values)


def _strings(nodes: list[ast.expr]) -> set[str]:
    return {n.value for n in nodes if isinstance(n, ast.Constant) and isinstance(n.value, str)}


@pytest.mark.parametrize(
    ("fact", "values", "enough"),
    [
        ("credential types", CREDENTIAL_TYPES, 4),
        ("degree levels", DEGREE_LEVELS, 4),
        ("strengths", STRENGTHS, 3),
        ("posting fields", POSTING_FIELDS, 8),
    ],
)
def test_each_fact_is_defined_once(fact, values, enough):
    definitions = [
        f"{name}:{line}"
        for name, tree in MODULES.items()
        for line, strings in string_groups(tree)
        if len(strings & values) >= enough
    ]
    home = "crawler.fields" if fact == "posting fields" else "analyzer.vocab"
    assert [d.split(":")[0] for d in definitions] == [home], (fact, definitions)


def test_exit_codes_are_defined_once():
    definitions = []
    for name, tree in MODULES.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and any(
                isinstance(base, ast.Name) and base.id == "IntEnum" for base in node.bases
            ):
                definitions.append(f"{name}.{node.name}")
            elif isinstance(node, ast.Assign) and _assigns_exit_code(node):
                definitions.append(f"{name}:{node.lineno}")
    assert len(definitions) == 1 and definitions[0].endswith("ExitCode"), definitions


def _assigns_exit_code(node: ast.Assign) -> bool:
    names = [t.id for t in node.targets if isinstance(t, ast.Name)]
    names += [
        e.id
        for t in node.targets
        if isinstance(t, ast.Tuple)
        for e in t.elts
        if isinstance(e, ast.Name)
    ]
    numeric = isinstance(node.value, ast.Constant | ast.Tuple)
    return numeric and any(n.upper().startswith("EXIT") or n == "exit_code" for n in names)


def test_no_word_lists_left_in_analyzer_code():
    long_lists = [
        f"{name}:{line}"
        for name, tree in MODULES.items()
        if name.split(".")[0] == "analyzer"
        for line, strings in _literal_lists(tree)
        if len(strings) > 5
    ]
    assert long_lists == []


def _literal_lists(tree: ast.Module) -> Iterator[tuple[int, list[str]]]:
    exported = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.List | ast.Tuple | ast.Set) and id(node) not in exported:
            yield (
                node.lineno,
                [
                    e.value
                    for e in node.elts
                    if isinstance(e, ast.Constant) and isinstance(e.value, str)
                ],
            )

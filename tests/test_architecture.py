"""The packages read as a pipeline: each imports only the packages before it (so none forms a
cycle with another), and a function-local import is a lazy load for start-up speed in commands/
or cli/, never a way around a cycle. Read from the source with `ast`, without importing it."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGES = (
    "core",
    "geometry",
    "kinds",
    "rules",
    "load",
    "engine",
    "report",
    "lint",
    "commands",
    "cli",
)
# Start-up speed: `convcalc --help` loads neither the calculator nor the reporters.
LAZY_LOADING = ("commands", "cli")
SOURCE = Path(__file__).resolve().parent.parent / "convcalc"


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, `convcalc.rules.table`
    target: str  # the imported module, `convcalc.core.specs`
    line: int
    local: bool  # inside a function

    @property
    def where(self) -> str:
        return f"{self.module}:{self.line}: {self.target}"


def _module_name(path: Path) -> str:
    parts = path.relative_to(SOURCE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> Iterator[Import]:
    module = _module_name(path)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    local_nodes = {
        id(node)
        for function in ast.walk(tree)
        if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef))
        for node in ast.walk(function)
    }
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{module}: relative import"
            base = node.module or ""
            # `from convcalc.rules import table` imports the module `convcalc.rules.table`.
            targets = [
                f"{base}.{alias.name}"
                if (SOURCE.parent / base.replace(".", "/") / alias.name).with_suffix(".py").exists()
                else base
                for alias in node.names
            ]
        for target in targets:
            if target == "convcalc" or target.startswith("convcalc."):
                yield Import(module, target, node.lineno, id(node) in local_nodes)


def _package(module: str) -> str:
    """The pipeline package a module belongs to; the root (`convcalc`, the version) and
    `convcalc.__main__` are outside the pipeline."""
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in PACKAGES) else module


IMPORTS = tuple(found for path in sorted(SOURCE.rglob("*.py")) for found in _imports(path))


def test_every_package_is_in_the_pipeline() -> None:
    found = {path.name for path in SOURCE.iterdir() if (path / "__init__.py").exists()}
    assert found == set(PACKAGES)


def test_the_root_imports_nothing() -> None:
    assert [i.where for i in IMPORTS if i.module == "convcalc"] == []


def _upward(package: str) -> list[str]:
    rank = PACKAGES.index(package)
    return [
        i.where
        for i in IMPORTS
        if _package(i.module) == package
        and _package(i.target) in PACKAGES
        and PACKAGES.index(_package(i.target)) > rank
    ]


def _local(package: str) -> list[str]:
    return [i.where for i in IMPORTS if i.local and _package(i.module) == package]


@pytest.mark.parametrize("package", PACKAGES)
def test_a_package_imports_only_packages_before_it(package: str) -> None:
    assert _upward(package) == []


@pytest.mark.parametrize("package", [p for p in PACKAGES if p not in LAZY_LOADING])
def test_only_commands_and_cli_import_inside_functions(package: str) -> None:
    assert _local(package) == []


def test_lazy_imports_also_point_down() -> None:
    """A function-local import in commands/ or cli/ is there for start-up speed; the other
    packages have none (above). Every such import still points down the pipeline."""
    for found in IMPORTS:
        if found.local and _package(found.module) in LAZY_LOADING:
            source, target = _package(found.module), _package(found.target)
            assert target not in PACKAGES or PACKAGES.index(target) <= PACKAGES.index(source), (
                found.where
            )


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each cycle a depth-first walk meets, as the modules along it."""
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        path.append(module)
        for target in sorted(graph.get(module, ())):
            if state.get(target) == 1:
                cycles.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target)
        path.pop()
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module)
    return cycles


def test_the_cycle_finder_finds_one() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c", "a"]]


def test_no_module_imports_itself_in_a_cycle() -> None:
    """Within and across packages, the module-level imports form no cycle (a package's
    `__init__` counts as the module it is)."""
    graph: dict[str, set[str]] = {}
    for found in IMPORTS:
        if not found.local and found.target != found.module:
            graph.setdefault(found.module, set()).add(found.target)
    assert _cycles(graph) == []

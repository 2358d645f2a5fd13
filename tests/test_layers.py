"""The import contract: imports point one way, down the layers of docs/architecture.md.

Every module of src/sitrep belongs to one unit of `LAYERS` (the longest unit its
name starts with). A module may import its own unit and any unit of a lower
layer; never a higher layer, nor another unit of its own layer (the units of one
layer are independent: coding never imports resolve, nor resolve coding). Late
imports inside functions and imports for type checking count too, since they are
dependencies all the same. A leak fails with both module names.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"

#: Highest first. Each inner tuple is one layer; its units are independent of each other.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("sitrep.__main__",),  # python -m sitrep
    ("sitrep", "sitrep.cli"),  # the public package and the command
    ("sitrep.evaluation", "sitrep.serve"),  # scorers; the REST API and review desk
    ("sitrep.runner",),  # read, extract, store
    ("sitrep.api",),  # builds the pipeline from its stages
    ("sitrep.report", "sitrep.export", "sitrep.engines"),  # engines: local processes, Dask
    ("sitrep.store",),
    ("sitrep.merge",),
    ("sitrep.resolve", "sitrep.coding"),
    ("sitrep.annotate",),
    ("sitrep.ingest",),
    ("sitrep.pipeline", "sitrep.config"),  # the kernel, from here down
    ("sitrep.model",),
    ("sitrep.ontology", "sitrep.errors", "sitrep.version", "sitrep._moved"),
)
UNITS = sorted((unit for layer in LAYERS for unit in layer), key=len, reverse=True)
LAYER_OF = {unit: index for index, layer in enumerate(LAYERS) for unit in layer}


def unit_of(module: str) -> str:
    """The unit `module` belongs to; a module of no unit is an error of this table."""
    for unit in UNITS:
        if module == unit or (unit != "sitrep" and module.startswith(unit + ".")):
            return unit
    raise LookupError(f"{module} belongs to no unit of LAYERS in {__file__}; add it there")


def leak(importer: str, imported: str) -> str | None:
    """Why `importer` may not import `imported`, or None when it may."""
    mine, theirs = unit_of(importer), unit_of(imported)
    if mine == theirs or LAYER_OF[theirs] > LAYER_OF[mine]:
        return None
    where = "a higher layer" if LAYER_OF[theirs] < LAYER_OF[mine] else "its own layer"
    return f"{importer} imports {imported}: {mine} may not import {theirs} ({where})"


def module_name(path: Path) -> str:
    """`sitrep.coding.stage` for src/sitrep/coding/stage.py; packages by their folder."""
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path, *, top_level: bool = False) -> Iterator[str]:
    """Every sitrep module `path` imports, at any depth of its code (or, with
    `top_level`, outside functions: what importing the module imports)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in _top_level_nodes(tree) if top_level else ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names if a.name.split(".")[0] == "sitrep")
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.split(".")[0] != "sitrep":
                continue
            for alias in node.names:  # `from sitrep import evaluation` names a module
                submodule = f"{node.module}.{alias.name}"
                yield submodule if _is_module(submodule) else node.module


def _top_level_nodes(tree: ast.AST) -> Iterator[ast.AST]:
    """The nodes outside any function body."""
    for node in ast.iter_child_nodes(tree):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node
            yield from _top_level_nodes(node)


def _is_module(name: str) -> bool:
    path = SRC.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def all_leaks() -> list[str]:
    """Every import in src/sitrep that breaks the contract."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        importer = module_name(path)
        found += [why for imported in imported_modules(path) if (why := leak(importer, imported))]
    return found


def test_imports_point_down_the_layers() -> None:
    leaks = all_leaks()
    assert not leaks, "imports against the layers of docs/architecture.md:\n" + "\n".join(leaks)


def import_cycle() -> list[str]:
    """One chain of modules that import each other when loaded, or [] when none does."""
    graph = {
        module_name(path): set(imported_modules(path, top_level=True)) for path in SRC.rglob("*.py")
    }
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(module: str) -> list[str]:
        state[module] = 1
        path.append(module)
        for imported in sorted(graph.get(module, ())):
            if imported != module and state.get(imported) == 1:
                return [*path[path.index(imported) :], imported]
            if imported in graph and imported not in state and (found := visit(imported)):
                return found
        state[module] = 2
        path.pop()
        return []

    for module in sorted(graph):
        if module not in state and (found := visit(module)):
            return found
    return []


def test_no_modules_import_each_other() -> None:
    cycle = import_cycle()
    assert not cycle, "an import cycle: " + " -> ".join(cycle)


def test_every_module_belongs_to_a_layer() -> None:
    for path in SRC.rglob("*.py"):
        unit_of(module_name(path))  # raises, naming the module, when it has no unit


@pytest.mark.parametrize(
    ("importer", "imported", "allowed"),
    [
        ("sitrep.cli", "sitrep.store.query", True),
        ("sitrep.store.sqlite", "sitrep.merge.relation", True),
        ("sitrep.coding.stage", "sitrep.coding.triggers", True),  # within a unit
        ("sitrep.resolve.places", "sitrep.model", True),
        ("sitrep.model", "sitrep.errors", True),
        ("sitrep.coding.causes", "sitrep.resolve.anchors", False),  # same layer, other unit
        ("sitrep.resolve.actors", "sitrep.coding.lexicon", False),
        ("sitrep.store.query", "sitrep.runner", False),  # upward
        ("sitrep.report", "sitrep", False),  # the package imports the report
        ("sitrep.model", "sitrep.pipeline", False),
    ],
)
def test_the_contract_says_which_way(importer: str, imported: str, allowed: bool) -> None:
    why = leak(importer, imported)
    assert (why is None) is allowed
    if why is not None:
        assert importer in why
        assert imported in why


def test_imports_are_read_at_every_depth(tmp_path: Path) -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "from sitrep import evaluation\n"
        "if TYPE_CHECKING:\n    from sitrep.store import Store\n"
        "def late():\n    import sitrep.runner\n"
    )
    module = tmp_path / "module.py"
    module.write_text(source, encoding="utf-8")
    assert list(imported_modules(module)) == ["sitrep.evaluation", "sitrep.store", "sitrep.runner"]

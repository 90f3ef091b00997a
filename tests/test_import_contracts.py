"""The import contracts (pyproject.toml, [tool.importlinter]) hold, stay complete, and bite.

`lint-imports` runs in the README's test command; these tests check what it cannot: that a
deliberate violation makes it fail, that the list of backend internals the UI may not import
names every backend package, and that no two files of the console import each other in a cycle
(imports under TYPE_CHECKING and inside functions count: they tie the files together as much).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import grimp
import pytest

ROOT = Path(__file__).resolve().parent.parent
UI_MAY_USE = {
    "interface",
    "models",
    "events",
    "errors",
    "schema",
    "drafts",
    "presets",
    "federation",
    "paths",
}
"""The backend modules UI code may import (docs/architecture.md, the layer map)."""


def contracts() -> dict[str, dict[str, Any]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    return {contract["id"]: contract for contract in config["contracts"]}


def lint_imports(where: Path) -> subprocess.CompletedProcess[str]:
    command = Path(sys.executable).with_name("lint-imports")
    return subprocess.run(
        [str(command), "--no-cache"],
        cwd=where,
        env={"PYTHONPATH": str(where), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def tree_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The two packages and the contracts, copied where a test may break them."""
    where = tmp_path_factory.mktemp("contracts")
    for package in ("backend", "kubefate_tui"):
        shutil.copytree(
            ROOT / package, where / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(ROOT / "pyproject.toml", where / "pyproject.toml")
    return where


def test_the_contracts_hold_on_the_repository(tree_copy: Path) -> None:
    result = lint_imports(tree_copy)
    assert result.returncode == 0, result.stdout
    assert "4 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "import_line", "contract_name"),
    [
        ("backend/errors.py", "import textual", "The backend never imports the console"),
        (
            "kubefate_tui/widgets/tables/virtual_table.py",
            "import backend.store",
            "UI code reaches data only through",
        ),
        (
            "kubefate_tui/dialogs/confirm_dialog.py",
            "import kubefate_tui.screens.jobs_screen",
            "The console's packages import downwards only",
        ),
    ],
)
def test_a_deliberate_violation_breaks_its_contract(
    tree_copy: Path, module: str, import_line: str, contract_name: str
) -> None:
    path = tree_copy / module
    original = path.read_text()
    path.write_text(original + f"\n{import_line}  # a deliberate violation\n")
    try:
        result = lint_imports(tree_copy)
    finally:
        path.write_text(original)
    assert result.returncode != 0
    broken = result.stdout.split("Broken contracts", 1)[1]
    assert contract_name in broken
    assert import_line.split()[-1] in broken


def test_the_ui_contract_names_every_backend_internal() -> None:
    forbidden = set(contracts()["ui-reaches-data-through-the-interface"]["forbidden_modules"])
    children = {
        f"backend.{path.stem if path.suffix else path.name}"
        for path in (ROOT / "backend").iterdir()
        if (path.suffix == ".py" and path.stem != "__init__") or (path / "__init__.py").exists()
    }
    allowed = {f"backend.{name}" for name in UI_MAY_USE}
    assert forbidden == children - allowed, "a new backend package must be placed in a contract"


def test_the_ui_contract_covers_every_console_package_but_the_cli() -> None:
    sources = set(contracts()["ui-reaches-data-through-the-interface"]["source_modules"])
    children = {
        f"kubefate_tui.{path.stem if path.suffix else path.name}"
        for path in (ROOT / "kubefate_tui").iterdir()
        if (path.suffix == ".py" and path.stem not in {"__init__", "__main__"})
        or (path / "__init__.py").exists()
    }
    assert sources == children - {"kubefate_tui.cli", "kubefate_tui.subcommands"}


def import_cycles(graph: grimp.ImportGraph, package: str) -> list[list[str]]:
    """The strongly connected groups of more than one module under `package` (Tarjan)."""
    modules = sorted(m for m in graph.modules if m == package or m.startswith(package + "."))
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in modules:
                continue
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = stack[stack.index(module) :]
            del stack[stack.index(module) :]
            if len(group) > 1:
                cycles.append(sorted(group))

    for module in modules:
        if module not in index:
            visit(module)
    return cycles


def test_no_two_console_files_import_each_other_in_a_cycle() -> None:
    graph = grimp.build_graph("kubefate_tui", "backend", cache_dir=None)
    assert import_cycles(graph, "kubefate_tui") == []


def test_the_cycle_finder_sees_a_cycle_through_a_type_checking_import() -> None:
    graph = grimp.ImportGraph()
    for module in ("pkg", "pkg.app", "pkg.screen", "pkg.leaf"):
        graph.add_module(module)
    graph.add_import(importer="pkg.app", imported="pkg.screen")
    graph.add_import(importer="pkg.screen", imported="pkg.app")  # as under TYPE_CHECKING
    graph.add_import(importer="pkg.screen", imported="pkg.leaf")
    assert import_cycles(graph, "pkg") == [["pkg.app", "pkg.screen"]]

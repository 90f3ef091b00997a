"""`kubefate-tui render FILE` end to end, in a subprocess, against a seeded database."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import yaml

from tests.conftest import REPO_ROOT
from tests.engine.mini_fate_chart import mini_fate_files
from tests.helm.chart_builder import archive
from tests.render.conftest import Workspace, cluster_text, seed
from tests.schema.helpers import alias_bomb


def _documents(stdout: str) -> list[dict[str, Any]]:
    return [doc for doc in yaml.safe_load_all(stdout) if doc]


async def test_render_prints_manifests_like_helm_template(workspace: Workspace) -> None:
    await seed(workspace.db)
    done = workspace.cli(workspace.write("cluster.yaml", cluster_text()))
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # no Helm or Go output reaches the terminal
    sources = [line for line in done.stdout.splitlines() if line.startswith("# Source: ")]
    assert sources == [
        "# Source: fate/templates/fateboard.yaml",
        "# Source: fate/templates/mysql.yaml",
        "# Source: fate/templates/python.yaml",
    ]
    assert done.stdout.startswith("---\n# Source: ")
    python = next(
        doc
        for doc in _documents(done.stdout)
        if doc["kind"] == "StatefulSet" and doc["metadata"]["name"] == "python"
    )
    assert python["metadata"] == {
        "name": "python",
        "namespace": "fate-9999",
        "labels": {"name": "fate-9999", "fateMoudle": "python"},
    }
    container = python["spec"]["template"]["spec"]["containers"][0]
    assert container["image"] == "federatedai/fateflow:2.0.0-release"
    assert {"name": "LOG_LEVEL", "value": "DEBUG"} in container["env"]
    assert {"name": "PARTY_ID", "value": "9999"} in container["env"]


async def test_show_values_prints_the_rendered_values(workspace: Workspace) -> None:
    await seed(workspace.db)
    done = workspace.cli(workspace.write("cluster.yaml", cluster_text()), "--show-values")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("# Helm values for fate-9999/fate-9999 from fate v2.0.0")
    values = yaml.safe_load(done.stdout)
    assert values["partyId"] == 9999
    assert values["logLevel"] == "DEBUG"
    assert values["modules"]["python"] == {"include": True}
    assert "apiVersion" not in done.stdout


async def test_validation_errors_stop_before_rendering(workspace: Workspace) -> None:
    await seed(workspace.db)
    bad = cluster_text().replace("federation: Pulsar", "federation: Carrier-pigeon")
    path = workspace.write("bad.yaml", bad)
    done = workspace.cli(path)
    assert done.returncode == 1
    assert done.stdout == ""
    assert f"{path}:7:13: error: federation" in done.stderr
    assert "nothing rendered" in done.stderr


async def test_an_alias_bomb_is_refused_before_anything_expands(workspace: Workspace) -> None:
    await seed(workspace.db)
    path = workspace.write("bomb.yaml", cluster_text() + alias_bomb())
    done = workspace.cli(path)
    assert done.returncode == 1
    assert done.stdout == ""
    assert ": error: aliases (*name) expand the document to more than 1,000,000 values" in (
        done.stderr
    )
    assert "nothing rendered" in done.stderr


async def test_warnings_are_printed_and_rendering_goes_on(workspace: Workspace) -> None:
    await seed(workspace.db)
    modules = ("python", "mysql", "fateboard", "nginx", "pulsar")  # no client: a warning
    path = workspace.write("cluster.yaml", cluster_text(modules=modules))
    done = workspace.cli(path)
    assert done.returncode == 0, done.stderr
    assert f"{path}:" in done.stderr and ": warning: module client" in done.stderr
    assert "# Source: fate/templates/python.yaml" in done.stdout


async def test_chart_not_available_offline_is_a_clear_error(workspace: Workspace) -> None:
    await seed(workspace.db)
    done = workspace.cli(workspace.write("cluster.yaml", cluster_text(version="v9.9.9")))
    assert done.returncode == 2
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    assert "chart fate v9.9.9 is not uploaded or bundled" in done.stderr
    assert f"{workspace.env['FATECLOUD_REPO_URL']} cannot be reached" in done.stderr


def test_without_a_database_a_missing_chart_says_so(workspace: Workspace) -> None:
    workspace.env["FATECLOUD_REPO_URL"] = ""  # no repository at all
    # A version nothing bundles (fate v2.0.0 is in charts/, and renders without a database).
    done = workspace.cli(workspace.write("cluster.yaml", cluster_text(version="v9.9.9")))
    assert done.returncode == 2
    assert "no chart repository is set" in done.stderr
    assert f"no database at {workspace.db}" in done.stderr
    assert not workspace.db.exists()  # rendering never creates a database


async def test_template_error_is_located(workspace: Workspace) -> None:
    broken = mini_fate_files("v2.0.1")
    broken["templates/python.yaml"] = "kind: {{ .Values.nothing.here }}\n"
    await seed(workspace.db, archive(broken, folder="fate"))
    done = workspace.cli(workspace.write("cluster.yaml", cluster_text(version="v2.0.1")))
    assert done.returncode == 1
    assert "fate/templates/python.yaml:1:" in done.stderr
    assert "chart fate v2.0.1 cannot be rendered" in done.stderr
    assert "Traceback" not in done.stderr


def test_unreadable_file_exits_2(workspace: Workspace) -> None:
    done = workspace.cli(workspace.folder / "missing.yaml")
    assert done.returncode == 2
    assert "missing.yaml: cannot read: No such file or directory" in done.stderr


async def test_top_level_db_option_is_honoured(workspace: Workspace) -> None:
    await seed(workspace.db)
    path = workspace.write("cluster.yaml", cluster_text())
    done = subprocess.run(
        [sys.executable, "-m", "kubefate_tui", "--db", str(workspace.db), "render", str(path)],
        cwd=REPO_ROOT,
        env=workspace.env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr


def test_render_command_imports_neither_textual_nor_kubernetes() -> None:
    probe = (
        "import sys, kubefate_tui.subcommands.render_command\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('textual', 'kubernetes', 'helm_python'))\n"
        "print(heavy)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"

"""`kubefate-tui render FILE --diff CLUSTER`: what an update of a stored cluster would change."""

from __future__ import annotations

from tests.render.conftest import Workspace, cluster_text, seed, stored_cluster

WITHOUT_FATEBOARD = ("python", "mysql", "client", "nginx", "pulsar")


async def test_diff_shows_spec_and_manifest_changes(workspace: Workspace) -> None:
    old = cluster_text(log_level="INFO", modules=WITHOUT_FATEBOARD)
    await seed(workspace.db, clusters=[stored_cluster(old)])
    path = workspace.write("cluster.yaml", cluster_text(log_level="DEBUG"))
    done = workspace.cli(path, "--diff", "fate-9999/fate-9999")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    # The cluster.yaml itself comes first: that is what the user edited.
    assert out.index("-  logLevel: INFO\n") < out.index("--- fate/templates/mysql.yaml")
    assert "+  logLevel: DEBUG\n" in out
    assert "+- fateboard\n" in out
    assert "--- fate/templates/python.yaml (stored fate-9999/fate-9999)\n" in out
    assert f"+++ fate/templates/python.yaml ({path})\n" in out
    assert '-              value: "INFO"\n+              value: "DEBUG"\n' in out
    assert "+++ fate/templates/fateboard.yaml" in out
    assert out.endswith("2 manifests changed, 1 added, 0 removed\n")


async def test_diff_by_name_takes_the_namespace_from_the_file(workspace: Workspace) -> None:
    await seed(workspace.db, clusters=[stored_cluster(cluster_text(log_level="INFO"))])
    done = workspace.cli(workspace.write("c.yaml", cluster_text()), "--diff", "fate-9999")
    assert done.returncode == 0, done.stderr
    assert done.stdout.endswith("3 manifests changed, 0 added, 0 removed\n")


async def test_diff_without_changes_says_so(workspace: Workspace) -> None:
    text = cluster_text()
    await seed(workspace.db, clusters=[stored_cluster(text)])
    done = workspace.cli(workspace.write("cluster.yaml", text), "--diff", "fate-9999")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("no changes: ")
    assert "---" not in done.stdout


async def test_diff_with_an_unknown_cluster_exits_2(workspace: Workspace) -> None:
    await seed(workspace.db)
    done = workspace.cli(workspace.write("cluster.yaml", cluster_text()), "--diff", "other/x")
    assert done.returncode == 2
    assert done.stdout == ""
    assert f"no cluster other/x in {workspace.db}" in done.stderr

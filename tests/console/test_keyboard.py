"""Keyboard use of the console: `/` filters, `:` commands with completion and history, ctrl+p."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from textual.command import CommandPalette
from textual.message import Message
from textual.notifications import Notify
from textual.widgets import Input

from backend.embedded import EmbeddedBackend
from backend.models import JobStatus
from kubefate_tui.app import KubefateApp
from kubefate_tui.command_line_grammar import (
    ClusterRef,
    Found,
    GoToCluster,
    GoToJob,
    Invalid,
    NotFound,
    Quit,
    ShowLogs,
    SwitchMode,
    completions,
    find_cluster,
    find_job,
    parse,
)
from kubefate_tui.screens.cluster_detail_screen import ClusterDetailScreen
from kubefate_tui.screens.job_detail_screen import JobDetailScreen
from kubefate_tui.screens.resource_screen import ResourceScreen
from kubefate_tui.widgets.bars.command_line import CommandLine
from kubefate_tui.widgets.bars.filter_bar import FilterBar
from kubefate_tui.widgets.logs.log_panel import LogPanel
from kubefate_tui.widgets.tables.virtual_table import VirtualTable
from tests.offline_backend import offline_options

from .conftest import fixed_clock, panel, seed_jobs, settle, wait_until

CLUSTER_A = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"
CLUSTER_B = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb"


def embedded(db_path: Path) -> EmbeddedBackend:
    return EmbeddedBackend(offline_options(db_path))


def notifications(messages: list[Message]) -> list[str]:
    return [m.notification.message for m in messages if isinstance(m, Notify)]


# --- the grammar, on its own ---------------------------------------------------------------
def test_the_grammar_gives_typed_actions() -> None:
    assert parse(":jobs") == SwitchMode("jobs")
    assert parse("ns") == SwitchMode("namespaces")
    assert parse("cluster") == SwitchMode("clusters")
    assert parse(":q") == Quit() and parse("quit") == Quit()
    assert parse(":cluster fate-9999") == GoToCluster("fate-9999")
    assert parse("job 1111") == GoToJob("1111")
    assert parse("logs fate-9999") == ShowLogs("fate-9999")
    logs = parse(":logs")
    assert isinstance(logs, Invalid) and "NAME" in logs.message
    bogus = parse("bogus thing")
    assert isinstance(bogus, Invalid) and "unknown command :bogus thing" in bogus.message


def test_clusters_are_found_by_name_path_or_uuid_prefix() -> None:
    clusters = [
        ClusterRef(CLUSTER_A, "fate-9999", "fate-9999"),
        ClusterRef(CLUSTER_B, "fate-10000", "fate-10000"),
        ClusterRef("cccccccc-0000", "fate-9999", "other"),
    ]
    assert find_cluster("fate-10000", clusters) == Found(CLUSTER_B)
    assert find_cluster("other/fate-9999", clusters) == Found("cccccccc-0000")
    assert find_cluster("bbbb", clusters) == Found(CLUSTER_B)
    ambiguous = find_cluster("fate-9999", clusters)
    assert isinstance(ambiguous, NotFound) and "ambiguous" in ambiguous.message
    missing = find_cluster("fate-999", clusters)
    assert isinstance(missing, NotFound)
    assert "'fate-999'" in missing.message and "closest: fate-9999" in missing.message


def test_jobs_are_found_by_uuid_prefix() -> None:
    uuids = ["1111-a", "1112-b", "2222-c"]
    assert find_job("2", uuids) == Found("2222-c")
    ambiguous = find_job("11", uuids)
    assert isinstance(ambiguous, NotFound) and "ambiguous: 2 jobs" in ambiguous.message
    assert isinstance(find_job("9", uuids), NotFound)


def test_completion_of_words_and_arguments() -> None:
    assert completions("clu")[:2] == ["clusters", "cluster "]
    assert completions("cluster f", cluster_names=["fate-9999", "gone"]) == ["cluster fate-9999"]
    assert completions("job 2", job_uuids=["1111", "2222"]) == ["job 2222"]
    assert completions("charts x") == []


# --- in the app ------------------------------------------------------------------------------
async def test_slash_filters_the_jobs_and_esc_clears(db_path: Path) -> None:
    backend = embedded(db_path)
    app = KubefateApp(backend, clock=fixed_clock)
    async with app.run_test(size=(160, 24)) as pilot:
        await settle(pilot, "clusters")
        await seed_jobs(backend)
        await pilot.press("2")
        jobs = await settle(pilot, "jobs")
        assert jobs.table.row_count == 3
        await pilot.press("slash", *"failed")
        assert isinstance(app.focused, Input)
        await wait_until(pilot, lambda: jobs.table.row_count == 1, "the filtered rows")
        assert jobs.border_title == "Jobs (1 of 3) /failed"
        await pilot.press("enter")  # keeps the filter, back to the table
        assert isinstance(app.focused, VirtualTable)
        assert not app.screen.query_one(FilterBar).is_open
        assert jobs.table.filter_text == "failed"
        await pilot.press("r")  # a reload keeps the filter
        await settle(pilot, "jobs")
        assert jobs.table.row_count == 1 and jobs.border_title == "Jobs (1 of 3) /failed"
        await pilot.press("slash")
        assert app.screen.query_one(FilterBar).input.value == "failed"
        await pilot.press("escape")
        assert jobs.table.row_count == 3 and jobs.border_title == "Jobs (3)"
        assert isinstance(app.focused, VirtualTable)


async def test_command_cluster_opens_the_named_cluster_over_its_row(db_path: Path) -> None:
    backend = embedded(db_path)
    app = KubefateApp(backend, clock=fixed_clock)
    async with app.run_test(size=(160, 24)) as pilot:
        await settle(pilot, "clusters")
        await seed_jobs(backend)
        await pilot.press("2")
        await settle(pilot, "jobs")
        await pilot.press("colon", *"cluster fate-10000", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ClusterDetailScreen), "detail")
        assert app.screen.cluster_uuid == CLUSTER_B  # type: ignore[attr-defined]
        await pilot.press("escape")
        clusters = await settle(pilot, "clusters")
        await wait_until(pilot, lambda: clusters.table.cursor_key == CLUSTER_B, "the cursor")


async def test_command_job_opens_the_job_by_prefix_over_its_row(db_path: Path) -> None:
    backend = embedded(db_path)
    app = KubefateApp(backend, clock=fixed_clock)
    async with app.run_test(size=(160, 24)) as pilot:
        await settle(pilot, "clusters")
        await seed_jobs(backend)
        await pilot.press("colon", *"job 2222", "enter")
        want = "22222222-2222-4222-8222-222222222222"
        await wait_until(pilot, lambda: isinstance(app.screen, JobDetailScreen), "the detail")
        assert app.screen.job_uuid == want  # type: ignore[attr-defined]
        await pilot.press("escape")
        jobs = await settle(pilot, "jobs")
        await wait_until(pilot, lambda: jobs.table.cursor_key == want, "the cursor on the job")


async def test_command_job_finds_a_job_the_jobs_list_has_not_seen_yet(db_path: Path) -> None:
    backend = embedded(db_path)
    app = KubefateApp(backend, clock=fixed_clock)
    async with app.run_test(size=(160, 24)) as pilot:
        await settle(pilot, "clusters")
        await seed_jobs(backend)
        await pilot.press("2")
        await settle(pilot, "jobs")
        await pilot.press("1")
        await settle(pilot, "clusters")
        [known] = [job for job in await backend.list_jobs() if job.uuid.startswith("3333")]
        newer = replace(
            known, uuid="44444444-4444-4444-8444-444444444444", status=JobStatus.SUCCESS
        )
        async with backend.store.transaction() as tx:  # no event: the Jobs list is not told
            await tx.jobs.insert(newer)
        await pilot.press("colon", *"job 4444", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, JobDetailScreen), "the detail")
        assert app.screen.job_uuid == newer.uuid  # type: ignore[attr-defined]


async def test_an_unknown_cluster_is_named_with_the_closest(db_path: Path) -> None:
    messages: list[Message] = []
    backend = embedded(db_path)
    app = KubefateApp(backend)
    async with app.run_test(notifications=True, message_hook=messages.append) as pilot:
        await settle(pilot, "clusters")
        await seed_jobs(backend)
        await pilot.press("colon", *"cluster fate-999", "enter")
        await wait_until(pilot, lambda: bool(notifications(messages)), "a notification")
        [text] = notifications(messages)
        assert "no cluster named 'fate-999'" in text and "fate-9999" in text


async def test_history_and_completion_in_the_command_line(db_path: Path) -> None:
    backend = embedded(db_path)
    app = KubefateApp(backend)
    async with app.run_test(size=(160, 24)) as pilot:
        await settle(pilot, "clusters")
        await seed_jobs(backend)
        await pilot.press("colon", *"jobs", "enter")
        await settle(pilot, "jobs")
        await pilot.press("colon", *"clusters", "enter")
        await settle(pilot, "clusters")
        command_line = app.screen.query_one(CommandLine)
        await pilot.press("colon", "up")
        assert command_line.input.value == "clusters"
        await pilot.press("up")
        assert command_line.input.value == "jobs"
        await pilot.press("down", "down")
        assert command_line.input.value == ""
        await pilot.press(*"clu", "tab")
        assert command_line.input.value == "clusters"
        await pilot.press("tab")
        assert command_line.input.value == "cluster "
        await pilot.press("f", "tab")  # the names the Clusters mode holds
        assert command_line.input.value in ("cluster fate-9999", "cluster fate-10000")
        await pilot.press("escape")


async def test_logs_command_opens_the_clusters_logs_tab_which_says_why_there_are_none(
    db_path: Path,
) -> None:
    backend = embedded(db_path)
    app = KubefateApp(backend)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot, "clusters")
        await seed_jobs(backend)
        await pilot.press("colon", *"logs fate-9999", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ClusterDetailScreen), "detail")
        detail = app.screen
        assert isinstance(detail, ClusterDetailScreen) and detail.tabs.active == "logs"
        await wait_until(pilot, lambda: bool(detail.query(LogPanel)), "the logs panel")
        logs = detail.query_one(LogPanel)
        await wait_until(pilot, lambda: app.focused is logs.view, "the lines focused (keys work)")
        await wait_until(pilot, lambda: "Could not read" in logs.message, "the reason")
        assert "fate-9999" in logs.message  # offline: no Kubernetes to ask, said calmly
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ResourceScreen), "back")
        assert app.screen.MODE == "clusters"  # type: ignore[attr-defined]
        assert app.screen.panel.table.cursor_key == "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"  # type: ignore[attr-defined]


async def test_the_palette_offers_the_modes_and_the_row_commands(db_path: Path) -> None:
    backend = embedded(db_path)
    app = KubefateApp(backend, clock=fixed_clock)
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(pilot, "clusters")
        await seed_jobs(backend)
        await pilot.press("r")
        await wait_until(pilot, lambda: panel(app).table.row_count == 2, "the clusters")
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
        await pilot.press(*"show jobs")
        await pilot.pause(0.3)
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        await pilot.press("enter")
        # The cluster's own Jobs tab: exactly its jobs (a filter by name would also match
        # the jobs of a cluster whose name merely contains it).
        await wait_until(pilot, lambda: isinstance(app.screen, ClusterDetailScreen), "detail")
        detail = app.screen
        assert isinstance(detail, ClusterDetailScreen)
        assert detail.cluster_uuid == CLUSTER_A and detail.tabs.active == "jobs"
        await wait_until(pilot, lambda: detail.jobs.table.row_count == 2, "the cluster's jobs")
        assert {row[3] for row in detail.jobs.row_texts()} == {"fate-9999"}


async def test_the_palette_lists_the_mode_commands(db_path: Path) -> None:
    from kubefate_tui.app import ConsoleCommands

    app = KubefateApp(embedded(db_path))
    async with app.run_test() as pilot:
        await settle(pilot, "clusters")
        provider = ConsoleCommands(app.screen)
        titles = [hit.text async for hit in provider.discover()]
        for heading in ("Clusters", "Jobs", "Charts", "Namespaces", "Users"):
            assert f"Go to {heading}" in titles

"""Every list sorts by the column the user picks (`>`/`<`), either way (`I`), by the column's
meaning rather than its text (durations as times, `fate-10000` after `fate-9999`), says its
order in the title it draws, keeps it over reloads, and acts on the object under the cursor."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from backend.kube import KubeSettings
from kubefate_tui.app import KubefateApp
from kubefate_tui.dialogs.typed_name_dialog import TypedNameDialog
from kubefate_tui.screens.resource_screen import ResourceScreen
from kubefate_tui.widgets.tables.resource_panel import ResourcePanel
from tests.engine.mini_fate_chart import mini_fate_chart
from tests.kube_emulator import KubeEmulator

from .action_support import embedded, wait_for_screen
from .conftest import fixed_clock, screen_lines, seed_cluster, seed_jobs, settle, wait_until

NEXT, PREVIOUS, INVERT = "greater_than_sign", "less_than_sign", "I"


def title_drawn(app: KubefateApp) -> str:
    """The panel's top border as the terminal shows it."""
    return next(line for line in screen_lines(app) if "╭" in line)


def column(panel: ResourcePanel, label: str) -> list[str]:
    """The cells of one column, top to bottom, as drawn."""
    position = panel.listing.column(label)
    return [row[position] for row in panel.row_texts()]


async def press_and_draw(pilot: Pilot[None], *keys: str) -> None:
    await pilot.press(*keys)
    await pilot.pause()


async def test_jobs_sort_by_duration_as_lengths_of_time_and_back(db_path: Path) -> None:
    backend = embedded(db_path)
    app = KubefateApp(backend, clock=fixed_clock)
    async with app.run_test(size=(160, 24)) as pilot:
        await settle(pilot, "clusters")
        await seed_jobs(backend)
        await pilot.press("2")
        jobs = await settle(pilot, "jobs")
        assert column(jobs, "DURATION") == ["4m30s", "65s", "3m15s"]  # the backend's order
        assert "by " not in title_drawn(app)

        await press_and_draw(pilot, PREVIOUS)  # from the backend's order: the last column
        assert column(jobs, "DURATION") == ["65s", "3m15s", "4m30s"]  # not as text
        assert "Jobs (3) · by DURATION ↑" in title_drawn(app)

        await press_and_draw(pilot, INVERT)
        assert column(jobs, "DURATION") == ["4m30s", "3m15s", "65s"]
        assert "by DURATION ↓" in title_drawn(app)

        await press_and_draw(pilot, PREVIOUS)  # START, ascending again
        assert column(jobs, "START") == sorted(column(jobs, "START"))
        assert "by START ↑" in title_drawn(app)

        screen = app.screen
        assert isinstance(screen, ResourceScreen)
        await press_and_draw(pilot, "r")  # a reload keeps the order
        await wait_until(pilot, lambda: not screen.is_loading, "the reload")
        assert "by START ↑" in title_drawn(app)
        assert column(jobs, "UUID")[0].startswith("1111")


async def test_clusters_sort_names_as_a_person_would_and_act_on_the_row_shown(
    db_path: Path,
) -> None:
    backend = embedded(db_path)
    app = KubefateApp(backend, clock=fixed_clock)
    async with app.run_test(size=(160, 24)) as pilot:
        clusters = await settle(pilot, "clusters")
        await seed_cluster(backend, "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb", "fate-10000")
        await seed_cluster(backend)  # fate-9999, listed second
        await pilot.press("r")
        await wait_until(pilot, lambda: clusters.table.row_count == 2, "both clusters")
        assert column(clusters, "NAME") == ["fate-10000", "fate-9999"]

        await press_and_draw(pilot, NEXT)
        assert column(clusters, "NAME") == ["fate-9999", "fate-10000"]  # 9999 < 10000
        assert "Clusters (2) · by NAME ↑" in title_drawn(app)

        clusters.table.focus()
        await pilot.press("home", "ctrl+d")
        confirm = await wait_for_screen(pilot, TypedNameDialog)
        assert confirm.expected == "fate-9999"  # the row on top, not the first one read
        await pilot.press("escape")

        for _ in clusters.listing.columns:  # past the last column: the backend's order
            await pilot.press(NEXT)
        await pilot.pause()
        assert column(clusters, "NAME") == ["fate-10000", "fate-9999"]
        assert "by " not in title_drawn(app)


async def test_charts_sort_versions_by_their_numbers(db_path: Path) -> None:
    backend = embedded(db_path)
    app = KubefateApp(backend, clock=fixed_clock)
    async with app.run_test(size=(160, 24)) as pilot:
        await settle(pilot, "clusters")
        for version in ("v1.10.0", "v1.9.0", "v2.0.0"):
            await backend.upload_chart(mini_fate_chart(version))
        await pilot.press("3")
        charts = await settle(pilot, "charts")
        await wait_until(pilot, lambda: charts.table.row_count == 3, "the charts")
        await press_and_draw(pilot, NEXT, NEXT, NEXT)  # UUID, NAME, VERSION
        assert column(charts, "VERSION") == ["v1.9.0", "v1.10.0", "v2.0.0"]
        assert "by VERSION ↑" in title_drawn(app)


async def test_users_sort_by_name(db_path: Path) -> None:
    backend = embedded(db_path)
    app = KubefateApp(backend, clock=fixed_clock)
    async with app.run_test(size=(160, 24)) as pilot:
        await settle(pilot, "clusters")
        for name in ("carol", "bob"):
            await backend.create_user(name, "a-long-password-1", f"{name}@example.org")
        await pilot.press("5")
        users = await settle(pilot, "users")
        await wait_until(pilot, lambda: users.table.row_count == 3, "the users")
        assert column(users, "USERNAME") == ["admin", "carol", "bob"]
        await press_and_draw(pilot, NEXT, NEXT, INVERT)
        assert column(users, "USERNAME") == ["carol", "bob", "admin"]
        assert "Users (3) · by USERNAME ↓" in title_drawn(app)


async def test_namespaces_sort_by_name(
    db_path: Path, kube_emulator: KubeEmulator, kubeconfig: Path
) -> None:
    backend = embedded(db_path, kube=KubeSettings(kubeconfig=kubeconfig))
    app = KubefateApp(backend)
    async with app.run_test(size=(160, 24)) as pilot:
        await settle(pilot, "clusters")
        for name in ("fate-10000", "fate-9999"):
            await backend.create_namespace(name)
        await pilot.press("4")
        namespaces = await settle(pilot, "namespaces")
        await wait_until(pilot, lambda: "fate-9999" in column(namespaces, "NAME"), "the rows")
        await press_and_draw(pilot, NEXT)
        names = column(namespaces, "NAME")
        assert names.index("fate-9999") == names.index("fate-10000") - 1
        assert "by NAME ↑" in title_drawn(app)

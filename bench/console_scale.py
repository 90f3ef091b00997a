"""How the console copes with a very long jobs list: first paint, page-down, filter, memory.

Seeds N jobs (default 100,000) in a temporary database in one transaction (the schema comes
from the store; the rows are a bulk INSERT of what `JobTable.insert` writes, checked by reading
a few back through the store), then runs the console headless (`run_test(size=(160, 50))`)
against an EmbeddedBackend on that file with the tests' offline options (no kubeconfig, no
network). Each job looks like one the engine finished: cluster args with a small cluster.yaml,
three sub-jobs, five state lines; every job is terminal, so the engine has nothing to resume.

The jobs list loads page by page (`Backend.iter_jobs`): the first page is shown as soon as it
is read, the rest is appended below it. "First paint" is the first paint of the jobs table
showing rows (its top, where the cursor starts); "all rows" is the paint showing all N.

Two console runs:
  cold  the Jobs key is sent as soon as the first frame is up, while the backend still starts:
        from app start to the first paint of the jobs list showing rows, and to all N rows;
  warm  the backend is ready and the Clusters mode loaded; from the Jobs key to the first paint
        showing rows, split into: screen switch, reading the first page, its row formatting
        (the Jobs listing's rows), `set_rows`, paint; then to the paint of all N rows. While the
        rest loads, a few page-downs; once all is loaded, P page-downs; each timed from the key
        event handed to the app (as a terminal driver does) to the paint of the table at its new
        position. Then one `filter()` over all rows.

Apart from the console: the summary listing on a started backend, read whole (`list_jobs`) and
by pages (`iter_jobs`), and the plain SQLite read of the same rows (sqlite3, no models), so the
cost of building models shows by itself.

Instrumentation lives in this file only: `VirtualTable.render_lines`, `ResourcePanel.show_rows`
and the backend's `iter_jobs` are wrapped to take timestamps. Production code is unchanged.

    python bench/console_scale.py [--jobs 100000] [--presses 50]

Prints a table with targets and PASS or MISS, and always exits 0 (a benchmark, not a test).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import gc
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from textual import events  # noqa: E402
from textual.geometry import Region  # noqa: E402
from textual.strip import Strip  # noqa: E402

from backend.embedded import EmbeddedBackend  # noqa: E402
from backend.interface import JOB_PAGE_SIZE, JobPage  # noqa: E402
from backend.models import (  # noqa: E402
    Cluster,
    ClusterArgs,
    ClusterStatus,
    Job,
    JobMethod,
    JobStatus,
    SubJob,
)
from backend.models.enums import ModulesStatus, SubJobStatus  # noqa: E402
from backend.models.record import Record  # noqa: E402
from backend.store import Store  # noqa: E402
from backend.store.job_table import new_row_columns  # noqa: E402
from backend.store.table import stamped  # noqa: E402
from kubefate_tui.app import KubefateApp  # noqa: E402
from kubefate_tui.listing.column_spec import RowContext  # noqa: E402
from kubefate_tui.listing.table_row import TableRow  # noqa: E402
from kubefate_tui.screens.jobs_screen import JobsScreen  # noqa: E402
from kubefate_tui.screens.resource_screen import ResourceScreen  # noqa: E402
from kubefate_tui.state.backend_state import BackendPhase  # noqa: E402
from kubefate_tui.subcommands.console_command import tune_garbage_collector  # noqa: E402
from kubefate_tui.widgets.tables.resource_panel import ResourcePanel  # noqa: E402
from kubefate_tui.widgets.tables.virtual_table import VirtualTable  # noqa: E402
from tests.offline_backend import offline_options  # noqa: E402

SIZE = (160, 50)
CLUSTERS = 50
BASE = datetime(2025, 1, 1, tzinfo=UTC)
NOW = BASE + timedelta(days=400)
TIMEOUT = 300.0  # seconds any one wait may take before the bench gives up on it
SETTLE = 2.0
"""Seconds the warm run waits after the Clusters mode loaded, so that the rest of the start-up
work is over (the finished-job watch lists every job once when the backend is ready)."""

FIRST_PAINT_TARGET = 0.5
PAGE_DOWN_TARGET = 0.050
FILTER_TARGET = 0.050
RSS_TARGET_MB = 300.0


def clock() -> datetime:
    return NOW


# --- seeding ---------------------------------------------------------------------------------
def cluster_of(index: int) -> Cluster:
    name = f"fate-{9000 + index}"
    return Cluster(
        uuid=f"cccccccc-cccc-4ccc-8ccc-{index:012d}",
        name=name,
        namespace=name,
        chart_name="fate",
        chart_version="v2.0.0",
        revision=1,
        status=ClusterStatus.RUNNING,
    )


def cluster_yaml(cluster: Cluster) -> bytes:
    lines = [
        f"name: {cluster.name}",
        f"namespace: {cluster.namespace}",
        "chartName: fate",
        "chartVersion: v2.0.0",
        f"partyId: {cluster.name.removeprefix('fate-')}",
        "registry: ''",
        "persistence: false",
        "podSecurityPolicy:",
        "  enabled: false",
        "modules:",
        "  - python",
        "  - mysql",
        "  - fateboard",
    ]
    return ("\n".join(lines) + "\n").encode()


STATUS_CYCLE = (JobStatus.SUCCESS, JobStatus.SUCCESS, JobStatus.FAILED, JobStatus.CANCELED)
METHOD_CYCLE = (JobMethod.INSTALL, JobMethod.UPDATE, JobMethod.UPDATE, JobMethod.DELETE)


def job_of(index: int, clusters: list[Cluster]) -> Job:
    """The `index`-th job: finished, on one of the clusters, 30 s after the previous one."""
    cluster = clusters[index % len(clusters)]
    start = BASE + timedelta(seconds=30 * index)
    end = start + timedelta(seconds=60 + index % 540)
    sub_jobs = {
        module: SubJob(module, SubJobStatus.SUCCESS, ModulesStatus.AVAILABLE, start, end)
        for module in ("python", "mysql", "fateboard")
    }
    return Job(
        uuid=f"00000000-0000-4000-8000-{index:012d}",
        method=METHOD_CYCLE[index % 4],
        creator="admin",
        start_time=start,
        end_time=end,
        cluster_id=cluster.uuid,
        sub_jobs=sub_jobs,
        status=STATUS_CYCLE[index % 4],
        meta_data=ClusterArgs(
            cluster.name, cluster.namespace, "fate", "v2.0.0", False, cluster_yaml(cluster)
        ),
        states=(
            "update job status to Running",
            "create Cluster in DB Success",
            "helm install Success",
            "checkout Cluster status [42]",
            "job run Success",
        ),
    )


def job_columns(job: Job) -> dict[str, Any]:
    """The columns `JobTable.insert` writes for `job`."""
    return stamped(new_row_columns(job), created=True)


async def seed(db_path: Path, count: int) -> list[Cluster]:
    """Create the schema and the clusters through the store, then bulk-insert `count` jobs."""
    clusters = [cluster_of(i) for i in range(CLUSTERS)]
    async with await Store.open(db_path) as store, store.transaction() as tx:
        for cluster in clusters:
            await tx.clusters.insert(cluster)
    names = list(job_columns(job_of(0, clusters)))
    sql = f"INSERT INTO jobs ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"

    def rows() -> Iterator[tuple[Any, ...]]:
        for index in range(count):
            yield tuple(job_columns(job_of(index, clusters)).values())

    connection = sqlite3.connect(db_path)
    try:
        with connection:  # one transaction
            connection.execute("PRAGMA foreign_keys = ON")
            connection.executemany(sql, rows())
    finally:
        connection.close()
    return clusters


async def check_seed(db_path: Path, count: int, clusters: list[Cluster]) -> None:
    """The first and last jobs read back through the store equal the jobs that were seeded."""
    async with await Store.open(db_path) as store:
        for index in (0, count - 1):
            stored = await store.read.jobs.get(job_of(index, clusters).uuid)
            assert stored is not None, f"job {index} was not stored"
            expected = job_of(index, clusters)
            assert dataclasses.replace(stored, record=Record()) == expected, (stored, expected)


# --- instrumentation -------------------------------------------------------------------------
class GcWatch:
    """The garbage collector's pauses (they stop the UI too, and grow with live objects)."""

    def __init__(self) -> None:
        self.pauses: list[tuple[float, float]] = []  # (end time, duration)
        self._started = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        now = time.perf_counter()
        if phase == "start":
            self._started = now
        else:
            self.pauses.append((now, now - self._started))

    def between(self, start: float, end: float) -> list[float]:
        return [pause for at, pause in self.pauses if start <= at <= end]

    def __enter__(self) -> GcWatch:
        gc.callbacks.append(self)
        return self

    def __exit__(self, *exc_info: object) -> None:
        gc.callbacks.remove(self)


@dataclasses.dataclass
class Probe:
    """Timestamps taken inside the console."""

    pages: list[tuple[float, float]] = dataclasses.field(default_factory=list)  # (asked, first)
    started: tuple[float, float] = (0.0, 0.0)  # the backend's start() called, and returned
    show_rows: list[tuple[float, float, int]] = dataclasses.field(default_factory=list)
    paints: int = 0
    condition: Callable[[VirtualTable], bool] | None = None
    reached: asyncio.Event = dataclasses.field(default_factory=asyncio.Event)
    reached_at: float = 0.0

    def expect(self, condition: Callable[[VirtualTable], bool]) -> None:
        """Wait (with `until`) for a paint of the jobs table for which `condition` holds."""
        self.condition = condition
        self.reached = asyncio.Event()

    async def until(self) -> float:
        await asyncio.wait_for(self.reached.wait(), TIMEOUT)
        return self.reached_at

    def painted(self, table: VirtualTable) -> None:
        self.paints += 1
        if self.condition is not None and self.condition(table):
            self.reached_at = time.perf_counter()
            self.condition = None
            self.reached.set()


class TimedBackend(EmbeddedBackend):
    """The embedded backend, with the time from `iter_jobs` called to its first page."""

    probe: Probe

    async def start(self) -> None:
        started = time.perf_counter()
        await super().start()
        self.probe.started = (started, time.perf_counter())

    async def iter_jobs(
        self, *, summary: bool = False, page_size: int = JOB_PAGE_SIZE
    ) -> AsyncIterator[JobPage]:
        started, first = time.perf_counter(), True
        async for page in super().iter_jobs(summary=summary, page_size=page_size):
            if first:
                self.probe.pages.append((started, time.perf_counter()))
                first = False
            yield page


@contextlib.contextmanager
def instrumented(probe: Probe) -> Iterator[None]:
    """Wrap the table's paint and the panel's show_rows for the duration of the block."""
    paint, show = VirtualTable.render_lines, ResourcePanel.show_rows

    def render_lines(self: VirtualTable, crop: Region) -> list[Strip]:
        strips = paint(self, crop)
        if self.row_count and isinstance(self.screen, JobsScreen):
            probe.painted(self)
        return strips

    def show_rows(self: ResourcePanel, rows: list[TableRow[Any]], context: RowContext) -> None:
        started = time.perf_counter()
        show(self, rows, context)
        probe.show_rows.append((started, time.perf_counter(), len(rows)))

    VirtualTable.render_lines = render_lines  # type: ignore[method-assign,assignment]
    ResourcePanel.show_rows = show_rows  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        VirtualTable.render_lines = paint  # type: ignore[method-assign]
        ResourcePanel.show_rows = show  # type: ignore[method-assign]


def console(db_path: Path, probe: Probe) -> KubefateApp:
    tune_garbage_collector()  # as `kubefate-tui` does before it runs the app
    backend = TimedBackend(offline_options(db_path))
    backend.probe = probe
    return KubefateApp(backend, clock=clock)


def send_key(app: KubefateApp, key: str) -> None:
    """Hand a key to the app the way a terminal driver does (no Pilot waits)."""
    assert app._driver is not None
    event = events.Key(key, key if len(key) == 1 else None)
    event.set_sender(app)
    app._driver.send_message(event)


def jobs_table(app: KubefateApp) -> VirtualTable:
    return app.screen.query_one(ResourcePanel).table


async def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        await asyncio.sleep(0.01)


# --- the runs --------------------------------------------------------------------------------
@dataclasses.dataclass
class Results:
    count: int = 0
    cold_first_paint: float = 0.0
    cold_first_frame: float = 0.0
    cold_all_rows: float = 0.0
    cold_start_called: float = 0.0
    cold_start: float = 0.0
    cold_page_asked: float = 0.0
    cold_page_read: float = 0.0
    warm_first_paint: float = 0.0
    warm_all_rows: float = 0.0
    switch: float = 0.0  # key to iter_jobs called
    first_page: float = 0.0
    formatting: float = 0.0
    set_rows: float = 0.0
    first_rows: int = 0
    paint: float = 0.0
    loading_page_downs: list[float] = dataclasses.field(default_factory=list)
    page_downs: list[float] = dataclasses.field(default_factory=list)
    filter_first: float = 0.0
    filter_again: float = 0.0
    filter_rows: int = 0
    alone_list_jobs: float = 0.0
    alone_pages_first: float = 0.0
    alone_pages_all: float = 0.0
    alone_sqlite: float = 0.0
    alone_job_rows: float = 0.0
    gc_load: list[float] = dataclasses.field(default_factory=list)
    gc_rest: list[float] = dataclasses.field(default_factory=list)
    gc_pages: list[float] = dataclasses.field(default_factory=list)
    rss_seed_mb: float = 0.0
    rss_console_mb: float = 0.0
    mem_jobs_mb: float = 0.0
    mem_rows_mb: float = 0.0


def has_rows(count: int) -> Callable[[VirtualTable], bool]:
    return lambda table: table.row_count == count


def shows_rows(table: VirtualTable) -> bool:
    return table.row_count > 0


async def cold_run(db_path: Path, results: Results) -> None:
    probe = Probe()
    with instrumented(probe):
        app = console(db_path, probe)
        probe.expect(shows_rows)
        started = time.perf_counter()
        async with app.run_test(size=SIZE):
            results.cold_first_frame = time.perf_counter() - started
            send_key(app, "2")
            results.cold_first_paint = await probe.until() - started
            results.cold_start_called = probe.started[0] - started
            results.cold_start = probe.started[1] - probe.started[0]
            results.cold_page_asked = probe.pages[-1][0] - started
            results.cold_page_read = probe.pages[-1][1] - probe.pages[-1][0]
            probe.expect(has_rows(results.count))
            results.cold_all_rows = await probe.until() - started
            app.exit()


async def warm_run(db_path: Path, results: Results, presses: int) -> None:
    probe = Probe()
    with instrumented(probe), GcWatch() as collector:
        app = console(db_path, probe)
        async with app.run_test(size=SIZE):
            await wait_for(lambda: clusters_loaded(app), "the clusters mode to load")
            await asyncio.sleep(SETTLE)  # let the start-up work end (see SETTLE)
            probe.expect(shows_rows)
            pressed = time.perf_counter()
            send_key(app, "2")
            painted = await probe.until()
            split_first_paint(results, probe, pressed, painted)
            results.gc_load = collector.between(pressed, painted)
            if jobs_table(app).row_count < results.count:  # still loading: how do keys feel?
                await page_downs(app, probe, results.loading_page_downs, 5)
            probe.expect(has_rows(results.count))
            if jobs_table(app).row_count < results.count:
                await probe.until()
            results.warm_all_rows = time.perf_counter() - pressed
            results.gc_rest = collector.between(painted, time.perf_counter())
            await asyncio.sleep(0.2)
            started = time.perf_counter()
            await page_downs(app, probe, results.page_downs, presses)
            results.gc_pages = collector.between(started, time.perf_counter())
            time_filter(jobs_table(app), results)
            app.exit()


def clusters_loaded(app: KubefateApp) -> bool:
    screen = app.screen
    return (
        app.backend_state.phase is BackendPhase.READY
        and isinstance(screen, ResourceScreen)
        and screen.MODE == "clusters"
        and not screen.is_loading
    )


def split_first_paint(results: Results, probe: Probe, pressed: float, painted: float) -> None:
    asked, first_page = probe.pages[-1]
    show_start, show_end, rows = probe.show_rows[-1]
    results.first_rows = rows
    results.warm_first_paint = painted - pressed
    results.switch = asked - pressed
    results.first_page = first_page - asked
    results.formatting = show_start - first_page
    results.set_rows = show_end - show_start
    results.paint = painted - show_end


async def page_downs(app: KubefateApp, probe: Probe, into: list[float], presses: int) -> None:
    table = jobs_table(app)
    for _ in range(presses):
        target = min(table.cursor_row + table.page_height, table.row_count - 1)
        probe.expect(lambda t, target=target: t.cursor_row == target)  # type: ignore[misc]
        pressed = time.perf_counter()
        send_key(app, "pagedown")
        into.append(await probe.until() - pressed)


def time_filter(table: VirtualTable, results: Results) -> None:
    started = time.perf_counter()
    table.filter("failed")
    results.filter_first = time.perf_counter() - started
    results.filter_rows = table.row_count
    table.filter("")
    started = time.perf_counter()
    table.filter("fate-9007")
    results.filter_again = time.perf_counter() - started
    table.filter("")


async def alone(db_path: Path, results: Results) -> None:
    """The summary listing on a started backend, whole and by pages, the plain SQLite read, and
    the row formatting; then (traced) the memory of the models and of the rows. Runs after the
    peak RSS is read."""
    from kubefate_tui.listing.job_listing import JOB_LISTING
    from kubefate_tui.screens.jobs_screen import JOBS_PAGE_SIZE

    backend = EmbeddedBackend(offline_options(db_path))
    await backend.start()
    try:
        started = time.perf_counter()
        jobs = await backend.list_jobs(summary=True)
        results.alone_list_jobs = time.perf_counter() - started
        started = time.perf_counter()
        JOB_LISTING.rows(jobs, RowContext(NOW))
        results.alone_job_rows = time.perf_counter() - started
        del jobs
        started = time.perf_counter()
        async for _page in backend.iter_jobs(summary=True, page_size=JOBS_PAGE_SIZE):
            if not results.alone_pages_first:
                results.alone_pages_first = time.perf_counter() - started
        results.alone_pages_all = time.perf_counter() - started
        tracemalloc.start()
        try:
            jobs = await backend.list_jobs(summary=True)
            results.mem_jobs_mb = tracemalloc.get_traced_memory()[0] / 1e6
            rows = JOB_LISTING.rows(jobs, RowContext(NOW))
            results.mem_rows_mb = tracemalloc.get_traced_memory()[0] / 1e6 - results.mem_jobs_mb
            del jobs, rows
        finally:
            tracemalloc.stop()
    finally:
        await backend.close()
    connection = sqlite3.connect(db_path)
    try:
        started = time.perf_counter()
        connection.execute(
            "SELECT id, uuid, method, creator, cluster_id, status, start_time, end_time, "
            "time_limit_ns FROM jobs WHERE deleted_at IS NULL ORDER BY id"
        ).fetchall()
        results.alone_sqlite = time.perf_counter() - started
    finally:
        connection.close()


# --- report ----------------------------------------------------------------------------------
def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


Line = tuple[str, str, str, str]  # measure, value, target, verdict


def timed(name: str, seconds: float, target: float | None = None) -> Line:
    """A line for a duration; with a target, its verdict."""
    value = f"{seconds * 1000:.1f} ms"
    if target is None:
        return (name, value, "", "")
    return (name, value, f"<= {target * 1000:.0f} ms", "PASS" if seconds <= target else "MISS")


def sized(name: str, megabytes: float, target: float | None = None) -> Line:
    value = f"{megabytes:.1f} MB"
    if target is None:
        return (name, value, "", "")
    return (name, value, f"<= {target:.0f} MB", "PASS" if megabytes <= target else "MISS")


def noted(name: str, value: str) -> Line:
    return (name, value, "", "")


def gc_text(pauses: list[float], total: Callable[[list[float]], float] = sum) -> str:
    return f"{len(pauses)} / {total(pauses) * 1000 if pauses else 0:.1f} ms"


def first_paint_lines(r: Results) -> list[Line]:
    return [
        timed("cold: app start -> jobs list painted", r.cold_first_paint, FIRST_PAINT_TARGET),
        timed("  (app start -> first frame)", r.cold_first_frame),
        timed("  app start -> backend start() called", r.cold_start_called),
        timed("  backend start() (database, admin account, engine)", r.cold_start),
        timed("  app start -> first page asked", r.cold_page_asked),
        timed("  first page read", r.cold_page_read),
        timed(f"  app start -> all {r.count} rows painted", r.cold_all_rows),
        timed("warm: Jobs key -> jobs list painted", r.warm_first_paint, FIRST_PAINT_TARGET),
        timed("  screen switch (key -> iter_jobs called)", r.switch),
        timed("  backend: first page read", r.first_page),
        timed(f"  row formatting (job rows x {r.first_rows}, in the screen)", r.formatting),
        timed("  VirtualTable.set_rows (via show_rows)", r.set_rows),
        timed("  show_rows -> painted", r.paint),
        noted("  GC pauses in it: count / total", gc_text(r.gc_load)),
        timed(f"  Jobs key -> all {r.count} rows painted", r.warm_all_rows),
        noted("  GC pauses while the rest loads: count / total", gc_text(r.gc_rest)),
    ]


def page_lines(name: str, pages: list[float]) -> list[Line]:
    if not pages:
        return [noted(name, "none (all rows were loaded already)")]
    p95 = statistics.quantiles(pages, n=20)[18] if len(pages) >= 20 else max(pages)
    lines = [
        timed(f"{name}, mean of {len(pages)}", statistics.fmean(pages), PAGE_DOWN_TARGET),
        noted("  page-down p95 / max", f"{p95 * 1000:.1f} / {max(pages) * 1000:.1f} ms"),
    ]
    if len(pages) < 10:
        lines.append(noted("  each", " ".join(f"{page * 1000:.0f}" for page in pages) + " ms"))
    return lines


def scrolling_lines(r: Results) -> list[Line]:
    return [
        *page_lines("page-down while the rest loads", r.loading_page_downs),
        *page_lines("page-down", r.page_downs),
        noted("  GC pauses meanwhile: count / longest", gc_text(r.gc_pages, max)),
        timed(f"filter('failed'), first ({r.filter_rows} match)", r.filter_first, FILTER_TARGET),
        timed("filter('fate-9007'), text already lowered", r.filter_again, FILTER_TARGET),
    ]


def memory_lines(r: Results) -> list[Line]:
    return [
        sized("peak RSS (ru_maxrss, through both console runs)", r.rss_console_mb, RSS_TARGET_MB),
        sized("  peak RSS after seeding, before any console", r.rss_seed_mb),
        sized("apart: N summary Job models (traced)", r.mem_jobs_mb),
        sized("apart: N table rows made from them (traced)", r.mem_rows_mb),
        timed("apart: list_jobs(summary=True) on a started backend", r.alone_list_jobs),
        timed("apart: iter_jobs(summary=True), first page", r.alone_pages_first),
        timed("apart: iter_jobs(summary=True), all pages", r.alone_pages_all),
        timed("apart: same columns, plain sqlite3 fetchall", r.alone_sqlite),
        timed("apart: JOB_LISTING.rows() for every job", r.alone_job_rows),
    ]


def report(results: Results) -> None:
    lines = [*first_paint_lines(results), *scrolling_lines(results), *memory_lines(results)]
    width = max(len(name) for name, *_ in lines)
    print(f"\n{'measure':<{width}}  {'value':>16}  {'target':>9}  verdict")
    for name, value, target, mark in lines:
        print(f"{name:<{width}}  {value:>16}  {target:>9}  {mark}")


async def run(count: int, presses: int) -> None:
    results = Results(count=count)
    with tempfile.TemporaryDirectory(prefix="console-scale-") as folder:
        db_path = Path(folder) / "data" / "kubefate.db"
        started = time.perf_counter()
        clusters = await seed(db_path, count)
        await check_seed(db_path, count, clusters)
        results.rss_seed_mb = peak_rss_mb()
        size_mb = db_path.stat().st_size / 1e6
        print(
            f"seeded {count} jobs on {CLUSTERS} clusters ({size_mb:.0f} MB) in "
            f"{time.perf_counter() - started:.1f} s"
        )
        await cold_run(db_path, results)
        await warm_run(db_path, results, presses)
        results.rss_console_mb = peak_rss_mb()
        await alone(db_path, results)
    report(results)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--jobs", type=int, default=100_000)
    parser.add_argument("--presses", type=int, default=50)
    args = parser.parse_args()
    print(f"python: {sys.executable} ({sys.version.split()[0]}), terminal {SIZE[0]}x{SIZE[1]}")
    started = time.perf_counter()
    asyncio.run(run(args.jobs, args.presses))
    print(f"\nwhole run: {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

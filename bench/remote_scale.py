"""Remote mode at scale (issue 14): what a shared `serve` costs as job histories grow.

Part 1, `GET /v1/job/` (the Go CLI's `job list`) at `--jobs` (default 50,000): seeds a fresh
database in one bulk INSERT of what `JobTable.insert` writes (finished jobs with three sub-jobs,
five state lines and a small cluster.yaml, on N/50 clusters), serves it with uvicorn on
loopback in a separate process, and measures

* the time of the whole answer, read by one client (best of `--repeat`), and the server's peak
  RSS growth over its idle RSS (VmHWM - VmRSS before, from /proc);
* beside the floor, in a separate process: the same columns read with plain `sqlite3` and
  encoded with one `json.dumps` (the cluster.yaml as base64, as on the wire), its time and its
  peak RSS growth;
* the slowest of small requests (`GET /v1/version/`) sent one after another while a listing is
  being sent.

Part 2, a remote console on `serve` (with its change feed) holding `--jobs` jobs: a headless
console (120x40, `run_test`) launched on the service, the Jobs key pressed at once; the time to
the first rows, then (once the start is over) `--idle` seconds idle on the Jobs list: console and
service CPU (% of a core; the service's from /proc), bytes the console received (counted by its
HTTP transport) and the requests it sent; then `--changes` jobs changed inside the service (one
at a time, written and their event published as the engine does), each timed until its row on
screen shows the new status (p50/p95).

Part 3, the same console on the KubeFATE double (tests/remote/kubefate_double.py, the Go
service's answers and no feed, in its own process) holding `--double-jobs` jobs (the first 50
still running; a change finishes one): the same figures; the target is the service's CPU.

Targets (issue 14): listing time / floor <= 2, its peak RSS growth <= the floor's, a small
request during a listing <= 0.2 s; through the feed at 50,000 jobs, both CPUs <= 2 %, <= 50 KB
per idle minute, first rows <= 1 s, change delay p95 <= 1 s; on the double at 10,000 jobs,
service CPU <= 10 %.

    python bench/remote_scale.py [--jobs 50000] [--double-jobs 10000] [--parts 1,2,3]
                                 [--idle 60] [--changes 20] [--port 47510]

Prints figures with PASS or MISS and always exits 0 (a benchmark, not a test).
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import collections
import dataclasses
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from textual.css.query import NoMatches  # noqa: E402

from backend.embedded import EmbeddedBackend, EmbeddedOptions  # noqa: E402
from backend.kube import KubeSettings  # noqa: E402
from backend.models import (  # noqa: E402
    Cluster,
    ClusterArgs,
    ClusterStatus,
    Job,
    JobMethod,
    JobStatus,
    ModulesStatus,
    SubJob,
    SubJobStatus,
)
from backend.store import Store  # noqa: E402
from backend.store.job_table import new_row_columns  # noqa: E402
from backend.store.table import stamped  # noqa: E402

BASE = datetime(2024, 1, 1, tzinfo=UTC)
STATUS_CYCLE = (JobStatus.SUCCESS, JobStatus.SUCCESS, JobStatus.FAILED, JobStatus.CANCELED)
FLOOR_COLUMNS = (
    "id, uuid, method, creator, cluster_id, status, start_time, end_time, time_limit_ns, "
    "sub_jobs_json, states_json, has_meta_data, args_name, args_namespace, args_chart_name, "
    "args_chart_version, args_cover, args_data, args_keep_upgrade_job, created_at, updated_at"
)


# --- seeding -------------------------------------------------------------------------------
def offline_options(db_path: Path) -> EmbeddedOptions:
    """No chart repository, no bundled charts, no cluster: the service reads its store."""
    return EmbeddedOptions(
        db_path,
        chart_repo=None,
        bundled_charts=None,
        kube=KubeSettings(kubeconfig=db_path.parent / "no-kubeconfig"),
        helm_log_path=db_path.parent / "helm.log",
        admin_password="admin",
        password_hash_iterations=1000,
    )


def cluster_of(index: int) -> Cluster:
    name = f"fate-{9000 + index}"
    return Cluster(
        f"00000000-0000-4000-9000-{index:012d}",
        name,
        name,
        "fate",
        "v2.0.0",
        status=ClusterStatus.RUNNING,
    )


def job_of(index: int, clusters: list[Cluster]) -> Job:
    """The `index`-th job: finished, on one of the clusters, 30 s after the previous one."""
    cluster = clusters[index % len(clusters)]
    start = BASE + timedelta(seconds=30 * index)
    end = start + timedelta(seconds=60 + index % 540)
    yaml = f"name: {cluster.name}\nnamespace: {cluster.namespace}\npartyId: 9999\n" * 4
    return Job(
        uuid=f"00000000-0000-4000-8000-{index:012d}",
        method=JobMethod.UPDATE if index % 4 else JobMethod.INSTALL,
        creator="admin",
        start_time=start,
        end_time=end,
        cluster_id=cluster.uuid,
        sub_jobs={
            module: SubJob(module, SubJobStatus.SUCCESS, ModulesStatus.AVAILABLE, start, end)
            for module in ("python", "mysql", "fateboard")
        },
        status=STATUS_CYCLE[index % 4],
        meta_data=ClusterArgs(
            cluster.name, cluster.namespace, "fate", "v2.0.0", False, yaml.encode()
        ),
        states=(
            "update job status to Running",
            "create Cluster in DB Success",
            "helm install Success",
            "checkout Cluster status [42]",
            "job run Success",
        ),
    )


async def seed(db_path: Path, count: int) -> None:
    """The schema and the clusters through the store, then `count` jobs in one bulk INSERT."""
    clusters = [cluster_of(i) for i in range(max(1, count // 50))]
    async with await Store.open(db_path) as store, store.transaction() as tx:
        for cluster in clusters:
            await tx.clusters.insert(cluster)
    names = list(stamped(new_row_columns(job_of(0, clusters)), created=True))
    sql = f"INSERT INTO jobs ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"

    def rows() -> Iterator[tuple[Any, ...]]:
        for index in range(count):
            yield tuple(stamped(new_row_columns(job_of(index, clusters)), created=True).values())

    connection = sqlite3.connect(db_path)
    try:
        with connection:
            connection.executemany(sql, rows())
    finally:
        connection.close()


# --- the server process --------------------------------------------------------------------
async def serve(db_path: Path, port: int, change_feed: bool) -> None:
    """The service; each line `touch <uuid>` on stdin changes that job's status in it (as the
    engine would: written, then its event published)."""
    from backend.api import ApiOptions, create_app
    from backend.api.server import ApiServer, uvicorn_config

    backend = EmbeddedBackend(offline_options(db_path))
    await backend.start()
    loop = asyncio.get_running_loop()

    def commands() -> None:
        for line in sys.stdin:
            words = line.split()
            if words[:1] == ["touch"]:
                asyncio.run_coroutine_threadsafe(touch(backend, words[1]), loop)

    threading.Thread(target=commands, daemon=True).start()
    try:
        token = (await (await backend.ready_accounts()).issue_token("admin")).token
        app = create_app(backend, ApiOptions(change_feed=change_feed))
        config = uvicorn_config(app, "127.0.0.1", port)
        server = ApiServer(config, on_started=lambda: print("READY", token, flush=True))
        await server.serve()
    finally:
        await backend.close()


async def touch(backend: EmbeddedBackend, uuid: str) -> None:
    """Flip a finished job between Success and Failed, and publish the change."""
    from backend.events import ChangeAction, ChangeEvent, EntityKind

    job = await backend.get_job(uuid)
    status = JobStatus.FAILED if job.status is JobStatus.SUCCESS else JobStatus.SUCCESS
    async with backend.store.transaction() as tx:
        await tx.jobs.save(dataclasses.replace(job, status=status))
    backend.events.publish(ChangeEvent(EntityKind.JOB, ChangeAction.UPDATED, uuid))


RUNNING_IN_DOUBLE = 50  # jobs still running in the double: a change there finishes one
GO_ZERO = "0001-01-01T00:00:00Z"


def serve_double(jobs: int, port: int) -> None:
    """The KubeFATE double (tests/remote/kubefate_double.py: the Go service's answers, no
    feed) holding `jobs` jobs; `touch <uuid>` on stdin changes one as KubeFATE's worker would."""
    from tests.remote.kubefate_double import KubefateDouble

    double = KubefateDouble()
    double.port = port
    clusters = [cluster_of(i) for i in range(max(1, jobs // 50))]
    double.clusters = {cluster.uuid: cluster.to_wire() for cluster in clusters}
    double.jobs = {job.uuid: job.to_wire() for job in (job_of(i, clusters) for i in range(jobs))}
    for index in range(min(jobs, RUNNING_IN_DOUBLE)):  # what the changes will finish
        double.jobs[job_of(index, clusters).uuid].update(status="Running", end_time=GO_ZERO)
    double.start()
    print("READY -", flush=True)
    for line in sys.stdin:
        words = line.split()
        if words[:1] == ["touch"]:
            status = double.jobs[words[1]]["status"]
            double.update_job(words[1], status="Failed" if status == "Success" else "Success")
            # (a running job finishes: Success)
        with double.lock:
            double.requests.clear()  # it records every request: keep its memory flat


class Server:
    """`serve` in its own process (client and server do not share an interpreter lock); or,
    with `double`, the KubeFATE double holding `double` jobs."""

    def __init__(
        self, db_path: Path, port: int, *, change_feed: bool = True, double: int = 0
    ) -> None:
        feed = [] if change_feed else ["--no-change-feed"]
        command = ["--serve", str(db_path), str(port), *feed]
        if double:
            command = ["--double", str(double), str(port)]
        self.process = subprocess.Popen(
            [sys.executable, __file__, *command],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline().split()
        if not line or line[0] != "READY":
            self.process.kill()
            raise SystemExit(f"the API server did not start: {line!r}")
        self.url = f"http://127.0.0.1:{port}"
        self.headers = {"Authorization": f"Bearer {line[1]}"}

    def memory(self, key: str) -> int:
        """VmRSS or VmHWM of the server process, bytes."""
        return proc_memory(self.process.pid, key)

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def touch(self, uuid: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(f"touch {uuid}\n")
        self.process.stdin.flush()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)


def proc_memory(pid: int | str, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) * 1024
    raise KeyError(key)


# --- part 1: the full listing ----------------------------------------------------------------
def time_listing(server: Server, repeat: int) -> tuple[float, int]:
    """The best time of reading the whole `GET /v1/job/` answer, and its size."""
    best, size = float("inf"), 0
    with httpx.Client(base_url=server.url, headers=server.headers, timeout=120) as client:
        for _ in range(repeat):
            started = time.perf_counter()
            response = client.get("/v1/job/")
            best = min(best, time.perf_counter() - started)
            size = len(response.content)
            assert response.status_code == 200
    return best, size


def small_requests_during_listing(server: Server) -> list[float]:
    """Latencies of `GET /v1/version/` sent one after another while a listing is sent."""
    done = threading.Event()

    def listing() -> None:
        with httpx.Client(base_url=server.url, headers=server.headers, timeout=120) as client:
            client.get("/v1/job/")
        done.set()

    thread = threading.Thread(target=listing)
    latencies: list[float] = []
    with httpx.Client(base_url=server.url, headers=server.headers, timeout=120) as client:
        client.get("/v1/version/")
        thread.start()
        time.sleep(0.05)  # the listing has started (a bench, not a test)
        while not done.is_set():
            started = time.perf_counter()
            client.get("/v1/version/")
            latencies.append(time.perf_counter() - started)
            time.sleep(0.02)
    thread.join()
    return latencies


def floor(db_path: Path) -> None:
    """Run in its own process: the same columns, plain sqlite3, one json.dumps."""
    before = proc_memory("self", "VmRSS")
    started = time.perf_counter()
    connection = sqlite3.connect(db_path)
    cursor = connection.execute(
        f"SELECT {FLOOR_COLUMNS} FROM jobs WHERE deleted_at IS NULL ORDER BY id"
    )
    names = [column[0] for column in cursor.description]
    rows = []
    for row in cursor:
        record = dict(zip(names, row, strict=True))
        record["args_data"] = base64.b64encode(record["args_data"]).decode()
        rows.append(record)
    body = json.dumps({"data": rows, "msg": "getJobList Success"}).encode()
    elapsed = time.perf_counter() - started
    print(elapsed, len(body), proc_memory("self", "VmHWM") - before)


def run_floor(db_path: Path) -> tuple[float, int, int]:
    output = subprocess.run(
        [sys.executable, __file__, "--floor", str(db_path)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    ).stdout.split()
    return float(output[0]), int(output[1]), int(output[2])


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def part_listing(db_path: Path, port: int, repeat: int) -> None:
    floor_runs = [run_floor(db_path) for _ in range(repeat)]
    floor_time = min(run[0] for run in floor_runs)
    floor_size, floor_peak = floor_runs[0][1], min(run[2] for run in floor_runs)
    server = Server(db_path, port)
    try:
        idle = server.memory("VmRSS")
        listing_time, size = time_listing(server, repeat)
        peak = server.memory("VmHWM") - idle
        latencies = small_requests_during_listing(server)
    finally:
        server.stop()
    ratio = listing_time / floor_time
    print("part 1: GET /v1/job/")
    print(f"  answer {size / 1e6:.1f} MB (floor's JSON {floor_size / 1e6:.1f} MB)")
    print(
        f"  time   {listing_time:.2f} s   floor {floor_time:.2f} s   "
        f"ratio {ratio:.2f} (<= 2) {verdict(ratio <= 2)}"
    )
    print(
        f"  peak RSS growth {peak / 1e6:.0f} MB   floor {floor_peak / 1e6:.0f} MB   "
        f"{verdict(peak <= floor_peak)} (<= floor's)"
    )
    slowest = max(latencies) if latencies else float("nan")
    print(
        f"  small requests during a listing: {len(latencies)}, slowest {slowest * 1000:.0f} ms"
        f" (<= 200 ms) {verdict(bool(latencies) and slowest <= 0.2)}"
    )


# --- part 2: a remote console idle on the Jobs list ---------------------------------------------
class CountingTransport(httpx.AsyncBaseTransport):
    """Counts the bytes of every answer body the console receives (instrumentation only)."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.received = 0
        self.paths: collections.Counter[str] = collections.Counter()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.paths[request.url.path] += 1
        response = await self.inner.handle_async_request(request)
        return httpx.Response(
            response.status_code,
            headers=response.headers,
            stream=CountingStream(response.stream, self),  # type: ignore[arg-type]
            extensions=response.extensions,
        )

    async def aclose(self) -> None:
        await self.inner.aclose()


class CountingStream(httpx.AsyncByteStream):
    def __init__(self, inner: httpx.AsyncByteStream, owner: CountingTransport) -> None:
        self.inner = inner
        self.owner = owner

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self.inner:
            self.owner.received += len(chunk)
            yield chunk

    async def aclose(self) -> None:
        await self.inner.aclose()


@dataclasses.dataclass
class ConsoleFigures:
    first_rows: float = float("nan")
    console_cpu: float = float("nan")
    service_cpu: float = float("nan")
    bytes_per_minute: float = float("nan")
    idle_requests: collections.Counter[str] = dataclasses.field(default_factory=collections.Counter)
    start_seconds: float = float("nan")
    start_bytes: int = 0
    delays: list[float] = dataclasses.field(default_factory=list)


async def until(condition: Callable[[], bool], limit: float = 120.0, step: float = 0.005) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the console did not get there in time")
        await asyncio.sleep(step)


def job_table(app: Any) -> Any:
    from kubefate_tui.screens.jobs_screen import JobsScreen
    from kubefate_tui.widgets.tables.resource_panel import ResourcePanel

    screen = app.screen
    return screen.query_one(ResourcePanel).table if isinstance(screen, JobsScreen) else None


async def seconds_until(condition: Callable[[], bool], since: float) -> float:
    """When `condition` first held, in seconds after `since` (a perf_counter reading)."""
    await until(condition)
    return time.perf_counter() - since


def has_rows(app: Any) -> bool:
    """The Jobs list shows at least one row (its table exists only once rows came)."""
    try:
        table = job_table(app)
    except NoMatches:  # the panel still says it is loading
        return False
    return table is not None and table.row_count > 0


async def watch_console(server: Server, args: argparse.Namespace, jobs: int) -> ConsoleFigures:
    """A headless console (120x40) on the service: launch → Jobs rows, idle, then changes."""
    from backend.remote import RemoteBackend, RemoteSettings
    from kubefate_tui.app import KubefateApp

    figures = ConsoleFigures()
    transport = CountingTransport()
    settings = RemoteSettings(url=server.url, username="admin", password="admin")
    app = KubefateApp(RemoteBackend(settings, transport=transport))
    started = time.perf_counter()
    async with app.run_test(size=(120, 40)) as pilot:
        # Watched beside the key press: `press` returns only once the app is idle, long after
        # the first rows are drawn while the rest of the list is still loading.
        first_rows = asyncio.create_task(seconds_until(lambda: has_rows(app), started))
        await pilot.press("2")
        figures.first_rows = await first_rows
        await until(lambda: job_table(app).row_count >= jobs, step=0.05)
        await started_up(app)
        figures.start_seconds = time.perf_counter() - started
        figures.start_bytes = transport.received
        received, cpu, service = transport.received, time.process_time(), server.cpu_seconds()
        asked = collections.Counter(transport.paths)
        await asyncio.sleep(args.idle)
        figures.idle_requests = transport.paths - asked
        figures.console_cpu = (time.process_time() - cpu) / args.idle
        figures.service_cpu = (server.cpu_seconds() - service) / args.idle
        figures.bytes_per_minute = (transport.received - received) * 60 / args.idle
        figures.delays = await change_delays(app, server, args.changes)
        app.exit()
    return figures


async def started_up(app: Any) -> None:
    """Until the start is over: the finish watch has read the jobs, nothing loads."""
    await until(lambda: app.live is not None and app.live.finish_watch.seeded, step=0.05)
    await until(lambda: not app.screen.is_loading, step=0.05)
    await asyncio.sleep(1.0)  # what the start set off (a bench, not a test)


async def change_delays(app: Any, server: Server, count: int) -> list[float]:
    """From a job's change in the service to its row showing the new status."""
    delays = []
    for index in range(count):
        uuid = f"00000000-0000-4000-8000-{index:012d}"
        table = job_table(app)
        before = table.get_row(uuid)
        changed = time.perf_counter()
        server.touch(uuid)
        await until(lambda: job_table(app).get_row(uuid) != before)  # noqa: B023
        delays.append(time.perf_counter() - changed)
        await asyncio.sleep(0.2)
    return delays


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else float("nan")


async def part_console(db_path: Path, args: argparse.Namespace, *, change_feed: bool) -> None:
    """Part 2 (`serve` with the feed, `--jobs`) or 3 (the KubeFATE double, `--double-jobs`)."""
    jobs = args.jobs if change_feed else args.double_jobs
    double = 0 if change_feed else jobs
    server = Server(db_path, args.port + 1, double=double)
    try:
        figures = await watch_console(server, args, jobs)
    finally:
        server.stop()
    if change_feed:
        print(f"part 2: a remote console idle on Jobs for {args.idle:.0f} s, {jobs:,} jobs, feed")
        print_figures(figures, service_target=0.02, feed_targets=True)
    else:
        print(f"part 3: a remote console idle on Jobs for {args.idle:.0f} s, the KubeFATE double")
        print(f"  ({jobs:,} jobs, no feed: the client polls)")
        print_figures(figures, service_target=0.10, feed_targets=False)


def print_figures(figures: ConsoleFigures, *, service_target: float, feed_targets: bool) -> None:
    """The figures; PASS or MISS where the issue sets a target for this part."""

    def target(ok: bool, text: str) -> str:
        return f"({text}) {verdict(ok)}" if feed_targets else ""

    p50, p95 = percentile(figures.delays, 0.5), percentile(figures.delays, 0.95)
    print(
        f"  launch to first rows  {figures.first_rows:.2f} s "
        + target(figures.first_rows <= 1, "<= 1 s")
    )
    print(
        f"  console CPU  {figures.console_cpu * 100:.1f} % of a core "
        + target(figures.console_cpu <= 0.02, "<= 2 %")
    )
    print(
        f"  service CPU  {figures.service_cpu * 100:.1f} % of a core "
        f"(<= {service_target * 100:.0f} %) {verdict(figures.service_cpu <= service_target)}"
    )
    print(
        f"  received  {figures.bytes_per_minute / 1000:.1f} KB per idle minute "
        + target(figures.bytes_per_minute <= 50_000, "<= 50 KB")
    )
    print(
        "  start (launch until the finish watch has read the jobs): "
        f"{figures.start_seconds:.1f} s, {figures.start_bytes / 1e6:.1f} MB received"
    )
    asked = ", ".join(f"{path} x{n}" for path, n in figures.idle_requests.most_common(5))
    print(f"  requests while idle: {asked or 'none'}")
    print(
        f"  change to row: p50 {p50:.2f} s  p95 {p95:.2f} s over {len(figures.delays)} "
        + target(p95 <= 1, "p95 <= 1 s")
    )


# --- main ------------------------------------------------------------------------------------
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=50_000)
    parser.add_argument("--port", type=int, default=47510)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--idle", type=float, default=60.0, help="seconds idle on Jobs")
    parser.add_argument("--changes", type=int, default=20)
    parser.add_argument(
        "--parts",
        default="1,2,3",
        help="which parts to run (1: listing, 2: console with the feed, 3: on the double)",
    )
    parser.add_argument("--serve", nargs=2, metavar=("DB", "PORT"))
    parser.add_argument("--no-change-feed", action="store_true")
    parser.add_argument("--double", nargs=2, metavar=("JOBS", "PORT"))
    parser.add_argument("--double-jobs", type=int, default=10_000)
    parser.add_argument("--floor", metavar="DB")
    args = parser.parse_args()
    if args.serve:
        asyncio.run(serve(Path(args.serve[0]), int(args.serve[1]), not args.no_change_feed))
        return
    if args.double:
        serve_double(int(args.double[0]), int(args.double[1]))
        return
    if args.floor:
        floor(Path(args.floor))
        return
    with tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "data" / "kubefate.db"
        started = time.perf_counter()
        asyncio.run(seed(db_path, args.jobs))
        print(f"seeded {args.jobs} jobs in {time.perf_counter() - started:.1f} s")
        parts = set(args.parts.split(","))
        if "1" in parts:
            part_listing(db_path, args.port, args.repeat)
        if "2" in parts:
            asyncio.run(part_console(db_path, args, change_feed=True))
        if "3" in parts:
            asyncio.run(part_console(db_path, args, change_feed=False))


if __name__ == "__main__":
    main()

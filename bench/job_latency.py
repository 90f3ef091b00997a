"""How fast the job engine follows Kubernetes, measured against the Kubernetes API emulator.

An embedded backend (real SQLite store, real Helm engine in its worker processes, real
Kubernetes client) installs the small test chart (tests/engine/mini_fate_chart.py: two
StatefulSets and a Deployment) into the emulator, which plays the cluster's controllers.

(a) Readiness latency: from a workload turning Available in the API (the timestamp is taken as
    soon as the emulator's `mark_ready` returns, i.e. the status is stored and handed to the
    open watches) to the job's change event reaching a subscriber, after which the job read
    from the backend shows that sub-job Success. One install per three trials: once the engine
    follows the install's workloads (its two watches are open and it has recorded the three
    sub-jobs as Running), the bench marks the workloads ready one at a time, in random order,
    each after a random pause of 0-1 s, so that the moments fall at every phase of the engine's
    1 s tick. Target: p95 <= 0.5 s (KubeFATE polls every second: about 0.5 s on average, up
    to 1 s).

(b) Engine overhead for an install whose workloads become ready at once (the emulator marks
    every workload ready as soon as it is created): wall time from `install_cluster()` to the
    job's Success event, with Helm's install call (timed by wrapping the engine's
    ReleaseDeployer port) and the readiness wait (from Helm's return to the last workload
    turning Available, zero when they were ready before Helm returned) shown apart.

Instrumentation lives in this file only: the engine's ports are wrapped by replacing the
engine's `EngineParts` with timing wrappers around the same adapters, the event bus's
`publish` is wrapped to timestamp each event, and the emulator's `mark_ready` is wrapped to
timestamp each workload turning Available. Production code is unchanged.

    python bench/job_latency.py [--trials 50] [--installs 10] [--seed N]

Prints figures, PASS or MISS against the target, and always exits 0 (a benchmark, not a test).
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import dataclasses
import random
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from backend.embedded import EmbeddedBackend  # noqa: E402
from backend.engine.ports import ClusterTarget, EngineParts, WorkloadStates  # noqa: E402
from backend.engine.readiness_wait import TICK_SECONDS  # noqa: E402
from backend.events import ChangeEvent, EntityKind, Subscription  # noqa: E402
from backend.models import ClusterArgs, HelmChart, Job, JobStatus, SubJobStatus  # noqa: E402
from backend.models.enums import ModulesStatus  # noqa: E402
from tests.engine.conftest import backend_for  # noqa: E402
from tests.engine.mini_fate_chart import cluster_yaml, mini_fate_chart  # noqa: E402
from tests.kube_emulator import KubeEmulator  # noqa: E402

TARGET_P95 = 0.5
MODULES = ("python", "mysql", "fateboard")
WAIT_LIMIT = 20.0  # seconds any single step may take before the bench gives up on it

Clock = time.perf_counter


# --- instrumentation -------------------------------------------------------------------------


class TimedReleases:
    """The engine's ReleaseDeployer, with each install's start and end recorded per release."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.installs: dict[str, tuple[float, float]] = {}

    async def install(
        self, target: ClusterTarget, chart: HelmChart, values: Mapping[str, Any], owner: str
    ) -> int:
        started = Clock()
        revision = await self.inner.install(target, chart, values, owner)
        self.installs[target.name] = (started, Clock())
        return int(revision)

    def __getattr__(self, name: str) -> Any:  # upgrade, rollback, uninstall, release ...
        return getattr(self.inner, name)


class TimedValues:
    """The engine's ValuesRenderer (Helm renders the values-template), timed per call."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.last: tuple[float, float] = (0.0, 0.0)

    async def render(self, chart: HelmChart, spec: Mapping[str, Any]) -> dict[str, Any]:
        started = Clock()
        values = await self.inner.render(chart, spec)
        self.last = (started, Clock())
        return dict(values)


class TimedWorkloads:
    """The engine's WorkloadObserver: records when the watch hands the engine a workload's
    first Available state, and when each watch is asked for and delivers its first states."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.available: dict[tuple[str, str], float] = {}
        self.first_states: dict[str, float] = {}
        self.watch_started: dict[str, float] = {}

    async def watch(self, target: ClusterTarget) -> AsyncIterator[WorkloadStates]:
        self.watch_started[target.name] = Clock()
        async for states in self.inner.watch(target):
            moment = Clock()
            self.first_states.setdefault(target.name, moment)
            for module, state in states.items():
                if state is ModulesStatus.AVAILABLE:
                    self.available.setdefault((target.name, module), moment)
            yield states

    def __getattr__(self, name: str) -> Any:  # states, stuck_reasons
        return getattr(self.inner, name)


@dataclasses.dataclass
class Probes:
    releases: TimedReleases
    values: TimedValues
    workloads: TimedWorkloads
    published: collections.deque[tuple[ChangeEvent, float]]
    job_published: dict[str, float]  # the latest publish time of each job's events
    ready_at: dict[tuple[str, str], float]


def instrument(backend: EmbeddedBackend, emulator: KubeEmulator) -> Probes:
    engine = backend.engine
    parts: EngineParts = engine._parts  # the bench's own view of the engine's ports
    releases = TimedReleases(parts.releases)
    values = TimedValues(parts.values)
    workloads = TimedWorkloads(parts.workloads)
    engine._parts = dataclasses.replace(
        parts,
        releases=releases,
        values=values,
        workloads=workloads,
    )

    published: collections.deque[tuple[ChangeEvent, float]] = collections.deque()
    job_published: dict[str, float] = {}
    publish = backend.events.publish

    def timed_publish(event: ChangeEvent) -> None:
        moment = Clock()
        published.append((event, moment))
        if event.kind is EntityKind.JOB:
            job_published[event.uuid] = moment
        publish(event)

    backend.events.publish = timed_publish  # type: ignore[method-assign]

    ready_at: dict[tuple[str, str], float] = {}
    controller = emulator.controller
    mark_ready = controller.mark_ready

    def timed_mark_ready(namespace: str, name: str, **kw: Any) -> Any:
        stored = mark_ready(namespace, name, **kw)
        ready_at.setdefault((namespace, name), Clock())  # the status is stored and sent
        return stored

    controller.mark_ready = timed_mark_ready  # type: ignore[method-assign]
    return Probes(releases, values, workloads, published, job_published, ready_at)


class EventTap:
    """One subscription, with each event's publish time matched to it (same order)."""

    def __init__(self, subscription: Subscription, published: collections.deque[Any]) -> None:
        self.subscription = subscription
        self.published = published

    def drain(self) -> None:
        """Forget every event so far (both sides change together, in `publish`)."""
        while self.subscription.pending():
            self.subscription._queue.get_nowait()
        self.published.clear()

    def skip_pending(self) -> None:
        """Consume the events already queued, keeping publish times aligned with them."""
        while self.subscription.pending():
            event = self.subscription._queue.get_nowait()
            while self.published and self.published.popleft()[0] != event:
                pass

    async def next_for(self, job_uuid: str) -> tuple[float, float]:
        """(publish time, arrival time) of the next event for the job."""
        while True:
            event = await asyncio.wait_for(anext(self.subscription), WAIT_LIMIT)
            arrived = Clock()
            published = arrived
            while self.published:
                candidate, moment = self.published.popleft()
                if candidate == event:
                    published = moment
                    break
            if event.kind is EntityKind.JOB and event.uuid == job_uuid:
                return published, arrived


# --- helpers ---------------------------------------------------------------------------------


def cluster_args(name: str) -> ClusterArgs:
    return ClusterArgs(name, name, "fate", "v2.0.0", data=cluster_yaml(name, name))


def open_watches(emulator: KubeEmulator, namespace: str) -> int:
    store = emulator.store
    with store.lock:
        return sum(1 for w in store._watchers if w.namespace == namespace)


async def until(condition: Any, what: str) -> None:
    deadline = time.monotonic() + WAIT_LIMIT
    while not await condition():
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out waiting for {what}")
        await asyncio.sleep(0.005)


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    rank = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[rank]  # nearest rank


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f}"


# --- (a) readiness latency -------------------------------------------------------------------


@dataclasses.dataclass
class Sample:
    to_engine: float  # API stored -> the watch hands the engine the Available state
    to_publish: float  # API stored -> the job's change event published (committed)
    to_event: float  # API stored -> the event arrives at the subscriber
    to_read: float  # API stored -> the job as read shows the sub-job Success
    tick_phase: float  # seconds since the job's previous event (mostly the 1 s counter tick)


async def readiness_trials(
    backend: EmbeddedBackend,
    emulator: KubeEmulator,
    probes: Probes,
    trials: int,
    rng: random.Random,
) -> tuple[list[Sample], int]:
    samples: list[Sample] = []
    installs = 0
    controller = emulator.controller
    async with backend.subscribe() as subscription:
        tap = EventTap(subscription, probes.published)
        while len(samples) < trials:
            name = f"lat-{installs:03d}"
            installs += 1
            controller.create_namespace(name)
            accepted = await backend.install_cluster(cluster_args(name))

            async def following(uuid: str = accepted.uuid, ns: str = name) -> bool:
                job = await backend.get_job(uuid)
                return len(job.sub_jobs or {}) == len(MODULES) and open_watches(emulator, ns) == 2

            await until(following, f"{name}: the engine following its workloads")
            tap.drain()
            for module in rng.sample(MODULES, len(MODULES)):
                if len(samples) >= trials:  # done: let the install finish
                    controller.mark_ready(name, module)
                    continue
                await asyncio.sleep(rng.uniform(0.0, TICK_SECONDS))
                tap.skip_pending()  # counter ticks and the like, before the change
                controller.mark_ready(name, module)
                stored = probes.ready_at[(name, module)]
                phase = stored - probes.job_published[accepted.uuid]
                while True:
                    published, arrived = await tap.next_for(accepted.uuid)
                    job = await backend.get_job(accepted.uuid)
                    sub_job = (job.sub_jobs or {}).get(module)
                    if sub_job is not None and sub_job.status is SubJobStatus.SUCCESS:
                        read = Clock()
                        break
                samples.append(
                    Sample(
                        to_engine=probes.workloads.available[(name, module)] - stored,
                        to_publish=published - stored,
                        to_event=arrived - stored,
                        to_read=read - stored,
                        tick_phase=phase % TICK_SECONDS,
                    )
                )
            await asyncio.wait_for(backend.engine.wait_idle(), WAIT_LIMIT)
            done = await backend.get_job(accepted.uuid)
            if done.status is not JobStatus.SUCCESS:
                raise RuntimeError(f"{name}: install ended {done.status}: {done.states}")
    return samples, installs


def report_readiness(samples: list[Sample], installs: int, read_cost: float) -> None:
    print(
        f"\n(a) readiness latency: {len(samples)} trials over {installs} installs "
        "(3 workloads each, marked Available one at a time after a random 0-1 s pause)"
    )
    print(f"    {'milliseconds after the API stored Available':46s}    p50      p95      max")
    rows = [
        ("watch delivers the state to the engine", [s.to_engine for s in samples]),
        ("job change committed and published", [s.to_publish for s in samples]),
        ("event arrives at the subscriber  <- latency", [s.to_event for s in samples]),
        ("subscriber's job read shows sub-job Success", [s.to_read for s in samples]),
    ]
    for label, values in rows:
        print(
            f"    {label:46s} {ms(percentile(values, 0.5))} {ms(percentile(values, 0.95))}"
            f" {ms(max(values))}"
        )
    engine_part = [s.to_publish - s.to_engine for s in samples]
    print(
        f"    {'  of which engine (state in -> published)':46s} "
        f"{ms(percentile(engine_part, 0.5))} {ms(percentile(engine_part, 0.95))}"
        f" {ms(max(engine_part))}"
    )
    print(f"    {'  one job re-read (run.reload), for scale':46s} {ms(read_cost)}")
    latency = [s.to_event for s in samples]
    p95 = percentile(latency, 0.95)
    verdict = "PASS" if p95 <= TARGET_P95 else "MISS"
    print(
        f"    latency p50 {percentile(latency, 0.5) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, "
        f"max {max(latency) * 1000:.1f} ms; target p95 <= {TARGET_P95 * 1000:.0f} ms: {verdict}"
        " (KubeFATE: 1 s poll, ~500 ms mean, up to 1000 ms)"
    )
    # Does the 1 s tick shape the latency? Compare trials by where in the tick they fell.
    early = [s.to_event for s in samples if s.tick_phase < TICK_SECONDS / 2]
    late = [s.to_event for s in samples if s.tick_phase >= TICK_SECONDS / 2]
    if early and late:
        print(
            f"    by phase in the 1 s tick: first half median {statistics.median(early) * 1000:.1f}"
            f" ms (n={len(early)}), second half median {statistics.median(late) * 1000:.1f} ms"
            f" (n={len(late)}); a tick-driven path would show ~{TICK_SECONDS * 1000:.0f} ms"
            " spread and a phase dependence"
        )


async def read_cost(backend: EmbeddedBackend, job_uuid: str, rounds: int = 200) -> float:
    reads = []
    for _ in range(rounds):
        started = Clock()
        await backend.store.read.jobs.get(job_uuid)
        reads.append(Clock() - started)
    return statistics.median(reads)


# --- (b) engine overhead ---------------------------------------------------------------------


@dataclasses.dataclass
class Install:
    total: float  # install_cluster() called -> the job's Success event arrives
    accept: float  # install_cluster() call itself (checks, insert, commit)
    values: float  # Helm renders the values-template (inside the engine's overhead)
    helm: float  # the Helm install call
    ready_wait: float  # Helm returned -> last workload Available in the API (>= 0)
    before_helm: float  # accepted -> Helm install starts
    after_ready: float  # max(Helm returned, last Available) -> Success event arrives
    to_watch: float  # Helm returned -> the engine's watch delivers its first states
    events: int  # job change events published for the install

    @property
    def overhead(self) -> float:
        return self.total - self.helm - self.ready_wait


async def overhead_installs(
    backend: EmbeddedBackend, emulator: KubeEmulator, probes: Probes, count: int
) -> list[Install]:
    emulator.controller.auto_ready(delay_ms=0)
    results: list[Install] = []
    async with backend.subscribe() as subscription:
        tap = EventTap(subscription, probes.published)
        # One unmeasured install first: auto_ready() just re-marked every earlier workload on
        # the emulator's thread, and the first install of a kind warms caches.
        for index in range(-1, count):
            name = f"ovh-{index:03d}" if index >= 0 else "ovh-warm-up"
            emulator.controller.create_namespace(name)
            await asyncio.wait_for(backend.engine.wait_idle(), WAIT_LIMIT)
            tap.drain()
            started = Clock()
            accepted = await backend.install_cluster(cluster_args(name))
            accepted_at = Clock()
            events = 0
            while True:
                _, arrived = await tap.next_for(accepted.uuid)
                events += 1
                job: Job = await backend.get_job(accepted.uuid)
                if job.status.is_terminal:
                    break
            if job.status is not JobStatus.SUCCESS:
                raise RuntimeError(f"{name}: install ended {job.status}: {job.states}")
            helm_start, helm_end = probes.releases.installs[name]
            values_start, values_end = probes.values.last
            last_ready = max(probes.ready_at[(name, module)] for module in MODULES)
            wait = max(0.0, last_ready - helm_end)
            if index < 0:
                continue
            results.append(
                Install(
                    total=arrived - started,
                    accept=accepted_at - started,
                    values=values_end - values_start,
                    helm=helm_end - helm_start,
                    ready_wait=wait,
                    before_helm=helm_start - accepted_at,
                    after_ready=arrived - max(helm_end, last_ready),
                    to_watch=probes.workloads.first_states[name] - helm_end,
                    events=events,
                )
            )
    emulator.controller.stop_auto()
    return results


def report_overhead(results: list[Install]) -> None:
    print(
        f"\n(b) install with workloads ready at once (auto_ready delay 0): median of "
        f"{len(results)} installs (distinct releases and namespaces, after 1 unmeasured)"
    )

    def row(label: str, values: list[float]) -> None:
        print(
            f"    {label:46s} {ms(statistics.median(values))} {ms(min(values))} {ms(max(values))}"
        )

    print(f"    {'milliseconds':46s} median      min      max")
    row("total: install_cluster() -> Success event", [r.total for r in results])
    row("Helm install call", [r.helm for r in results])
    row("readiness wait (Helm returned -> last ready)", [r.ready_wait for r in results])
    row("engine overhead = total - Helm - wait", [r.overhead for r in results])
    row("  accept (install_cluster() returns)", [r.accept for r in results])
    row("  accepted -> Helm install starts", [r.before_helm for r in results])
    row("    of which values-template render (Helm)", [r.values for r in results])
    row("  Helm returned & ready -> Success event", [r.after_ready for r in results])
    row("    of which Helm returned -> watch's 1st states", [r.to_watch for r in results])
    print(f"    job change events per install: {statistics.median([r.events for r in results]):g}")


# --- main ------------------------------------------------------------------------------------


async def run(trials: int, installs: int, seed: int) -> None:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="kubefate-bench-latency-") as folder:
        workdir = Path(folder)
        emulator = KubeEmulator(workdir=workdir)
        await asyncio.to_thread(emulator.start)
        backend: EmbeddedBackend | None = None
        try:
            kubeconfig = emulator.write_kubeconfig()
            backend = backend_for(workdir / "data" / "kubefate.db", kubeconfig)
            await backend.start()
            await backend.upload_chart(mini_fate_chart())
            probes = instrument(backend, emulator)

            started = Clock()
            samples, used = await readiness_trials(backend, emulator, probes, trials, rng)
            jobs = await backend.list_jobs()
            cost = await read_cost(backend, jobs[0].uuid)
            report_readiness(samples, used, cost)
            print(f"    ({Clock() - started:.1f} s)")

            started = Clock()
            results = await overhead_installs(backend, emulator, probes, installs)
            report_overhead(results)
            print(f"    ({Clock() - started:.1f} s)")
        finally:
            if backend is not None:
                with contextlib.suppress(Exception):
                    await backend.close()
            await asyncio.to_thread(emulator.stop)
    if emulator.internal_errors:
        print("emulator internal errors:\n" + "\n".join(emulator.internal_errors))


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--trials", type=int, default=50)
    parser.add_argument("--installs", type=int, default=10)
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    print(f"python: {sys.executable} ({sys.version.split()[0]}), seed {seed}")
    started = Clock()
    asyncio.run(run(args.trials, args.installs, seed))
    print(f"\nwhole run: {Clock() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

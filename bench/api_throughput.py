"""Throughput of the served API's busiest read, `GET /v1/job/`, against its floor.

Seeds 1,000 realistic jobs (three sub-jobs, KubeFATE's states, a cluster.yaml in meta_data) in
a fresh database, serves the API with uvicorn on loopback in a separate process (so client and
server do not share one interpreter lock), and measures for `--seconds` each:

(a) HTTP, one keep-alive client: requests/s of `GET /v1/job/` with a token, sequentially;
(b) HTTP, `--clients` concurrent keep-alive clients (asyncio, one process);
(c) the floor, in this process with no server running: the same rows read from SQLite
    (`store.read.jobs.list_all()`) and JSON-encoded exactly as the handler encodes them
    (`to_wire()` of each job in the gin.H envelope, `go_json_dumps`, UTF-8), per second;
    taken before and after the HTTP runs, the better one kept.

The ratio floor / HTTP says what HTTP, routing, the token check and the middleware cost on top
of the work itself. Target: ratio <= 2 for the single client.

    python bench/api_throughput.py [--jobs 1000] [--seconds 8] [--clients 4]

Prints figures and PASS or MISS against the target; always exits 0 (a benchmark, not a test).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from backend.api.responses import success  # noqa: E402
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
from backend.models.wire import go_json_dumps, now  # noqa: E402
from backend.store import Store  # noqa: E402

TARGET_RATIO = 2.0
CLUSTER_YAML = b"""\
name: fate-9999
namespace: fate-9999
chartName: fate
chartVersion: v2.0.0
partyId: 9999
registry: ""
pullPolicy: IfNotPresent
modules:
  - mysql
  - python
  - fateboard
  - client
computing: Eggroll
federation: OSX
storage: Eggroll
"""


def offline_options(db_path: Path) -> EmbeddedOptions:
    """No chart repository, no bundled charts, no cluster: the bench reads the store only."""
    return EmbeddedOptions(
        db_path,
        chart_repo=None,
        bundled_charts=None,
        kube=KubeSettings(kubeconfig=db_path.parent / "no-kubeconfig"),
        helm_log_path=db_path.parent / "helm.log",
        admin_password="admin",
    )


def realistic_job(index: int, cluster_id: str) -> Job:
    started = now() - timedelta(hours=index)
    modules = ("mysql", "python", "fateboard", "client", "osx", "nodemanager")
    return Job(
        uuid=str(uuid.uuid4()),
        method=JobMethod.INSTALL if index % 3 else JobMethod.UPDATE,
        creator="admin",
        start_time=started,
        end_time=started + timedelta(minutes=5),
        cluster_id=cluster_id,
        status=JobStatus.SUCCESS,
        sub_jobs={
            name: SubJob(
                name,
                SubJobStatus.SUCCESS,
                ModulesStatus.AVAILABLE,
                start_time=started,
                end_time=started + timedelta(minutes=4),
            )
            for name in modules
        },
        meta_data=ClusterArgs("fate-9999", "fate-9999", "fate", "v2.0.0", data=CLUSTER_YAML),
        states=(
            "update job status to Running",
            "create Cluster in DB Success",
            "helm install Success",
            "checkout Cluster status [294]",
            "job run Success",
        ),
    )


async def seed(db_path: Path, jobs: int) -> str:
    """Fill a new database with `jobs` finished jobs; returns an admin token."""
    backend = EmbeddedBackend(offline_options(db_path))
    await backend.start()
    try:
        async with backend.store.transaction() as tx:
            cluster = await tx.clusters.insert(
                Cluster(
                    str(uuid.uuid4()),
                    "fate-9999",
                    "fate-9999",
                    "fate",
                    "v2.0.0",
                    values=CLUSTER_YAML.decode(),
                    spec={"name": "fate-9999", "partyId": 9999},
                    status=ClusterStatus.RUNNING,
                )
            )
            for index in range(jobs):
                await tx.jobs.insert(realistic_job(index, cluster.uuid))
        return (await (await backend.ready_accounts()).issue_token("admin")).token
    finally:
        await backend.close()


# --- the server process ------------------------------------------------------------------------


async def serve(db_path: Path, port: int) -> None:
    from backend.api import ApiOptions, create_app
    from backend.api.server import ApiServer, uvicorn_config

    backend = EmbeddedBackend(offline_options(db_path))
    await backend.start()
    try:
        config = uvicorn_config(create_app(backend, ApiOptions()), "127.0.0.1", port)
        server = ApiServer(config, on_started=lambda: print("READY", flush=True))
        await server.serve()
    finally:
        await backend.close()


def start_server(db_path: Path) -> tuple[subprocess.Popen[str], str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, __file__, "--serve", str(db_path), str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    if "READY" not in line:
        process.kill()
        raise SystemExit(f"the API server did not start: {line!r}")
    return process, f"http://127.0.0.1:{port}"


# --- measuring ---------------------------------------------------------------------------------


def measure_single(url: str, token: str, seconds: float) -> tuple[float, int]:
    import httpx

    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=url, headers=headers, timeout=60) as client:
        size = len(client.get("/v1/job/").content)  # warm-up, and the answer's size
        count, started = 0, time.perf_counter()
        while (elapsed := time.perf_counter() - started) < seconds:
            response = client.get("/v1/job/")
            assert response.status_code == 200
            count += 1
    return count / elapsed, size


async def measure_concurrent(url: str, token: str, seconds: float, clients: int) -> float:
    import httpx

    headers = {"Authorization": f"Bearer {token}"}
    deadline = time.perf_counter() + seconds
    counts = [0] * clients

    async def one(index: int) -> None:
        async with httpx.AsyncClient(base_url=url, headers=headers, timeout=60) as client:
            await client.get("/v1/job/")
            while time.perf_counter() < deadline:
                response = await client.get("/v1/job/")
                assert response.status_code == 200
                counts[index] += 1

    started = time.perf_counter()
    await asyncio.gather(*(one(i) for i in range(clients)))
    return sum(counts) / (time.perf_counter() - started)


async def measure_floor(db_path: Path, seconds: float) -> tuple[float, int]:
    """What the handler does, without HTTP: read the rows, encode the answer."""
    store = await Store.open(db_path)
    try:
        size, count, started = 0, 0, time.perf_counter()
        while (elapsed := time.perf_counter() - started) < seconds:
            jobs = await store.read.jobs.list_all()
            body = success("getJobList Success", data=[job.to_wire() for job in jobs]).body
            size = len(body)
            count += 1
        # Same bytes as go_json_dumps of the envelope (the handler's encoding):
        assert (
            body
            == go_json_dumps(
                {"data": [job.to_wire() for job in jobs], "msg": "getJobList Success"}
            ).encode()
        )
        return count / elapsed, size
    finally:
        await store.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--serve", nargs=2, metavar=("DB", "PORT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        asyncio.run(serve(Path(args.serve[0]), int(args.serve[1])))
        return 0

    with tempfile.TemporaryDirectory(prefix="api-bench-") as folder:
        db_path = Path(folder) / "kubefate.db"
        token = asyncio.run(seed(db_path, args.jobs))
        # The floor is taken before and after the HTTP runs, and the better one kept, so
        # that a busy moment on the machine cannot flatter the ratio.
        floor_before, floor_size = asyncio.run(measure_floor(db_path, args.seconds / 2))
        process, url = start_server(db_path)
        try:
            single, size = measure_single(url, token, args.seconds)
            concurrent = asyncio.run(measure_concurrent(url, token, args.seconds, args.clients))
        finally:
            process.terminate()
            process.wait(timeout=30)
        floor_after, _ = asyncio.run(measure_floor(db_path, args.seconds / 2))
        floor = max(floor_before, floor_after)

    ratio = floor / single
    print(f"GET /v1/job/ with {args.jobs} jobs: {size / 1024:.0f} KiB per answer")
    print(f"  (a) HTTP, 1 keep-alive client:          {single:8.1f} requests/s")
    print(f"  (b) HTTP, {args.clients} concurrent clients:       {concurrent:8.1f} requests/s")
    print(
        f"  (c) floor (SQLite read + JSON encode):  {floor:8.1f} per second"
        f"  (before {floor_before:.1f}, after {floor_after:.1f})"
    )
    print(f"  ratio floor / HTTP (1 client):          {ratio:8.2f}  (target <= {TARGET_RATIO})")
    print(f"  ratio floor / HTTP ({args.clients} clients):         {floor / concurrent:8.2f}")
    assert floor_size == size, (floor_size, size)
    print("PASS" if ratio <= TARGET_RATIO else "MISS")
    return 0


if __name__ == "__main__":
    sys.exit(main())

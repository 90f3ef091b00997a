"""Make the README's screenshots: the Jobs mode with a live install, that job's detail, the
wizard refusing a NodePort beside the field, and the Federations mode marking a wrong route.

    python docs/screenshots/make_screenshots.py

Runs the console headless over an embedded backend on a throw-away database seeded with a
few jobs (one install still waiting for its modules), at a fixed clock so the pictures only
change when the console does. Writes jobs.svg, job-detail.svg, wizard.svg and federations.svg
beside this file.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from textual.pilot import Pilot

from backend.embedded import EmbeddedBackend, EmbeddedOptions
from backend.kube import KubeSettings
from backend.models import (
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
from kubefate_tui.app import KubefateApp
from kubefate_tui.state.wizard_start import WizardStart
from kubefate_tui.theming.theme_catalog import load_catalog
from kubefate_tui.wizard.field_row import FieldRow
from kubefate_tui.wizard.wizard_screen import WizardScreen

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
NOW = datetime(2026, 11, 28, 9, 30, 0, tzinfo=UTC)
SIZE = (132, 16)
DETAIL_SIZE = (132, 40)
WIZARD_SIZE = (110, 30)
FEDERATION_SIZE = (120, 22)
PARTIES = ("9999", "10000")
MODULES = {  # module: seconds after the job's start it became Available (None: not yet)
    "mysql": 41,
    "osx": 58,
    "fateflow": 96,
    "clustermanager": 63,
    "nodemanager": 70,
    "python": None,
    "fateboard": None,
}


def clock() -> datetime:
    return NOW


def cluster(party: str, status: ClusterStatus) -> Cluster:
    name = f"fate-{party}"
    return Cluster(
        uuid=f"{party:0>8}-0000-4000-8000-000000000000",
        name=name,
        namespace=name,
        chart_name="fate",
        chart_version="v2.0.0",
        revision=1,
        status=status,
        spec={"partyId": int(party)},
    )


def finished_install(target: Cluster, started: datetime, seconds: int) -> Job:
    return Job(
        uuid=f"{target.uuid[:8]}-1111-4111-8111-111111111111",
        method=JobMethod.INSTALL,
        creator="admin",
        start_time=started,
        end_time=started + timedelta(seconds=seconds),
        cluster_id=target.uuid,
        status=JobStatus.SUCCESS,
        meta_data=ClusterArgs(target.name, target.namespace, "fate", "v2.0.0"),
        states=("update job status to Running", "helm install Success", "job run Success"),
    )


def earlier_jobs(target: Cluster) -> list[Job]:
    """A day of work on the running cluster: an update that failed, then one that worked."""
    jobs = []
    for number, (method, status, hours, seconds) in enumerate(
        [
            (JobMethod.UPDATE, JobStatus.FAILED, 20, 64),
            (JobMethod.UPDATE, JobStatus.SUCCESS, 18, 41),
            (JobMethod.UPDATE, JobStatus.SUCCESS, 3, 38),
        ],
        start=2,
    ):
        started = NOW - timedelta(hours=hours)
        jobs.append(
            Job(
                uuid=f"{target.uuid[:8]}-{number}{number}{number}{number}-4000-8000-00000000000{number}",
                method=method,
                creator="alice" if number % 2 else "admin",
                start_time=started,
                end_time=started + timedelta(seconds=seconds),
                cluster_id=target.uuid,
                status=status,
                meta_data=ClusterArgs(target.name, target.namespace, "fate", "v2.0.0"),
            )
        )
    return jobs


def live_install(target: Cluster) -> Job:
    started = NOW - timedelta(minutes=2, seconds=14)
    sub_jobs = {
        name: SubJob(
            module_name=name,
            status=SubJobStatus.SUCCESS if ready is not None else SubJobStatus.RUNNING,
            modules_status=ModulesStatus.AVAILABLE
            if ready is not None
            else ModulesStatus.PROGRESSING,
            start_time=started + timedelta(seconds=8),
            end_time=None if ready is None else started + timedelta(seconds=ready),
        )
        for name, ready in MODULES.items()
    }
    return Job(
        uuid="7c2e41d0-5b8a-4f3e-9d61-2a0c9e7f4b15",
        method=JobMethod.INSTALL,
        creator="admin",
        start_time=started,
        cluster_id=target.uuid,
        sub_jobs=sub_jobs,
        status=JobStatus.RUNNING,
        meta_data=ClusterArgs(target.name, target.namespace, "fate", "v2.0.0"),
        states=(
            "update job status to Running",
            "create Cluster in DB Success",
            "helm install Success",
            "checkout Cluster status [126]",
        ),
    )


async def seed(backend: EmbeddedBackend) -> None:
    """Two clusters: 9999 running for a day, 10000 being installed now."""
    running, installing = (
        cluster("9999", ClusterStatus.RUNNING),
        cluster("10000", ClusterStatus.CREATING),
    )
    async with backend.store.transaction() as tx:
        for target in (running, installing):
            await tx.clusters.insert(target)
        await tx.jobs.insert(finished_install(running, NOW - timedelta(days=1, hours=2), 187))
        for job in earlier_jobs(running):
            await tx.jobs.insert(job)
        await tx.jobs.insert(live_install(installing))


async def shoot(folder: Path) -> None:
    options = EmbeddedOptions(
        Path("kubefate.db"),  # relative: the header shows it as a user would see theirs
        chart_repo=None,
        bundled_charts=None,
        kube=KubeSettings(kubeconfig=Path("no-kubeconfig")),
        helm_log_path=Path("helm.log"),
        admin_password="admin",  # configured: no generated-password toast in the pictures
    )
    backend = EmbeddedBackend(options)
    app = KubefateApp(backend, clock=clock)
    load_catalog().register_on(app)
    async with app.run_test(size=SIZE) as pilot:
        while app.backend_state.phase.value == "starting":
            await pilot.pause(0.05)
        await seed(backend)
        await pilot.press("2")
        await pilot.pause(1.0)
        await pilot.press("end")
        await pilot.pause(0.3)
        app.save_screenshot("jobs.svg", str(HERE))
        await pilot.resize_terminal(*DETAIL_SIZE)
        await pilot.press("enter")
        await pilot.pause(1.5)
        app.save_screenshot("job-detail.svg", str(HERE))
        await shoot_wizard(app, pilot)
        await shoot_federation(app, pilot)


async def shoot_wizard(app: KubefateApp, pilot: Pilot[None]) -> None:
    """The wizard on KubeFATE's Spark+Pulsar example, a NodePort typed out of range."""
    await pilot.resize_terminal(*WIZARD_SIZE)
    text = (
        ROOT / "tests" / "data" / "kubefate" / "v2.0.0" / "cluster-spark-pulsar.yaml"
    ).read_text()
    app.open_wizard(WizardStart(text, "file cluster-spark-pulsar.yaml", Path("party-9999.yaml")))
    await pilot.pause(1.5)
    wizard = app.screen
    assert isinstance(wizard, WizardScreen)
    while wizard.step != "network":
        await pilot.press("ctrl+n")
        await pilot.pause(0.3)
    row = next(row for row in wizard.query(FieldRow) if row.path == "nginx.httpNodePort")
    row.focus_input()
    await pilot.press(*"3009")
    await pilot.pause(1.0)
    app.save_screenshot("wizard.svg", str(HERE))


def write_federation_folder(folder: Path) -> None:
    """Two parties as `federation new` plans them, then party 10000's route to 9999 broken."""
    from backend.federation.federation_file import write_federation
    from backend.federation.plan import plan_federation

    addresses: dict[int | None, str] = {9999: "10.0.0.1", 10000: "10.0.0.2"}
    plan = plan_federation([9999, 10000], folder, name="fed-demo", addresses=addresses)
    texts = {plan.federation.path: write_federation(plan.federation), **plan.texts}
    for path, text in texts.items():
        if path.parent.name == "party-10000":
            text = text.replace("partyPort: 30091", "partyPort: 30191")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


async def shoot_federation(app: KubefateApp, pilot: Pilot[None]) -> None:
    """The Federations mode on a two-party federation, one route on the wrong port."""
    folder = Path("fed-demo")  # relative: the title shows it as a user would see theirs
    write_federation_folder(folder)
    await pilot.resize_terminal(*FEDERATION_SIZE)
    await app.open_federation(folder)
    await pilot.pause(1.5)
    app.save_screenshot("federations.svg", str(HERE))


def main() -> None:
    import logging

    # The console logs to its file; here records (no live Info without a cluster) go nowhere.
    logging.getLogger().addHandler(logging.NullHandler())
    with tempfile.TemporaryDirectory() as folder:
        os.chdir(folder)
        asyncio.run(shoot(Path(folder)))
    print(f"wrote jobs.svg, job-detail.svg, wizard.svg and federations.svg in {HERE}")


if __name__ == "__main__":
    main()

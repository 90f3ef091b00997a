"""The embedded backend's store-served operations, as the console will call them."""

from __future__ import annotations

import asyncio
import dataclasses
import io
import os
import stat
import tarfile
import uuid
from pathlib import Path

import pytest

from backend.embedded import EmbeddedBackend
from backend.errors import (
    AuthenticationFailed,
    Conflict,
    InvalidRequest,
    NotFound,
    ReadOnlyMode,
    Unavailable,
)
from backend.events import ChangeAction, ChangeEvent, EntityKind
from backend.models import ClusterArgs, Job, JobMethod, JobStatus
from backend.models.wire import now
from backend.paths import data_dir
from backend.service_settings import load_settings
from tests.offline_backend import offline_options, unreachable_kube


def chart_archive(name: str = "fate", version: str = "v2.0.0", *, example: str = "") -> bytes:
    """A small `helm package`-shaped archive built on the spot."""
    files = {
        "Chart.yaml": f"apiVersion: v1\nname: {name}\nversion: {version}\nappVersion: {version}\n",
        "values.yaml": "partyId: 9999\n",
        "values-template.yaml": "partyId: {{ .partyId }}\n",
        "templates/configmap.yaml": "kind: ConfigMap\n",
    }
    if example:
        files["values-template-example.yaml"] = example
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for path, text in files.items():
            data = text.encode()
            info = tarfile.TarInfo(f"{name}/{path}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


async def test_first_start_creates_the_admin_who_can_log_in(backend: EmbeddedBackend) -> None:
    users = await backend.list_users()
    assert [user.username for user in users] == ["admin"]
    session = await backend.login("admin", "s3cret-admin")
    assert session.username == "admin" and session.expires > now()
    with pytest.raises(AuthenticationFailed, match="incorrect Username or Password"):
        await backend.login("admin", "admin")


async def test_tokens_stay_valid_after_a_restart(db_path: Path) -> None:
    first = EmbeddedBackend(offline_options(db_path))
    await first.start()
    token = (await (await first.ready_accounts()).login("admin", "admin")).token
    await first.close()
    second = EmbeddedBackend(offline_options(db_path))
    await second.start()
    try:
        assert await second.accounts.authenticate(token) == "admin"
    finally:
        await second.close()


async def test_users_are_created_and_deleted_with_events(backend: EmbeddedBackend) -> None:
    async with backend.subscribe() as events:
        bob = await backend.create_user("bob", "the-builder", "bob@example.com")
        assert await asyncio.wait_for(events.__anext__(), 2) == ChangeEvent(
            EntityKind.USER, ChangeAction.CREATED, bob.uuid
        )
        with pytest.raises(Conflict, match="User is existed"):
            await backend.create_user("bob", "again-and-again")
        with pytest.raises(InvalidRequest, match="password: must not be empty"):
            await backend.create_user("carol", "")
        await backend.delete_user(bob.uuid)
        event = await asyncio.wait_for(events.__anext__(), 2)
        assert event.action is ChangeAction.DELETED
    assert [user.username for user in await backend.list_users()] == ["admin"]
    with pytest.raises(NotFound):
        await backend.delete_user(bob.uuid)


async def test_you_cannot_delete_yourself(backend: EmbeddedBackend) -> None:
    admin = (await backend.list_users())[0]
    with pytest.raises(Conflict, match="logged in with"):
        await backend.delete_user(admin.uuid)


async def test_no_returned_user_carries_a_secret(backend: EmbeddedBackend) -> None:
    created = await backend.create_user("dave", "pw-of-dave")
    for user in [created, *await backend.list_users()]:
        wire = user.to_wire()
        assert "password" not in wire and "salt" not in wire
        assert "pw-of-dave" not in repr(user)


async def test_chart_upload_list_get_example_and_replace(backend: EmbeddedBackend) -> None:
    first = await backend.upload_chart(chart_archive(example="name: fate-9999\n"))
    assert (first.name, first.version, first.app_version) == ("fate", "v2.0.0", "v2.0.0")
    assert first.values_template == "partyId: {{ .partyId }}\n"
    assert [t.name for t in first.templates] == ["templates/configmap.yaml"]
    assert await backend.value_template_example("fate", "v2.0.0") == "name: fate-9999\n"
    replacement = chart_archive(example="name: changed\n")
    second = await backend.upload_chart(replacement)
    assert [c.uuid for c in await backend.list_charts()] == [second.uuid]
    with pytest.raises(NotFound):
        await backend.get_chart(first.uuid)
    fetched = await backend.get_chart(second.uuid)
    assert fetched.archive == replacement  # kept byte for byte, for Helm to install
    assert await backend.value_template_example("fate", "v2.0.0") == "name: changed\n"


async def test_a_near_miss_version_is_suggested(backend: EmbeddedBackend) -> None:
    await backend.upload_chart(chart_archive())
    with pytest.raises(NotFound, match=r"did you mean fate v2\.0\.0\?"):
        await backend.value_template_example("fate", "2.0.0")
    with pytest.raises(NotFound, match="fate-serving v2.1.6 is not uploaded") as caught:
        await backend.value_template_example("fate-serving", "v2.1.6")
    assert "did you mean" not in str(caught.value)


@pytest.mark.parametrize(
    ("archive", "reason"),
    [
        (b"definitely not gzip", "not a chart archive"),
        (b"", "not a chart archive"),
    ],
)
async def test_bad_chart_archives_are_refused_with_the_reason(
    backend: EmbeddedBackend, archive: bytes, reason: str
) -> None:
    with pytest.raises(InvalidRequest, match=reason):
        await backend.upload_chart(archive)
    assert await backend.list_charts() == []


async def test_an_archive_without_chart_yaml_is_refused(backend: EmbeddedBackend) -> None:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        info = tarfile.TarInfo("thing/README.md")
        tar.addfile(info, io.BytesIO(b""))
    with pytest.raises(InvalidRequest, match="no Chart.yaml"):
        await backend.upload_chart(buffer.getvalue())


async def test_delete_chart(backend: EmbeddedBackend) -> None:
    chart = await backend.upload_chart(chart_archive())
    await backend.delete_chart(chart.uuid)
    assert await backend.list_charts() == []
    with pytest.raises(NotFound):
        await backend.delete_chart(chart.uuid)


async def _seed_job(backend: EmbeddedBackend, status: JobStatus) -> Job:
    job = Job(
        uuid=str(uuid.uuid4()),
        method=JobMethod.INSTALL,
        creator="admin",
        start_time=now(),
        status=status,
        meta_data=ClusterArgs(f"c-{status.value.lower()}", "ns", "fate", "v2.0.0"),
    )
    async with backend.store.transaction() as tx:
        return await tx.jobs.insert(job)


async def test_jobs_list_get_and_delete(backend: EmbeddedBackend) -> None:
    finished = await _seed_job(backend, JobStatus.SUCCESS)
    running = await _seed_job(backend, JobStatus.RUNNING)
    assert [j.uuid for j in await backend.list_jobs()] == [finished.uuid, running.uuid]
    assert (await backend.get_job(running.uuid)).status is JobStatus.RUNNING
    with pytest.raises(Conflict, match="is Running; stop it"):
        await backend.delete_job(running.uuid)
    await backend.delete_job(finished.uuid)
    assert [j.uuid for j in await backend.list_jobs()] == [running.uuid]
    with pytest.raises(NotFound, match=finished.uuid):
        await backend.get_job(finished.uuid)


async def test_without_a_kubernetes_cluster_an_install_is_refused_at_once(
    backend: EmbeddedBackend, db_path: Path
) -> None:
    args = ClusterArgs("fate-9999", "fate-9999", "fate", "v2.0.0", data=b"name: fate-9999\n")
    for change in (backend.install_cluster, backend.update_cluster):
        with pytest.raises(Unavailable) as refused:
            await change(args)
        message = str(refused.value)
        assert f"kubeconfig {db_path.parent / 'no-kubeconfig'} not found" in message
        assert "Set KUBECONFIG" in message  # and what to do about it
    assert await backend.list_jobs() == [] and await backend.list_clusters() == []


async def test_an_install_whose_chart_is_missing_fails_and_cleans_up(db_path: Path) -> None:
    backend = EmbeddedBackend(offline_options(db_path, kube=unreachable_kube(db_path.parent)))
    await backend.start()
    try:
        await _install_without_its_chart(backend)
    finally:
        await backend.close()


async def _install_without_its_chart(backend: EmbeddedBackend) -> None:
    args = ClusterArgs("fate-9999", "fate-9999", "fate", "v2.0.0", data=b"name: fate-9999\n")
    accepted = await backend.install_cluster(args)
    assert accepted.status is JobStatus.PENDING and accepted.cluster_id == ""
    await backend.engine.wait_idle()
    job = await backend.get_job(accepted.uuid)
    assert job.status is JobStatus.FAILED and job.end_time is not None
    assert job.states is not None
    assert job.states[:2] == ("update job status to Running", "create Cluster in DB Success")
    assert job.states[2].startswith("helm install error, chart fate v2.0.0 is not uploaded")
    assert await backend.list_clusters() == []
    deleted = await backend.list_clusters(include_deleted=True)
    assert [cluster.status.value for cluster in deleted] == ["Deleted"]
    with pytest.raises(NotFound):
        await backend.get_cluster("no-such-uuid")


async def test_read_only_refuses_every_change(db_path: Path) -> None:
    writable = EmbeddedBackend(offline_options(db_path))
    await writable.start()
    await writable.close()
    backend = EmbeddedBackend(offline_options(db_path, read_only=True))
    await backend.start()
    try:
        for change in (
            backend.create_user("eve", "pw-of-eve"),
            backend.upload_chart(chart_archive()),
            backend.delete_chart("x"),
            backend.delete_job("x"),
            backend.delete_user("x"),
        ):
            with pytest.raises(ReadOnlyMode, match="--read-only"):
                await change
        assert backend.describe().read_only
    finally:
        await backend.close()


async def test_describe_names_the_database(backend: EmbeddedBackend, db_path: Path) -> None:
    description = backend.describe()
    assert (description.kind.value, description.location, description.username) == (
        "embedded",
        str(db_path),
        "admin",
    )


async def test_a_database_that_cannot_be_used_is_unavailable_with_its_path(
    tmp_path: Path,
) -> None:
    broken = tmp_path / "not-a.db"
    broken.write_bytes(b"garbage" * 1000)
    backend = EmbeddedBackend(offline_options(broken))
    with pytest.raises(Unavailable, match="not a kubefate-tui database"):
        await backend.start()


async def test_a_failed_start_leaves_nothing_open(tmp_path: Path) -> None:
    db_path = tmp_path / "kubefate.db"
    (tmp_path / "kubefate.db.jwt-secret").mkdir()  # the key file cannot be created
    backend = EmbeddedBackend(offline_options(db_path))
    with pytest.raises(Unavailable, match="cannot start the embedded backend"):
        await backend.start()
    with pytest.raises(Unavailable, match="not been started"):
        await backend.list_users()


async def test_logins_and_the_users_list_wait_for_the_admin_the_start_creates(
    db_path: Path,
) -> None:
    # The start leaves the admin's password hash (~0.3 s) running; what needs it waits.
    backend = EmbeddedBackend(offline_options(db_path))
    await backend.start()
    try:
        assert await backend.list_jobs() == []
        session = await backend.login("admin", "admin")
        assert session.username == "admin"
        assert [user.username for user in await backend.list_users()] == ["admin"]
    finally:
        await backend.close()


async def test_an_admin_that_can_never_be_valid_still_fails_the_start(db_path: Path) -> None:
    backend = EmbeddedBackend(offline_options(db_path, admin_password=""))
    with pytest.raises(Unavailable, match="password: must not be empty"):
        await backend.start()


async def test_without_a_configured_password_a_changed_admin_password_survives_a_restart(
    db_path: Path,
) -> None:
    """With FATECLOUD_USER_PASSWORD unset, a restart used to reset the admin's password to
    `admin` (KubeFATE's default, applied at every start)."""
    first = EmbeddedBackend(offline_options(db_path, admin_password="configured-once"))
    await first.start()
    try:
        admin = (await first.list_users())[0]
        await first.update_user(admin.uuid, password="changed-since")
    finally:
        await first.close()
    unset = load_settings({})  # no FATECLOUD_USER_PASSWORD, no config file
    options = offline_options(
        db_path, admin_username=unset.admin_username, admin_password=unset.admin_password
    )
    second = EmbeddedBackend(options)
    await second.start()
    try:
        assert (await second.login("admin", "changed-since")).username == "admin"
        with pytest.raises(AuthenticationFailed):
            await second.login("admin", "admin")
    finally:
        await second.close()


async def test_a_brand_new_database_without_a_password_gets_a_generated_one(
    db_path: Path,
) -> None:
    unset = load_settings({})
    backend = EmbeddedBackend(offline_options(db_path, admin_password=unset.admin_password))
    await backend.start()
    try:
        [notice] = await backend.notices()
        password_file = db_path.with_name("kubefate.db.admin-password")
        assert str(password_file) in notice and "generated password" in notice
        password = password_file.read_text().strip()
        assert password not in notice
        assert stat.S_IMODE(password_file.stat().st_mode) == 0o600
        assert (await backend.login("admin", password)).username == "admin"
        with pytest.raises(AuthenticationFailed):
            await backend.login("admin", "admin")
    finally:
        await backend.close()
    assert backend.admin_outcome is not None  # kept for the console to say after it exits
    assert backend.admin_outcome.generated_password == password
    again = EmbeddedBackend(offline_options(db_path, admin_password=None))
    await again.start()
    try:
        assert await again.notices() == []  # nothing new generated, nothing to say
    finally:
        await again.close()


async def test_the_database_and_its_folder_are_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old_umask = os.umask(0o022)  # what most systems have: SQLite would create 0644 files
    try:
        db_path = tmp_path / "new-folder" / "kubefate.db"
        backend = EmbeddedBackend(offline_options(db_path))
        await backend.start()
        try:
            await backend.create_user("bob", "the-builder")  # writes: -wal and -shm exist
            files = [db_path, *(db_path.with_name(db_path.name + x) for x in ("-wal", "-shm"))]
            assert {f.name: stat.S_IMODE(f.stat().st_mode) for f in files} == {
                "kubefate.db": 0o600,
                "kubefate.db-wal": 0o600,
                "kubefate.db-shm": 0o600,
            }
            assert stat.S_IMODE(db_path.parent.stat().st_mode) == 0o700
        finally:
            await backend.close()
        # The default data folder, left open by an earlier version, is tightened; a folder
        # the user chose for --db is theirs and left as it is.
        monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
        default_folder = data_dir()
        default_folder.mkdir(parents=True, mode=0o755)
        chosen = tmp_path / "chosen"
        chosen.mkdir(mode=0o755)
        for folder in (default_folder, chosen):  # (read-only: no admin to hash a password for)
            backend = EmbeddedBackend(offline_options(folder / "kubefate.db", read_only=True))
            await backend.start()
            await backend.close()
        assert stat.S_IMODE(default_folder.stat().st_mode) == 0o700
        assert stat.S_IMODE(chosen.stat().st_mode) == 0o755
    finally:
        os.umask(old_umask)


async def test_helm_log_lives_beside_the_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    bundled = tmp_path / "charts" / "tiny"
    bundled.mkdir(parents=True)
    (bundled / "Chart.yaml").write_text("apiVersion: v2\nname: tiny\nversion: 0.1.0\n")
    db_path = tmp_path / "elsewhere" / "team.db"
    options = offline_options(db_path, bundled_charts=bundled.parent)
    options = dataclasses.replace(options, helm_log_path=None)  # the default
    backend = EmbeddedBackend(options)
    await backend.start()  # packages the bundled chart: Helm's worker starts
    await backend.close()
    helm_log = db_path.with_name("helm.log")
    assert helm_log.is_file() and stat.S_IMODE(helm_log.stat().st_mode) == 0o600
    assert not (data_dir() / "helm.log").exists()

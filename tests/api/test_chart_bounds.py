"""Chart uploads (issue 9, points 4, 5 and 9): hostile archives get a quick 400 that says why,
parsing them never stops other requests, and the database keeps each chart once."""

from __future__ import annotations

import asyncio
import sqlite3
import tarfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Literal

import pytest

from backend.charts import chart_archive
from backend.models import HelmChart
from tests.api.conftest import Served
from tests.api.go_cli import multipart_body
from tests.api.held_calls import hold, login_while
from tests.helm.chart_builder import archive, chart_files

MIB = 1024 * 1024
CHART_YAML = b"apiVersion: v2\nname: demo\nversion: v0.1.0\n"


def member(
    name: str, data: bytes = b"", tar_format: Literal[0, 1, 2] = tarfile.USTAR_FORMAT
) -> bytes:
    """One tar member as `tar_format` writes it (GNU and pax add a header for a long name)."""
    info = tarfile.TarInfo(name)
    info.size = len(data)
    padding = b"\0" * (-len(data) % tarfile.BLOCKSIZE)
    return info.tobuf(format=tar_format) + data + padding


def gzipped(pieces: Iterator[bytes]) -> bytes:
    packer = zlib.compressobj(1, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    return b"".join([*(packer.compress(piece) for piece in pieces), packer.flush()])


def tgz(*members: bytes) -> bytes:
    """A chart archive: Chart.yaml, then `members`, then the end-of-archive blocks."""
    return gzipped(iter([member("demo/Chart.yaml", CHART_YAML), *members, b"\0" * 1024]))


def many_members(count: int) -> bytes:
    one = member("demo/README")
    return gzipped(iter([member("demo/Chart.yaml", CHART_YAML), one * count, b"\0" * 1024]))


LONG_NAME = "demo/templates/" + "a" * (8 * MIB)
HOSTILE: dict[str, tuple[Callable[[], bytes], str]] = {
    "GNU long name": (
        lambda: tgz(member(LONG_NAME, b"x", tarfile.GNU_FORMAT)),
        "the archive has a GNU long name of 8,388,624 bytes; at most 65,536 are read "
        "(helm package writes a few hundred)",
    ),
    "pax header": (
        lambda: tgz(member(LONG_NAME, b"x", tarfile.PAX_FORMAT)),
        "the archive has a pax header of 8,388,637 bytes; at most 65,536 are read "
        "(helm package writes a few hundred)",
    ),
    "2,001 members": (
        lambda: many_members(2_000),
        "the archive has more than 2,000 files and folders (a FATE chart has about 60)",
    ),
    "a 5 MiB template": (
        lambda: tgz(member("demo/templates/big.yaml", b"#" * (5 * MIB))),
        '"demo/templates/big.yaml" is 5,242,880 bytes; a chart file may be at most 4 MiB '
        "(FATE's largest is 42 KB)",
    ),
    "17.5 MiB unpacked": (
        lambda: tgz(*(member(f"demo/f{i}", b"#" * (3_500_000)) for i in range(5))),
        "the archive unpacks to more than 16 MiB (a FATE chart unpacks to about 250 KB)",
    ),
    "a 1,100-character path": (
        lambda: tgz(member("demo/templates/" + "b" * 1_100 + ".yaml", b"x", tarfile.PAX_FORMAT)),
        "the archive has a path of 1,120 characters; at most 1,024 are accepted",
    ),
}


async def upload(served: Served, tgz_bytes: bytes) -> tuple[int, Any]:
    body, content_type = multipart_body("chart.tgz", tgz_bytes)
    client = served.client()
    response = await client.post(
        "/v1/chart", content=body, headers={**served.auth(), "Content-Type": content_type}
    )
    return response.status_code, response.json()


@pytest.mark.parametrize("case", list(HOSTILE))
async def test_hostile_archives_are_refused_saying_why(served: Served, case: str) -> None:
    make, error = HOSTILE[case]
    status, body = await upload(served, make())
    assert (status, body) == (400, {"error": error})
    assert await served.backend.list_charts() == []


def used_bytes(db_path: Path) -> int:
    with sqlite3.connect(db_path) as db:
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        free = db.execute("PRAGMA freelist_count").fetchone()[0]
        size: int = db.execute("PRAGMA page_size").fetchone()[0]
    return int((pages - free) * size)


def chart_rows(db_path: Path) -> list[tuple[Any, ...]]:
    """Per row: live?, bytes of data (archive, templates, texts)."""
    with sqlite3.connect(db_path) as db:
        return db.execute(
            "SELECT deleted_at IS NULL, coalesce(length(archive), 0) + length(templates_json)"
            " + length(chart) + length(values_text) + length(values_template)"
            " + length(values_template_example) FROM helm_charts ORDER BY id"
        ).fetchall()


def demo_chart(template_bytes: int, app_version: str = "1.0") -> bytes:
    template = "# " + "x" * template_bytes + "\n"  # compresses to almost nothing
    return archive(
        chart_files("demo", "v0.1.0", app_version=app_version, templates={"big.yaml": template})
    )


async def test_a_chart_is_stored_once_and_its_templates_come_from_the_archive(
    served: Served,
) -> None:
    before = used_bytes(served.db_path)
    tgz_bytes = demo_chart(3 * MIB)
    assert len(tgz_bytes) < 20_000
    status, body = await upload(served, tgz_bytes)
    assert status == 200
    # The archive and its texts: not another 4 MB of base64 templates (KubeFATE: 350 MB from
    # a 250 KB upload, when the unpacked bound was 256 MiB).
    assert used_bytes(served.db_path) - before < 200_000
    client = served.client()
    response = await client.get(f"/v1/chart/{body['data']['helmUUID']}", headers=served.auth())
    assert response.status_code == 200
    assert response.headers.get("transfer-encoding") == "chunked"  # streamed, not one string
    chart = HelmChart.from_wire(response.json()["data"])
    assert [(t.name, len(t.data)) for t in chart.templates] == [("templates/big.yaml", 3 * MIB + 3)]


async def test_replaced_and_deleted_charts_keep_no_data(served: Served) -> None:
    first = await upload(served, demo_chart(1000, app_version="1.0"))
    second = await upload(served, demo_chart(1000, app_version="2.0"))  # replaces the first
    assert first[0] == second[0] == 200
    [old, live] = chart_rows(served.db_path)
    assert old == (0, 2) and live[0] == 1 and live[1] > 200  # "[]": all the old one keeps
    client = served.client()
    response = await client.delete(
        f"/v1/chart/{second[1]['data']['helmUUID']}", headers=served.auth()
    )
    assert response.status_code == 200
    assert chart_rows(served.db_path) == [(0, 2), (0, 2)]


async def test_a_login_is_answered_while_an_upload_is_parsed(
    served: Served, monkeypatch: pytest.MonkeyPatch
) -> None:
    held = hold(monkeypatch, chart_archive, "read_chart_archive")
    await served.backend.ready_accounts()  # the admin exists before the clock starts
    uploading = asyncio.create_task(upload(served, demo_chart(100)))
    try:
        login_ms = await login_while(held, uploading, served)
    finally:
        held.release.set()
    status, _ = await uploading
    assert status == 200
    assert login_ms < 5000

"""Queries on `helm_charts` (soft-deleted; the same name+version replaces the old row).

Each chart is stored once: a chart with its archive keeps the archive and the four texts KubeFATE
answers with, not a second (base64) copy of its templates, which are read from the archive
when a chart is asked for (ChartRegistry.get). A replaced or deleted chart keeps its row (its
identity, for the record, as KubeFATE keeps it) but none of its data.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from typing import Any

from backend.models import ChartFile, HelmChart
from backend.models.wire import decode_bytes, now
from backend.store.columns import record_of, time_column
from backend.store.table import Table

_SUMMARY_COLUMNS = "id, uuid, name, version, app_version, created_at, updated_at, deleted_at"


_PURGED = (
    "chart = '', values_text = '', values_template = '', values_template_example = '',"
    " templates_json = '[]', archive = NULL"
)
_HOLDS_DATA = (
    "archive IS NOT NULL OR templates_json != '[]' OR chart != '' OR values_text != ''"
    " OR values_template != '' OR values_template_example != ''"
)


def _templates_json(chart: HelmChart) -> str:
    """The templates, unless the archive holds them (charts known only as KubeFATE's texts
    have none)."""
    if chart.archive:
        return "[]"
    return json.dumps([template.to_wire() for template in chart.templates])


class ChartTable(Table[HelmChart]):
    TABLE = "helm_charts"

    def _model(self, row: sqlite3.Row) -> HelmChart:
        keys = row.keys()
        if "chart" not in keys:  # a summary row: identity only
            return HelmChart(
                uuid=row["uuid"],
                name=row["name"],
                version=row["version"],
                app_version=row["app_version"],
                record=record_of(row),
            )
        return HelmChart(
            uuid=row["uuid"],
            name=row["name"],
            version=row["version"],
            app_version=row["app_version"],
            chart=row["chart"],
            values=row["values_text"],
            values_template=row["values_template"],
            values_template_example=row["values_template_example"],
            templates=tuple(
                ChartFile(item["name"], decode_bytes(item["data"]))
                for item in json.loads(row["templates_json"])
            ),
            archive=bytes(row["archive"] or b""),
            record=record_of(row),
        )

    async def replace(self, chart: HelmChart) -> HelmChart:
        """Store a chart, soft-deleting a live one with the same name and version (KubeFATE);
        returns it as stored, with its templates."""
        await self._db.execute(
            "UPDATE helm_charts SET deleted_at = ?, updated_at = ?"
            " WHERE name = ? AND version = ? AND deleted_at IS NULL",
            (*[time_column(now())] * 2, chart.name, chart.version),
        )
        columns: dict[str, Any] = {
            "uuid": chart.uuid,
            "name": chart.name,
            "version": chart.version,
            "app_version": chart.app_version,
            "chart": chart.chart,
            "values_text": chart.values,
            "values_template": chart.values_template,
            "values_template_example": chart.values_template_example,
            "templates_json": _templates_json(chart),
            "archive": chart.archive or None,
        }
        stored = await self._insert(columns, lambda _: f"chart {chart.uuid} already exists")
        await self._purge_deleted()
        return dataclasses.replace(stored, templates=chart.templates)

    async def get(self, uuid: str) -> HelmChart | None:
        return await self._one("uuid = ? AND deleted_at IS NULL", uuid)

    async def find(self, name: str, version: str) -> HelmChart | None:
        """The live chart with exactly this name and version string (no ranges, §4.2)."""
        return await self._one("name = ? AND version = ? AND deleted_at IS NULL", name, version)

    async def list_all(self) -> list[HelmChart]:
        """Every live chart, identity only: a full list can be megabytes of templates."""
        sql = f"SELECT {_SUMMARY_COLUMNS} FROM helm_charts WHERE deleted_at IS NULL ORDER BY id"
        async with self._db.execute(sql) as cursor:
            return [self._model(row) async for row in cursor]

    async def soft_delete(self, uuid: str) -> bool:
        if not await self._soft_delete(uuid):
            return False
        await self._purge_deleted()
        return True

    async def _purge_deleted(self) -> None:
        """Drop the data of every deleted or replaced chart (rows stored before this rule
        included). SQLite reuses the freed pages for what is written next."""
        await self._db.execute(
            f"UPDATE helm_charts SET {_PURGED} WHERE deleted_at IS NOT NULL AND ({_HOLDS_DATA})"
        )

"""Queries on `clusters` (soft-deleted, at most one live row per namespace/name)."""

from __future__ import annotations

import sqlite3
from typing import Any

from backend.models import Cluster, ClusterStatus
from backend.store.columns import json_column, json_value, record_of
from backend.store.table import ConflictReason, Table


def _conflict(cluster: Cluster) -> ConflictReason:
    # KubeFATE's wording (§1.5.4), so users and scripts recognise it.
    return lambda _: f"name={cluster.name} & namespace={cluster.namespace} Cluster already existed"


def _mutable_columns(cluster: Cluster) -> dict[str, Any]:
    return {
        "chart_name": cluster.chart_name,
        "chart_version": cluster.chart_version,
        "values_text": cluster.values,
        "spec_json": json_column(cluster.spec),
        "revision": cluster.revision,
        "helm_revision": cluster.helm_revision,
        "chart_values_json": json_column(cluster.chart_values),
        "status": cluster.status.code,
        "info_json": json_column(cluster.info),
    }


class ClusterTable(Table[Cluster]):
    TABLE = "clusters"

    def _model(self, row: sqlite3.Row) -> Cluster:
        return Cluster(
            uuid=row["uuid"],
            name=row["name"],
            namespace=row["namespace"],
            chart_name=row["chart_name"],
            chart_version=row["chart_version"],
            values=row["values_text"],
            spec=json_value(row["spec_json"]),
            revision=row["revision"],
            helm_revision=row["helm_revision"],
            chart_values=json_value(row["chart_values_json"]),
            status=ClusterStatus.from_code(row["status"]),
            info=json_value(row["info_json"]),
            record=record_of(row),
        )

    async def insert(self, cluster: Cluster) -> Cluster:
        """Insert a cluster; StoreConflict if a live one has the same namespace/name."""
        columns = {
            "uuid": cluster.uuid,
            "name": cluster.name,
            "namespace": cluster.namespace,
            **_mutable_columns(cluster),
        }
        return await self._insert(columns, _conflict(cluster))

    async def save(self, cluster: Cluster) -> Cluster:
        """Write every mutable field of the cluster back; returns the stored row."""
        return await self._save(cluster.uuid, _mutable_columns(cluster), _conflict(cluster))

    async def get(self, uuid: str, *, include_deleted: bool = False) -> Cluster | None:
        live = "" if include_deleted else " AND deleted_at IS NULL"
        return await self._one(f"uuid = ?{live}", uuid)

    async def find_live(self, namespace: str, name: str) -> Cluster | None:
        return await self._one("namespace = ? AND name = ? AND deleted_at IS NULL", namespace, name)

    async def list_all(self, *, include_deleted: bool = False) -> list[Cluster]:
        return await self._many("1" if include_deleted else "deleted_at IS NULL")

    async def soft_delete(self, uuid: str) -> bool:
        """Mark the cluster deleted with status Deleted (what every KubeFATE cleanup does)."""
        return await self._soft_delete(uuid, status=ClusterStatus.DELETED.code)

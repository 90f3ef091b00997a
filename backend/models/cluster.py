"""A FATE cluster (one Helm release) and the arguments that install or update one (§2.2, §2.3)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from backend.models.enums import ClusterStatus
from backend.models.record import Record
from backend.models.wire import (
    bool_field,
    decode_bytes,
    encode_bytes,
    int_field,
    object_field,
    text_field,
)
from backend.models.wire import (
    field as wire_field,
)


@dataclass(frozen=True, slots=True)
class ClusterArgs:
    """The body of install/update requests; also a job's `meta_data`.

    `name`, `namespace`, `chart_name` and `chart_version` decide the release and the chart, not
    the keys inside `data` (§1.5.4); `data` is the cluster.yaml document as sent.
    """

    name: str = ""
    namespace: str = ""
    chart_name: str = ""
    chart_version: str = ""
    cover: bool = False
    data: bytes = b""
    keep_upgrade_job: bool = False

    def to_wire(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "namespace": self.namespace,
            "chart_name": self.chart_name,
            "chart_version": self.chart_version,
            "cover": self.cover,
            "data": encode_bytes(self.data),
            "Keep_upgrade_job": self.keep_upgrade_job,
        }

    @classmethod
    def from_wire(cls, obj: Mapping[str, Any]) -> ClusterArgs:
        return cls(
            name=text_field(obj, "name"),
            namespace=text_field(obj, "namespace"),
            chart_name=text_field(obj, "chart_name"),
            chart_version=text_field(obj, "chart_version"),
            cover=bool_field(obj, "cover"),
            data=decode_bytes(wire_field(obj, "data")),
            keep_upgrade_job=bool_field(obj, "Keep_upgrade_job"),
        )

    @property
    def cluster_key(self) -> str:
        """`namespace/name`: what identifies a live cluster (at most one per key)."""
        return f"{self.namespace}/{self.name}"


@dataclass(frozen=True, slots=True)
class Cluster:
    """A cluster row. `spec` is `values` parsed; `info` is live data, only on a single GET."""

    uuid: str
    name: str
    namespace: str
    chart_name: str = ""
    chart_version: str = ""
    values: str = ""
    spec: dict[str, Any] | None = None
    revision: int = 0
    helm_revision: int = 0
    chart_values: dict[str, Any] | None = None
    status: ClusterStatus = ClusterStatus.PENDING
    info: dict[str, Any] | None = None
    record: Record = field(default_factory=Record)

    def to_wire(self) -> dict[str, Any]:
        wire: dict[str, Any] = {
            "uuid": self.uuid,
            "name": self.name,
            "namespaces": self.namespace,  # plural on the wire (§2.2)
            "chart_name": self.chart_name,
            "chart_version": self.chart_version,
            "values": self.values,
        }
        if self.spec:  # omitempty: a nil or empty map is left out
            wire["Spec"] = self.spec
        wire.update(
            revision=self.revision,
            helm_revision=self.helm_revision,
            chart_values=self.chart_values,
            status=self.status.value,
        )
        if self.info:
            wire["Info"] = self.info
        wire.update(self.record.to_wire())
        return wire

    @classmethod
    def from_wire(cls, obj: Mapping[str, Any]) -> Cluster:
        return cls(
            uuid=text_field(obj, "uuid"),
            name=text_field(obj, "name"),
            namespace=text_field(obj, "namespaces"),
            chart_name=text_field(obj, "chart_name"),
            chart_version=text_field(obj, "chart_version"),
            values=text_field(obj, "values"),
            spec=object_field(obj, "Spec"),
            revision=int_field(obj, "revision"),
            helm_revision=int_field(obj, "helm_revision"),
            chart_values=object_field(obj, "chart_values"),
            status=ClusterStatus.parse(wire_field(obj, "status"), ClusterStatus.UNKNOWN),
            info=object_field(obj, "Info"),
            record=Record.from_wire(obj),
        )

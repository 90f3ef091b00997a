"""A Helm chart known to the service (§2.7)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from backend.models.record import Record
from backend.models.wire import (
    WireFormatError,
    bool_field,
    decode_bytes,
    encode_bytes,
    text_field,
)
from backend.models.wire import (
    field as wire_field,
)


@dataclass(frozen=True, slots=True)
class ChartFile:
    """One file under the chart's `templates/` folder."""

    name: str
    data: bytes

    def to_wire(self) -> dict[str, Any]:
        return {"name": self.name, "data": encode_bytes(self.data)}


@dataclass(frozen=True, slots=True)
class HelmChart:
    """A chart's identity and the texts KubeFATE keeps of it.

    `archive` is the original `helm package` .tgz when we have it; it never goes on the wire
    (KubeFATE has no such field) but lets Helm install exactly what was uploaded.

    `bundled`: the chart ships with kubefate-tui (its `charts/` folder) rather than living in
    the store; it cannot be deleted, and an upload of the same name and version shadows it.
    On the wire as `"bundled"`, a key KubeFATE's service never sends (its clients ignore it,
    and a missing key reads as false).
    """

    uuid: str
    name: str
    version: str
    app_version: str = ""
    chart: str = ""
    values: str = ""
    values_template: str = ""
    values_template_example: str = ""
    templates: tuple[ChartFile, ...] = ()
    archive: bytes = b""
    bundled: bool = False
    record: Record = field(default_factory=Record)

    def to_wire(self) -> dict[str, Any]:
        return {
            "uuid": self.uuid,
            "name": self.name,
            "chart": self.chart,
            "values": self.values,
            "values_template": self.values_template,
            "values_template_example": self.values_template_example,
            "templates": [template.to_wire() for template in self.templates],
            "version": self.version,
            "app_version": self.app_version,
            "bundled": self.bundled,
            **self.record.to_wire(),
        }

    @classmethod
    def from_wire(cls, obj: Mapping[str, Any]) -> HelmChart:
        templates = wire_field(obj, "templates") or []
        if not isinstance(templates, list):
            raise WireFormatError("field 'templates': expected a list")
        return cls(
            uuid=text_field(obj, "uuid"),
            name=text_field(obj, "name"),
            version=text_field(obj, "version"),
            app_version=text_field(obj, "app_version"),
            chart=text_field(obj, "chart"),
            values=text_field(obj, "values"),
            values_template=text_field(obj, "values_template"),
            values_template_example=text_field(obj, "values_template_example"),
            templates=tuple(
                ChartFile(text_field(item, "name"), decode_bytes(wire_field(item, "data")))
                for item in templates
            ),
            bundled=bool_field(obj, "bundled"),
            record=Record.from_wire(obj),
        )

    def summary(self) -> HelmChart:
        """The same chart without its file contents: what a list view needs."""
        return HelmChart(
            uuid=self.uuid,
            name=self.name,
            version=self.version,
            app_version=self.app_version,
            bundled=self.bundled,
            record=self.record,
        )

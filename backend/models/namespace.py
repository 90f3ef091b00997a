"""A Kubernetes namespace as KubeFATE lists it (§1.5.2): capitalised keys, human age."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from backend.models.wire import object_field, text_field


@dataclass(frozen=True, slots=True)
class Namespace:
    name: str
    status: str
    age: str
    labels: dict[str, str] | None = None
    annotations: dict[str, str] | None = None

    def to_wire(self) -> dict[str, Any]:
        return {
            "Name": self.name,
            "Status": self.status,
            "Labels": self.labels,
            "Annotations": self.annotations,
            "Age": self.age,
        }

    @classmethod
    def from_wire(cls, obj: Mapping[str, Any]) -> Namespace:
        return cls(
            name=text_field(obj, "Name"),
            status=text_field(obj, "Status"),
            age=text_field(obj, "Age"),
            labels=object_field(obj, "Labels"),
            annotations=object_field(obj, "Annotations"),
        )

"""The four fields every KubeFATE row carries (gorm.Model, docs/kubefate-behaviour.md §2.1)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from backend.models.wire import field, format_time, int_field, parse_time


@dataclass(frozen=True, slots=True)
class Record:
    """Row identity and timestamps: `ID`, `CreatedAt`, `UpdatedAt`, `DeletedAt` on the wire."""

    id: int = 0
    created_at: datetime | None = None
    updated_at: datetime | None = None
    deleted_at: datetime | None = None

    def to_wire(self) -> dict[str, Any]:
        return {
            "ID": self.id,
            "CreatedAt": format_time(self.created_at),
            "UpdatedAt": format_time(self.updated_at),
            # DeletedAt is a nullable pointer in gorm: null while alive, not the zero time.
            "DeletedAt": None if self.deleted_at is None else format_time(self.deleted_at),
        }

    @classmethod
    def from_wire(cls, obj: Mapping[str, Any]) -> Record:
        return cls(
            id=int_field(obj, "ID"),
            created_at=parse_time(field(obj, "CreatedAt")),
            updated_at=parse_time(field(obj, "UpdatedAt")),
            deleted_at=parse_time(field(obj, "DeletedAt")),
        )

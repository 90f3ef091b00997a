"""A KubeFATE user account (§2.6), without its secrets.

KubeFATE returns the password hash and salt in several responses (§1.5.3). This type has no
field for either, so no code path that hands out a `User` can leak them; the store keeps the
credentials in columns that only the auth module reads.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from backend.models.enums import UserStatus
from backend.models.record import Record
from backend.models.wire import field as wire_field
from backend.models.wire import text_field


@dataclass(frozen=True, slots=True)
class User:
    uuid: str
    username: str
    email: str = ""
    status: UserStatus = UserStatus.AVAILABLE
    record: Record = field(default_factory=Record)

    def to_wire(self) -> dict[str, Any]:
        wire: dict[str, Any] = {}
        # Every User field is `omitempty` in Go: empty strings are left out.
        for key, value in (("uuid", self.uuid), ("username", self.username), ("email", self.email)):
            if value:
                wire[key] = value
        wire["userStatus"] = self.status.value
        wire.update(self.record.to_wire())
        return wire

    @classmethod
    def from_wire(cls, obj: Mapping[str, Any]) -> User:
        # A Go service may include `password` and `salt`; they are deliberately not read.
        return cls(
            uuid=text_field(obj, "uuid"),
            username=text_field(obj, "username"),
            email=text_field(obj, "email"),
            status=UserStatus.parse(wire_field(obj, "userStatus"), UserStatus.DEPRECATE),
            record=Record.from_wire(obj),
        )

"""What the console may ask its Helm worker: one `Operation`, one frozen request type each.

Both sides of the process boundary use these types: the engine builds a request object, the
frame carries `{"op": <Operation>, "args": <its fields>}`, and the worker turns the frame back
into the same request type before it runs it. A request that does not fit its type (a missing
field, a text where a number belongs, an unknown operation) is refused at decoding, before
Helm is called.

Imported by both processes; it must not import helm_python.
"""

from __future__ import annotations

import dataclasses
import typing
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, ClassVar

from backend.helm.kube_target import KubeTarget
from backend.helm.protocol import ProtocolError, pack_bytes, unpack_bytes


class Operation(StrEnum):
    """The worker's operations, spelled as they travel in the frame's `op`."""

    PING = "ping"
    RENDER = "render"
    PARSE_VALUES = "parse_values"
    PACKAGE = "package"
    REPO_INDEX = "repo_index"
    PULL_URL = "pull_url"
    INSTALL = "install"
    UPGRADE = "upgrade"
    ROLLBACK = "rollback"
    UNINSTALL = "uninstall"
    STATUS = "status"
    HISTORY = "history"


@dataclass(frozen=True, slots=True)
class Ping:
    """Load the library and say its versions."""

    OPERATION: ClassVar[Operation] = Operation.PING


@dataclass(frozen=True, slots=True)
class Render:
    """`helm template` of a chart archive."""

    OPERATION: ClassVar[Operation] = Operation.RENDER
    archive: bytes
    values: dict[str, Any]
    release: str
    namespace: str


@dataclass(frozen=True, slots=True)
class ParseValues:
    """YAML text read as Helm reads values."""

    OPERATION: ClassVar[Operation] = Operation.PARSE_VALUES
    text: str


@dataclass(frozen=True, slots=True)
class Package:
    """`helm package` of a chart folder."""

    OPERATION: ClassVar[Operation] = Operation.PACKAGE
    directory: str


@dataclass(frozen=True, slots=True)
class RepoIndex:
    """A chart repository's index.yaml (None credentials: anonymous)."""

    OPERATION: ClassVar[Operation] = Operation.REPO_INDEX
    url: str
    username: str | None = None
    password: str | None = field(default=None, repr=False)


@dataclass(frozen=True, slots=True)
class PullUrl:
    """One chart archive, by its absolute URL."""

    OPERATION: ClassVar[Operation] = Operation.PULL_URL
    url: str
    username: str | None = None
    password: str | None = field(default=None, repr=False)


@dataclass(frozen=True, slots=True)
class Install:
    """`helm install` without Helm's wait; `timeout` is Helm's own deadline in seconds."""

    OPERATION: ClassVar[Operation] = Operation.INSTALL
    release: str
    namespace: str
    kube: KubeTarget
    timeout: int
    archive: bytes
    values: dict[str, Any]
    description: str | None = None
    labels: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Upgrade:
    """`helm upgrade` without Helm's wait (`force_conflicts`: `--force-conflicts`)."""

    OPERATION: ClassVar[Operation] = Operation.UPGRADE
    release: str
    namespace: str
    kube: KubeTarget
    timeout: int
    archive: bytes
    values: dict[str, Any]
    description: str | None = None
    labels: dict[str, str] = field(default_factory=dict)
    force_conflicts: bool = False


@dataclass(frozen=True, slots=True)
class Rollback:
    """`helm rollback` to `revision`, or to the newest earlier deployed one when None."""

    OPERATION: ClassVar[Operation] = Operation.ROLLBACK
    release: str
    namespace: str
    kube: KubeTarget
    timeout: int
    revision: int | None = None
    force_conflicts: bool = False


@dataclass(frozen=True, slots=True)
class Uninstall:
    """`helm uninstall` without keeping history."""

    OPERATION: ClassVar[Operation] = Operation.UNINSTALL
    release: str
    namespace: str
    kube: KubeTarget
    timeout: int
    ignore_not_found: bool = False


@dataclass(frozen=True, slots=True)
class Status:
    """The release's latest revision (None when there is no such release)."""

    OPERATION: ClassVar[Operation] = Operation.STATUS
    release: str
    namespace: str
    kube: KubeTarget


@dataclass(frozen=True, slots=True)
class History:
    """Every stored revision of the release."""

    OPERATION: ClassVar[Operation] = Operation.HISTORY
    release: str
    namespace: str
    kube: KubeTarget


WorkerRequest = (
    Ping
    | Render
    | ParseValues
    | Package
    | RepoIndex
    | PullUrl
    | Install
    | Upgrade
    | Rollback
    | Uninstall
    | Status
    | History
)

REQUEST_TYPES: dict[Operation, type[WorkerRequest]] = {
    kind.OPERATION: kind
    for kind in (
        Ping,
        Render,
        ParseValues,
        Package,
        RepoIndex,
        PullUrl,
        Install,
        Upgrade,
        Rollback,
        Uninstall,
        Status,
        History,
    )
}


def request_args(request: WorkerRequest) -> dict[str, Any]:
    """The request's fields as JSON can carry them: bytes as base64, a KubeTarget as its
    wire form. TypeError if a value (a date in the values...) is not JSON."""
    return {
        item.name: _to_wire(getattr(request, item.name)) for item in dataclasses.fields(request)
    }


def decode_request(op: object, args: object) -> WorkerRequest:
    """The request a frame's `op` and `args` describe; ProtocolError if they describe none."""
    try:
        kind = REQUEST_TYPES[Operation(str(op))]
    except ValueError:
        raise ProtocolError(f"unknown operation {op!r}") from None
    if not isinstance(args, dict):
        raise ProtocolError(f"{op}: the arguments are not an object")
    hints = typing.get_type_hints(kind)
    try:
        values = {
            item.name: _from_wire(hints[item.name], args[item.name])
            for item in dataclasses.fields(kind)
            if item.name in args
        }
        return kind(**values)
    except (AttributeError, TypeError, ValueError) as error:
        raise ProtocolError(f"{op}: the arguments do not fit: {error}") from None


def _to_wire(value: object) -> object:
    if isinstance(value, bytes):
        return pack_bytes(value)
    if isinstance(value, KubeTarget):
        return value.to_wire()
    return value


def _from_wire(hint: object, value: Any) -> Any:
    if hint is bytes:
        return unpack_bytes(value)
    if hint is KubeTarget:
        return KubeTarget(
            kubeconfig=None if value.get("kubeconfig") is None else Path(value["kubeconfig"]),
            context=value.get("context"),
            in_cluster=bool(value.get("in_cluster")),
            storage_driver=str(value.get("storage_driver") or "secret"),
        )
    if isinstance(hint, type) and not isinstance(value, hint):
        raise TypeError(f"{value!r} is not a {hint.__name__}")
    return value

"""The emulator's state: objects, a global resourceVersion, watch history and pod logs.

Everything is guarded by one re-entrant lock because two threads touch it: the server's event
loop (HTTP handlers) and the test (the controller API). Watchers and log followers live on the
server loop; the store hands them events with `call_soon_threadsafe`, so a mutation made from the
test thread reaches an open watch without polling.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import copy
import itertools
import random
import string
import threading
import uuid
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from tests.kube_emulator import managed_fields
from tests.kube_emulator.patching import PatchError, json_patch, merge_patch
from tests.kube_emulator.resources import BY_KEY, BY_KIND, ResourceType, resource_for
from tests.kube_emulator.selectors import Predicate

Obj = dict[str, Any]
HISTORY_LENGTH = 2000


def now_text(moment: datetime | None = None) -> str:
    """A Kubernetes timestamp: RFC 3339, UTC, whole seconds."""
    return (moment or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")


class ApiError(Exception):
    """An error the API server reports as a `Status` object."""

    def __init__(self, code: int, reason: str, message: str, details: Obj | None = None) -> None:
        super().__init__(message)
        self.code, self.reason, self.message, self.details = code, reason, message, details

    def status(self) -> Obj:
        body: Obj = {
            "kind": "Status",
            "apiVersion": "v1",
            "metadata": {},
            "status": "Failure",
            "message": self.message,
            "reason": self.reason,
            "code": self.code,
        }
        if self.details is not None:
            body["details"] = self.details
        return body


def not_found(resource: ResourceType, name: str) -> ApiError:
    group = f".{resource.group}" if resource.group else ""
    return ApiError(
        404,
        "NotFound",
        f'{resource.plural}{group} "{name}" not found',
        {"name": name, "group": resource.group, "kind": resource.plural},
    )


def expired(since: int) -> ApiError:
    return ApiError(410, "Expired", f"too old resource version: {since} (expired)")


class Drop:
    """Queued to a watcher: end the stream by cutting the connection (no clean end of body)."""


ABRUPT = Drop()


@dataclass
class WatchEvent:
    rv: int
    type: str  # ADDED, MODIFIED, DELETED
    resource: ResourceType
    namespace: str
    obj: Obj


@dataclass(eq=False)
class Watcher:
    resource: ResourceType
    namespace: str | None
    predicate: Predicate
    loop: asyncio.AbstractEventLoop
    queue: asyncio.Queue[WatchEvent | Drop | None] = field(default_factory=asyncio.Queue)

    def wants(self, event: WatchEvent) -> bool:
        if event.resource.key != self.resource.key:
            return False
        if self.namespace is not None and event.namespace != self.namespace:
            return False
        return self.predicate(event.obj)

    def push(self, item: WatchEvent | Drop | None) -> None:
        # RuntimeError: the server loop is gone, nobody is listening any more.
        with contextlib.suppress(RuntimeError):
            self.loop.call_soon_threadsafe(self.queue.put_nowait, item)


@dataclass
class LogLine:
    time: datetime
    text: str


@dataclass(eq=False)
class LogFollower:
    key: tuple[str, str, str]
    loop: asyncio.AbstractEventLoop
    queue: asyncio.Queue[LogLine | None] = field(default_factory=asyncio.Queue)

    def push(self, item: LogLine | None) -> None:
        with contextlib.suppress(RuntimeError):
            self.loop.call_soon_threadsafe(self.queue.put_nowait, item)


def _suffix(length: int = 5) -> str:
    return "".join(random.choices(string.ascii_lowercase + string.digits, k=length))


class Store:
    """Objects keyed by resource, namespace and name; every write bumps one global counter."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self._objects: dict[str, dict[tuple[str, str], Obj]] = {}
        self._rv = 100
        self._history: deque[WatchEvent] = deque(maxlen=HISTORY_LENGTH)
        self._floor = self._rv  # watches resuming below this get 410 Gone
        self._watchers: set[Watcher] = set()
        self._logs: dict[tuple[str, str, str], list[LogLine]] = {}
        self._previous_logs: dict[tuple[str, str, str], list[LogLine]] = {}
        self._followers: set[LogFollower] = set()
        self._hooks: list[Callable[[WatchEvent], None]] = []
        self._node_ports = itertools.count(30000)
        self._cluster_ips = itertools.count(10)

    # ----- reading -------------------------------------------------------------------------

    @property
    def resource_version(self) -> int:
        return self._rv

    def get(self, resource: ResourceType, namespace: str, name: str) -> Obj:
        with self.lock:
            found = self._bucket(resource).get((namespace, name))
            if found is None:
                raise not_found(resource, name)
            return copy.deepcopy(found)

    def find(self, resource: ResourceType, namespace: str, name: str) -> Obj | None:
        try:
            return self.get(resource, namespace, name)
        except ApiError:
            return None

    def list_objects(
        self, resource: ResourceType, namespace: str | None, predicate: Predicate | None = None
    ) -> tuple[list[Obj], int]:
        with self.lock:
            items = [
                copy.deepcopy(obj)
                for (ns, _name), obj in sorted(self._bucket(resource).items())
                if (namespace is None or ns == namespace) and (predicate is None or predicate(obj))
            ]
            return items, self._rv

    # ----- writing -------------------------------------------------------------------------

    def create(
        self,
        resource: ResourceType,
        namespace: str,
        obj: Obj,
        *,
        dry_run: bool = False,
        manager: str = "",
    ) -> Obj:
        """Create `obj`; `manager` (the request's field manager) owns every field it set."""
        with self.lock:
            obj = copy.deepcopy(obj)
            meta = obj.setdefault("metadata", {})
            if not meta.get("name") and meta.get("generateName"):
                meta["name"] = meta["generateName"] + _suffix()
            name = meta.get("name")
            if not name:
                raise ApiError(
                    422,
                    "Invalid",
                    f"{resource.kind} is invalid: metadata.name: "
                    "Required value: name or generateName is required",
                )
            self._check_namespace(resource, namespace)
            if (namespace, name) in self._bucket(resource):
                group = f".{resource.group}" if resource.group else ""
                raise ApiError(
                    409,
                    "AlreadyExists",
                    f'{resource.plural}{group} "{name}" already exists',
                    {"name": name, "group": resource.group, "kind": resource.plural},
                )
            self._stamp_new(resource, namespace, obj)
            if manager:
                ownership = managed_fields.updated(None, obj, manager)
                managed_fields.record(obj, ownership, obj["apiVersion"], now_text())
            if dry_run:
                return obj
            return self._commit(resource, namespace, obj, "ADDED")

    def replace(
        self,
        resource: ResourceType,
        namespace: str,
        name: str,
        obj: Obj,
        *,
        subresource: str = "",
        dry_run: bool = False,
        manager: str = "",
    ) -> Obj:
        with self.lock:
            current = self.get(resource, namespace, name)
            wanted_rv = (obj.get("metadata") or {}).get("resourceVersion")
            if wanted_rv and wanted_rv != current["metadata"]["resourceVersion"]:
                raise ApiError(
                    409,
                    "Conflict",
                    f"Operation cannot be fulfilled on "
                    f'{resource.plural} "{name}": the object has been modified; '
                    "please apply your changes to the latest version and try again",
                    {"name": name, "kind": resource.plural},
                )
            updated = self._merge_update(resource, current, copy.deepcopy(obj), subresource)
            self._own_update(current, updated, manager)
            if dry_run:
                return updated
            return self._commit(resource, namespace, updated, "MODIFIED")

    def patch(
        self,
        resource: ResourceType,
        namespace: str,
        name: str,
        patch: Any,
        content_type: str,
        *,
        subresource: str = "",
        manager: str = "",
        force: bool = False,
        dry_run: bool = False,
    ) -> tuple[Obj, bool]:
        """Apply one patch; returns the object and whether it was created (apply only)."""
        with self.lock:
            current = self.find(resource, namespace, name)
            try:
                if "apply-patch" in content_type:
                    return self._apply(
                        resource, namespace, name, current, patch, manager, force, dry_run
                    ), current is None
                if current is None:
                    raise not_found(resource, name)
                if "json-patch" in content_type:
                    wanted = json_patch(current, patch)
                else:
                    wanted = merge_patch(current, patch, strategic="strategic" in content_type)
            except PatchError as error:
                raise ApiError(422, "Invalid", str(error)) from error
            updated = self._merge_update(resource, current, wanted, subresource)
            self._own_update(current, updated, manager)
            if dry_run:
                return updated, False
            return self._commit(resource, namespace, updated, "MODIFIED"), False

    def _apply(
        self,
        resource: ResourceType,
        namespace: str,
        name: str,
        current: Obj | None,
        applied: Obj,
        manager: str,
        force: bool,
        dry_run: bool,
    ) -> Obj:
        applied = copy.deepcopy(applied)
        applied.setdefault("metadata", {})["name"] = name
        if current is None:
            created = copy.deepcopy(applied)
            created = self.create(resource, namespace, created, dry_run=True)
            ownership = {(manager, managed_fields.APPLY): set(managed_fields.leaves(applied))}
            managed_fields.record(created, ownership, created["apiVersion"], now_text())
            return created if dry_run else self._commit(resource, namespace, created, "ADDED")
        merged = merge_patch(current, applied, strategic=True)
        try:
            wanted, ownership = managed_fields.applied(
                current, applied, manager, merged, force=force
            )
        except managed_fields.ApplyConflicts as conflicts:
            raise _conflict_error(conflicts) from None
        updated = self._merge_update(resource, current, wanted, "")
        managed_fields.record(updated, ownership, resource.group_version, now_text())
        if dry_run:
            return updated
        return self._commit(resource, namespace, updated, "MODIFIED")

    def _own_update(self, current: Obj, updated: Obj, manager: str) -> None:
        """A create/update/patch: `manager` now owns the fields it changed."""
        if not manager or updated.get("kind") is None:
            return
        ownership = managed_fields.updated(current, updated, manager)
        managed_fields.record(updated, ownership, str(updated["apiVersion"]), now_text())

    def delete(
        self, resource: ResourceType, namespace: str, name: str, *, dry_run: bool = False
    ) -> Obj:
        with self.lock:
            current = self.get(resource, namespace, name)
            if dry_run:
                return current
            if resource.plural == "namespaces":
                self._delete_namespace_contents(name)
            del self._bucket(resource)[(namespace, name)]
            self._rv += 1
            current["metadata"]["resourceVersion"] = str(self._rv)
            self._emit(WatchEvent(self._rv, "DELETED", resource, namespace, current))
            self._collect_dependents(current["metadata"].get("uid"))
            if resource.plural == "pods":
                self._end_logs(namespace, name)
            return current

    def delete_collection(
        self, resource: ResourceType, namespace: str | None, predicate: Predicate | None
    ) -> list[Obj]:
        with self.lock:
            items, _ = self.list_objects(resource, namespace, predicate)
            return [
                self.delete(resource, i["metadata"].get("namespace", ""), i["metadata"]["name"])
                for i in items
            ]

    def put(self, obj: Obj) -> Obj:
        """Create or replace `obj` whole, status included (the controller's back door)."""
        resource = BY_KIND.get((obj.get("apiVersion", ""), obj.get("kind", ""))) or resource_for(
            obj["kind"]
        )
        namespace = obj["metadata"].get("namespace", "") if resource.namespaced else ""
        with self.lock:
            current = self.find(resource, namespace, obj["metadata"]["name"])
            if current is None:
                return self.create(resource, namespace, obj)
            obj = copy.deepcopy(obj)
            obj["metadata"] = current["metadata"] | obj["metadata"]
            self._bump_generation(current, obj)
            return self._commit(resource, namespace, obj, "MODIFIED")

    # ----- watches -------------------------------------------------------------------------

    def open_watch(
        self,
        resource: ResourceType,
        namespace: str | None,
        predicate: Predicate,
        since: int | None,
        loop: asyncio.AbstractEventLoop,
    ) -> tuple[Watcher, list[WatchEvent]]:
        """Register a watcher; returns it with the events it must replay first.

        `since=None` means "current state first" (synthetic ADDED events), as the API server
        does for a watch without resourceVersion or with resourceVersion=0.
        """
        with self.lock:
            if since is None:
                items, _ = self.list_objects(resource, namespace, predicate)
                backlog = [
                    WatchEvent(
                        int(i["metadata"]["resourceVersion"]),
                        "ADDED",
                        resource,
                        i["metadata"].get("namespace", ""),
                        i,
                    )
                    for i in items
                ]
            else:
                if since < self._floor:
                    raise expired(since)
                watcher_probe = Watcher(resource, namespace, predicate, loop)
                backlog = [e for e in self._history if e.rv > since and watcher_probe.wants(e)]
            watcher = Watcher(resource, namespace, predicate, loop)
            self._watchers.add(watcher)
            return watcher, backlog

    def close_watch(self, watcher: Watcher) -> None:
        with self.lock:
            self._watchers.discard(watcher)

    def end_watches(self, *, abrupt: bool = False) -> int:
        """Tell every open watch to end now (cleanly, or by cutting the connection); returns
        how many there were."""
        with self.lock:
            watchers = list(self._watchers)
        for watcher in watchers:
            watcher.push(ABRUPT if abrupt else None)
        return len(watchers)

    def compact(self) -> int:
        """Forget the history: any watch resuming from an older resourceVersion gets 410."""
        with self.lock:
            self._rv += 1
            self._floor = self._rv
            self._history.clear()
            return self._rv

    def add_hook(self, hook: Callable[[WatchEvent], None]) -> None:
        with self.lock:
            self._hooks.append(hook)

    def remove_hook(self, hook: Callable[[WatchEvent], None]) -> None:
        with self.lock:
            if hook in self._hooks:
                self._hooks.remove(hook)

    # ----- pod logs ------------------------------------------------------------------------

    def append_log(
        self,
        namespace: str,
        pod: str,
        container: str,
        lines: Iterable[str],
        *,
        previous: bool = False,
        at: datetime | None = None,
    ) -> None:
        key = (namespace, pod, container)
        with self.lock:
            target = self._previous_logs if previous else self._logs
            for text in lines:
                line = LogLine(at or datetime.now(UTC), text)
                target.setdefault(key, []).append(line)
                if not previous:
                    for follower in self._followers:
                        if follower.key == key:
                            follower.push(line)

    def read_log(
        self, namespace: str, pod: str, container: str, previous: bool
    ) -> list[LogLine] | None:
        with self.lock:
            source = self._previous_logs if previous else self._logs
            lines = source.get((namespace, pod, container))
            return None if lines is None and previous else list(lines or [])

    def follow_log(
        self,
        namespace: str,
        pod: str,
        container: str,
        previous: bool,
        loop: asyncio.AbstractEventLoop,
    ) -> tuple[list[LogLine], LogFollower]:
        with self.lock:
            existing = self.read_log(namespace, pod, container, previous) or []
            follower = LogFollower((namespace, pod, container), loop)
            if previous:  # a terminated instance writes nothing more
                follower.push(None)
            else:
                self._followers.add(follower)
            return existing, follower

    def stop_following(self, follower: LogFollower) -> None:
        with self.lock:
            self._followers.discard(follower)

    def end_follows(self) -> None:
        with self.lock:
            followers = list(self._followers)
        for follower in followers:
            follower.push(None)

    # ----- internals -----------------------------------------------------------------------

    def _bucket(self, resource: ResourceType) -> dict[tuple[str, str], Obj]:
        return self._objects.setdefault(resource.key, {})

    def _check_namespace(self, resource: ResourceType, namespace: str) -> None:
        if not resource.namespaced:
            return
        namespaces = self._objects.get("/v1/namespaces", {})
        if ("", namespace) not in namespaces:
            raise ApiError(
                404,
                "NotFound",
                f'namespaces "{namespace}" not found',
                {"name": namespace, "kind": "namespaces"},
            )

    def _stamp_new(self, resource: ResourceType, namespace: str, obj: Obj) -> None:
        obj["apiVersion"], obj["kind"] = resource.group_version, resource.kind
        meta = obj["metadata"]
        if resource.namespaced:
            meta["namespace"] = namespace
        else:
            meta.pop("namespace", None)
        meta["uid"] = str(uuid.uuid4())
        meta["creationTimestamp"] = now_text()  # the server's clock, whatever the client sent
        meta.pop("managedFields", None)  # the server keeps these itself
        if "spec" in obj:
            meta["generation"] = 1
        defaulter = _DEFAULTERS.get(resource.kind)
        if defaulter is not None:
            defaulter(self, obj)
        if resource.kind == "Service":
            self._check_node_ports(namespace, obj)

    def _merge_update(
        self, resource: ResourceType, current: Obj, wanted: Obj, subresource: str
    ) -> Obj:
        """The stored form of an update: identity kept, status only through /status."""
        updated = copy.deepcopy(current)
        if subresource == "status":
            updated["status"] = wanted.get("status", {})
        else:
            for key, value in wanted.items():
                if key not in ("metadata", "status", "apiVersion", "kind"):
                    updated[key] = value
            for key in [
                k
                for k in updated
                if k not in wanted and k not in ("metadata", "status", "apiVersion", "kind")
            ]:
                del updated[key]
            meta = wanted.get("metadata") or {}
            for key in ("labels", "annotations", "ownerReferences", "finalizers"):
                if key in meta:
                    updated["metadata"][key] = meta[key]
                else:
                    updated["metadata"].pop(key, None)
            if "status" not in resource.subresources and "status" in wanted:
                updated["status"] = wanted["status"]
            if resource.kind == "Secret":
                _secret_defaults(self, updated)
            if resource.kind == "Service":
                self._check_node_ports(str(current["metadata"].get("namespace", "")), updated)
        self._bump_generation(current, updated)
        return updated

    @staticmethod
    def _bump_generation(current: Obj, updated: Obj) -> None:
        if "spec" in updated and updated.get("spec") != current.get("spec"):
            updated["metadata"]["generation"] = current["metadata"].get("generation", 0) + 1

    def _commit(self, resource: ResourceType, namespace: str, obj: Obj, kind: str) -> Obj:
        self._rv += 1
        obj["metadata"]["resourceVersion"] = str(self._rv)
        self._bucket(resource)[(namespace, obj["metadata"]["name"])] = obj
        self._emit(WatchEvent(self._rv, kind, resource, namespace, copy.deepcopy(obj)))
        return copy.deepcopy(obj)

    def _emit(self, event: WatchEvent) -> None:
        if len(self._history) == self._history.maxlen:
            self._floor = self._history[0].rv
        self._history.append(event)
        for watcher in self._watchers:
            if watcher.wants(event):
                watcher.push(event)
        for hook in list(self._hooks):
            hook(event)

    def _delete_namespace_contents(self, namespace: str) -> None:
        for key, bucket in list(self._objects.items()):
            for ns, name in [k for k in bucket if k[0] == namespace]:
                self.delete(BY_KEY[key], ns, name)

    def _collect_dependents(self, uid: str | None) -> None:
        """Garbage collection: delete objects owned by `uid` (propagation is always background)."""
        if not uid:
            return
        for key, bucket in list(self._objects.items()):
            for (ns, name), obj in list(bucket.items()):
                owners = obj["metadata"].get("ownerReferences") or []
                if any(o.get("uid") == uid for o in owners) and (ns, name) in bucket:
                    self.delete(BY_KEY[key], ns, name)

    def _end_logs(self, namespace: str, pod: str) -> None:
        for follower in list(self._followers):
            if follower.key[:2] == (namespace, pod):
                follower.push(None)
                self._followers.discard(follower)

    def next_node_port(self) -> int:
        """The next node port no Service holds (the API server's allocator)."""
        held = self._held_node_ports(None)
        port = next(self._node_ports)
        while port in held:
            port = next(self._node_ports)
        return port

    def _held_node_ports(self, exclude: tuple[str, str] | None) -> dict[int, tuple[str, str]]:
        held: dict[int, tuple[str, str]] = {}
        for key, service in self._objects.get("/v1/services", {}).items():
            if key != exclude:
                for port in (service.get("spec") or {}).get("ports") or []:
                    if isinstance(port, dict) and port.get("nodePort"):
                        held[int(port["nodePort"])] = key
        return held

    def _check_node_ports(self, namespace: str, service: Obj) -> None:
        """A node port is held by one Service in the whole cluster: the API server refuses a
        second one with 422, naming the field (an update keeps its own ports)."""
        name = service["metadata"]["name"]
        held = self._held_node_ports((namespace, name))
        for index, port in enumerate((service.get("spec") or {}).get("ports") or []):
            number = port.get("nodePort") if isinstance(port, dict) else None
            if number and int(number) in held:
                raise ApiError(
                    422,
                    "Invalid",
                    f'Service "{name}" is invalid: spec.ports[{index}].nodePort: Invalid value: '
                    f"{number}: provided port is already allocated",
                    {"name": name, "kind": "Service"},
                )

    def next_cluster_ip(self) -> str:
        n = next(self._cluster_ips)
        return f"10.96.{n // 250}.{n % 250 + 1}"


def _conflict_error(conflicts: managed_fields.ApplyConflicts) -> ApiError:
    """The API server's 409 for an apply over fields another manager owns."""
    causes = [
        {
            "reason": "FieldManagerConflict",
            "message": f'conflict with "{c.manager}" using {c.api_version}',
            "field": managed_fields.path_text(c.path),
        }
        for c in conflicts.conflicts
    ]
    return ApiError(409, "Conflict", str(conflicts), {"causes": causes})


def _namespace_defaults(_store: Store, obj: Obj) -> None:
    name = obj["metadata"]["name"]
    obj["metadata"].setdefault("labels", {})["kubernetes.io/metadata.name"] = name
    obj.setdefault("spec", {"finalizers": ["kubernetes"]})
    obj["metadata"].pop("generation", None)
    obj["status"] = {"phase": "Active"}


def _service_defaults(store: Store, obj: Obj) -> None:
    spec = obj.setdefault("spec", {})
    spec.setdefault("type", "ClusterIP")
    spec.setdefault("sessionAffinity", "None")
    if spec.get("clusterIP") != "None":
        spec["clusterIP"] = spec.get("clusterIP") or store.next_cluster_ip()
        spec["clusterIPs"] = [spec["clusterIP"]]
    for port in spec.get("ports") or []:
        port.setdefault("protocol", "TCP")
        port.setdefault("targetPort", port.get("port"))
        if spec["type"] in ("NodePort", "LoadBalancer") and not port.get("nodePort"):
            port["nodePort"] = store.next_node_port()
    obj.setdefault("status", {"loadBalancer": {}})


def _secret_defaults(_store: Store, obj: Obj) -> None:
    obj.setdefault("type", "Opaque")
    string_data = obj.pop("stringData", None) or {}
    if string_data:
        data = obj.setdefault("data", {})
        for key, value in string_data.items():
            data[key] = base64.b64encode(str(value).encode()).decode()


def _workload_defaults(_store: Store, obj: Obj) -> None:
    spec = obj.setdefault("spec", {})
    spec.setdefault("replicas", 1)
    obj.setdefault("status", {})


def _pod_defaults(_store: Store, obj: Obj) -> None:
    obj.setdefault("status", {}).setdefault("phase", "Pending")


def _pvc_defaults(_store: Store, obj: Obj) -> None:
    # A cluster with a working default StorageClass binds claims at once; tests that want a
    # stuck claim say so through the controller.
    obj.setdefault("status", {}).setdefault("phase", "Bound")


def _storage_class_defaults(_store: Store, obj: Obj) -> None:
    # The API server's defaults for storage.k8s.io/v1 StorageClass.
    obj.setdefault("reclaimPolicy", "Delete")
    obj.setdefault("volumeBindingMode", "Immediate")


_DEFAULTERS: dict[str, Callable[[Store, Obj], None]] = {
    "StorageClass": _storage_class_defaults,
    "Namespace": _namespace_defaults,
    "Service": _service_defaults,
    "Secret": _secret_defaults,
    "Deployment": _workload_defaults,
    "StatefulSet": _workload_defaults,
    "Pod": _pod_defaults,
    "PersistentVolumeClaim": _pvc_defaults,
}

"""The test's stand-in for kube-controller-manager, the scheduler and the kubelet.

Nothing happens on its own unless `auto_ready()` is on: tests create pods, mark workloads ready
or failing, write events and log lines, and inject faults, all as plain Python calls. Pods are
owned directly by their Deployment (the ReplicaSet layer is left out; nothing here reads it).
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import json
import random
import string
from datetime import datetime
from typing import TYPE_CHECKING, Any

from tests.kube_emulator.resources import resource_for
from tests.kube_emulator.store import ApiError, Obj, WatchEvent, now_text

if TYPE_CHECKING:
    from tests.kube_emulator.server import KubeEmulator

WORKLOAD_KINDS = ("Deployment", "StatefulSet")


def _hash(value: Any, length: int = 10) -> str:
    digest = hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()
    alphabet = "bcdfghjklmnpqrstvwxz2456789"
    return "".join(
        alphabet[int(digest[i : i + 2], 16) % len(alphabet)] for i in range(0, 2 * length, 2)
    )


def _condition(kind: str, status: bool, reason: str, message: str = "") -> Obj:
    stamp = now_text()
    return {
        "type": kind,
        "status": "True" if status else "False",
        "reason": reason,
        "message": message,
        "lastUpdateTime": stamp,
        "lastTransitionTime": stamp,
    }


class Controller:
    def __init__(self, emulator: KubeEmulator) -> None:
        self.emu = emulator
        self.store = emulator.store
        self._auto_delay: float | None = None

    # ----- plain object access -------------------------------------------------------------

    def get(self, kind: str, namespace: str, name: str) -> Obj | None:
        resource = resource_for(kind)
        return self.store.find(resource, namespace if resource.namespaced else "", name)

    def list_objects(self, kind: str, namespace: str | None = None) -> list[Obj]:
        return self.store.list_objects(resource_for(kind), namespace)[0]

    def put(self, obj: Obj) -> Obj:
        """Create or replace an object as is (status included)."""
        return self.store.put(obj)

    def delete(self, kind: str, namespace: str, name: str) -> None:
        resource = resource_for(kind)
        self.store.delete(resource, namespace if resource.namespaced else "", name)

    def set_created(self, kind: str, namespace: str, name: str, when: datetime) -> Obj:
        """Back-date an object's creationTimestamp (for age tests)."""
        obj = self._require(kind, namespace, name)
        obj["metadata"]["creationTimestamp"] = now_text(when)
        return self.store.put(obj)

    def create_namespace(self, name: str, *, labels: dict[str, str] | None = None) -> Obj:
        meta: Obj = {"name": name}
        if labels:
            meta["labels"] = labels
        return self.store.put({"apiVersion": "v1", "kind": "Namespace", "metadata": meta})

    def add_node(
        self, name: str, *, internal_ip: str, external_ip: str | None = None, ready: bool = True
    ) -> Obj:
        addresses = [{"type": "InternalIP", "address": internal_ip}]
        if external_ip:
            addresses.append({"type": "ExternalIP", "address": external_ip})
        addresses.append({"type": "Hostname", "address": name})
        return self.store.put(
            {
                "apiVersion": "v1",
                "kind": "Node",
                "metadata": {"name": name, "labels": {"kubernetes.io/hostname": name}},
                "spec": {},
                "status": {
                    "addresses": addresses,
                    "conditions": [_condition("Ready", ready, "KubeletReady")],
                },
            }
        )

    # ----- workloads and pods --------------------------------------------------------------

    def workload(self, namespace: str, name: str) -> Obj:
        for kind in WORKLOAD_KINDS:
            found = self.get(kind, namespace, name)
            if found is not None:
                return found
        raise KeyError(f"no Deployment or StatefulSet {namespace}/{name}")

    def _owners(self, namespace: str, workload: Obj) -> set[str]:
        """UIDs that own the workload's pods: the StatefulSet, or a Deployment's ReplicaSets."""
        uid = workload["metadata"]["uid"]
        if workload["kind"] != "Deployment":
            return {uid}
        return {
            rs["metadata"]["uid"]
            for rs in self.list_objects("ReplicaSet", namespace)
            if _owned_by(rs, uid)
        }

    def pods_of(self, namespace: str, name: str) -> list[Obj]:
        owners = self._owners(namespace, self.workload(namespace, name))
        return [
            p for p in self.list_objects("Pod", namespace) if any(_owned_by(p, u) for u in owners)
        ]

    def create_pods(self, namespace: str, name: str, *, ready: bool = False) -> list[str]:
        """Make the pods a workload asks for (replacing those of an older template).

        A Deployment gets a ReplicaSet per template (older ones scaled to 0), as Helm's
        legacy wait looks the new ReplicaSet up; a StatefulSet owns its pods directly.
        """
        workload = self.workload(namespace, name)
        template = workload["spec"].get("template") or {}
        revision = _hash(template)
        owner = workload
        if workload["kind"] == "Deployment":
            owner = self._replica_set(workload, template, revision)
        for pod in self.pods_of(namespace, name):
            labels = pod["metadata"].get("labels") or {}
            if revision not in (
                labels.get("pod-template-hash"),
                labels.get("controller-revision-hash", "").rsplit("-", 1)[-1],
            ):
                self.store.delete(resource_for("Pod"), namespace, pod["metadata"]["name"])
        current = [p["metadata"]["name"] for p in self.pods_of(namespace, name)]
        names = []
        for index in range(int(workload["spec"].get("replicas", 1))):
            if workload["kind"] == "Deployment" and index < len(current):
                pod_name = current[index]
            else:
                pod = self._pod_for(workload, owner, template, revision, index)
                found = self.get("Pod", namespace, pod["metadata"]["name"])
                pod_name = (found or self.store.put(pod))["metadata"]["name"]
            names.append(pod_name)
            if ready:
                self.set_pod_running(namespace, pod_name)
        return names

    def _replica_set(self, deployment: Obj, template: Obj, revision: str) -> Obj:
        meta = deployment["metadata"]
        namespace, uid = meta["namespace"], meta["uid"]
        for rs in self.list_objects("ReplicaSet", namespace):
            if _owned_by(rs, uid) and rs["metadata"]["name"] != f"{meta['name']}-{revision}":
                rs["spec"]["replicas"] = 0
                rs["status"] = {
                    "replicas": 0,
                    "observedGeneration": rs["metadata"].get("generation", 1),
                }
                self.store.put(rs)
        found = self.get("ReplicaSet", namespace, f"{meta['name']}-{revision}")
        if found is not None:
            return found
        rs_template = copy.deepcopy(template)
        rs_template.setdefault("metadata", {}).setdefault("labels", {})["pod-template-hash"] = (
            revision
        )
        selector = copy.deepcopy(deployment["spec"].get("selector") or {"matchLabels": {}})
        selector.setdefault("matchLabels", {})["pod-template-hash"] = revision
        return self.store.put(
            {
                "apiVersion": "apps/v1",
                "kind": "ReplicaSet",
                "metadata": {
                    "name": f"{meta['name']}-{revision}",
                    "namespace": namespace,
                    "labels": rs_template["metadata"]["labels"],
                    "annotations": {
                        "deployment.kubernetes.io/revision": str(meta.get("generation", 1))
                    },
                    "ownerReferences": [_owner_reference(deployment)],
                },
                "spec": {
                    "replicas": deployment["spec"].get("replicas", 1),
                    "selector": selector,
                    "template": rs_template,
                },
                "status": {"replicas": 0},
            }
        )

    def _pod_for(self, workload: Obj, owner: Obj, template: Obj, revision: str, index: int) -> Obj:
        meta = workload["metadata"]
        labels = dict((template.get("metadata") or {}).get("labels") or {})
        if workload["kind"] == "Deployment":
            suffix = "".join(random.choices(string.ascii_lowercase + string.digits, k=5))
            pod_name = f"{meta['name']}-{revision}-{suffix}"
            labels["pod-template-hash"] = revision
        else:
            pod_name = f"{meta['name']}-{index}"
            labels["controller-revision-hash"] = f"{meta['name']}-{revision}"
            labels["statefulset.kubernetes.io/pod-name"] = pod_name
        spec = copy.deepcopy(template.get("spec") or {"containers": []})
        spec.setdefault("nodeName", "emulator-node-1")
        return {
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": {
                "name": pod_name,
                "namespace": meta["namespace"],
                "labels": labels,
                "ownerReferences": [_owner_reference(owner)],
            },
            "spec": spec,
            "status": self._pending_status(spec),
        }

    @staticmethod
    def _pending_status(spec: Obj) -> Obj:
        return {
            "phase": "Pending",
            "conditions": [_condition("PodScheduled", True, "")],
            "containerStatuses": [
                {
                    "name": c["name"],
                    "image": c.get("image", ""),
                    "imageID": "",
                    "ready": False,
                    "started": False,
                    "restartCount": 0,
                    "state": {"waiting": {"reason": "ContainerCreating"}},
                }
                for c in spec.get("containers", [])
            ],
        }

    def set_pod_running(self, namespace: str, pod: str) -> Obj:
        obj = self._require("Pod", namespace, pod)
        started = now_text()
        obj["status"] = {
            "phase": "Running",
            "podIP": f"10.244.0.{random.randint(2, 250)}",
            "hostIP": "192.168.49.2",
            "startTime": started,
            "conditions": [
                _condition(t, True, "")
                for t in ("PodScheduled", "Initialized", "ContainersReady", "Ready")
            ],
            "containerStatuses": [
                {
                    "name": c["name"],
                    "image": c.get("image", ""),
                    "imageID": "",
                    "ready": True,
                    "started": True,
                    "restartCount": 0,
                    "state": {"running": {"startedAt": started}},
                }
                for c in obj["spec"].get("containers", [])
            ],
        }
        return self.store.put(obj)

    def mark_ready(self, namespace: str, name: str, *, pods: bool = True) -> Obj:
        """The workload and its pods become ready/available, as after a finished rollout."""
        if pods:
            self.create_pods(namespace, name, ready=True)
        workload = self.workload(namespace, name)
        replicas = int(workload["spec"].get("replicas", 1))
        status: Obj = {
            "observedGeneration": workload["metadata"].get("generation", 1),
            "replicas": replicas,
            "readyReplicas": replicas,
            "availableReplicas": replicas,
            "updatedReplicas": replicas,
        }
        if workload["kind"] == "Deployment":
            rs_name = f"{name}-{_hash(workload['spec'].get('template') or {})}"
            status["conditions"] = [
                _condition(
                    "Available",
                    True,
                    "MinimumReplicasAvailable",
                    "Deployment has minimum availability.",
                ),
                _condition(
                    "Progressing",
                    True,
                    "NewReplicaSetAvailable",
                    f'ReplicaSet "{rs_name}" has successfully progressed.',
                ),
            ]
            replica_set = self.get("ReplicaSet", namespace, rs_name)
            if replica_set is not None:
                replica_set["status"] = {
                    "replicas": replicas,
                    "readyReplicas": replicas,
                    "availableReplicas": replicas,
                    "fullyLabeledReplicas": replicas,
                    "observedGeneration": replica_set["metadata"].get("generation", 1),
                }
                self.store.put(replica_set)
        else:
            revision = f"{name}-{_hash(workload['spec'].get('template') or {})}"
            status |= {
                "currentReplicas": replicas,
                "currentRevision": revision,
                "updateRevision": revision,
                "collisionCount": 0,
            }
        workload["status"] = status
        return self.store.put(workload)

    def mark_progressing(self, namespace: str, name: str) -> Obj:
        """Observed but not ready: what a rollout in progress looks like."""
        workload = self.workload(namespace, name)
        replicas = int(workload["spec"].get("replicas", 1))
        status: Obj = {
            "observedGeneration": workload["metadata"].get("generation", 1),
            "replicas": replicas,
            "readyReplicas": 0,
            "availableReplicas": 0,
            "updatedReplicas": replicas,
            "unavailableReplicas": replicas,
        }
        if workload["kind"] == "Deployment":
            status["conditions"] = [
                _condition(
                    "Available",
                    False,
                    "MinimumReplicasUnavailable",
                    "Deployment does not have minimum availability.",
                ),
                _condition(
                    "Progressing", True, "ReplicaSetUpdated", f'ReplicaSet "{name}" is progressing.'
                ),
            ]
        else:
            status.pop("unavailableReplicas")
        workload["status"] = status
        return self.store.put(workload)

    def mark_replica_failure(
        self, namespace: str, name: str, message: str = 'pods "x" is forbidden: exceeded quota'
    ) -> Obj:
        workload = self._require("Deployment", namespace, name)
        workload["status"] = {
            "observedGeneration": workload["metadata"].get("generation", 1),
            "replicas": 0,
            "unavailableReplicas": int(workload["spec"].get("replicas", 1)),
            "conditions": [
                _condition("Available", False, "MinimumReplicasUnavailable"),
                _condition("Progressing", False, "ProgressDeadlineExceeded"),
                _condition("ReplicaFailure", True, "FailedCreate", message),
            ],
        }
        return self.store.put(workload)

    # ----- failing pods --------------------------------------------------------------------

    def fail_pod(
        self,
        namespace: str,
        pod: str,
        reason: str,
        *,
        container: str | None = None,
        message: str | None = None,
        restarts: int = 0,
        exit_code: int = 1,
    ) -> Obj:
        """Put one container in a failure state the kubelet reports.

        Waiting reasons (ImagePullBackOff, ErrImagePull, CrashLoopBackOff,
        CreateContainerConfigError...) go to `state.waiting`; OOMKilled, Error and Completed go
        to `state.terminated`. CrashLoopBackOff also records the last terminated instance.
        """
        obj = self._require("Pod", namespace, pod)
        status = obj.setdefault("status", {})
        statuses = status.setdefault("containerStatuses", [])
        spec_containers = obj["spec"].get("containers", [])
        name = container or spec_containers[0]["name"]
        image = next((c.get("image", "") for c in spec_containers if c["name"] == name), "")
        entry = next((s for s in statuses if s["name"] == name), None)
        if entry is None:
            entry = {"name": name, "image": image, "imageID": "", "started": False}
            statuses.append(entry)
        entry.update({"ready": False, "started": False, "restartCount": restarts})
        if reason in ("OOMKilled", "Error", "Completed", "ContainerCannotRun"):
            entry["state"] = {
                "terminated": {
                    "reason": reason,
                    "exitCode": exit_code,
                    "message": message or "",
                    "finishedAt": now_text(),
                }
            }
        else:
            entry["state"] = {
                "waiting": {"reason": reason, "message": message or _waiting_message(reason, image)}
            }
        if reason == "CrashLoopBackOff":
            entry["lastState"] = {
                "terminated": {"reason": "Error", "exitCode": exit_code, "finishedAt": now_text()}
            }
        status["phase"] = (
            "Running" if reason == "CrashLoopBackOff" else status.get("phase", "Pending")
        )
        if status["phase"] == "Running" and reason in ("ImagePullBackOff", "ErrImagePull"):
            status["phase"] = "Pending"
        status["conditions"] = [
            c for c in status.get("conditions", []) if c["type"] not in ("Ready", "ContainersReady")
        ] + [
            _condition(
                "Ready", False, "ContainersNotReady", f"containers with unready status: [{name}]"
            ),
            _condition(
                "ContainersReady",
                False,
                "ContainersNotReady",
                f"containers with unready status: [{name}]",
            ),
        ]
        return self.store.put(obj)

    def unschedulable(
        self,
        namespace: str,
        pod: str,
        message: str = "0/1 nodes are available: 1 Insufficient cpu.",
    ) -> Obj:
        obj = self._require("Pod", namespace, pod)
        obj["status"] = {
            "phase": "Pending",
            "conditions": [_condition("PodScheduled", False, "Unschedulable", message)],
        }
        obj["spec"].pop("nodeName", None)
        return self.store.put(obj)

    def pending_pvc(self, namespace: str, pod: str, claim: str) -> Obj:
        """The pod mounts `claim`, which stays Pending (no volume to bind), so it is unscheduled."""
        self.store.put(
            {
                "apiVersion": "v1",
                "kind": "PersistentVolumeClaim",
                "metadata": {"name": claim, "namespace": namespace},
                "spec": {
                    "accessModes": ["ReadWriteOnce"],
                    "resources": {"requests": {"storage": "1Gi"}},
                },
                "status": {"phase": "Pending"},
            }
        )
        obj = self._require("Pod", namespace, pod)
        volumes = obj["spec"].setdefault("volumes", [])
        if not any(
            (v.get("persistentVolumeClaim") or {}).get("claimName") == claim for v in volumes
        ):
            volumes.append({"name": claim, "persistentVolumeClaim": {"claimName": claim}})
        self.store.put(obj)
        return self.unschedulable(
            namespace,
            pod,
            "0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims. "
            "preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.",
        )

    def add_event(
        self,
        namespace: str,
        kind: str,
        name: str,
        reason: str,
        message: str,
        *,
        type_: str = "Warning",
        count: int = 1,
        when: datetime | None = None,
    ) -> Obj:
        stamp = now_text(when)
        suffix = "".join(random.choices("0123456789abcdef", k=16))
        return self.store.put(
            {
                "apiVersion": "v1",
                "kind": "Event",
                "metadata": {"name": f"{name}.{suffix}", "namespace": namespace},
                "involvedObject": {
                    "kind": kind,
                    "name": name,
                    "namespace": namespace,
                    "apiVersion": "apps/v1" if kind in WORKLOAD_KINDS else "v1",
                },
                "reason": reason,
                "message": message,
                "type": type_,
                "count": count,
                "firstTimestamp": stamp,
                "lastTimestamp": stamp,
                "source": {"component": "kubelet" if kind == "Pod" else "controller"},
                "reportingComponent": "",
                "reportingInstance": "",
            }
        )

    def append_log(
        self,
        namespace: str,
        pod: str,
        container: str,
        *lines: str,
        previous: bool = False,
        at: datetime | None = None,
    ) -> None:
        self.store.append_log(namespace, pod, container, lines, previous=previous, at=at)

    # ----- automatic mode ------------------------------------------------------------------

    def auto_ready(self, delay_ms: float = 50) -> None:
        """From now on every Deployment/StatefulSet that appears or changes its spec gets pods
        and becomes ready `delay_ms` later (what a healthy cluster does)."""
        self._auto_delay = delay_ms / 1000
        self.store.add_hook(self._on_event)
        for kind in WORKLOAD_KINDS:
            for obj in self.list_objects(kind):
                self._schedule(obj["metadata"]["namespace"], obj["metadata"]["name"])

    def stop_auto(self) -> None:
        self._auto_delay = None
        self.store.remove_hook(self._on_event)

    def _on_event(self, event: WatchEvent) -> None:
        obj = event.obj
        if self._auto_delay is None or obj.get("kind") not in WORKLOAD_KINDS:
            return
        if event.type == "DELETED":
            return
        observed = (obj.get("status") or {}).get("observedGeneration")
        if observed != obj["metadata"].get("generation"):
            self._schedule(obj["metadata"]["namespace"], obj["metadata"]["name"])

    def _schedule(self, namespace: str, name: str) -> None:
        if self._auto_delay is None:
            return

        def fire() -> None:
            # KeyError/ApiError: the workload or its namespace went away during the delay.
            with contextlib.suppress(KeyError, ApiError):
                self.mark_ready(namespace, name)

        self.emu.call_soon(self._auto_delay, fire)

    # ----- faults --------------------------------------------------------------------------

    def deny(self, verbs: str | list[str] | None, resource: str | None, **kw: Any) -> None:
        """403 Forbidden for these verbs on `resource` (optionally only for a user/namespace)."""
        self.emu.faults.deny(verbs, resource, **kw)

    def fail(self, verbs: str | list[str] | None, resource: str | None, **kw: Any) -> None:
        self.emu.faults.fail(verbs, resource, **kw)

    def clear_faults(self) -> None:
        self.emu.faults.clear()

    def drop_watches(self, *, abrupt: bool = False) -> int:
        """End every open watch now: cleanly (end of body) or abruptly (connection cut)."""
        return self.store.end_watches(abrupt=abrupt)

    def expire_history(self) -> int:
        """Compact: a watch resuming from any earlier resourceVersion now gets 410 Gone."""
        return self.store.compact()

    def open_watches(self) -> int:
        with self.store.lock:
            return len(self.store._watchers)

    # ----- helpers -------------------------------------------------------------------------

    def _require(self, kind: str, namespace: str, name: str) -> Obj:
        found = self.get(kind, namespace, name)
        if found is None:
            raise KeyError(f"no {kind} {namespace}/{name}")
        return found


def _waiting_message(reason: str, image: str) -> str:
    return {
        "ImagePullBackOff": f'Back-off pulling image "{image}"',
        "ErrImagePull": f"rpc error: code = NotFound desc = failed to pull and unpack image "
        f'"{image}": not found',
        "CrashLoopBackOff": "back-off 5m0s restarting failed container",
        "CreateContainerConfigError": 'configmap "missing" not found',
    }.get(reason, "")


def _owned_by(obj: Obj, uid: str) -> bool:
    return any(o.get("uid") == uid for o in obj["metadata"].get("ownerReferences") or [])


def _owner_reference(owner: Obj) -> Obj:
    return {
        "apiVersion": owner["apiVersion"],
        "kind": owner["kind"],
        "name": owner["metadata"]["name"],
        "uid": owner["metadata"]["uid"],
        "controller": True,
        "blockOwnerDeletion": True,
    }

"""Which Kubernetes cluster a release lives in, and where Helm keeps its release records."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Helm's CLI accepts the plural spellings in HELM_DRIVER; the SDK wants the singular ones.
_DRIVER_SPELLINGS = {
    "": "secret",
    "secret": "secret",
    "secrets": "secret",
    "configmap": "configmap",
    "configmaps": "configmap",
    "memory": "memory",
    "sql": "sql",
}


def default_storage_driver() -> str:
    """The release storage driver named by HELM_DRIVER (as the helm CLI reads it), else secret."""
    requested = os.environ.get("HELM_DRIVER", "").strip().lower()
    return _DRIVER_SPELLINGS.get(requested, requested)


@dataclass(frozen=True, slots=True)
class KubeTarget:
    """A cluster to talk to.

    `kubeconfig=None` resolves like kubectl: KUBECONFIG, then ~/.kube/config, then the pod's
    service account. `in_cluster=True` forces the service account (KubeFATE running in a pod)
    even when a kubeconfig exists. `storage_driver` is where release records live: `secret`
    (Helm's default, so `helm list -n <ns>` sees our releases), `configmap`, `memory` or `sql`.
    """

    kubeconfig: Path | None = None
    context: str | None = None
    in_cluster: bool = False
    storage_driver: str = field(default_factory=default_storage_driver)

    def to_wire(self) -> dict[str, Any]:
        """The form sent to the Helm worker."""
        return {
            "kubeconfig": None if self.kubeconfig is None else str(self.kubeconfig),
            "context": self.context,
            "in_cluster": self.in_cluster,
            "storage_driver": self.storage_driver,
        }

    def describe(self) -> str:
        """A short human description, for messages."""
        if self.in_cluster:
            return "the in-cluster service account"
        where = str(self.kubeconfig) if self.kubeconfig else "the default kubeconfig"
        return f"{where} (context {self.context})" if self.context else where

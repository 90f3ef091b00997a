"""Objects shaped like the FATE chart's, for the emulator."""

from __future__ import annotations

from typing import Any

NAMESPACE = "fate-9999"
CLUSTER = "fate-9999"


def deployment(
    name: str,
    *,
    cluster: str = CLUSTER,
    namespace: str = NAMESPACE,
    containers: dict[str, str] | None = None,
    replicas: int = 1,
) -> dict[str, Any]:
    labels = {"name": cluster, "fateMoudle": name}
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": name, "namespace": namespace, "labels": labels},
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": labels},
            "template": {
                "metadata": {"labels": labels},
                "spec": {
                    "containers": [
                        {"name": c, "image": image}
                        for c, image in (containers or {name: f"federatedai/{name}:2.0.0"}).items()
                    ]
                },
            },
        },
    }


def statefulset(
    name: str,
    *,
    cluster: str = CLUSTER,
    namespace: str = NAMESPACE,
    replicas: int = 1,
    image: str = "mysql:8.0.28",
) -> dict[str, Any]:
    obj = deployment(
        name, cluster=cluster, namespace=namespace, replicas=replicas, containers={name: image}
    )
    obj["kind"] = "StatefulSet"
    obj["spec"]["serviceName"] = name
    return obj

"""The Info tab of a cluster: the address and port other parties reach, and its dashboards.

Info is live data (docs/kubefate-behaviour.md §2.8): the embedded backend asks Kubernetes for it
on each read, a KubeFATE service does the same. When it is missing the tab says why, calmly: it is a
fact about the connection, not a failure of the cluster.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kubefate_tui.widgets.tables.field_list import Field, FieldList

NOT_SET = "—"


def info_fields(info: Mapping[str, Any]) -> list[Field]:
    """IP, port (FATE's inter-party NodePort) and one line per dashboard host."""
    port = info.get("port")
    fields: list[Field] = [
        ("IP", str(info.get("ip") or NOT_SET)),
        ("Port", str(port) if port else NOT_SET),
    ]
    hosts = info.get("dashboard")
    if isinstance(hosts, list) and hosts:
        fields += [("Dashboards" if i == 0 else "", str(h)) for i, h in enumerate(hosts)]
    else:
        fields.append(("Dashboards", "none (no ingress host)"))
    return fields


def missing_info_text(why: str) -> str:
    """What the tab says when the cluster came without Info; `why` is the error, if known."""
    text = "No live Info for this cluster: Kubernetes could not be asked"
    return f"{text} ({why})." if why else f"{text}."


class ClusterInfoView(FieldList):
    """A cluster's Info, or why there is none."""

    def show_info(self, info: Mapping[str, Any] | None, why_missing: str = "") -> None:
        """Show `info`; when it is None, say so with `why_missing` (an error text or "")."""
        if info is None:
            self.show_message(missing_info_text(why_missing))
        else:
            self.show_fields(info_fields(info))

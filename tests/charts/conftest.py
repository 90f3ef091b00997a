from __future__ import annotations

from tests.helm.conftest import closed_port_url, helm, helm_log, silent_server

__all__ = ["closed_port_url", "helm", "helm_log", "silent_server"]

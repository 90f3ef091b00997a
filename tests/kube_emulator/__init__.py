"""A Kubernetes API emulator on loopback, for tests: real HTTP, in-memory state, and a
Python "controller" the test drives (pods, readiness, failures, events, logs, faults).

    emulator = KubeEmulator().start()
    kubeconfig = emulator.write_kubeconfig(tmp_path / "kubeconfig")
    emulator.controller.auto_ready(delay_ms=50)
    ...
    emulator.stop()

The pytest fixtures live in `tests.kube_emulator.fixtures`.
"""

from tests.kube_emulator.controller import Controller
from tests.kube_emulator.server import KubeEmulator

__all__ = ["Controller", "KubeEmulator"]

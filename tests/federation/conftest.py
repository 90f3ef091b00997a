"""Running `kubefate-tui federation ...` in this process, as a user would from a shell."""

from __future__ import annotations

from pathlib import Path

import pytest

from backend.drafts.cluster_draft import ClusterDraft
from kubefate_tui.cli import main


class Federation:
    """Runs `kubefate-tui federation ARGS` and edits the files it wrote."""

    def __init__(self, capsys: pytest.CaptureFixture[str], folder: Path) -> None:
        self.capsys = capsys
        self.folder = folder

    def run(self, *args: str) -> tuple[int, str, str]:
        """(exit status, stdout, stderr)."""
        status = main(["federation", *args])
        captured = self.capsys.readouterr()
        return status, captured.out, captured.err

    def new(self, *args: str) -> tuple[int, str, str]:
        return self.run("new", "--out", str(self.folder), *args)

    def check(self) -> tuple[int, str, str]:
        return self.run("check", str(self.folder))

    def file(self, member: str) -> Path:
        """`party-10000` or `exchange` -> its cluster.yaml."""
        return self.folder / member / "cluster.yaml"

    def edit(self, member: str, path: str, value: object) -> None:
        """Set one key of a member's cluster.yaml, keeping the rest as written."""
        file = self.file(member)
        draft = ClusterDraft.from_text(file.read_text("utf-8"))
        draft.set(path, value)
        file.write_text(draft.text(), "utf-8")


@pytest.fixture
def federation(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Federation:
    return Federation(capsys, tmp_path / "fed")

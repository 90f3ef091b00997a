"""Build hook: ship the repository's top-level `charts/` inside the wheel.

Everything else about the package is declared in pyproject.toml. The charts stay in one place in
git (the layout keeps them at the top level); a wheel has no top level, so `build_py` copies the
folder to `backend/bundled_charts/` in the build tree, where `backend.paths.bundled_charts_dir()`
finds it after `pip install .`. An editable install (`pip install -e .`) copies nothing: there
the source tree itself is on the path, and the same function finds `charts/` beside `backend/`.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

CHARTS_SOURCE = Path(__file__).resolve().parent / "charts"
CHARTS_TARGET = ("backend", "bundled_charts")  # keep in step with backend/paths.py
_IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", ".DS_Store")


class BuildPyWithCharts(build_py):
    """`build_py`, plus a copy of `charts/` under the `backend` package of the build tree."""

    def run(self) -> None:
        super().run()
        if self.editable_mode or not CHARTS_SOURCE.is_dir():
            return
        target = Path(self.build_lib, *CHARTS_TARGET)
        shutil.rmtree(target, ignore_errors=True)  # no stale chart from an earlier build
        shutil.copytree(CHARTS_SOURCE, target, ignore=_IGNORED)

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs = list(super().get_outputs(include_bytecode))
        target = Path(self.build_lib, *CHARTS_TARGET)
        if not self.editable_mode and target.is_dir():
            outputs += [str(path) for path in sorted(target.rglob("*")) if path.is_file()]
        return outputs


setup(cmdclass={"build_py": BuildPyWithCharts})

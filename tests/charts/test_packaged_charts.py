"""The bundled charts travel inside the wheel: after a plain (non-editable) install, the chart
registry finds every chart folder of the repository's charts/ without the source tree (and
the presets read their files from the wheel too)."""

from __future__ import annotations

import json
import shutil
import site
import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import REPO_ROOT

# What a wheel is built from (setup.py copies charts/ into it); nothing else is needed.
_SOURCES = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md")
_PACKAGES = ("backend", "kubefate_tui", "charts")
_SKIPPED = shutil.ignore_patterns("__pycache__", "*.pyc", "bundled_charts")

# Run inside the fresh environment, from a folder outside the repository.
_PROBE = """
import asyncio, json, sys
from pathlib import Path
from backend.charts.chart_registry import ChartRegistry
from backend.helm import HelmEngine
from backend.paths import bundled_charts_dir
from backend.presets import PRESETS
from backend.store import Store

async def main():
    helm = HelmEngine(Path("helm.log"))
    store = await Store.open(Path("kubefate.db"))
    try:
        registry = await ChartRegistry.open(store, helm, repo=None)
        listed = [[c.chart.name, c.chart.version, c.source.value, c.chart.bundled]
                  for c in await registry.list_charts()]
        problems = [f"{p.folder}: {p.message}" for p in registry.problems]
    finally:
        await store.close()
        await helm.aclose()
    import backend
    print(json.dumps({"dir": str(bundled_charts_dir()), "backend": backend.__file__,
                      "charts": listed, "problems": problems,
                      "presets": {p.name: p.text().startswith("#") for p in PRESETS}}))

asyncio.run(main())
"""


def _repository_charts() -> set[tuple[str, str]]:
    """(name, version) of every chart folder under the repository's charts/."""
    found = set()
    for chart_yaml in (REPO_ROOT / "charts").glob("*/Chart.yaml"):
        metadata = yaml.safe_load(chart_yaml.read_text(encoding="utf-8"))
        found.add((str(metadata["name"]), str(metadata["version"])))
    return found


def _run(*args: str | Path, cwd: Path | None = None) -> str:
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, f"{args}: {done.stdout}\n{done.stderr}"
    return done.stdout


def _build_wheel(tmp_path: Path) -> Path:
    source = tmp_path / "source"
    source.mkdir()
    for name in _SOURCES:
        shutil.copy2(REPO_ROOT / name, source / name)
    for name in _PACKAGES:
        shutil.copytree(REPO_ROOT / name, source / name, ignore=_SKIPPED)
    dist = tmp_path / "dist"
    # Offline: no build isolation (setuptools comes from the test environment), no deps.
    pip = (sys.executable, "-m", "pip", "--disable-pip-version-check")
    _run(*pip, "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q", "-w", dist, source)
    (wheel,) = dist.glob("kubefate_tui-*.whl")
    return wheel


def _fresh_environment(tmp_path: Path, wheel: Path) -> Path:
    """A new virtual environment with the wheel installed; its dependencies are the test
    environment's, added by path (a .pth line, so the editable install's own .pth files are
    not run and the source tree stays out of reach)."""
    venv = tmp_path / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", venv)
    python = venv / "bin" / "python"
    pip = (sys.executable, "-m", "pip", "--disable-pip-version-check", "--python", python)
    _run(*pip, "install", "--no-deps", "--no-index", "-q", wheel)
    purelib = Path(_run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"))
    deps = "\n".join(site.getsitepackages()) + "\n"
    (Path(str(purelib).strip()) / "test-environment.pth").write_text(deps, encoding="utf-8")
    return python


def test_a_wheel_install_finds_the_bundled_charts(tmp_path: Path) -> None:
    python = _fresh_environment(tmp_path, _build_wheel(tmp_path))
    work = tmp_path / "work"
    work.mkdir()

    found = json.loads(_run(python, "-c", _PROBE, cwd=work))

    assert found["problems"] == []
    assert Path(found["backend"]).is_relative_to(tmp_path / "venv"), found["backend"]
    assert Path(found["dir"]).is_relative_to(tmp_path / "venv"), found["dir"]
    listed = {(name, version) for name, version, _, _ in found["charts"]}
    expected = _repository_charts() | {("fate-exchange", "v1.11.2")}
    if (REPO_ROOT / "charts" / "fate" / "Chart.yaml").is_file():
        expected.add(("fate", "v2.0.0"))
    assert listed == expected
    assert all(source == "bundled" and bundled for _, _, source, bundled in found["charts"])
    # The presets' files are package data: every one is read from the installed wheel.
    assert found["presets"] and all(found["presets"].values()), found["presets"]


def test_a_source_checkout_reads_the_top_level_charts_folder() -> None:
    from backend.paths import bundled_charts_dir

    # The test environment is an editable install: no copy, the repository's own folder.
    assert bundled_charts_dir() == REPO_ROOT / "charts"


def test_the_image_is_built_from_the_same_sources_as_the_wheel() -> None:
    # No Docker engine here: the Dockerfile is checked for what the wheel test proves works.
    lines = (REPO_ROOT / "Dockerfile").read_text(encoding="utf-8").splitlines()
    copied = {
        part.rstrip("/")
        for line in lines
        if line.startswith("COPY ") and "--from" not in line
        for part in line.split()[1:-1]
    }
    assert copied == {*_SOURCES, *_PACKAGES}
    (user,) = [line.split()[1] for line in lines if line.startswith("USER ")]
    assert user.split(":")[0].isdigit() and user.split(":")[0] != "0"  # numeric: runAsNonRoot
    assert lines[-2:] == ['ENTRYPOINT ["kubefate-tui"]', 'CMD ["serve"]']

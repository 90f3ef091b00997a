"""Time to first frame of `kubefate-tui` (embedded backend, empty database, headless) beside a
bare Textual app with a header, a table and a footer, measured in the same run.

Each measurement is a fresh process (imports included, as a user would start it), timed from
the spawn until the process reports its first frame: Textual's auto-pilot runs once the first
screen is up. The console is built exactly as the `kubefate-tui` command builds it
(`build_console`), with its config and data folders pointed at a temporary place and a
kubeconfig that does not exist, so nothing of the user's is read. Target: ratio <= 1.3.

    python bench/console_startup.py [--runs 10]

Prints figures and PASS/MISS; always exits 0 (a benchmark, not a test).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 1.3

_PILOT = """
async def first_frame(pilot):
    print("FRAME", flush=True)
    pilot.app.exit()
"""

BARE = (
    _PILOT
    + """
from textual.app import App
from textual.widgets import DataTable, Footer, Header

class Bare(App):
    def compose(self):
        yield Header()
        yield DataTable()
        yield Footer()

Bare().run(headless=True, auto_pilot=first_frame)
"""
)

CONSOLE = (
    _PILOT
    + """
import sys
from kubefate_tui.cli import build_parser
from kubefate_tui.commands.console_command import build_console

args = build_parser().parse_args(["--db", sys.argv[1]])
app, _warnings = build_console(args)
app.run(headless=True, auto_pilot=first_frame)
"""
)


def first_frame_seconds(script: str, argv: list[str], env: dict[str, str]) -> float:
    """Spawn `script`, return the seconds until it prints FRAME."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", script, *argv],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    elapsed = time.perf_counter() - started
    process.wait(timeout=60)
    if line.strip() != "FRAME":
        raise RuntimeError(f"no first frame reported (exit {process.returncode})")
    return elapsed


def isolated_env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    # As installed: pip compiles bytecode at install time. Where PYTHONDONTWRITEBYTECODE is set
    # (as in this workplace) every start would recompile every module instead.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        KUBECONFIG=str(home / "no-kubeconfig"),
        FATECLOUD_REPO_URL="",
    )
    return env


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    runs = parser.parse_args().runs
    bare: list[float] = []
    console: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        env = isolated_env(home)
        first_frame_seconds(BARE, [], env)  # warm the OS caches once, unmeasured
        for run in range(runs):  # alternate, so load on the machine hits both alike
            bare.append(first_frame_seconds(BARE, [], env))
            database = home / f"empty-{run}.db"
            console.append(first_frame_seconds(CONSOLE, [str(database)], env))
    bare_median, console_median = statistics.median(bare), statistics.median(console)
    ratio = console_median / bare_median
    print(f"python: {sys.executable}, {runs} runs each, alternating")
    print(
        f"  bare Textual app (header, table, footer)  median {bare_median * 1000:7.1f} ms"
        f"   min {min(bare) * 1000:7.1f} ms"
    )
    print(
        f"  kubefate-tui (embedded, empty database)   median {console_median * 1000:7.1f} ms"
        f"   min {min(console) * 1000:7.1f} ms"
    )
    verdict = "PASS" if ratio <= TARGET else "MISS"
    print(f"  ratio {ratio:.2f} (target <= {TARGET}) {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Time to first frame of `kubefate-tui` (embedded backend, empty database, headless) beside a
bare Textual app with a header, a table and a footer, measured in the same run.

Each measurement is a fresh process (imports included, as a user would start it), timed from
the spawn until the process reports:
  ready        Textual's auto-pilot starts (the app has composed and mounted its first screen);
  first frame  the first screen update Textual would write to the terminal: the compositor's
               first update outside a batch (`App._display`, wrapped the same way in both apps;
               headless, nothing is written, but the frame is composed all the same).
The first frame is the figure with the target: it is what a user sees; "ready" comes before it
and is shown for comparison. The console is built and run exactly as the `kubefate-tui` command
does (`build_console`, `tune_garbage_collector`, `run`), with its config and data folders pointed
at a temporary place and a kubeconfig that does not exist, so nothing of the user's is read.
Target: ratio <= 1.3.

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
from textual.app import App

_display = App._display

def _first_frame(app, screen, renderable):
    if renderable is not None and not app._batch_count and not getattr(app, "_framed", False):
        app._framed = True
        print("FRAME", flush=True)
        app.call_later(app.exit)
    return _display(app, screen, renderable)

App._display = _first_frame

async def ready(pilot):
    print("READY", flush=True)
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

Bare().run(headless=True, auto_pilot=ready)
"""
)

CONSOLE = (
    _PILOT
    + """
import sys
from kubefate_tui.cli import build_parser
from kubefate_tui.subcommands.console_command import build_console, tune_garbage_collector

args = build_parser().parse_args(["--db", sys.argv[1]])
app, _warnings = build_console(args)
tune_garbage_collector()
app.run(headless=True, auto_pilot=ready)
"""
)


def startup_seconds(script: str, argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Spawn `script`; the seconds until it says READY, and until it says FRAME."""
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
    seen: dict[str, float] = {}
    for line in process.stdout:
        seen.setdefault(line.strip(), time.perf_counter() - started)
        if "FRAME" in seen and "READY" in seen:
            break
    process.stdout.close()
    process.wait(timeout=60)
    if "FRAME" not in seen or "READY" not in seen:
        raise RuntimeError(f"no first frame reported (exit {process.returncode}, saw {seen})")
    return seen["READY"], seen["FRAME"]


def isolated_env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    # As installed: pip compiles bytecode at install time. Where PYTHONDONTWRITEBYTECODE is set
    # (as in this workplace) every start would recompile every module instead.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_STATE_HOME=str(home / "state"),
        XDG_CACHE_HOME=str(home / "cache"),  # parsed themes: filled by the unmeasured warm-up
        KUBECONFIG=str(home / "no-kubeconfig"),
        FATECLOUD_REPO_URL="",
    )
    return env


def line(name: str, values: list[float]) -> str:
    median, low, high = statistics.median(values), min(values), max(values)
    return (
        f"  {name:<44} median {median * 1000:7.1f} ms"
        f"   min {low * 1000:7.1f}   max {high * 1000:7.1f}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    runs = parser.parse_args().runs
    bare: list[tuple[float, float]] = []
    console: list[tuple[float, float]] = []
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        env = isolated_env(home)
        startup_seconds(BARE, [], env)  # warm the OS caches once, unmeasured
        startup_seconds(CONSOLE, [str(home / "warm.db")], env)
        for run in range(runs):  # alternate, so load on the machine hits both alike
            bare.append(startup_seconds(BARE, [], env))
            database = home / f"empty-{run}.db"
            console.append(startup_seconds(CONSOLE, [str(database)], env))
    print(f"python: {sys.executable}, {runs} runs each, alternating")
    for index, what in ((1, "first frame"), (0, "ready")):
        bare_times = [times[index] for times in bare]
        console_times = [times[index] for times in console]
        ratio = statistics.median(console_times) / statistics.median(bare_times)
        print(f"{what}:")
        print(line("bare Textual app (header, table, footer)", bare_times))
        print(line("kubefate-tui (embedded, empty database)", console_times))
        if index == 1:
            verdict = "PASS" if ratio <= TARGET else "MISS"
            print(f"  ratio {ratio:.2f} (target <= {TARGET}) {verdict}")
        else:
            print(f"  ratio {ratio:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

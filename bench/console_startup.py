"""Time to first frame of `kubefate-tui` (embedded backend, empty database) beside a bare
Textual app with a header, a table and a footer, measured in the same run, two ways.

Each measurement is a fresh process (imports included, as a user would start it), and the two
apps take turns, so load on the machine hits both alike. Medians are compared; target: the
console's first frame takes at most 1.3 times the bare app's, in both ways.

headless  `App.run(headless=True)`, timed from the spawn until the process reports:
  ready        Textual's auto-pilot starts (the app has composed and mounted its first screen);
  first frame  the first screen update Textual would write to the terminal: the compositor's
               first update outside a batch (`App._display`, wrapped the same way in both apps;
               headless, nothing is written, but the frame is composed all the same).
  The console is built and run exactly as the `kubefate-tui` command does (`build_console`
  with `collector_off`, `tune_garbage_collector`, `run`).

pty       the real programs on a pseudo-terminal of 120x40 (its size set with TIOCSWINSZ, the
  slave side their controlling terminal and their stdin, stdout and stderr): the installed
  `kubefate-tui --db <temporary file>` entry point, and the bare app as a script. The clock
  runs from the spawn until what was written to the terminal, read from the master side and
  replayed on a model of the screen (cursor moves, carriage returns, line feeds and printed
  cells; colours ignored), shows:
  full screen  every cell of the 120x40 screen written at least once since the switch to the
               alternate screen: the first complete frame, whatever the app draws in it;
  footer text  something other than blanks on the bottom row (both apps draw their footer
               there; Textual draws its key hints one refresh after the first frame).
  The full screen is the figure with the target; the process is killed once both are seen.

Both ways, the config, data, state and cache folders and HOME are a temporary place and the
kubeconfig does not exist, so nothing of the user's is read.

    python bench/console_startup.py [--runs 10] [--only headless|pty]

Prints figures and PASS/MISS; always exits 0 (a benchmark, not a test).
"""

from __future__ import annotations

import argparse
import fcntl
import os
import re
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
import unicodedata
from codecs import getincrementaldecoder
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 1.3
COLUMNS, ROWS = 120, 40
TIMEOUT = 60.0

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

BARE_APP = """
from textual.app import App
from textual.widgets import DataTable, Footer, Header

class Bare(App):
    def compose(self):
        yield Header()
        yield DataTable()
        yield Footer()
"""

BARE_HEADLESS = _PILOT + BARE_APP + "\nBare().run(headless=True, auto_pilot=ready)\n"

CONSOLE_HEADLESS = (
    _PILOT
    + """
import sys
from kubefate_tui.cli import build_parser
from kubefate_tui.subcommands.collector_pause import collector_off
from kubefate_tui.subcommands.console_command import build_console, tune_garbage_collector

args = build_parser().parse_args(["--db", sys.argv[1]])
with collector_off():
    app, _warnings = build_console(args)
tune_garbage_collector()
app.run(headless=True, auto_pilot=ready)
"""
)

BARE_PTY = BARE_APP + "\nBare().run()\n"

Times = tuple[float, float]
"""The two moments of one start, in seconds from the spawn (see the module docstring)."""


def headless_seconds(script: str, argv: list[str], env: dict[str, str]) -> Times:
    """Spawn `script` headless; the seconds until it says READY, and until it says FRAME."""
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
    process.wait(timeout=TIMEOUT)
    if "FRAME" not in seen or "READY" not in seen:
        raise RuntimeError(f"no first frame reported (exit {process.returncode}, saw {seen})")
    return seen["READY"], seen["FRAME"]


# One token of terminal output: a CSI sequence (parameters, final byte), an OSC string, another
# escape, a carriage return, a line feed, or a run of printable text. An escape sequence split
# between two reads matches none of these and waits for the rest.
_TOKEN = re.compile(
    r"\x1b\[(?P<params>[0-?]*)[ -/]*(?P<final>[@-~])"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"
    r"|\x1b[@-Z\\-_]"
    r"|\x1b[ -/][@-~]"
    r"|(?P<cr>\r)|(?P<lf>\n)"
    r"|(?P<text>[^\x00-\x1f\x7f]+)"
    r"|[\x00-\x1f\x7f](?<!\x1b)"
)
_LONGEST_ESCAPE = 4096


def cell_width(text: str) -> int:
    """The cells `text` takes on a terminal: two for wide characters, none for combining."""
    if text.isascii():
        return len(text)
    return sum(
        0 if unicodedata.combining(char) else 2 if unicodedata.east_asian_width(char) in "WF" else 1
        for char in text
    )


@dataclass
class ScreenModel:
    """Which cells of the terminal have been written since the switch to the alternate screen,
    and whether the bottom row shows anything but blanks. Only what decides the first frame is
    modelled: cursor position, printed cells; no colours, scrolling or wrapping."""

    columns: int
    rows: int
    switched: bool = False
    bottom_text: bool = False
    _written: list[bytearray] = field(default_factory=list)
    _row: int = 0
    _column: int = 0
    _pending: str = ""

    @property
    def full(self) -> bool:
        """Every cell written at least once since the switch to the alternate screen."""
        return self.switched and all(row.count(1) == self.columns for row in self._written)

    def feed(self, text: str) -> None:
        """Replay more terminal output (it may end in the middle of an escape sequence)."""
        text = self._pending + text
        position = 0
        while position < len(text):
            token = _TOKEN.match(text, position)
            if token is None and len(text) - position < _LONGEST_ESCAPE:
                break  # an unfinished escape sequence: wait for the rest
            if token is None:  # not an escape sequence after all: skip the ESC
                position += 1
                continue
            self._apply(token)
            position = token.end()
        self._pending = text[position:]

    def _apply(self, token: re.Match[str]) -> None:
        if token["final"] is not None:
            self._control(token["params"], token["final"])
        elif token["cr"]:
            self._column = 0
        elif token["lf"]:
            self._row = min(self._row + 1, self.rows - 1)
        elif token["text"]:
            self._print(token["text"])

    def _control(self, params: str, final: str) -> None:
        if final in "Hf" and not params.startswith("?"):
            row, _, column = params.partition(";")
            self._row = min(max(int(row or 1), 1), self.rows) - 1
            self._column = min(max(int(column or 1), 1), self.columns) - 1
        elif final == "h" and params == "?1049":
            self.switched = True
            self._written = [bytearray(self.columns) for _ in range(self.rows)]

    def _print(self, text: str) -> None:
        width = cell_width(text)
        end = min(self._column + width, self.columns)
        if self.switched:
            self._written[self._row][self._column : end] = b"\x01" * (end - self._column)
            if self._row == self.rows - 1 and text.strip():
                self.bottom_text = True
        self._column = end


def pty_seconds(command: list[str], env: dict[str, str]) -> Times:
    """Run `command` on a fresh 120x40 pseudo-terminal; the seconds until its first full
    screen, and until its bottom row shows text. The process is killed then."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        start_new_session=True,  # its own session, so that the pty can be its terminal
        preexec_fn=_take_terminal,
    )
    os.close(slave)
    try:
        return _watch_screen(master, started)
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=TIMEOUT)
        os.close(master)


def _take_terminal() -> None:
    """In the child, before exec: make the pty (its stdin) the controlling terminal."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def _watch_screen(master: int, started: float) -> Times:
    """Read the terminal output until the first full screen and text on the bottom row."""
    screen = ScreenModel(COLUMNS, ROWS)
    decoder = getincrementaldecoder("utf-8")(errors="replace")
    full: float | None = None
    footer: float | None = None
    while full is None or footer is None:
        waited = time.perf_counter() - started
        if waited > TIMEOUT or not select.select([master], [], [], TIMEOUT - waited)[0]:
            raise RuntimeError(f"no full screen within {TIMEOUT:.0f} s")
        try:
            data = os.read(master, 1 << 16)
        except OSError:  # EIO: every process holding the slave side has exited
            data = b""
        if not data:
            raise RuntimeError("the program ended before its first full screen")
        screen.feed(decoder.decode(data))
        now = time.perf_counter() - started
        if full is None and screen.full:
            full = now
        if footer is None and screen.bottom_text:
            footer = now
    return full, footer


def console_command() -> list[str]:
    """`kubefate-tui` as installed beside this Python (pip's entry-point script), else the
    same command through `python -m`."""
    script = Path(sys.executable).with_name("kubefate-tui")
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-m", "kubefate_tui"]


def isolated_env(home: Path) -> dict[str, str]:
    """This environment, with every place the console reads from pointed into `home`."""
    env = dict(os.environ)
    # As installed: pip compiles bytecode at install time. Where PYTHONDONTWRITEBYTECODE is set
    # (as in this workplace) every start would recompile every module instead.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_STATE_HOME=str(home / "state"),
        XDG_CACHE_HOME=str(home / "cache"),  # parsed themes: filled by the unmeasured warm-up
        KUBECONFIG=str(home / "no-kubeconfig"),
        FATECLOUD_REPO_URL="",
        TERM="xterm-256color",  # the same terminal for both, whatever runs the bench
    )
    return env


def line(name: str, values: list[float]) -> str:
    median, low, high = statistics.median(values), min(values), max(values)
    return (
        f"  {name:<44} median {median * 1000:7.1f} ms"
        f"   min {low * 1000:7.1f}   max {high * 1000:7.1f}"
    )


def report(title: str, names: tuple[str, str], bare: list[Times], console: list[Times]) -> None:
    """Print both moments for both apps, the ratio of the medians; the verdict on the second
    moment (the first frame), which carries the target."""
    print(f"{title}:")
    for index in (1, 0):
        bare_times = [times[index] for times in bare]
        console_times = [times[index] for times in console]
        ratio = statistics.median(console_times) / statistics.median(bare_times)
        print(f" {names[index]}:")
        print(line("bare Textual app (header, table, footer)", bare_times))
        print(line("kubefate-tui (embedded, empty database)", console_times))
        if index == 1:
            verdict = "PASS" if ratio <= TARGET else "MISS"
            print(f"  ratio {ratio:.2f} (target <= {TARGET}) {verdict}")
        else:
            print(f"  ratio {ratio:.2f}")


def measure_headless(home: Path, env: dict[str, str], runs: int) -> None:
    headless_seconds(BARE_HEADLESS, [], env)  # warm the OS caches once, unmeasured
    headless_seconds(CONSOLE_HEADLESS, [str(home / "warm.db")], env)
    bare: list[Times] = []
    console: list[Times] = []
    for run in range(runs):  # alternate, so load on the machine hits both alike
        bare.append(headless_seconds(BARE_HEADLESS, [], env))
        database = home / f"headless-{run}.db"
        console.append(headless_seconds(CONSOLE_HEADLESS, [str(database)], env))
    report("headless", ("ready", "first frame"), bare, console)


def measure_pty(home: Path, env: dict[str, str], runs: int) -> None:
    bare_command = [sys.executable, "-c", BARE_PTY]
    kubefate_tui = console_command()
    pty_seconds(bare_command, env)  # warm the OS caches once, unmeasured
    pty_seconds([*kubefate_tui, "--db", str(home / "warm.db")], env)
    bare: list[Times] = []
    console: list[Times] = []
    for run in range(runs):  # alternate, so load on the machine hits both alike
        bare.append(pty_seconds(bare_command, env))
        database = home / f"pty-{run}.db"
        console.append(pty_seconds([*kubefate_tui, "--db", str(database)], env))
    # Reported as (footer text, full screen): the full screen carries the target.
    report(
        f"pty {COLUMNS}x{ROWS} ({' '.join(kubefate_tui)})",
        ("footer text", "full screen"),
        [(footer, full) for full, footer in bare],
        [(footer, full) for full, footer in console],
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--only", choices=("headless", "pty"), help="measure one way only")
    args = parser.parse_args()
    print(f"python: {sys.executable}, {args.runs} runs each, alternating")
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        env = isolated_env(home)
        if args.only in (None, "headless"):
            measure_headless(home, env, args.runs)
        if args.only in (None, "pty"):
            measure_pty(home, env, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Start-up cost of `kubefate-tui validate` against the floor `python -c "import yaml"`.

Runs both (and the installed `kubefate-tui` console script, when it sits next to the
interpreter) alternately in fresh processes, and reports median and minimum wall time and the
ratio of medians. Target: ratio <= 3. Prints PASS or MISS; always exits 0 (a benchmark, not a
test).

Two settings are measured, because the project's own modules are plain source in a checkout:

* `bytecode cached`: what an installed package sees (its .pyc files exist). The cache goes to
  a temporary PYTHONPYCACHEPREFIX, never into the checkout.
* `no bytecode written`: PYTHONDONTWRITEBYTECODE=1, so unless the checkout already has
  __pycache__ directories every run compiles the project's modules (PyYAML keeps its installed
  .pyc): the worst case, and how a checkout runs when that variable is set.

    python bench/validate_startup.py [--runs 20] [FILE]
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

TARGET_RATIO = 3.0
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FILE = ROOT / "tests" / "data" / "kubefate" / "v2.0.0" / "cluster.yaml"


def _time(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    completed = subprocess.run(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
    )
    elapsed = time.perf_counter() - start
    if completed.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} exited {completed.returncode}")
    return elapsed


def _measure(
    commands: dict[str, list[str]], env: dict[str, str], runs: int
) -> dict[str, list[float]]:
    for command in commands.values():  # warm the OS cache (and the bytecode cache if enabled)
        _time(command, env)
    times: dict[str, list[float]] = {label: [] for label in commands}
    for _ in range(runs):
        for label, command in commands.items():
            times[label].append(_time(command, env))
    return times


def _report(title: str, times: dict[str, list[float]]) -> None:
    print(f"-- {title}")
    floor = statistics.median(times["import yaml"])
    for label, samples in times.items():
        median = statistics.median(samples)
        line = f"   {label:32s} median {median * 1000:7.1f} ms   min {min(samples) * 1000:7.1f} ms"
        if label != "import yaml":
            ratio = median / floor
            verdict = "PASS" if ratio <= TARGET_RATIO else "MISS"
            line += f"   ratio {ratio:4.2f} (target <= {TARGET_RATIO:g}) {verdict}"
        print(line)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("file", nargs="?", default=str(DEFAULT_FILE))
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    commands: dict[str, list[str]] = {
        "import yaml": [sys.executable, "-c", "import yaml"],
        "python -m kubefate_tui validate": [
            sys.executable,
            "-m",
            "kubefate_tui",
            "validate",
            args.file,
        ],
    }
    script = Path(sys.executable).with_name("kubefate-tui")
    if script.exists():
        commands["kubefate-tui validate"] = [str(script), "validate", args.file]

    print(f"file: {args.file}")
    print(
        f"python: {sys.executable} ({sys.version.split()[0]}), {args.runs} runs each, alternating"
    )
    with tempfile.TemporaryDirectory(prefix="kubefate-bench-pyc-") as cache:
        cached = dict(os.environ, PYTHONPYCACHEPREFIX=cache)
        cached.pop("PYTHONDONTWRITEBYTECODE", None)
        _report("bytecode cached (as installed)", _measure(commands, cached, args.runs))
    uncached = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    uncached.pop("PYTHONPYCACHEPREFIX", None)
    _report(
        "no bytecode written (PYTHONDONTWRITEBYTECODE=1)", _measure(commands, uncached, args.runs)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Start-up cost of `kubefate-tui validate` against the floor `python -c "import yaml"`, and
the time it takes on a large file.

Runs both (and the installed `kubefate-tui` console script, when it sits next to the
interpreter) alternately in fresh processes, and reports median and minimum wall time and the
ratio of medians. Target: ratio <= 3. Prints PASS or MISS; always exits 0 (a benchmark, not a
test).

Large file: KubeFATE's v2.0.0 cluster.yaml (tests/data) with an OSX route to each of 10,000
parties (`osx.partyList`, 70,000 YAML values, 0.6 MB), written to a temporary folder.
`kubefate-tui validate` on it, in fresh processes with bytecode cached: target <= 1 s (median).
Also printed, in this process: composing it with positions (yamlpos.compose, the validator's
YAML layer) by libyaml's composer and by PyYAML's (backend/schema/libyaml_compose.py).

Two settings are measured, because the project's own modules are plain source in a checkout:

* `bytecode cached`: what an installed package sees (its .pyc files exist). The cache goes to
  a temporary PYTHONPYCACHEPREFIX, never into the checkout.
* `no bytecode written`: PYTHONDONTWRITEBYTECODE=1, so unless the checkout already has
  __pycache__ directories every run compiles the project's modules (PyYAML keeps its installed
  .pyc): the worst case, and how a checkout runs when that variable is set.

    python bench/validate_startup.py [--runs 20] [--large-runs 5] [FILE]
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
TARGET_LARGE_SECONDS = 1.0
LARGE_PARTIES = 10_000
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


def large_cluster_yaml(parties: int = LARGE_PARTIES) -> str:
    """KubeFATE's v2.0.0 example with an OSX route to each of `parties` parties."""
    routes = "".join(
        f"  - partyId: {10_000 + i}\n    partyIp: 10.{i // 65_536}.{i // 256 % 256}.{i % 256}\n"
        "    partyPort: 30101\n"
        for i in range(parties)
    )
    return DEFAULT_FILE.read_text() + "osx:\n  partyList:\n" + routes


def _compose_seconds(text: str, use_libyaml: bool, runs: int) -> float:
    """Median seconds of composing `text` with positions here (yamlpos.compose, the YAML layer
    of the validator), by libyaml's composer or PyYAML's, with the collector off as `validate`
    runs it."""
    from backend.schema.yamlpos import compose
    from kubefate_tui.subcommands.collector_pause import collector_off

    samples = []
    for _ in range(runs):
        with collector_off():
            start = time.perf_counter()
            compose(text, use_libyaml=use_libyaml)
            samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def measure_large(runs: int) -> None:
    """`kubefate-tui validate` on the large file, against TARGET_LARGE_SECONDS."""
    from backend.schema.libyaml_compose import LIBYAML_COMPOSER

    text = large_cluster_yaml()
    with tempfile.TemporaryDirectory(prefix="kubefate-bench-large-") as folder:
        path = Path(folder) / "cluster-10000-parties.yaml"
        path.write_text(text)
        env = dict(os.environ, PYTHONPYCACHEPREFIX=str(Path(folder) / "pyc"))
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        command = [sys.executable, "-m", "kubefate_tui", "validate", str(path)]
        times = _measure({"validate": command}, env, runs)["validate"]
    median = statistics.median(times)
    verdict = "PASS" if median <= TARGET_LARGE_SECONDS else "MISS"
    print(f"-- large file: {LARGE_PARTIES:,} parties in osx.partyList, {len(text):,} characters")
    print(
        f"   python -m kubefate_tui validate   median {median * 1000:7.1f} ms   "
        f"min {min(times) * 1000:7.1f} ms   target <= {TARGET_LARGE_SECONDS:g} s {verdict}"
    )
    ways = [True, False] if LIBYAML_COMPOSER else [False]
    for use_libyaml in ways:
        seconds = _compose_seconds(text, use_libyaml, runs)
        label = "libyaml's composer" if use_libyaml else "PyYAML's composer"
        print(f"   yamlpos.compose, {label:18s} median {seconds * 1000:7.1f} ms (in process)")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("file", nargs="?", default=str(DEFAULT_FILE))
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--large-runs", type=int, default=5, help="runs on the large file")
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
    measure_large(args.large_runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Render time of the bundled `fate` v2.0.0 chart for KubeFATE's Spark+Pulsar cluster.yaml.

One render is what `kubefate-tui render` and every install or update do: locate the chart
(bundled), render values-template.yaml with Helm's engine, then render the chart's templates
(a warm Helm worker process; its start-up is reported apart). Median of --runs renders.
Target: median <= 0.25 s (a preview re-renders on every edit: it must not be felt).
Prints PASS or MISS; always exits 0 (a benchmark, not a test).

    python bench/chart_render.py [--runs 10] [FILE]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from backend.charts.chart_registry import ChartRegistry  # noqa: E402
from backend.helm import HelmEngine  # noqa: E402
from backend.render.manifest_render import ClusterRequest, ManifestRenderer  # noqa: E402
from backend.store import Store  # noqa: E402

TARGET_SECONDS = 0.25
DEFAULT_FILE = ROOT / "tests" / "data" / "kubefate" / "v2.0.0" / "cluster-spark-pulsar.yaml"


async def _measure(path: Path, runs: int) -> tuple[float, list[float], int]:
    request = ClusterRequest.from_document(path.read_bytes())
    with tempfile.TemporaryDirectory(prefix="chart-render-bench-") as folder:
        async with (
            HelmEngine(Path(folder) / "helm.log") as helm,
            await Store.open(Path(folder) / "kubefate.db") as store,
        ):
            start = time.perf_counter()
            registry = await ChartRegistry.open(store, helm, bundled_dir=ROOT / "charts", repo=None)
            renderer = ManifestRenderer(helm, registry)
            first = await renderer.render(request)
            cold = time.perf_counter() - start
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                await renderer.render(request)
                times.append(time.perf_counter() - start)
    documents = sum(
        text.count("\napiVersion:") + text.startswith("apiVersion:")
        for text in first.manifests.values()
    )
    return cold, times, documents


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    cold, times, documents = asyncio.run(_measure(args.file, args.runs))
    median = statistics.median(times)
    print(f"fate v2.0.0 chart, {args.file.name}: {documents} objects")
    print(f"first render (Helm worker start, bundled charts packaged): {cold:.3f} s")
    print(
        f"render, median of {len(times)}: {median:.3f} s "
        f"(min {min(times):.3f} s, max {max(times):.3f} s)"
    )
    verdict = "PASS" if median <= TARGET_SECONDS else "MISS"
    print(f"target: median <= {TARGET_SECONDS:.2f} s -> {verdict}")


if __name__ == "__main__":
    main()

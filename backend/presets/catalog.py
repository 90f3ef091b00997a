"""The presets, in the order `kubefate-tui new --list` shows them (the default first).

The files hold the facts (keys, engines, ports); this names them and says when to pick each.
`chart_name`/`chart_version` repeat the file's `chartName`/`chartVersion` so a list can show
them without reading YAML; tests/presets checks that they agree.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from importlib.resources import files


@dataclass(frozen=True)
class Preset:
    """One preset: a cluster.yaml to start from, and when it is the right one."""

    name: str
    title: str
    when: str
    """One sentence: "Pick this when …"."""
    chart_name: str
    chart_version: str

    def text(self) -> str:
        """The preset's cluster.yaml, comments included."""
        return files(__package__).joinpath("files", f"{self.name}.yaml").read_text("utf-8")


class UnknownPreset(ValueError):
    """A preset name that is not in the catalog; the message names the closest ones."""


DEFAULT_PRESET: str = "fate"

PRESETS: tuple[Preset, ...] = (
    Preset(
        "fate",
        "FATE v2.0.0, Eggroll + OSX",
        "Pick this when you start a FATE 2 party and have no reason to choose otherwise.",
        "fate",
        "v2.0.0",
    ),
    Preset(
        "spark-pulsar",
        "FATE v2.0.0, Spark + HDFS + Pulsar",
        "Pick this when your data is large enough for a Spark cluster and parties meet "
        "through Pulsar.",
        "fate",
        "v2.0.0",
    ),
    Preset(
        "spark-rabbitmq",
        "FATE v2.0.0, Spark + HDFS + RabbitMQ",
        "Pick this when you want a Spark cluster and your federation exchanges messages "
        "through RabbitMQ.",
        "fate",
        "v2.0.0",
    ),
    Preset(
        "slim",
        "FATE v2.0.0 slim, Spark_local + LocalFS + Pulsar",
        "Pick this when resources are tight (a laptop, a trial): no Spark cluster, no HDFS, "
        "no Eggroll.",
        "fate",
        "v2.0.0",
    ),
    Preset(
        "gpu",
        "FATE v2.0.0 for neural networks on GPU, Eggroll + OSX",
        "Pick this when you train neural networks and your nodes have NVIDIA GPUs.",
        "fate",
        "v2.0.0",
    ),
    Preset(
        "fate-v1",
        "FATE v1.11.2, Eggroll + rollsite",
        "Pick this when the federation you join still runs FATE 1.x.",
        "fate",
        "v1.11.2",
    ),
    Preset(
        "serving",
        "FATE-Serving v2.1.6",
        "Pick this when a FATE cluster's trained models must answer online inference requests.",
        "fate-serving",
        "v2.1.6",
    ),
)


def preset_named(name: str) -> Preset:
    """The preset called `name`; raises UnknownPreset naming the closest names."""
    for preset in PRESETS:
        if preset.name == name:
            return preset
    names = [preset.name for preset in PRESETS]
    close = difflib.get_close_matches(name, names, n=3, cutoff=0.5)
    hint = f"; did you mean {' or '.join(close)}?" if close else ""
    raise UnknownPreset(f"no preset named {name!r}{hint} (presets: {', '.join(names)})")

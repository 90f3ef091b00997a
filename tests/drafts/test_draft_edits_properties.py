"""Any run of changes by path over any preset gives a document that reads back as YAML, with
each of the preset's comments at most once (comments follow the values they describe; none
is copied)."""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from backend.drafts.cluster_draft import ClusterDraft
from backend.presets import PRESETS, preset_named

Edit = tuple[str, float]
EDITS = st.lists(
    st.tuples(st.sampled_from(["remove", "grow", "scalar", "map"]), st.floats(0, 1)),
    min_size=1,
    max_size=6,
)


def places(node: Any, prefix: str = "") -> list[str]:
    """Every path in a loaded document, parents before children."""
    found: list[str] = []
    if not isinstance(node, dict | list):
        return found
    in_list = isinstance(node, list)
    entries = enumerate(node) if isinstance(node, list) else node.items()
    for key, value in entries:
        # Route tables are keyed by party ids, which YAML reads as numbers: still map keys.
        path = f"{prefix}[{key}]" if in_list else f"{prefix}.{key}".lstrip(".")
        found += [path, *places(value, path)]
    return found


def edit(draft: ClusterDraft, what: str, where: float, step: int) -> None:
    paths = places(yaml.safe_load(draft.text()))
    path = paths[min(int(where * len(paths)), len(paths) - 1)]
    current = draft.get(path)
    if what == "remove":
        draft.remove(path)
    elif what == "grow" and isinstance(current, list):
        draft.set(f"{path}[{len(current)}]", "added")
    elif what == "grow" and isinstance(current, dict):
        draft.set(f"{path}.added{step}", 1)
    elif what == "map":
        draft.set(path, {"a": [1, {"b": 2}]})
    else:
        draft.set(path, "changed")


def comment_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip().startswith("#")]


@settings(max_examples=60, deadline=None, derandomize=True)
@given(preset=st.sampled_from(PRESETS), edits=EDITS)
@example(preset=preset_named("spark-pulsar"), edits=[("grow", 1.0)])
@example(preset=preset_named("slim"), edits=[("remove", 0.694)])  # fateflow[0]: emptied
def test_edits_keep_yaml_and_never_copy_a_comment(preset: Any, edits: list[Edit]) -> None:
    draft = ClusterDraft.from_text(preset.text())
    before = comment_lines(preset.text())
    for step, (what, where) in enumerate(edits):
        edit(draft, what, where, step)
        text = draft.text()
        yaml.safe_load(text)
        after = comment_lines(text)
        assert all(after.count(line) <= before.count(line) for line in after), text

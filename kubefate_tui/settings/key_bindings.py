"""The `keys:` of config.yaml: every binding has an id, and the user may give it other keys.

```yaml
keys:
  mode.jobs: j            # one key
  app.help: "?,f1"        # or several, comma separated
```

The keys go into Textual's keymap, so the footer and the `?` help show them. An id no binding
has is reported (with the closest real id) rather than silently ignored.
"""

from __future__ import annotations

import difflib
import importlib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode

SCREEN_PACKAGES = ("kubefate_tui.screens", "kubefate_tui.widgets", "kubefate_tui.actions")
"""Where the console's bindings live; imported only to check an id not found among the
classes loaded already (a screen may be imported on first use)."""


def _classes(root: type[DOMNode]) -> Iterator[type[DOMNode]]:
    yield root
    for subclass in root.__subclasses__():
        yield from _classes(subclass)


def binding_ids(app: App[Any]) -> set[str]:
    """The ids of the bindings of the app and of every widget and screen class loaded."""
    found: set[str] = set()
    for cls in {type(app), *_classes(DOMNode)}:
        for binding in cls.__dict__.get("BINDINGS", ()):
            if isinstance(binding, Binding) and binding.id:
                found.add(binding.id)
    return found


def _import_console_screens() -> None:
    import pkgutil  # only for an id not found among the classes loaded already

    for name in SCREEN_PACKAGES:
        package = importlib.import_module(name)
        for module in pkgutil.iter_modules(package.__path__, f"{name}."):
            importlib.import_module(module.name)


def _unknown_id_warning(binding_id: str, known: set[str], source: str) -> str:
    close = difflib.get_close_matches(binding_id, sorted(known), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else "; `?` lists the ids of the keys in effect"
    return f"{source}keys: no binding has the id {binding_id!r}, ignored{hint}"


def apply_key_bindings(
    app: App[Any], keys: Mapping[str, str], config_path: Path | None = None
) -> list[str]:
    """Rebind the bindings named in `keys` (binding id -> "key[,key]"); returns warnings for
    ids that no binding has and for empty key lists (those entries are ignored)."""
    if not keys:
        return []
    source = f"{config_path}: " if config_path else ""
    known = binding_ids(app)
    if not set(keys) <= known:
        _import_console_screens()
        known = binding_ids(app)
    keymap: dict[str, str] = {}
    warnings: list[str] = []
    for binding_id, value in keys.items():
        chosen = [key.strip() for key in value.split(",") if key.strip()]
        if binding_id not in known:
            warnings.append(_unknown_id_warning(binding_id, known, source))
        elif not chosen:
            warnings.append(f"{source}keys.{binding_id}: no key given, ignored")
        else:
            keymap[binding_id] = ",".join(chosen)
    app.update_keymap(keymap)
    return warnings

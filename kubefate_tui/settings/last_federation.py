"""The federation folder the Federations mode showed last, kept across runs in
`<user state dir>/last_federation`, so `6` opens it again without `--federation`.

Kept beside the command history rather than in config.yaml: the console never rewrites the
user's config file (its comments and key bindings are theirs). Trouble with the file only
means nothing is remembered.
"""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path

FILE_NAME = "last_federation"


def default_last_federation_path() -> Path:
    """`<user state dir>/last_federation`, e.g. ~/.local/state/kubefate-tui/last_federation."""
    from platformdirs import user_state_path

    from backend.paths import APP_NAME

    return user_state_path(APP_NAME, appauthor=False) / FILE_NAME


def read_last_federation(path: Path) -> Path | None:
    """The folder remembered in `path`; None when there is none (or it cannot be read)."""
    try:
        text = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return Path(text) if text and "\n" not in text else None


def remember_federation(path: Path, folder: Path) -> None:
    """Keep `folder` (absolute) in `path`; an unwritable file is left as it is."""
    with suppress(OSError):  # remembering is a convenience: the mode works without it
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"{folder.absolute()}\n", encoding="utf-8")

"""`kubefate-tui config path|db|data-dir`: where the console keeps its files."""

from __future__ import annotations

import argparse

from backend.paths import config_dir, data_dir, default_db_path


def run(args: argparse.Namespace) -> int:
    locations = {
        "path": config_dir() / "config.yaml",
        "db": default_db_path(),
        "data-dir": data_dir(),
    }
    print(locations[args.what])
    return 0

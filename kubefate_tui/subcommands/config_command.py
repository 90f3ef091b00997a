"""`kubefate-tui config path|db|data-dir`: where the console keeps its files.

`path` prints the config file on the first line (scripts read that one), then the log files:
the console's, `serve`'s and Helm's (for the default database), each after its name.
"""

from __future__ import annotations

import argparse

from backend.paths import (
    config_dir,
    console_log_path,
    data_dir,
    default_db_path,
    helm_log_path_for,
    serve_log_path,
)


def run(args: argparse.Namespace) -> int:
    if args.what == "path":
        print(config_dir() / "config.yaml")
        print(f"console log: {console_log_path()}")
        print(f"serve log: {serve_log_path()}")
        print(f"helm log: {helm_log_path_for(default_db_path())}")
        return 0
    locations = {"db": default_db_path(), "data-dir": data_dir()}
    print(locations[args.what])
    return 0

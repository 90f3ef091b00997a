"""Run helm_python actions in a child process and print their results as JSON on stdout.

    python helm_driver.py '<plan json>'

The plan: {"config": {<helm_python.Config kwargs>}, "steps": [[action, {kwargs}], ...]}.
Each step prints one JSON line {"action", "ok", "result" | "error", "error_type"}. Helm's Go
code writes to fd 2 and a Go panic ends the process, hence the separate process.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import helm_python as helm


def run_step(config: helm.Config, action: str, kwargs: dict[str, Any]) -> Any:
    if action in ("install", "upgrade"):
        chart = kwargs.pop("chart")
        name = kwargs.pop("name")
        values = kwargs.pop("values", None)
        return getattr(config, action)(chart, name, values, **kwargs)
    if action in ("status", "history", "rollback", "uninstall", "get_values"):
        return getattr(config, action)(kwargs.pop("name"), **kwargs)
    if action == "list":
        return config.list(**kwargs)
    raise ValueError(f"unknown action {action}")


def main() -> None:
    plan = json.loads(sys.argv[1])
    with helm.Config(**plan["config"]) as config:
        for action, kwargs in plan["steps"]:
            try:
                result = run_step(config, action, dict(kwargs))
                line = {"action": action, "ok": True, "result": result}
            except helm.HelmError as error:
                line = {
                    "action": action,
                    "ok": False,
                    "error": str(error),
                    "error_type": type(error).__name__,
                }
            print(json.dumps(line, default=str), flush=True)


if __name__ == "__main__":
    main()

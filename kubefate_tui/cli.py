"""The `kubefate-tui` command: the console by default, and its subcommands.

Only argparse and the standard library are imported at module level. Every subcommand imports
what it needs when it runs, so `kubefate-tui validate` never pays for Textual, Kubernetes or Helm,
and the console's first frame is not delayed by subcommands it does not use.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

Handler = Callable[[argparse.Namespace], int]


def _run_validate(args: argparse.Namespace) -> int:
    from kubefate_tui.subcommands.validate_command import run

    return run(args)


def _run_render(args: argparse.Namespace) -> int:
    from kubefate_tui.subcommands.render_command import run

    return run(args)


def _run_console(args: argparse.Namespace) -> int:
    from kubefate_tui.subcommands.console_command import run

    return run(args)


def _run_config(args: argparse.Namespace) -> int:
    from kubefate_tui.subcommands.config_command import run

    return run(args)


def build_parser() -> argparse.ArgumentParser:
    """The whole command-line grammar, in one place."""
    parser = argparse.ArgumentParser(
        prog="kubefate-tui",
        description="A terminal console for FATE clusters on Kubernetes (KubeFATE compatible).",
    )
    parser.add_argument("--db", metavar="PATH", help="SQLite database of the embedded backend")
    parser.add_argument("--remote", metavar="URL", help="drive a KubeFATE service instead")
    parser.add_argument("--theme", metavar="NAME", help="console theme")
    parser.add_argument("--read-only", action="store_true", help="disable every change")
    parser.set_defaults(handler=_run_console)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    validate = sub.add_parser(
        "validate",
        help="check cluster.yaml files and print findings like a compiler",
        description=(
            "Check cluster.yaml files. Exit 0: no errors; 1: errors; 2: unreadable input (with "
            "--fix: or a file that could not be rewritten)."
        ),
    )
    validate.add_argument("files", nargs="+", metavar="FILE")
    validate.add_argument("--format", choices=("text", "json"), default="text")
    validate.add_argument(
        "--fix",
        action="store_true",
        help="first convert old layouts (rollsite under a v2 chart) in the files, print each "
        "change and write the files back; then validate them",
    )
    validate.set_defaults(handler=_run_validate)

    render = sub.add_parser(
        "render",
        help="print the manifests a cluster.yaml would deploy, like helm template",
        description=(
            "Print the Kubernetes manifests a cluster.yaml would deploy, rendered with the chart "
            "it names (uploaded, bundled or from the chart repository). Exit 0: done; 1: "
            "validation or render errors; 2: unreadable file, unusable database, chart or "
            "cluster not available."
        ),
    )
    render.add_argument("file", metavar="FILE", help="a cluster.yaml (- for standard input)")
    # SUPPRESS: without it the subcommand's default would overwrite `kubefate-tui --db X`.
    render.add_argument(
        "--db", metavar="PATH", default=argparse.SUPPRESS, help="database of uploaded charts"
    )
    shown = render.add_mutually_exclusive_group()
    shown.add_argument(
        "--diff",
        metavar="CLUSTER",
        help="show what updating CLUSTER (NAMESPACE/NAME or NAME) with FILE would change",
    )
    shown.add_argument(
        "--show-values",
        action="store_true",
        help="print the Helm values rendered from the values-template instead",
    )
    render.set_defaults(handler=_run_render)

    from kubefate_tui.subcommands.doctor_command import add_doctor_parser
    from kubefate_tui.subcommands.serve_command import add_serve_parser

    add_serve_parser(sub)
    add_doctor_parser(sub)
    from kubefate_tui.subcommands.wizard_command import add_wizard_parser

    add_wizard_parser(sub)

    config = sub.add_parser("config", help="where the configuration and data live")
    config.add_argument("what", choices=("path", "db", "data-dir"))
    config.set_defaults(handler=_run_config)
    return parser


CLOSED_PIPE_STATUS = 128 + 13
"""What a shell reports for a program ended by SIGPIPE: `… | head` closed its reading end."""


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `kubefate-tui` console script."""
    args = build_parser().parse_args(argv)
    handler: Handler = args.handler
    try:
        status = handler(args)
        sys.stdout.flush()  # here, where a closed pipe can still be caught
    except BrokenPipeError:
        return _closed_pipe()
    return status


def _closed_pipe() -> int:
    """End quietly once whoever read our output stopped reading (`validate … | head`).
    Standard output is pointed at /dev/null first: Python flushes it again at exit, which
    would raise again and print a traceback."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return CLOSED_PIPE_STATUS


if __name__ == "__main__":
    sys.exit(main())

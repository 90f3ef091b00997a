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


def _run_new(args: argparse.Namespace) -> int:
    from kubefate_tui.subcommands.new_command import run

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
    parser.add_argument(
        "--federation",
        metavar="DIR",
        help="open the Federations mode on this federation folder (with federation.yaml)",
    )
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

    _add_new(sub)

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
    from kubefate_tui.subcommands.federation_command import add_federation_parser

    add_federation_parser(sub)

    config = sub.add_parser("config", help="where the configuration and data live")
    config.add_argument("what", choices=("path", "db", "data-dir"))
    config.set_defaults(handler=_run_config)
    return parser


def _add_new(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`new`: here rather than in new_command.py, which imports the drafts (ruamel.yaml) that
    every other command would then pay for."""
    new = sub.add_parser(
        "new",
        help="write a cluster.yaml from a preset (new --list shows them)",
        description=(
            "Write a cluster.yaml from a preset, changed by --set KEY=VALUE (schema paths such "
            "as partyId=10000 or osx.nodePort=30091) and checked like `validate`. Exit 0: "
            "written; 1: errors, nothing written; 2: no such preset, or FILE exists or cannot "
            "be written."
        ),
    )
    new.add_argument("--preset", metavar="NAME", help="the preset to start from (default fate)")
    new.add_argument("--list", action="store_true", help="list the presets, one line each")
    new.add_argument(
        "--set",
        metavar="KEY=VALUE",
        action="append",
        default=[],
        dest="assignments",
        help="set a key by its schema path; repeat it for more keys (the last of a key wins)",
    )
    new.add_argument("-o", "--output", metavar="FILE", help="write FILE instead of stdout")
    new.add_argument("--force", action="store_true", help="replace FILE if it exists")
    new.set_defaults(handler=_run_new)


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

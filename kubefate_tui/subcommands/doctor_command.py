"""`kubefate-tui doctor URL`: why can't I reach my KubeFATE service? Step by step.

Prints each check of the connection doctor (backend/remote/connection_doctor.py) with ✓ or ✗,
what was seen, and for a failure what it means and what to check. Exit status: 0 every step
passed, 1 a step failed, 2 bad usage (an unusable URL, a CA bundle that does not exist).

The password never goes on the command line: it is read from the variable `--password-env`
names (default FATECLOUD_USER_PASSWORD, as for the `kubefate` CLI); when that variable is not
set, KubeFATE's default (`admin`) is tried and the output says so.

Only the standard library is imported at module level (cli.py imports this to build its
parser); the HTTP client is imported when the command runs.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from backend.remote.connection_doctor import DoctorStep

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
DEFAULT_PASSWORD_ENV = "FATECLOUD_USER_PASSWORD"
KUBEFATE_DEFAULT_USER = "admin"
KUBEFATE_DEFAULT_PASSWORD = "admin"


def add_doctor_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Define `doctor URL` on `subparsers` (the result of `parser.add_subparsers()`)."""
    doctor: argparse.ArgumentParser = subparsers.add_parser(
        "doctor",
        allow_abbrev=False,  # `--password x` must not pass for `--password-env x`
        help="check step by step that a KubeFATE service can be reached and logged into",
        description=(
            "Check, step by step, that the KubeFATE service at URL can be reached: the name "
            "resolves, a connection opens, TLS is trusted (https), it answers like KubeFATE, and "
            "the login works. Exit 0: every step passed; 1: a step failed; 2: bad usage."
        ),
    )
    doctor.add_argument(
        "url",
        metavar="URL",
        help="the service: host[:port] like `serviceurl` in config.yaml (http), or a full "
        "http:// or https:// URL",
    )
    doctor.add_argument(
        "--username",
        metavar="NAME",
        help="who logs in (default: $FATECLOUD_USER_USERNAME, else admin)",
    )
    doctor.add_argument(
        "--password-env",
        metavar="VAR",
        default=DEFAULT_PASSWORD_ENV,
        help=f"the environment variable holding the password (default: {DEFAULT_PASSWORD_ENV})",
    )
    trust = doctor.add_mutually_exclusive_group()
    trust.add_argument(
        "--ca-bundle",
        metavar="FILE",
        help="CA certificates (PEM) that signed the service's certificate",
    )
    trust.add_argument(
        "--insecure",
        action="store_true",
        help="do not verify the service's TLS certificate (test setups only)",
    )
    doctor.add_argument("--format", choices=("text", "json"), default="text")
    doctor.set_defaults(handler=run)
    return doctor


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run the doctor against args.url and print its steps; the exit status."""
    stdout = out if out is not None else sys.stdout
    stderr = err if err is not None else sys.stderr
    from backend.remote.connection_doctor import run_doctor, steps_to_json
    from backend.remote.remote_settings import RemoteConfigError, RemoteSettings

    variable = args.password_env or DEFAULT_PASSWORD_ENV
    password = os.environ.get(variable, "")
    username = args.username or os.environ.get("FATECLOUD_USER_USERNAME") or KUBEFATE_DEFAULT_USER
    verify: bool | Path = True
    if args.insecure:
        verify = False
    elif args.ca_bundle:
        verify = Path(args.ca_bundle).expanduser()
    try:
        settings = RemoteSettings(
            url=args.url,
            username=username,
            password=password or KUBEFATE_DEFAULT_PASSWORD,
            verify=verify,
        )
    except RemoteConfigError as error:
        print(f"kubefate-tui doctor: {error}", file=stderr)
        return EXIT_USAGE
    import asyncio

    steps = asyncio.run(run_doctor(settings))
    passed = bool(steps) and all(step.ok for step in steps)
    if args.format == "json":
        stdout.write(steps_to_json(settings.base_url, steps) + "\n")
    else:
        password_note = (
            f"password from ${variable}"
            if password
            else f"KubeFATE's default password, since ${variable} is not set"
        )
        print(
            f"Checking the KubeFATE service at {settings.base_url} as {username!r} "
            f"({password_note})",
            file=stdout,
        )
        for step in steps:
            _print_step(step, stdout)
        print("All checks passed." if passed else "A check failed (see above).", file=stdout)
    return EXIT_OK if passed else EXIT_FAILED


def _marks(stream: TextIO) -> tuple[str, str]:
    """✓ and ✗, or plain words where the terminal's encoding cannot show them."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        "✓✗".encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return "OK  ", "FAIL"
    return "✓", "✗"


def _print_step(step: DoctorStep, stream: TextIO) -> None:
    good, bad = _marks(stream)
    print(f"{good if step.ok else bad} {step.name}: {step.detail}", file=stream)
    if step.explanation:
        print(f"    {step.explanation}", file=stream)


if __name__ == "__main__":
    top = argparse.ArgumentParser(prog="kubefate-tui")
    add_doctor_parser(top.add_subparsers(dest="command", required=True))
    parsed = top.parse_args()
    sys.exit(run(parsed))

"""Telling the operator a generated admin password, once, where only they will see it.

`serve` says it at start, before it listens; the console, whose screen belongs to Textual while
it runs, says it after it exits (and, while it runs, a toast says where the file is, never the
password).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from backend.auth import AdminOutcome


def announce_generated_password(outcome: AdminOutcome | None, stream: TextIO) -> None:
    """Say the admin's generated password, this once, if this start made one: on `stream`
    when it is a terminal; otherwise (a pod's log, a service manager's journal, which keep
    what they get) only where the password file is. The start-up log has already said which
    admin account is configured, never its password."""
    if outcome is None or outcome.generated_password is None:
        return
    if stream.isatty():
        print(
            f"kubefate-tui: the admin account {outcome.user.username!r} was created with the "
            f"password {outcome.generated_password} (shown this once; also in "
            f"{outcome.password_file}, readable only by you). Set FATECLOUD_USER_PASSWORD to "
            "choose it instead.",
            file=stream,
        )
    else:
        print(
            f"kubefate-tui: the admin account {outcome.user.username!r} was created with a "
            f"generated password: read it from {outcome.password_file} (readable only by its "
            "owner). Set FATECLOUD_USER_PASSWORD to choose it instead.",
            file=stream,
        )

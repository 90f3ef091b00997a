"""What every change action shares: the read-only gate, a worker to ask questions in, toasts.

A change action (install, delete, upload...) runs as a worker of its screen, so it can wait
for the dialogs it opens; whatever goes wrong in it ends as a toast, never a traceback.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar, Literal, TypeVar, cast

from textual.command import Provider
from textual.screen import Screen
from textual.worker import Worker

from backend.errors import BackendError
from backend.interface import Backend
from kubefate_tui.formatting.error_text import error_text
from kubefate_tui.state.change_refusal import READ_ONLY, Refusal
from kubefate_tui.state.console_host import console_host
from kubefate_tui.state.live_screen import LiveScreen

if TYPE_CHECKING:
    _ScreenBase = Screen[Any]
else:
    _ScreenBase = object

T = TypeVar("T")
Severity = Literal["information", "warning", "error"]


def short_id(uuid: str) -> str:
    """The first 8 characters of a uuid: what the messages name jobs by."""
    return uuid[:8]


def _change_provider() -> type[Provider]:
    # Imported when the palette opens, not with every screen.
    from kubefate_tui.palette.change_provider import ChangeProvider

    return ChangeProvider


class ChangeActions(_ScreenBase):
    """Mixin of a Screen: runs change actions, each refused at once by a read-only console.

    Each mixin built on this one lists its actions in `CHANGES` (action name -> what it does,
    in words: `"delete_cluster": "delete cluster"`); the lists add up along the class
    hierarchy. In a read-only console `check_action` hides their keys, and an action invoked
    another way (the command palette) is refused with a toast.
    """

    CHANGES: ClassVar[dict[str, str]] = {}
    _steps_worker: Worker[None] | None = None
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {_change_provider}

    @classmethod
    def change_actions(cls) -> dict[str, str]:
        """Every change action of this screen class: name -> what it does."""
        found: dict[str, str] = {}
        for klass in reversed(cls.__mro__):
            found.update(vars(klass).get("CHANGES", {}))
        return found

    def change_refusal(self, action: str) -> Refusal | None:
        """Why change action `action` cannot run here (None: it can). A read-only console
        refuses every change; a mixin adds what its backend cannot do."""
        return READ_ONLY if self.read_only else None

    @property
    def actions_backend(self) -> Backend:
        """The backend the actions change things through."""
        return console_host(self.app).backend

    @cached_property
    def read_only(self) -> bool:
        """True when the console was started with --read-only (asked once: it cannot change,
        and the footer asks on every refresh)."""
        return self.actions_backend.describe().read_only

    @cached_property
    def can_create_namespaces(self) -> bool:
        """True when the backend can create namespaces (asked once: it cannot change)."""
        return self.actions_backend.describe().capabilities.creates_namespaces

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide the keys of change actions that cannot run (a read-only console, a backend
        that cannot do it)."""
        if action in self.change_actions() and self.change_refusal(action) is not None:
            return False
        return super().check_action(action, parameters)

    def begin_change(self, action: str, steps: Callable[[], Awaitable[None]]) -> None:
        """Run `steps` (change action `action`) in a worker, or refuse it, saying why."""
        what = self.change_actions()[action]
        refusal = self.change_refusal(action)
        if refusal is not None:
            self.say(refusal.text(what), severity="warning", title=what)
            return
        self.run_steps(what, steps)

    def run_steps(self, what: str, steps: Callable[[], Awaitable[None]]) -> None:
        """Run `steps` in a worker, where they may wait for dialogs; failures become toasts.
        One at a time: a key pressed again while a backend call runs is told to wait."""
        running = self._steps_worker
        if running is not None and not running.is_finished:
            self.say(
                "wait: the change in progress has not finished", severity="warning", title=what
            )
            return
        self._steps_worker = self.run_worker(
            self._guarded(what, steps), group="change-actions", exit_on_error=False
        )

    async def _guarded(self, what: str, steps: Callable[[], Awaitable[None]]) -> None:
        try:
            await steps()
        except BackendError as error:  # written for users: said as it is
            self.say(error_text(error), severity="error", title=what)
        except Exception as error:  # unexpected: still one line, never a traceback
            self.say(f"could not {what}: {error_text(error)}", severity="error", title=what)

    def show_change(self) -> None:
        """Reload what the screen shows after a change (a remote backend sends no events,
        and no backend sends any for namespaces)."""
        if isinstance(self, LiveScreen):
            self.request_reload()

    async def run_change_action(self, action: str) -> None:
        """Run change action `action` as if its key were pressed, but without the key check:
        the command palette calls this, and a read-only console refuses with a toast."""
        method = cast("Callable[[], Awaitable[None]]", getattr(self, f"action_{action}"))
        await method()

    async def ask(self, dialog: Screen[T]) -> T:
        """Show `dialog` and wait for its answer (only from a change action's worker)."""
        return await self.app.push_screen_wait(dialog)

    def say(self, text: str, *, severity: Severity = "information", title: str = "") -> None:
        """A toast; `text` is shown as written (no markup: names may hold brackets)."""
        self.notify(text, title=title[:1].upper() + title[1:], severity=severity, markup=False)

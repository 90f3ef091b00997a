"""Stop and delete jobs from any screen that shows jobs.

CONTRACT (filled in by the actions work; screens rely on these names):

* `JOB_BINDINGS`: the keys, each with an id (`job.stop`, `job.delete`).
* `JobActions`: a mixin for a Screen subclass. The screen implements `selected_job()`; the
  mixin supplies `action_stop_job` and `action_delete_job`.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

from kubefate_tui.actions.selection import SelectedJob

JOB_BINDINGS: list[BindingType] = [
    Binding("s", "stop_job", "Stop", id="job.stop"),
    Binding("ctrl+d", "delete_job", "Delete", id="job.delete"),
]


class JobActions:
    """Mixin: the job actions of a screen that can say which job is selected."""

    def selected_job(self) -> SelectedJob | None:
        """The job the actions apply to (None: none selected)."""
        raise NotImplementedError

    async def action_stop_job(self) -> None:
        raise NotImplementedError

    async def action_delete_job(self) -> None:
        raise NotImplementedError

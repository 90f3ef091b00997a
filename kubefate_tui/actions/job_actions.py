"""Stop and delete jobs from any screen that shows jobs.

CONTRACT (screens rely on these names):

* `JOB_BINDINGS`: the keys, each with an id (`job.stop`, `job.delete`).
* `JobActions`: a mixin for a Screen subclass. The screen implements `selected_job()`; the
  mixin supplies `action_stop_job` and `action_delete_job`.

Both read the job again before asking, so the question is about its state now. A job still in
progress is never deleted: KubeFATE's service lets a running job's record vanish and leaves
its cluster `Creating` forever (docs/kubefate-behaviour.md §1.5.5); we say to stop it first instead.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType

from backend.models import Job
from kubefate_tui.actions.change_actions import ChangeActions, short_id
from kubefate_tui.actions.selection import SelectedJob
from kubefate_tui.dialogs.confirm_dialog import ConfirmDialog

JOB_BINDINGS: list[BindingType] = [
    Binding("s", "stop_job", "Stop", id="job.stop"),
    Binding("ctrl+d", "delete_job", "Delete", id="job.delete"),
]


def job_words(job: Job) -> str:
    """`job 1a2b3c4d (ClusterInstall of fate-9999/fate-9999, Running)`."""
    about = f" of {job.meta_data.cluster_key}" if job.meta_data and job.meta_data.name else ""
    return f"job {short_id(job.uuid)} ({job.method.value}{about}, {job.status.value})"


class JobActions(ChangeActions):
    """Mixin: the job actions of a screen that can say which job is selected."""

    CHANGES: ClassVar[dict[str, str]] = {"stop_job": "stop job", "delete_job": "delete job"}

    def selected_job(self) -> SelectedJob | None:
        """The job the actions apply to (None: none selected)."""
        raise NotImplementedError

    async def action_stop_job(self) -> None:
        """Stop the selected job, if it has not finished."""
        self.begin_change("stop_job", self._stop_job)

    async def action_delete_job(self) -> None:
        """Delete the record of the selected job, if it has finished."""
        self.begin_change("delete_job", self._delete_job)

    async def _current_job(self, what: str) -> Job | None:
        selected = self.selected_job()
        if selected is None:
            self.say("no job selected", severity="warning", title=what)
            return None
        return await self.actions_backend.get_job(selected.uuid)

    async def _stop_job(self) -> None:
        job = await self._current_job("stop job")
        if job is None:
            return
        if job.status.is_terminal:
            self.say(
                f"job {short_id(job.uuid)} already finished ({job.status.value})",
                severity="warning",
                title="stop job",
            )
            return
        question = f"Stop {job_words(job)}? The cluster is left as far as the job got."
        dialog = ConfirmDialog("Stop job", question, confirm_label="Stop", danger=True)
        if not await self.ask(dialog):
            return
        stopped = await self.actions_backend.stop_job(job.uuid)
        self.say(f"job {short_id(job.uuid)} is {stopped.status.value}", title="stop job")
        self.show_change()

    async def _delete_job(self) -> None:
        job = await self._current_job("delete job")
        if job is None:
            return
        if not job.status.is_terminal:
            self.say(
                f"job {short_id(job.uuid)} is {job.status.value}: it must be stopped first "
                "(or finish) before its record can be deleted; nothing was deleted",
                severity="warning",
                title="delete job",
            )
            return
        question = f"Delete the record of {job_words(job)}? The cluster is not touched."
        dialog = ConfirmDialog("Delete job", question, confirm_label="Delete", danger=True)
        if not await self.ask(dialog):
            return
        await self.actions_backend.delete_job(job.uuid)
        self.say(f"job {short_id(job.uuid)} deleted", title="delete job")
        self.show_change()

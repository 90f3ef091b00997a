"""What a Helm operation can fail with, in words fit for a user.

The job engine puts these messages into KubeFATE job states (`helm install error, <msg>`), so
each one says what failed and, where there is one, what to do. Each class also derives from the
matching generic Backend error, so the REST skin and the UI need not know about Helm.
"""

from __future__ import annotations

from backend.errors import BackendError, InvalidRequest, NotFound, Unavailable


class HelmError(BackendError):
    """Base of every failure of a Helm operation."""


class ReleaseNotFound(HelmError, NotFound):
    """The release (or the revision asked for) does not exist in that namespace."""


class ChartInvalid(HelmError, InvalidRequest):
    """The chart archive or the values cannot be used (not a chart, bad values, schema)."""


class ChartRenderError(HelmError, InvalidRequest):
    """A template failed to render; `path`, `line` and `column` locate it when Helm said where.

    `detail` is Helm's explanation without the location, for callers that re-word it.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str = "",
        line: int | None = None,
        column: int | None = None,
        detail: str = "",
    ) -> None:
        super().__init__(message)
        self.path = path
        self.line = line
        self.column = column
        self.detail = detail or message


class ClusterAccessError(HelmError, Unavailable):
    """Kubernetes cannot be reached or the kubeconfig/context is unusable."""


class ReleaseFailed(HelmError):
    """Helm reached the cluster but the release action failed (apply refused, name in use...)."""


class FieldConflict(ReleaseFailed):
    """Server-side apply refused a change because another field manager owns the field (a
    `kubectl edit`, a Helm CLI upgrade); the message names the manager and the fields."""


class RepoError(HelmError, Unavailable):
    """A chart repository could not be read, or a chart could not be downloaded from it."""


class HelmCrashed(HelmError):
    """The worker process running Helm died in the middle of an operation (a Go panic, a kill).

    The next operation starts a fresh worker; the log file named in the message says more.
    """


class HelmTimeout(HelmError):
    """An operation took longer than its time limit; its worker was stopped."""


class HelmUnavailable(HelmError, Unavailable):
    """The Helm engine cannot start at all (library missing or broken)."""

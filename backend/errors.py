"""The failures every Backend reports, whichever implementation is behind it.

The UI shows `str(error)`; each message names the object, field or path at fault and what to do.
"""

from __future__ import annotations


class BackendError(Exception):
    """Base of everything a Backend operation may raise on purpose."""


class NotFound(BackendError):
    """No such cluster, job, chart or user (or it was deleted)."""


class Conflict(BackendError):
    """The request clashes with the current state (a job still running, a name taken...)."""


class InvalidRequest(BackendError):
    """The request itself is wrong (a bad field, an unreadable chart archive...)."""


class AuthenticationFailed(BackendError):
    """Wrong username or password, or a session that expired."""


class ReadOnlyMode(BackendError):
    """A change was asked of a backend opened read-only."""


class Unavailable(BackendError):
    """The backend cannot do this now: a service is unreachable, or a part is missing."""


class PermissionDenied(BackendError):
    """The credentials in use may not do this (Kubernetes answered 401 or 403)."""

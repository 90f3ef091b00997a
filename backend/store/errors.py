"""What can go wrong in the store, in words a user can act on."""

from __future__ import annotations


class StoreError(Exception):
    """Base of every store failure."""


class StoreBusy(StoreError):
    """Another process held the database's write lock for longer than the busy timeout."""


class StoreConflict(StoreError):
    """A change would break an invariant (a second live cluster with one name, ...)."""


class StoreIncompatible(StoreError):
    """The file is not a kubefate-tui database, or one from a newer version."""

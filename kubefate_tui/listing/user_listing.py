"""The columns of the Users mode (a `User` holds no secret to show)."""

from __future__ import annotations

from backend.models import User
from kubefate_tui.listing.column_spec import ColumnSpec, Listing

USER_LISTING: Listing[User] = Listing(
    columns=(
        ColumnSpec("UUID", lambda user, _: user.uuid),
        ColumnSpec("USERNAME", lambda user, _: user.username),
        ColumnSpec("EMAIL", lambda user, _: user.email),
        ColumnSpec("STATUS", lambda user, _: user.status.value),
    ),
    key=lambda user: user.uuid,
)

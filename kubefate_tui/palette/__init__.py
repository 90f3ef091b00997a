"""The command palette's providers: a base that lists entries, and the providers of the modes and
of the change actions."""

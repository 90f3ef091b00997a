"""The console's own widgets: the backend status line, resource panels, the command line."""

"""What keeps the console live beyond the panel on screen: toasts when jobs finish, and, in
remote mode, the polling of the visible list that the service's change events do not cover.
Both start once the backend is ready (`start_live_updates`)."""

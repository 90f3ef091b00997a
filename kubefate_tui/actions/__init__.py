"""What the user can change from the console: each action asks, checks, calls the backend, says."""

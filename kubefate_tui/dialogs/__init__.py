"""Modal dialogs of the change actions: ask, pick a file, show findings, fill a form, read text."""

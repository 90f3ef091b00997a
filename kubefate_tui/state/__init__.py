"""What the console keeps about the state of things, shared by the app, screens and widgets: the
backend's phase and the protocols screens are reached through."""

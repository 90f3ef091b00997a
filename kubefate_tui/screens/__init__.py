"""The console's screens: one per mode (a kind of KubeFATE object), and the help modal."""

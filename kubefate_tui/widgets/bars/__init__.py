"""The bars at the top and bottom of a screen: backend status, command line, filter, footer."""

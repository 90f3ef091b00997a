"""The logs panel: held lines, the view over them, its header and the panel around them."""

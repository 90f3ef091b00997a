"""How each list shows its objects: column specs (label, value, tone, sort key, width) and the
rows built from them. Data only, below the widgets: k9s keeps such a render layer per resource."""

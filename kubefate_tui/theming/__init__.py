"""Console themes: theme files (YAML) turned into Textual themes, and the catalog of them."""

"""The CLI's subcommands (`validate`, `render`, `serve`, `doctor`, `config`, the console): the only
code that builds backends."""

"""The theme an app starts in, set so that its style sheets are parsed once, with it.

Setting `App.theme` runs Textual's theme watcher, which marks the CSS stale and schedules a
refresh. Before the app runs nothing has been parsed yet, so at start that means every style
sheet is parsed with the default theme's variables and then parsed and applied again with the
chosen theme's (twice, in fact: once as the first mode's screen is installed, once for the
scheduled refresh), about a tenth of the console's time to its first frame.
"""

from __future__ import annotations

from typing import Any

from textual.app import App


def set_starting_theme(app: App[Any], name: str) -> None:
    """Make the registered theme `name` the one `app` starts in; `app` must not be running
    (a running app is simply given the theme, as usual).

    What Textual's watcher does, minus the refresh that is not needed yet: the value, the
    theme's classes on the app, the ANSI colour mapping of a dark or light theme, and the
    variables the style sheets will be parsed with."""
    if app.is_running:
        app.theme = name
        return
    if name not in app.available_themes:
        raise ValueError(f"theme {name!r} is not registered")
    app.set_reactive(App.theme, name)
    theme = app.current_theme
    classes = {old: False for old in app.classes if old.startswith("-theme-")}
    classes |= {f"-theme-{name}": True, "-dark-mode": theme.dark, "-light-mode": not theme.dark}
    app.update_classes(classes, update=False)
    app._refresh_truecolor_filter(app.ansi_theme)  # Textual has no public way to say this
    app.stylesheet.set_variables(app.get_css_variables())

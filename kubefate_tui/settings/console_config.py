"""`config_dir()/config.yaml`: the console's theme, connection profiles and key bindings.

```yaml
theme: kubefate-light
defaultProfile: lab
profiles:
  lab:
    embedded: {db: ~/fate/lab.db, kubeconfig: ~/.kube/lab, context: lab-admin}
  prod:
    remote: {url: https://kubefate.example.com, username: ops, passwordEnv: PROD_PASSWORD}
keys:              # binding id -> "key[,key]" (`?` shows the ids; see key_bindings.py)
  mode.jobs: j
  app.help: "?,f1"
```

Passwords are never stored here: a remote profile names the environment variable holding it
(`passwordEnv`, default FATECLOUD_USER_PASSWORD). Errors name the file, line and key. A missing
file means the defaults.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # PyYAML is imported only when there is a file to read (~20 ms at start)
    from yaml.nodes import Node

DEFAULT_PASSWORD_ENV = "FATECLOUD_USER_PASSWORD"
TOP_LEVEL_KEYS = ("theme", "profiles", "defaultProfile", "keys")
EMBEDDED_KEYS = ("db", "kubeconfig", "context")
REMOTE_KEYS = ("url", "username", "passwordEnv")
STR_TAG = "tag:yaml.org,2002:str"
NULL_TAG = "tag:yaml.org,2002:null"


class ConfigError(ValueError):
    """The config file cannot be used: `<file>:<line>: <key>: <problem>`."""

    def __init__(self, path: Path, line: int, key: str, problem: str) -> None:
        self.path, self.line, self.key, self.problem = path, line, key, problem
        super().__init__(f"{path}:{line}: {key}: {problem}")


@dataclass(frozen=True, slots=True)
class EmbeddedProfile:
    """Drive the embedded backend on this database and Kubernetes cluster."""

    name: str
    db: Path | None = None
    kubeconfig: Path | None = None
    context: str | None = None


@dataclass(frozen=True, slots=True)
class RemoteProfile:
    """Drive the KubeFATE service at `url`; the password comes from `password_env`."""

    name: str
    url: str
    username: str | None = None
    password_env: str = DEFAULT_PASSWORD_ENV

    def password(self, environ: Mapping[str, str] | None = None) -> str | None:
        """The password from the named environment variable, None if it is not set."""
        return (os.environ if environ is None else environ).get(self.password_env)


Profile = EmbeddedProfile | RemoteProfile


@dataclass(frozen=True, slots=True)
class ConsoleConfig:
    """The settings of the console; the defaults when there is no file."""

    path: Path | None = None
    theme: str | None = None
    profiles: dict[str, Profile] = field(default_factory=dict)
    default_profile: str | None = None
    keys: dict[str, str] = field(default_factory=dict)

    @property
    def active_profile(self) -> Profile | None:
        """The `defaultProfile`, if one is named (its existence is checked on load)."""
        return self.profiles.get(self.default_profile) if self.default_profile else None


def default_config_path() -> Path:
    """`config_dir()/config.yaml` (what `kubefate-tui config path` prints)."""
    from backend.paths import config_dir

    return config_dir() / "config.yaml"


def load_console_config(path: Path | None = None) -> ConsoleConfig:
    """The config in `path` (default `default_config_path()`); `ConfigError` if unusable."""
    path = default_config_path() if path is None else path
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ConsoleConfig()
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(path, 0, "(file)", f"cannot be read ({error})") from None
    return parse_console_config(text, path)


def parse_console_config(text: str, path: Path) -> ConsoleConfig:
    """Validate the YAML `text` of the config file at `path`."""
    import yaml

    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        problem = getattr(error, "problem", None) or "not valid YAML"
        raise ConfigError(path, line, "(file)", f"not valid YAML: {problem}") from None
    if root is None or _is_null(root):
        return ConsoleConfig(path=path)
    return _Reader(path).config(root)


def _is_scalar(node: Node) -> bool:
    from yaml.nodes import ScalarNode  # imported with the file's text, see above

    return isinstance(node, ScalarNode)


def _is_null(node: Node) -> bool:
    return _is_scalar(node) and node.tag == NULL_TAG


def _line(node: Node) -> int:
    return int(node.start_mark.line) + 1


class _Reader:
    """Reads the composed YAML nodes, raising `ConfigError` with the node's line and key."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, node: Node, key: str, problem: str) -> ConfigError:
        return ConfigError(self.path, _line(node), key, problem)

    def mapping(self, node: Node, key: str, allowed: tuple[str, ...] | None) -> dict[str, Node]:
        """The entries of a mapping node by (string) key; unknown keys are errors."""
        from yaml.nodes import MappingNode

        if not isinstance(node, MappingNode):
            raise self.fail(node, key or "(file)", "must be a mapping")
        entries: dict[str, Node] = {}
        for key_node, value in node.value:
            name = str(key_node.value) if _is_scalar(key_node) else "?"
            full = f"{key}.{name}" if key else name
            if allowed is not None and name not in allowed:
                raise self.fail(key_node, full, f"unknown key (expected {', '.join(allowed)})")
            if name in entries:
                raise self.fail(key_node, full, "appears twice")
            entries[name] = value
        return entries

    def text(self, node: Node, key: str, *, strict: bool = True) -> str:
        """A non-empty scalar; `strict` requires a string (not a number or true/false)."""
        if not _is_scalar(node) or _is_null(node):
            raise self.fail(node, key, "must be a string")
        if strict and node.tag != STR_TAG:
            raise self.fail(node, key, f"must be a string, not {node.value!r}")
        if not str(node.value).strip():
            raise self.fail(node, key, "must not be empty")
        return str(node.value).strip()

    def path_value(self, node: Node, key: str) -> Path:
        return Path(self.text(node, key)).expanduser()

    def config(self, root: Node) -> ConsoleConfig:
        entries = self.mapping(root, "", TOP_LEVEL_KEYS)
        theme = self.text(entries["theme"], "theme") if "theme" in entries else None
        profiles = self.profiles(entries["profiles"]) if "profiles" in entries else {}
        keys = self.keys(entries["keys"]) if "keys" in entries else {}
        default = None
        if "defaultProfile" in entries:
            node = entries["defaultProfile"]
            default = self.text(node, "defaultProfile")
            if default not in profiles:
                names = ", ".join(sorted(profiles)) or "none defined"
                raise self.fail(node, "defaultProfile", f"no profile {default!r} ({names})")
        return ConsoleConfig(self.path, theme, profiles, default, keys)

    def profiles(self, node: Node) -> dict[str, Profile]:
        if _is_null(node):
            return {}
        return {
            name: self.profile(name, value)
            for name, value in self.mapping(node, "profiles", None).items()
        }

    def profile(self, name: str, node: Node) -> Profile:
        key = f"profiles.{name}"
        entries = self.mapping(node, key, ("embedded", "remote"))
        if len(entries) != 1:
            raise self.fail(node, key, "needs exactly one of embedded or remote")
        if "embedded" in entries:
            return self.embedded(name, entries["embedded"], f"{key}.embedded")
        return self.remote(name, entries["remote"], f"{key}.remote")

    def embedded(self, name: str, node: Node, key: str) -> EmbeddedProfile:
        entries = {} if _is_null(node) else self.mapping(node, key, EMBEDDED_KEYS)
        db, kubeconfig = entries.get("db"), entries.get("kubeconfig")
        context = entries.get("context")
        return EmbeddedProfile(
            name,
            db=self.path_value(db, f"{key}.db") if db else None,
            kubeconfig=self.path_value(kubeconfig, f"{key}.kubeconfig") if kubeconfig else None,
            context=self.text(context, f"{key}.context") if context else None,
        )

    def remote(self, name: str, node: Node, key: str) -> RemoteProfile:
        entries = self.mapping(node, key, REMOTE_KEYS)
        if "url" not in entries:
            raise self.fail(node, f"{key}.url", "is required")
        username, env = entries.get("username"), entries.get("passwordEnv")
        return RemoteProfile(
            name,
            url=self.text(entries["url"], f"{key}.url"),
            username=self.text(username, f"{key}.username", strict=False) if username else None,
            password_env=self.text(env, f"{key}.passwordEnv") if env else DEFAULT_PASSWORD_ENV,
        )

    def keys(self, node: Node) -> dict[str, str]:
        if _is_null(node):
            return {}
        return {
            binding: self.text(value, f"keys.{binding}", strict=False)
            for binding, value in self.mapping(node, "keys", None).items()
        }

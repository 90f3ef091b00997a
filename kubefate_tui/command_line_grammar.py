"""The grammar of the `:` command line: text in, a typed action out; completion of the text.

Pure functions over plain data (no Textual, no backend), so the grammar is tested on its own:

    :clusters :jobs :charts :namespaces :users   (and aliases: :cluster :job :chart :ns :user)
    :q :quit
    :cluster NAME      the cluster named NAME, NAMESPACE/NAME, or whose uuid starts with NAME
    :job UUID          the job whose uuid starts with UUID
    :logs NAME         the last lines of the logs of cluster NAME (matched as for :cluster)
    :wizard [PRESET]   write a new cluster.yaml in the wizard (from PRESET; else one is asked)
    :federation DIR    the Federations mode on the federation folder DIR (alone: the mode)
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass

from kubefate_tui.state import mode_catalog

MODES = tuple(mode.name for mode in mode_catalog.MODES)
QUIT_COMMANDS = ("q", "quit")
MODE_ALIASES = {
    "cluster": "clusters",
    "job": "jobs",
    "chart": "charts",
    "namespace": "namespaces",
    "ns": "namespaces",
    "user": "users",
}
ARGUMENT_COMMANDS = {"cluster": "NAME", "job": "UUID", "logs": "NAME"}
"""Commands taking one argument, with the argument's name (for messages and the help)."""
WIZARD_COMMAND = "wizard"
FEDERATION_COMMAND = "federation"


@dataclass(frozen=True, slots=True)
class SwitchMode:
    mode: str


@dataclass(frozen=True, slots=True)
class Quit:
    pass


@dataclass(frozen=True, slots=True)
class GoToCluster:
    """Switch to Clusters with the cursor on the cluster `query` names."""

    query: str


@dataclass(frozen=True, slots=True)
class GoToJob:
    """Switch to Jobs with the cursor on the job whose uuid starts with `prefix`."""

    prefix: str


@dataclass(frozen=True, slots=True)
class ShowLogs:
    """Show the last lines of the logs of the cluster `query` names."""

    query: str


@dataclass(frozen=True, slots=True)
class Invalid:
    """Not a command: `message` says why and what is valid."""

    message: str


@dataclass(frozen=True, slots=True)
class OpenWizard:
    """Start a new cluster.yaml in the wizard, from `preset` (None: the user picks one)."""

    preset: str | None


@dataclass(frozen=True, slots=True)
class OpenFederation:
    """Show the Federations mode on the federation folder `folder` (as typed)."""

    folder: str


Action = (
    SwitchMode | Quit | GoToCluster | GoToJob | ShowLogs | OpenWizard | OpenFederation | Invalid
)


def valid_commands() -> list[str]:
    """Every command as the user types it, for messages."""
    return [
        *(f":{mode}" for mode in MODES),
        *(f":{word}" for word in QUIT_COMMANDS),
        *(f":{word} {arg}" for word, arg in ARGUMENT_COMMANDS.items()),
        f":{WIZARD_COMMAND} [PRESET]",
        f":{FEDERATION_COMMAND} DIR",
    ]


def parse(text: str) -> Action:
    """The action of a command line (with or without its leading `:`)."""
    line = text.strip().removeprefix(":").strip()
    word, _, rest = line.partition(" ")
    word, argument = word.lower(), rest.strip()
    valid = ", ".join(valid_commands())
    if word == WIZARD_COMMAND:
        return OpenWizard(argument or None)
    if word == FEDERATION_COMMAND:
        return OpenFederation(argument) if argument else SwitchMode("federations")
    if not argument:
        if word in QUIT_COMMANDS:
            return Quit()
        mode = MODE_ALIASES.get(word, word)
        if mode in MODES:
            return SwitchMode(mode)
        if word in ARGUMENT_COMMANDS:
            argument_name = ARGUMENT_COMMANDS[word]
            return Invalid(f":{word} needs a {argument_name}: :{word} {argument_name}")
    elif word == "cluster":
        return GoToCluster(argument)
    elif word == "job":
        return GoToJob(argument)
    elif word == "logs":
        return ShowLogs(argument)
    return Invalid(f"unknown command :{line}; valid commands: {valid}")


# --- resolving arguments -----------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ClusterRef:
    """What a command needs to know of a cluster."""

    uuid: str
    name: str
    namespace: str


@dataclass(frozen=True, slots=True)
class Found:
    key: str


@dataclass(frozen=True, slots=True)
class NotFound:
    message: str


def find_cluster(query: str, clusters: Sequence[ClusterRef]) -> Found | NotFound:
    """The cluster `query` names: by name, NAMESPACE/NAME, or uuid prefix (in that order)."""
    wanted = query.strip().lower()
    by_name = [c for c in clusters if c.name.lower() == wanted]
    by_path = [c for c in clusters if f"{c.namespace}/{c.name}".lower() == wanted]
    by_uuid = [c for c in clusters if c.uuid.lower().startswith(wanted)] if wanted else []
    for matches in (by_name, by_path, by_uuid):
        if len(matches) == 1:
            return Found(matches[0].uuid)
        if len(matches) > 1:
            names = ", ".join(f"{c.namespace}/{c.name}" for c in matches[:5])
            return NotFound(f"cluster {query!r} is ambiguous: {names}; name one as NAMESPACE/NAME")
    all_names = [c.name for c in clusters]
    close = difflib.get_close_matches(query, all_names, n=3, cutoff=0.4) or all_names[:3]
    hint = f"; closest: {', '.join(close)}" if close else "; there are no clusters"
    return NotFound(f"no cluster named {query!r}{hint}")


def find_job(prefix: str, uuids: Sequence[str]) -> Found | NotFound:
    """The job whose uuid starts with `prefix`; ambiguous or absent prefixes say so."""
    wanted = prefix.strip().lower()
    matches = [uuid for uuid in uuids if uuid.lower().startswith(wanted)]
    if len(matches) == 1:
        return Found(matches[0])
    if not matches:
        return NotFound(f"no job whose uuid starts with {prefix!r}")
    shown = ", ".join(uuid[:8] for uuid in matches[:5])
    more = "…" if len(matches) > 5 else ""
    return NotFound(f"job {prefix!r} is ambiguous: {len(matches)} jobs match ({shown}{more})")


# --- completion --------------------------------------------------------------------------------
def command_words() -> list[str]:
    """The words completion offers first: modes, then the argument commands, aliases, quit."""
    words = [*MODES]
    words += [f"{word} " for word in ARGUMENT_COMMANDS]
    words.append(WIZARD_COMMAND)
    words.append(f"{FEDERATION_COMMAND} ")
    words += [alias for alias in MODE_ALIASES if alias not in ARGUMENT_COMMANDS]
    words += QUIT_COMMANDS
    return words


def completions(
    text: str, *, cluster_names: Sequence[str] = (), job_uuids: Sequence[str] = ()
) -> list[str]:
    """Whole command lines that complete `text` (without `:`), best first; [] when none.

    The first word completes to a command; after `cluster `/`logs ` a cluster name, after
    `job ` a job uuid.
    """
    line = text.lstrip().removeprefix(":").lstrip()
    word, space, argument = line.partition(" ")
    if not space:
        lowered = word.lower()
        return [w for w in command_words() if w.startswith(lowered) and w != lowered]
    word = word.lower()
    candidates: Sequence[str]
    if word in ("cluster", "logs"):
        candidates = cluster_names
    elif word == "job":
        candidates = job_uuids
    else:
        return []
    argument = argument.lstrip()
    return [
        f"{word} {candidate}"
        for candidate in dict.fromkeys(candidates)
        if candidate.lower().startswith(argument.lower()) and candidate != argument
    ]

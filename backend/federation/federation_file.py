"""The federation file (`federation.yaml`): a federation's name, its optional exchange and its
parties, each with the cluster.yaml it is deployed from and the profile it is deployed through.

```yaml
name: fed-demo
exchange: {cluster: fate-exchange, namespace: fate-exchange, file: exchange/cluster.yaml}
parties:
  - {partyId: 9999, cluster: fate-9999, namespace: fate-9999, file: party-9999/cluster.yaml}
  - {partyId: 10000, cluster: fate-10000, namespace: fate-10000, profile: lab-b,
     file: party-10000/cluster.yaml}
```

Files are written relative to the federation file's folder and held resolved against it.
Bad input raises FederationFileError naming the file, the line and the key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from backend.schema.context import as_int
from backend.schema.findings import errors_in
from backend.schema.yamlpos import YMap, YNode, YScalar, YSeq, compose

FEDERATION_FILE = "federation.yaml"
"""The file's name inside a federation's folder."""

_MEMBER_KEYS = ("partyId", "cluster", "namespace", "profile", "file")
_TOP_KEYS = ("name", "exchange", "parties")


class FederationFileError(ValueError):
    """A federation file that cannot be used: `file:line: key: why`."""

    def __init__(self, file: Path, line: int, key: str, reason: str) -> None:
        self.file, self.line, self.key, self.reason = file, line, key, reason
        where = f" {key}:" if key else ""
        super().__init__(f"{file}:{line}:{where} {reason}")

    def compiler_line(self) -> str:
        """`FILE:LINE:1: error: KEY: REASON`, as `validate` prints its findings."""
        where = f"{self.key}: " if self.key else ""
        return f"{self.file}:{max(self.line, 1)}:1: error: {where}{self.reason}"


@dataclass(frozen=True)
class Member:
    """A party of the federation, or its exchange."""

    party_id: int | None
    """None only for an exchange without one."""
    cluster: str
    """The cluster (Helm release) name."""
    namespace: str
    profile: str | None
    """A console config profile (kubefate_tui/settings/console_config.py); None: the current
    backend."""
    file: Path
    """Its cluster.yaml, resolved against the federation file's folder."""
    line: int = field(default=0, compare=False)
    """Where the member is written in federation.yaml (0: not read from a file)."""


@dataclass(frozen=True)
class Federation:
    """A federation: its name, the exchange if any, the parties, and the folder it lives in."""

    name: str
    exchange: Member | None
    parties: tuple[Member, ...]
    folder: Path

    @property
    def members(self) -> tuple[Member, ...]:
        """The exchange first (it is deployed first), then the parties."""
        return ((self.exchange,) if self.exchange is not None else ()) + self.parties

    @property
    def path(self) -> Path:
        """Where its federation.yaml is."""
        return self.folder / FEDERATION_FILE

    def party(self, party_id: int) -> Member | None:
        """The party with that id (the first one when the file lists it twice)."""
        return next((member for member in self.parties if member.party_id == party_id), None)


class _Reader:
    """Reads one federation.yaml, raising FederationFileError at the first problem."""

    def __init__(self, file: Path, folder: Path) -> None:
        self.file, self.folder = file, folder

    def fail(self, node: YNode | None, key: str, reason: str) -> FederationFileError:
        return FederationFileError(self.file, node.line if node is not None else 1, key, reason)

    def text(self, node: YMap, key: str, where: str, *, required: bool = True) -> str | None:
        value = node.get(key)
        if value is None or (isinstance(value, YScalar) and value.value in (None, "")):
            if required:
                raise self.fail(node, f"{where}{key}", "is missing; write it")
            return None
        if not isinstance(value, YScalar) or not isinstance(value.value, str):
            raise self.fail(value, f"{where}{key}", "must be text")
        return value.value

    def member(self, node: YNode, where: str, *, party: bool) -> Member:
        if not isinstance(node, YMap):
            raise self.fail(node, where.rstrip("."), "must be a map of partyId, cluster, ...")
        self.known_keys(node, _MEMBER_KEYS, where)
        id_node = node.get("partyId")
        party_id = as_int(id_node)
        if id_node is not None and (party_id is None or party_id < 1):
            raise self.fail(id_node, f"{where}partyId", "must be a positive whole number")
        if party and party_id is None:
            raise self.fail(node, f"{where}partyId", "is missing; every party needs its id")
        file_text = self.text(node, "file", where) or ""  # required: never empty here
        return Member(
            party_id=party_id,
            cluster=self.text(node, "cluster", where) or "",
            namespace=self.text(node, "namespace", where) or "",
            profile=self.text(node, "profile", where, required=False),
            file=self.folder / file_text,
            line=node.line,
        )

    def known_keys(self, node: YMap, known: tuple[str, ...], where: str) -> None:
        for name, key, _value in node.entries():
            if name not in known:
                raise self.fail(
                    key,
                    f"{where}{name}",
                    f"is not a key of the federation file ({', '.join(known)})",
                )

    def federation(self, root: YNode | None) -> Federation:
        if not isinstance(root, YMap):
            raise self.fail(root, "", "the file must be a map with name, exchange and parties")
        self.known_keys(root, _TOP_KEYS, "")
        name = self.text(root, "name", "") or ""
        exchange_node = root.get("exchange")
        exchange = None
        if exchange_node is not None and not _empty(exchange_node):
            exchange = self.member(exchange_node, "exchange.", party=False)
        parties_node = root.get("parties")
        if not isinstance(parties_node, YSeq) or not parties_node.items:
            raise self.fail(parties_node or root, "parties", "must list at least one party")
        parties = tuple(
            self.member(item, f"parties[{index}].", party=True)
            for index, item in enumerate(parties_node.items)
        )
        return Federation(name, exchange, parties, self.folder)


def _empty(node: YNode) -> bool:
    return isinstance(node, YScalar) and node.value in (None, "")


def load_federation(path: Path) -> Federation:
    """The federation in `path`: a folder (its federation.yaml) or the file itself."""
    file = path / FEDERATION_FILE if path.is_dir() else path
    folder = file.parent
    reader = _Reader(file, folder)
    try:
        text = file.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise FederationFileError(file, 0, "", f"cannot read it: {error}") from None
    root, findings = compose(text)
    errors = errors_in(findings)
    if errors:
        raise FederationFileError(file, errors[0].line, errors[0].path, errors[0].message)
    return reader.federation(root)


def _relative(file: Path, folder: Path) -> str:
    try:
        return file.relative_to(folder).as_posix()
    except ValueError:
        return file.as_posix()


def _member_line(member: Member, folder: Path, *, party: bool) -> str:
    parts: list[str] = []
    if member.party_id is not None:
        parts.append(f"partyId: {member.party_id}")
    parts += [f"cluster: {_quoted(member.cluster)}", f"namespace: {_quoted(member.namespace)}"]
    if member.profile is not None:
        parts.append(f"profile: {_quoted(member.profile)}")
    parts.append(f"file: {_quoted(_relative(member.file, folder))}")
    return ("  - " if party else "") + "{" + ", ".join(parts) + "}"


def _quoted(text: str) -> str:
    """Plain when YAML reads it back as the same text, else double-quoted."""
    import json

    import yaml

    try:
        if yaml.safe_load(text) == text and "#" not in text and "{" not in text:
            return text
    except yaml.YAMLError:
        pass
    return json.dumps(text, ensure_ascii=False)


def write_federation(federation: Federation) -> str:
    """The federation file's text (files relative to the federation's folder)."""
    lines = [
        "# A FATE federation: its parties and their cluster.yaml files (kubefate-tui federation).",
        f"name: {_quoted(federation.name)}",
    ]
    if federation.exchange is not None:
        exchange = _member_line(federation.exchange, federation.folder, party=False)
        lines.append(f"exchange: {exchange}")
    lines.append("parties:")
    lines += [_member_line(party, federation.folder, party=True) for party in federation.parties]
    return "\n".join(lines) + "\n"


__all__ = [
    "FEDERATION_FILE",
    "Federation",
    "FederationFileError",
    "Member",
    "load_federation",
    "write_federation",
]

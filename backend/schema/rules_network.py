"""Network rules: ports, NodePorts, party ids, party lists and route tables.

Decision on `skippedKeys` (KubeFATE's examples always skip `route_table`): skipping a key only
silences the unknown-key and type findings under it. The range checks (ports, party ids) and the
duplicate-party checks below still run inside skipped route tables: KubeFATE skips those tables
because its generic comparison cannot handle map keys that are party ids, not because their
contents do not matter, and a duplicated party or an impossible port there breaks federation
just the same.
"""

from __future__ import annotations

from backend.schema.context import Context, as_int
from backend.schema.model import KeySpec
from backend.schema.yamlpos import YMap, YScalar, YSeq, as_written, describe, key_identity

NODE_PORT_MIN, NODE_PORT_MAX = 30000, 32767
PORT_MIN, PORT_MAX = 1, 65535
PARTY_ID_MAX = 2**31 - 1


# --- value rules (called by the key walk for keys whose spec names the rule) ---------------


def check_node_port(ctx: Context, spec: KeySpec, node: YScalar, path: str) -> None:
    number = as_int(node)
    if number is not None and not NODE_PORT_MIN <= number <= NODE_PORT_MAX:
        ctx.add(
            "error",
            "nodeport-range",
            path,
            node,
            f"{spec.name} {number} is outside {NODE_PORT_MIN}-{NODE_PORT_MAX}, Kubernetes' "
            "default service-node-port-range, so the Service would be rejected; pick an unused "
            "port in that range",
        )


def check_port(ctx: Context, spec: KeySpec, node: YScalar, path: str) -> None:
    number = as_int(node)
    if number is not None and not PORT_MIN <= number <= PORT_MAX:
        ctx.add(
            "error",
            "port-range",
            path,
            node,
            f"{spec.name} {number} is not a valid port; use a number from 1 to 65535",
        )


def _party_id_message(name: str, number: int) -> str:
    return (
        f"{name} {number} is not a valid party id; use a positive whole number up to {PARTY_ID_MAX}"
    )


def check_party_id(ctx: Context, spec: KeySpec, node: YScalar, path: str) -> None:
    number = as_int(node)
    if number is not None and not 1 <= number <= PARTY_ID_MAX:
        ctx.add("error", "party-id", path, node, _party_id_message(spec.name, number))


def check_party_key(ctx: Context, spec: KeySpec, node: YScalar, path: str) -> None:
    """A route-table key (`node` is the key): a party id, or `default`."""
    if node.value == "default":
        return
    number = as_int(node)
    table = path.rsplit(".", 1)[0]
    if number is None:
        ctx.add(
            "error",
            "party-id",
            path,
            node,
            f"{table} is keyed by party id, but {describe(node.source)} is not a number; write "
            "the party id (e.g. 10000:) or default:",
        )
    elif not 1 <= number <= PARTY_ID_MAX:
        ctx.add("error", "party-id", path, node, _party_id_message(f"{table} key", number))


def check_replicas(ctx: Context, spec: KeySpec, node: YScalar, path: str) -> None:
    number = as_int(node)
    if number is not None and number < 0:
        ctx.add("error", "range", path, node, f"{spec.name} must be 0 or more, not {number}")


def check_count(ctx: Context, spec: KeySpec, node: YScalar, path: str) -> None:
    number = as_int(node)
    if number is not None and number < 1:
        ctx.add("error", "range", path, node, f"{spec.name} must be 1 or more, not {number}")


def check_host_port(ctx: Context, spec: KeySpec, node: YScalar, path: str) -> None:
    if not isinstance(node.value, str):
        return
    host, colon, port = node.value.strip().rpartition(":")
    if (
        not colon
        or not host
        or not (port.isascii() and port.isdigit())
        or not (PORT_MIN <= int(port) <= PORT_MAX)
    ):
        ctx.add(
            "warning",
            "host-port",
            path,
            node,
            f"{spec.name} {describe(node.value)} should be host:port, e.g. 192.168.10.1:30109",
        )


# --- document rules -------------------------------------------------------------------------


def check_party_id_present(ctx: Context) -> None:
    if ctx.schema.key("partyId") is None or ctx.schema.open_root:
        return
    node = ctx.root.get("partyId")
    if node is None or (isinstance(node, YScalar) and node.value in (None, "")):
        ctx.add(
            "warning",
            "missing-key",
            "partyId",
            node,
            "partyId is not set, so the chart uses 0, which is no valid party id; add "
            '"partyId: <your party id>"',
        )


def check_party_lists(ctx: Context) -> None:
    """Each party once per list; no route to this cluster's own party id."""
    own = ctx.party_id()
    for spec in ctx.schema.party_lists:
        for path in ctx.section_paths(spec.path):
            _, node = ctx.node_at(path)
            if not isinstance(node, YSeq):
                continue
            seen: dict[int, YScalar] = {}
            for index, item in enumerate(node.items):
                if not isinstance(item, YMap):
                    continue
                id_node = item.get(spec.id_key)
                number = as_int(id_node)
                if number is None or not isinstance(id_node, YScalar):
                    continue
                where = f"{path}[{index}].{spec.id_key}"
                first = seen.get(number)
                if first is not None:
                    ctx.add(
                        "error",
                        "duplicate-party-id",
                        where,
                        id_node,
                        f"{spec.id_key} {number} appears twice in {path} (lines {first.line} and "
                        f"{id_node.line}); keep one entry per party and fix or remove the other",
                    )
                else:
                    seen[number] = id_node
                if spec.own_party_is_suspicious and own is not None and number == own:
                    ctx.add(
                        "warning",
                        "own-party-route",
                        where,
                        id_node,
                        f"{path} has a route to party {number}, which is this cluster's own "
                        "partyId: a party needs no route to itself. Remove the entry or fix "
                        "partyId",
                    )


def check_route_tables(ctx: Context) -> None:
    """Route-table keys that are the same party once KubeFATE reads them (`10000` and
    `"10000"`: it turns every map key into text). Keys that are the very same YAML value are
    already reported as duplicate keys."""
    for spec in ctx.schema.route_tables:
        for path in ctx.section_paths(spec.path):
            _, node = ctx.node_at(path)
            if not isinstance(node, YMap):
                continue
            seen: dict[int, YScalar] = {}
            for text, key, _value in node.entries():
                number = as_int(key)
                if text is None or number is None or not isinstance(key, YScalar):
                    continue
                first = seen.get(number)
                if first is None:
                    seen[number] = key
                    continue
                if key_identity(first.value) == key_identity(key.value):
                    continue
                ctx.add(
                    "error",
                    "duplicate-party-id",
                    f"{path}.{text}",
                    key,
                    f"party {number} has two entries in {path} (lines {first.line} and "
                    f"{key.line}); {as_written(first)} and {as_written(key)} are the same key "
                    "once KubeFATE reads the file, so one entry silently replaces the other. "
                    "Merge them",
                )


def check_own_routes(ctx: Context) -> None:
    """A route table that lists parties must list this party too (the table FATE-Flow reads
    to reach its own broker). KubeFATE's chart copies the table as written, so FATE-Flow then
    fails at the first job; the bundled chart fills the entry in, hence a warning."""
    own = ctx.party_id()
    if own is None:
        return
    for spec in ctx.schema.route_tables:
        if not spec.own_route:
            continue
        for path in ctx.section_paths(spec.path):
            _, node = ctx.node_at(path)
            if not isinstance(node, YMap) or not node.pairs:
                continue
            parties = {as_int(key) for _text, key, _value in node.entries()}
            if own in parties:
                continue
            ctx.add(
                "warning",
                "own-route-missing",
                path,
                node,
                f"{path} lists other parties but not this one (partyId {own}): FATE-Flow looks "
                f"itself up there to reach its own broker. Add {own}: {spec.own_route} "
                "(the bundled chart adds it when missing; KubeFATE's chart does not, and jobs "
                "then fail)",
            )

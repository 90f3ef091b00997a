"""`kubefate-tui federation new` writes files that validate and that `check` finds consistent."""

from __future__ import annotations

import pytest
import yaml

from backend.federation.federation_file import load_federation
from backend.federation.node_ports import node_ports_of
from backend.federation.routes import exposure_of, routes_of
from backend.schema.validator import validate_file
from tests.federation.conftest import Federation

SHAPES = [
    pytest.param(preset, parties, exchange, id=f"{preset}-{len(parties)}{'-exchange' * exchange}")
    for preset in ("fate", "spark-pulsar")
    for parties in (["9999", "10000"], ["9999", "10000", "10001"])
    for exchange in (False, True)
]


@pytest.mark.parametrize(("preset", "parties", "exchange"), SHAPES)
def test_new_writes_files_that_validate_and_check_consistent(
    federation: Federation, preset: str, parties: list[str], exchange: bool
) -> None:
    extra = ["--exchange"] if exchange else []
    status, out, err = federation.new("--parties", ",".join(parties), "--preset", preset, *extra)
    assert status == 0, out + err
    loaded = load_federation(federation.folder)
    assert [str(party.party_id) for party in loaded.parties] == parties
    assert (loaded.exchange is not None) == exchange
    for member in loaded.members:
        assert [f for f in validate_file(member.file) if f.is_error] == [], member.file
    status, out, err = federation.check()
    assert status == 0, out + err
    assert " error:" not in out
    assert err.endswith(
        f"0 errors, {out.count(' warning: ')} warnings in {len(loaded.members) + 1} files\n"
    )


@pytest.mark.parametrize("preset", ["fate", "spark-pulsar"])
def test_every_party_routes_to_every_other_one_on_the_port_it_exposes(
    federation: Federation, preset: str
) -> None:
    federation.new("--parties", "9999,10000,10001", "--preset", preset)
    texts = {p: federation.file(f"party-{p}").read_text("utf-8") for p in (9999, 10000, 10001)}
    for party, text in texts.items():
        routes = routes_of(text)
        assert {route.party_id for route in routes} == set(texts) - {party}
        for route in routes:
            assert route.party_id is not None
            exposed = exposure_of(texts[route.party_id]).port_for(route.role)
            assert exposed is not None and route.port == exposed.port
            assert route.host == f"<node-ip-of-party-{route.party_id}>"


def test_spark_route_tables_are_filled_in_with_the_own_pulsar_entry(
    federation: Federation,
) -> None:
    federation.new("--parties", "9999,10000", "--preset", "spark-pulsar")
    routes = routes_of(federation.file("party-9999").read_text("utf-8"))
    assert sorted((r.via, r.role, r.port) for r in routes) == [
        ("nginx.route_table", "nginx-grpc", 30108),
        ("nginx.route_table", "nginx-http", 30103),
        ("pulsar.route_table", "pulsar", 30104),
        ("pulsar.route_table", "pulsar-tls", 30109),
    ]
    text = federation.file("party-9999").read_text("utf-8")
    assert "    9999:\n      host: pulsar\n      port: 6650\n" in text


def test_nodeports_differ_between_parties_and_the_exchange(federation: Federation) -> None:
    federation.new("--parties", "9999,10000,10001", "--preset", "spark-pulsar", "--exchange")
    ports = [
        use.port
        for member in load_federation(federation.folder).members
        for use in node_ports_of(member.file.read_text("utf-8"))
    ]
    assert len(ports) == len(set(ports)) > 10


def test_through_an_exchange_parties_name_the_exchange_and_it_names_them(
    federation: Federation,
) -> None:
    federation.new("--parties", "9999,10000", "--exchange", "--address", "exchange=10.0.0.9")
    party = routes_of(federation.file("party-9999").read_text("utf-8"))
    exchange_text = federation.file("exchange").read_text("utf-8")
    assert [(r.party_id, r.via, r.host, r.port) for r in party] == [
        (None, "osx.exchange", "10.0.0.9", exposure_of(exchange_text).port)
    ]
    assert sorted(r.party_id or 0 for r in routes_of(exchange_text)) == [9999, 10000]
    written = yaml.safe_load(exchange_text)  # an Eggroll federation needs only rollsite
    assert written["modules"] == ["rollsite"]
    assert "trafficServer" not in written and "nginx" not in written


def test_addresses_given_leave_no_placeholder(federation: Federation) -> None:
    status, out, err = federation.new(
        "--parties", "9999,10000", "--address", "9999=10.0.0.1", "--address", "10000=10.0.0.2"
    )
    assert (status, out) == (0, "")
    assert err.endswith("0 errors, 0 warnings in 3 files\n")


def test_new_refuses_to_overwrite_and_bad_party_lists(federation: Federation) -> None:
    assert federation.new("--parties", "9999,10000")[0] == 0
    status, _, err = federation.new("--parties", "9999,10000")
    assert status == 2 and "exists; nothing was written (--force replaces it)" in err
    assert federation.new("--parties", "9999,10000", "--force")[0] == 0
    status, _, err = federation.new("--parties", "9999,9999", "--force")
    assert status == 2 and "party 9999 is named twice" in err
    status, _, err = federation.new("--parties", "9999,x", "--force")
    assert status == 2 and "write party ids separated by commas" in err
    status, _, err = federation.new("--parties", "9999,10000", "--preset", "serving", "--force")
    assert status == 2 and "a party needs chart fate" in err


@pytest.mark.parametrize("preset", ["spark-rabbitmq", "slim", "gpu", "fate-v1"])
@pytest.mark.parametrize("exchange", [False, True], ids=["direct", "exchange"])
def test_the_other_party_presets_plan_consistent_federations_too(
    federation: Federation, preset: str, exchange: bool
) -> None:
    extra = ["--exchange"] if exchange else []
    status, out, err = federation.new("--parties", "9999,10000", "--preset", preset, *extra)
    assert status == 0, out + err
    assert " error:" not in out

"""Routes and exposures read from KubeFATE's own example files, and the federation file's
round trip."""

from __future__ import annotations

from pathlib import Path

from backend.federation.federation_file import (
    Federation,
    Member,
    load_federation,
    write_federation,
)
from backend.federation.routes import Route, exposure_of, routes_of
from tests.conftest import REPO_ROOT

EXAMPLES = REPO_ROOT / "tests" / "data" / "kubefate"


def example(name: str) -> str:
    return (EXAMPLES / name).read_text("utf-8")


def test_spark_pulsar_routes_of_kubefates_example() -> None:
    routes = routes_of(example("v2.0.0/party-9999-cluster-spark-pulsar.yaml"))
    assert {(r.party_id, r.via, r.role, r.host, r.port, r.tls) for r in routes} == {
        (10000, "nginx.route_table", "nginx-http", "192.168.10.1", 30103, False),
        (10000, "nginx.route_table", "nginx-grpc", "192.168.10.1", 30108, False),
        (10000, "pulsar.route_table", "pulsar", "192.168.10.1", 30104, False),
        (10000, "pulsar.route_table", "pulsar-tls", "192.168.10.1", 30109, True),
    }


def test_the_own_route_table_entry_is_not_a_route_to_another_party() -> None:
    routes = routes_of(example("v2.0.0/party-9999-cluster-spark-pulsar.yaml"))
    assert 9999 not in {route.party_id for route in routes}


def test_exposure_of_a_pulsar_party_lists_each_port_with_its_line() -> None:
    text = example("v2.0.0/party-9999-cluster-spark-pulsar.yaml")
    exposure = exposure_of(text)
    assert (exposure.party_id, exposure.service_type, exposure.port) == (9999, "NodePort", 30094)
    tls = exposure.port_for("pulsar-tls")
    assert tls is not None and (tls.port, tls.tls, tls.path) == (
        30099,
        True,
        "pulsar.httpsNodePort",
    )
    assert text.splitlines()[tls.line - 1].strip() == "httpsNodePort: 30099"


def test_a_clusterip_gateway_exposes_no_port() -> None:
    text = (
        "chartName: fate\nchartVersion: v2.0.0\npartyId: 9\nmodules: [osx]\n"
        "osx:\n  nodePort: 30091\n"
    )
    exposure = exposure_of(text)
    assert (exposure.service_type, exposure.port) == ("ClusterIP", None)


def test_the_exchange_examples_route_to_both_parties() -> None:
    rollsite = routes_of(example("exchange/rollsite.yaml"))
    assert [(r.party_id, r.port, r.via) for r in rollsite] == [
        (10000, 30101, "rollsite.partyList"),
        (9999, 30091, "rollsite.partyList"),
    ]
    tunnels = [r for r in routes_of(example("exchange/trafficServer.yaml")) if r.tls]
    assert [(r.party_id, r.host, r.port) for r in tunnels] == [
        (10000, "192.168.10.1", 30109),
        (9999, "192.168.9.1", 30099),
    ]


def test_a_route_to_the_exchange_has_no_party_id() -> None:
    text = (
        "chartName: fate\nchartVersion: v2.0.0\npartyId: 9\nmodules: [osx]\n"
        "osx:\n  exchange: {ip: 10.0.0.9, port: 30001}\n"
    )
    assert routes_of(text) == [
        Route(
            None,
            "10.0.0.9",
            30001,
            False,
            "osx.exchange",
            "exchange-gateway",
            "osx.exchange.port",
            "osx.exchange.ip",
            6,
            6,
        )
    ]


def test_routes_of_a_module_not_deployed_are_not_routes() -> None:
    text = (
        "chartName: fate\nchartVersion: v2.0.0\npartyId: 9\nmodules: [python]\n"
        "osx:\n  partyList: [{partyId: 10, partyIp: a, partyPort: 30101}]\n"
    )
    assert routes_of(text) == []


def test_the_federation_file_round_trips(tmp_path: Path) -> None:
    federation = Federation(
        "fed-demo",
        Member(None, "fate-exchange", "fate-exchange", None, tmp_path / "exchange/cluster.yaml"),
        (
            Member(9999, "fate-9999", "fate-9999", None, tmp_path / "party-9999/cluster.yaml"),
            Member(10000, "fate-10000", "ns b", "lab-b", tmp_path / "party-10000/cluster.yaml"),
        ),
        tmp_path,
    )
    text = write_federation(federation)
    assert "file: party-9999/cluster.yaml" in text and 'namespace: "ns b"' not in text
    (tmp_path / "federation.yaml").write_text(text, "utf-8")
    assert load_federation(tmp_path) == federation
    assert load_federation(tmp_path / "federation.yaml").party(10000) == federation.parties[1]

"""Routes compared with what is deployed: each cluster's Info (ip and gateway NodePort)."""

from __future__ import annotations

from backend.federation.deployed import DeployedGateway, compare_deployed, deployed_gateway
from backend.federation.federation_file import load_federation
from tests.federation.conftest import Federation


def test_info_with_an_error_text_for_ip_gives_no_address() -> None:
    assert deployed_gateway({"ip": "Get node ip failed. forbidden", "port": 30091}) == (
        DeployedGateway(None, 30091)
    )
    assert deployed_gateway({"ip": "10.0.0.1"}) == DeployedGateway("10.0.0.1", None)
    assert deployed_gateway(None) is None


def test_a_route_to_a_deployed_gateway_on_another_port_is_an_error(
    federation: Federation,
) -> None:
    federation.new("--parties", "9999,10000", "--address", "9999=10.0.0.1")
    loaded = load_federation(federation.folder)
    party_10000 = federation.file("party-10000")
    report = compare_deployed(loaded, {party_10000: DeployedGateway("10.0.0.2", 30111)})
    lines = [item.finding.compiler_line(str(item.file)) for item in report.findings]
    assert len(lines) == 2
    assert lines[0].startswith(f"{federation.file('party-9999')}:")
    assert (
        "routes to party 10000 on port 30101, but the deployed cluster fate-10000/fate-10000"
        in (lines[0])
    )
    assert f"({party_10000}) listens on 30111" in lines[0]
    assert "reaches party 10000 at <node-ip-of-party-10000>" in lines[1]
    assert lines[1].endswith("is at 10.0.0.2: write that address [osx.partyList[0]]")


def test_routes_that_match_what_is_deployed_say_nothing(federation: Federation) -> None:
    federation.new("--parties", "9999,10000", "--exchange", "--address", "exchange=10.0.0.9")
    loaded = load_federation(federation.folder)
    assert loaded.exchange is not None
    deployed = {loaded.exchange.file: DeployedGateway("10.0.0.9", 30001)}
    assert compare_deployed(loaded, deployed).findings == []

"""`kubefate-tui federation check` finds what the files say wrongly about each other."""

from __future__ import annotations

from tests.federation.conftest import Federation


def errors(out: str) -> list[str]:
    return [line for line in out.splitlines() if ": error: " in line]


def test_a_broken_gateway_port_names_the_file_that_routes_and_the_one_that_exposes(
    federation: Federation,
) -> None:
    federation.new("--parties", "9999,10000")
    federation.edit("party-10000", "osx.nodePort", 30105)
    status, out, err = federation.check()
    assert status == 1
    routing, exposing = federation.file("party-9999"), federation.file("party-10000")
    [line] = errors(out)
    assert line.startswith(f"{routing}:")
    assert f"{exposing}:" in line and "exposes it on 30105 (osx.nodePort)" in line
    assert line.endswith("[osx.partyList[0].partyPort]")
    assert "1 error," in err


def test_a_broken_exchange_port_is_reported_in_every_party_that_routes_through_it(
    federation: Federation,
) -> None:
    federation.new("--parties", "9999,10000", "--preset", "spark-pulsar", "--exchange")
    federation.edit("exchange", "trafficServer.nodePort", 30017)
    status, out, _ = federation.check()
    assert status == 1
    found = errors(out)
    assert [line.split(":", 1)[0] for line in found] == [
        str(federation.file("party-9999")),
        str(federation.file("party-10000")),
    ]
    assert all(f"{federation.file('exchange')}:" in line for line in found)
    assert all(line.endswith("[pulsar.exchange.port]") for line in found)


def test_placeholders_are_reported_with_file_line_and_key(federation: Federation) -> None:
    federation.new("--parties", "9999,10000", "--address", "10000=10.0.0.2")
    status, out, _ = federation.check()
    assert status == 0
    [line] = out.splitlines()
    assert line.startswith(f"{federation.file('party-10000')}:")
    assert ": warning: <node-ip-of-party-9999> is still to be filled in" in line
    assert line.endswith("[osx.partyList[0].partyIp]")


def test_a_party_missing_from_a_route_table(federation: Federation) -> None:
    federation.new("--parties", "9999,10000,10001", "--preset", "spark-pulsar")
    federation.edit(
        "party-9999",
        "nginx.route_table",
        {10000: {"fateflow": [{"host": "10.0.0.2", "http_port": 30103, "grpc_port": 30108}]}},
    )
    status, out, _ = federation.check()
    assert status == 1
    [line] = errors(out)
    assert line.startswith(f"{federation.file('party-9999')}:")
    assert "nginx has no route to party 10001" in line


def test_tls_must_agree_on_both_sides(federation: Federation) -> None:
    federation.new("--parties", "9999,10000")
    federation.edit("party-9999", "osx.enableTLS", True)
    status, out, _ = federation.check()
    assert status == 1
    found = errors(out)
    assert len(found) == 2  # each side reaches the other with the wrong idea of TLS
    assert "reaches party 10000 with TLS" in found[0]
    assert "reaches party 9999 without TLS" in found[1]


def test_colliding_nodeports_only_within_one_profile(federation: Federation) -> None:
    federation.new("--parties", "9999,10000")
    federation.edit("party-10000", "python.httpNodePort", 30097)
    status, out, _ = federation.check()
    assert status == 1
    [line] = errors(out)
    assert line.startswith(f"{federation.file('party-10000')}:")
    assert f"NodePort 30097 is also asked for by {federation.file('party-9999')}:" in line
    federation_file = federation.folder / "federation.yaml"
    text = federation_file.read_text("utf-8")
    federation_file.write_text(
        text.replace("namespace: fate-10000,", "namespace: fate-10000, profile: lab-b,"), "utf-8"
    )
    status, out, _ = federation.check()
    assert (status, errors(out)) == (0, [])


def test_duplicate_party_ids_in_the_federation_file(federation: Federation) -> None:
    federation.new("--parties", "9999,10000", "--address", "9999=a", "--address", "10000=b")
    federation_file = federation.folder / "federation.yaml"
    lines = federation_file.read_text("utf-8").splitlines()
    lines.append(lines[-1])
    federation_file.write_text("\n".join(lines) + "\n", "utf-8")
    status, out, _ = federation.check()
    assert status == 1
    assert errors(out) == [
        f"{federation_file}:6:1: error: party 10000 is listed twice (lines 5 and 6); party ids "
        "must be unique in a federation [parties]"
    ]


def test_a_cluster_yaml_that_is_not_the_party_the_federation_names(
    federation: Federation,
) -> None:
    federation.new("--parties", "9999,10000")
    federation.edit("party-10000", "partyId", 10001)
    status, out, _ = federation.check()
    assert status == 1
    assert any(
        "partyId is 10001, but the federation file lists this file as party 10000" in line
        for line in errors(out)
    )


def test_a_bad_federation_file_is_reported_with_file_and_line(federation: Federation) -> None:
    federation.folder.mkdir()
    federation_file = federation.folder / "federation.yaml"
    federation_file.write_text(
        "name: demo\nparties:\n  - {partyId: 9999, cluster: a, namespace: a, file: a.yaml}\n"
        "  - {partyId: many, cluster: b, namespace: b, file: b.yaml}\n",
        "utf-8",
    )
    status, out, err = federation.check()
    assert (status, out) == (2, "")
    assert err.splitlines()[0] == (
        f"{federation_file}:4:1: error: parties[1].partyId: must be a positive whole number"
    )
    federation_file.write_text("name: demo\nparty: []\n", "utf-8")
    status, _, err = federation.check()
    assert status == 2
    assert err.splitlines()[0].startswith(f"{federation_file}:2:1: error: party: is not a key")


def test_a_missing_cluster_yaml_is_unreadable(federation: Federation) -> None:
    federation.new("--parties", "9999,10000")
    federation.file("party-10000").unlink()
    status, _, err = federation.check()
    assert status == 2
    assert f"{federation.file('party-10000')}: cannot read:" in err


def test_a_federation_file_that_is_not_yaml(federation: Federation) -> None:
    federation.folder.mkdir()
    federation_file = federation.folder / "federation.yaml"
    federation_file.write_text("name: demo\nparties: [\n", "utf-8")
    status, out, err = federation.check()
    assert (status, out) == (2, "")
    assert err.startswith(f"{federation_file}:")
    assert err.splitlines()[-1] == "federation check: the federation file cannot be used"

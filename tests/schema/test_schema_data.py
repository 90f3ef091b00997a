"""The schema as data: coverage of KubeFATE's own files and of
docs/kubefate-behaviour.md §5, and its consistency."""

from __future__ import annotations

from pathlib import Path

import pytest

from backend.schema.catalog import all_schemas, parse_version, pick_line, schema_for
from backend.schema.model import ChartSchema, SchemaNode, Workload
from backend.schema.validator import validate_text
from tests.schema.helpers import KUBEFATE, REAL_FILES, TEMPLATES, load_uncommented, uncomment

# Artefacts of KubeFATE's files, not keys: in v2.0.0/cluster-serving.yaml the commented
# "  # # tls:" of ingress.servingProxy is indented one level too little, so uncommented it lands
# at ingress.tls.
KNOWN_ARTEFACTS = {("cluster-serving.yaml", "ingress.tls")}


def _unknown_paths(data: object, schema: ChartSchema) -> list[str]:
    """Every path of `data` the schema does not know (descending only where the schema has
    structure; open maps accept anything; legacy sections are read as their replacement)."""
    found: list[str] = []

    def walk(node: object, snode: SchemaNode, path: str, top: bool) -> None:
        if isinstance(node, dict):
            for raw_key, value in node.items():
                key = str(raw_key).lower() if isinstance(raw_key, bool) else str(raw_key)
                here = f"{path}.{key}" if path else key
                child = snode.children.get(key)
                if child is None and top:
                    for alias in schema.legacy_aliases("section"):
                        if alias.old == key:
                            child = schema.root.children.get(alias.new)
                if child is None:
                    child = snode.wildcard
                if child is None:
                    if not snode.open and not (top and schema.open_root):
                        found.append(here)
                    continue
                walk(value, child, here, False)
        elif isinstance(node, list) and snode.item is not None:
            for item in node:
                walk(item, snode.item, f"{path}[]", False)

    walk(data, schema.root, "", True)
    return found


@pytest.mark.parametrize("path", TEMPLATES + REAL_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_key_of_kubefates_files_is_known(path: Path) -> None:
    """Uncomment each KubeFATE file the way KubeFATE reads its template example and check
    every key, commented or not, against the schema of the file's chart line."""
    data = load_uncommented(path)
    assert isinstance(data, dict)
    schema = schema_for(data["chartName"], str(data["chartVersion"]))
    assert schema is not None
    unknown = [p for p in _unknown_paths(data, schema) if (path.name, p) not in KNOWN_ARTEFACTS]
    assert unknown == []


def test_uncommented_templates_are_large() -> None:
    """Guard against a broken uncommenting making the coverage test vacuous."""
    for template in TEMPLATES:
        data = load_uncommented(template)
        assert isinstance(data, dict)
        assert {"osx" if "v2" in str(template) else "rollsite", "python", "pulsar", "hdfs"} <= set(
            data
        )
        assert data["nginx"]["route_table"][10000]["proxy"][0]["grpc_port"] == 30108


# §5.1-§5.3 and §5.6: keys every line must know (a sample per section, written from the docs).
SPEC_V2_KEYS = [
    "name", "namespace", "chartName", "chartVersion", "skippedKeys", "partyId", "registry",
    "pullPolicy", "imagePullSecrets[].name", "persistence", "istio.enabled",
    "podSecurityPolicy.enabled", "ingressClassName", "ingress.fateboard.annotations",
    "ingress.client.hosts[].name", "ingress.spark.tls[].secretName", "ingress.rabbitmq.hosts",
    "ingress.pulsar.tls[].hosts[]", "modules", "computing", "federation", "storage", "algorithm",
    "device", "servingIp", "servingPort", "serving.useRegistry", "serving.zookeeper.hosts[]",
    "serving.zookeeper.use_acl", "externalMysqlIp", "externalMysqlPort", "externalMysqlDatabase",
    "externalMysqlUser", "externalMysqlPassword",
    "osx.image", "osx.imageTag", "osx.type", "osx.nodePort", "osx.loadBalancerIP",
    "osx.enableTLS", "osx.exchange.ip", "osx.exchange.port", "osx.partyList[].partyId",
    "osx.partyList[].partyIp", "osx.partyList[].partyPort", "osx.polling.enabled",
    "osx.polling.type", "osx.polling.server.ip", "osx.polling.server.port",
    "osx.polling.clientList[].partID", "osx.polling.concurrency", "osx.resources",
    "osx.nodeSelector", "osx.tolerations", "osx.affinity",
    "lbrollsite.size", "lbrollsite.exchangeList[].id", "lbrollsite.exchangeList[].ip",
    "lbrollsite.exchangeList[].port",
    "python.replicas", "python.httpNodePort", "python.grpcNodePort", "python.logLevel",
    "python.dependent_distribution", "python.serviceAccountName",
    "python.failedTaskAutoRetryTimes", "python.failedTaskAutoRetryDelay", "python.existingClaim",
    "python.claimName", "python.storageClass", "python.accessMode", "python.size",
    "python.clustermanager.cores_per_node", "python.spark.driverHostType",
    "python.spark.pysparkPython", "python.hdfs.name_node", "python.pulsar.topic_ttl",
    "python.rabbitmq.mng_port", "python.nginx.grpc_port", "python.hive.auth_mechanism",
    "clustermanager.mysqlServerTimezone", "nodemanager.sessionProcessorsPerNode",
    "nodemanager.subPath", "client.notebook_hashed_password", "mysql.ip", "mysql.database",
    "fateboard.username", "spark.master.nodePort", "spark.worker.replicas", "hdfs.image",
    "hdfs.imageTag", "hdfs.namenode.nodePort", "hdfs.datanode.replicas",
    "hdfs.datanode.storageClass", "nginx.exchange.httpPort", "nginx.exchange.grpcPort",
    "nginx.route_table.*.proxy[].http_port", "nginx.route_table.*.fateflow[].grpc_port",
    "rabbitmq.default_user", "rabbitmq.default_pass", "rabbitmq.route_table.*.port",
    "pulsar.env", "pulsar.confs.backlogQuotaDefaultLimitGB", "pulsar.httpsNodePort",
    "pulsar.publicLB.enabled", "pulsar.exchange.domain", "pulsar.route_table.*.sslPort",
    "pulsar.route_table.*.proxy",
]  # fmt: skip


def test_spec_keys_of_the_v2_line() -> None:
    schema = schema_for("fate", "v2.0.0")
    assert schema is not None
    assert [key for key in SPEC_V2_KEYS if schema.key(key) is None] == []


def test_v1_line_differences() -> None:
    v1 = schema_for("fate", "v1.11.2")
    assert v1 is not None
    assert v1.key("rollsite.partyList[].partyPort") is not None
    assert v1.key("osx") is None
    # No per-module image keys in v1.x, except Spark's capitalised ones.
    images = [spec.path for spec in v1.keys if spec.name in ("image", "imageTag")]
    assert images == []
    for role in ("master", "worker"):
        assert v1.key(f"spark.{role}.Image") is not None
        assert v1.key(f"spark.{role}.ImageTag") is not None
    registry = v1.key("registry")
    assert registry is not None and registry.default == "federatedai"
    v2_registry = schema_for("fate", "v2.0.0").key("registry")  # type: ignore[union-attr]
    assert v2_registry is not None and v2_registry.default == ""
    federation = v1.engine("federation")
    assert federation is not None and federation.allowed == ("Eggroll", "Pulsar", "RabbitMQ")
    assert federation.default == "Eggroll"
    # Everything else (minus images) is shared with v2.
    v2 = schema_for("fate", "v2.0.0")
    assert v2 is not None
    v2_paths = {
        spec.path.replace("osx", "rollsite", 1) if spec.path.startswith("osx") else spec.path
        for spec in v2.keys
        if spec.name not in ("image", "imageTag")
    }
    v1_paths = {spec.path for spec in v1.keys if spec.name not in ("Image", "ImageTag")}
    assert v1_paths == v2_paths


def test_other_chart_lines() -> None:
    serving = schema_for("fate-serving", "v2.1.6")
    assert serving is not None
    assert serving.module_names == (
        "servingProxy",
        "servingRedis",
        "servingServer",
        "servingZookeeper",
        "servingAdmin",
    )
    for key in (
        "servingProxy.partyList[].partyId",
        "servingServer.fateflow.port",
        "servingServer.cacheSwitch",
        "servingZookeeper.storageClassName",
        "servingAdmin.ingressHost",
        "externalRedisPassword",
        "ingress.servingAdmin.hosts[].name",
    ):
        assert serving.key(key) is not None, key
    exchange = schema_for("fate-exchange", "v1.11.2")
    assert exchange is not None
    assert exchange.module_names == ("rollsite", "trafficServer", "nginx")
    assert exchange.key("trafficServer.route_table.sni[].tunnelRoute") is not None
    assert exchange.key("nginx.route_table.*.proxy[].host") is not None
    for role in ("client", "server"):
        fedml = schema_for(f"fedml-{role}", "0.7.355")
        assert fedml is not None
        assert fedml.key(f"{role}.fedmlAccountId") is not None
    manager = schema_for("fate-upgrade-manager", "v1.0.0")
    assert manager is not None and manager.key("target") is not None


@pytest.mark.parametrize(
    ("chart", "version", "line"),
    [
        ("fate", "v2.0.0", "fate-v2"),
        ("fate", "2.0.0", "fate-v2"),
        ("fate", "v2.1.0-rc1", "fate-v2"),
        ("fate", "v1.11.2", "fate-v1"),
        ("fate", "1.9.0", "fate-v1"),
        ("fate", "v1.8.0", None),
        ("fate", "1.2.0", None),
        ("fate", "latest", None),
        ("fate", "", None),
        ("fate-serving", "v2.1.6", "fate-serving"),
        ("fate-exchange", "v1.11.2", "fate-exchange"),
        ("fedml-client", "0.7.355", "fedml-client"),
        ("fedml-server", "0.7.355", "fedml-server"),
        ("fate-upgrade-manager", "v1.0.0", "fate-upgrade-manager"),
        ("my-chart", "v2.0.0", None),
        ("FATE", "v2.0.0", None),
    ],
)
def test_schema_for(chart: str, version: str, line: str | None) -> None:
    schema = schema_for(chart, version)
    assert (schema.line if schema else None) == line


def test_pick_line_says_why() -> None:
    assert pick_line("nope", "v1").status == "unknown-chart"
    assert pick_line("fate", "v1.6.0").status == "old-version"
    assert pick_line("fate", "master").status == "bad-version"
    assert parse_version("vv1.11.2") == (1, 11, 2)
    assert parse_version("1.x") == (1,)
    assert parse_version("x") is None


def test_every_key_has_help_and_consistent_defaults() -> None:
    for schema in all_schemas():
        paths = {spec.path for spec in schema.keys}
        assert len(paths) == len(schema.keys), f"{schema.line}: a path is declared twice"
        for spec in schema.keys:
            where = f"{schema.line}:{spec.path}"
            assert spec.help.strip(), f"{where} has no help"
            assert len(spec.help) >= 10, f"{where} help is too short to help"
            if spec.allowed and spec.default is not None:
                assert spec.default in spec.allowed, where
            if spec.default is not None:
                assert spec.default_source in ("template", "chart"), where
            if spec.type in ("int", "bool", "string") and spec.default is not None:
                python_type = {"int": int, "bool": bool, "string": str}[spec.type]
                assert isinstance(spec.default, python_type), where
            parent = spec.path[:-2] if spec.path.endswith("[]") else spec.path.rpartition(".")[0]
            assert not parent or parent in paths, f"{where}: parent {parent} is not declared"
            if spec.rule in ("node_port", "port", "party_id", "replicas", "count"):
                assert spec.type == "int", where
        for engine in schema.engines:
            assert engine.default in engine.allowed
            declared = schema.key(engine.key)
            assert declared is not None and declared.allowed == engine.allowed
            assert declared.default == engine.default
            for value, modules in engine.needs:
                assert value in engine.allowed
                assert set(modules) <= set(schema.module_names)
        for combo in schema.combinations:
            for key, value in zip(
                ("computing", "federation", "storage"),
                (combo.computing, combo.federation, combo.storage),
                strict=True,
            ):
                chosen = schema.engine(key)
                assert chosen is not None and value in chosen.allowed
        for rule in schema.module_engines:
            assert rule.module in schema.module_names
        for persistence in schema.persistence:
            assert persistence.module in schema.module_names
            assert schema.key(f"{persistence.path}.storageClass") is not None
            assert schema.key(f"{persistence.path}.existingClaim") is not None
        for party_list in schema.party_lists:
            assert schema.key(f"{party_list.path}[].{party_list.id_key}") is not None
        for table in schema.route_tables:
            assert schema.key(f"{table.path}.*") is not None
        for alias in schema.legacy:
            assert alias.message and alias.code


def test_modules_and_workloads() -> None:
    v2 = schema_for("fate", "v2.0.0")
    v1 = schema_for("fate", "v1.11.2")
    assert v2 is not None and v1 is not None
    assert v2.module_names == (
        "osx", "lbrollsite", "python", "clustermanager", "nodemanager", "client", "mysql",
        "fateboard", "spark", "hdfs", "nginx", "rabbitmq", "pulsar",
    )  # fmt: skip
    assert v1.module_names == ("rollsite", *v2.module_names[1:])
    workloads = v2.workload_names()
    assert workloads["python"] == (Workload("StatefulSet", "python"),)
    assert workloads["spark"] == (
        Workload("Deployment", "spark-master"),
        Workload("Deployment", "spark-worker"),
    )
    assert workloads["hdfs"] == (
        Workload("StatefulSet", "namenode"),
        Workload("StatefulSet", "datanode"),
    )
    assert workloads["lbrollsite"] == (Workload("Deployment", "rollsite"),)
    assert workloads["osx"] == (Workload("Deployment", "osx"),)
    assert v1.workload_names()["rollsite"] == (Workload("Deployment", "rollsite"),)
    assert all(workloads.values())
    serving = schema_for("fate-serving", "v2.1.6")
    assert serving is not None
    assert serving.workload_names()["servingZookeeper"] == (
        Workload("StatefulSet", "serving-zookeeper"),
    )


def test_engines_of_the_v2_line() -> None:
    v2 = schema_for("fate", "v2.0.0")
    assert v2 is not None
    assert v2.modules_needed("Eggroll", "OSX", "Eggroll") == (
        "clustermanager",
        "nodemanager",
        "osx",
    )
    assert v2.modules_needed("Spark", "Pulsar", "HDFS") == ("spark", "nginx", "pulsar", "hdfs")
    assert v2.modules_needed("Spark_local", "RabbitMQ", "LocalFS") == ("nginx", "rabbitmq")
    good = v2.combination("Spark", "RabbitMQ", "HDFS")
    assert good is not None and good.severity is None
    odd = v2.combination("Spark_local", "Pulsar", "HDFS")
    assert odd is not None and odd.severity == "warning"
    bad = v2.combination("Spark", "Pulsar", "LocalFS")
    assert bad is not None and bad.severity == "error"
    assert v2.combination("Eggroll", "Pulsar", "Eggroll") is None
    storage = v2.persistence
    assert {(p.path, p.template_class) for p in storage} >= {
        ("python", "python"),
        ("client", "client"),
        ("nodemanager", "nodemanager"),
        ("mysql", None),
    }


def test_resolve_concrete_paths() -> None:
    v2 = schema_for("fate", "v2.0.0")
    assert v2 is not None
    spec = v2.resolve("osx.partyList[3].partyId")
    assert spec is not None and spec.path == "osx.partyList[].partyId"
    spec = v2.resolve("pulsar.route_table.10000.host")
    assert spec is not None and spec.path == "pulsar.route_table.*.host"
    spec = v2.resolve("nginx.route_table.9999.proxy[0].grpc_port")
    assert spec is not None and spec.rule == "port"
    assert v2.resolve("osx.nope") is None
    python_keys = v2.keys_for_module("python")
    assert python_keys and all(spec.path.startswith("python") for spec in python_keys)
    assert {spec.path for spec in v2.keys_for_module(None)} >= {"name", "computing", "partyId"}


def test_reference_tree_is_where_expected() -> None:
    assert (KUBEFATE / "v2.0.0" / "values-template-example.yaml").is_file()
    assert len(REAL_FILES) == 15


# Errors the uncommented KubeFATE files really contain: their commented osx/rollsite example
# writes `nodeSelector:` followed by "- disktype: ssd" (a list; Kubernetes wants a map), and the
# mis-indented "# # tls:" lines of cluster-serving.yaml become a duplicate ingress.tls key.
EXPECTED_ERRORS_WHEN_UNCOMMENTED = {
    ("v2.0.0", "values-template-example.yaml"): [("type", "osx.nodeSelector")],
    ("v1.11.2", "values-template-example.yaml"): [("type", "rollsite.nodeSelector")],
    ("v2.0.0", "cluster-serving.yaml"): [("duplicate-key", "ingress.tls")],
}


@pytest.mark.parametrize("path", TEMPLATES + REAL_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_kubefate_example_values_fit_the_schema(path: Path) -> None:
    """The example values (commented ones included) pass the type, enum and range checks."""
    findings = validate_text(uncomment(path.read_text()))
    errors = [(f.code, f.path) for f in findings if f.severity == "error"]
    assert errors == EXPECTED_ERRORS_WHEN_UNCOMMENTED.get((path.parent.name, path.name), [])

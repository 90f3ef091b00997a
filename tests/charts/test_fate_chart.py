"""The bundled `fate` v2.0.0 chart: KubeFATE's own v2.0.0 cluster.yaml files render to the
workloads each engine variant needs, every object is valid Kubernetes, and the configuration
FATE's images read is generated from the cluster.yaml."""

from __future__ import annotations

import functools
import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from tests.charts.fate_renders import (
    BUNDLED_CHARTS,
    FATE_FILES,
    Rendered,
    container,
    containers,
    example_spec,
    example_text,
    render_all,
    spec_text,
    volumes,
)
from tests.conftest import KUBEFATE_DATA, REPO_ROOT

CLUSTER = "fate-9999"
SCHEDULING = {
    "nodeSelector": {"disktype": "ssd"},
    "tolerations": [{"key": "fate", "operator": "Equal", "value": "yes", "effect": "NoSchedule"}],
    "affinity": {
        "nodeAffinity": {
            "requiredDuringSchedulingIgnoredDuringExecution": {
                "nodeSelectorTerms": [
                    {"matchExpressions": [{"key": "zone", "operator": "In", "values": ["a"]}]}
                ]
            }
        }
    },
}
MYSQL_PASSWORD = 'p@ss/w"rd&1:x'


def _eggroll_everything() -> dict[str, Any]:
    """Eggroll/OSX with every option a cluster.yaml can set for it."""
    spec = example_spec("cluster.yaml")
    spec.update(
        persistence=True,
        registry="registry.example.com/",
        algorithm="NN",
        device="GPU",
        ingress={
            "fateboard": {
                "annotations": {"nginx.ingress.kubernetes.io/ssl-redirect": "true"},
                "hosts": [{"name": "board.party9999.example.com", "path": "/board"}],
                "tls": [{"secretName": "board-tls", "hosts": ["board.party9999.example.com"]}],
            },
            "client": {"hosts": [{"name": "notebook.party9999.example.com"}]},
        },
        ingressClassName="public",
        osx={
            "type": "NodePort",
            "nodePort": 30091,
            "enableTLS": True,
            "exchange": {"ip": "192.168.0.1", "port": 30000},
            "partyList": [{"partyId": 10000, "partyIp": "192.168.10.1", "partyPort": 30101}],
            "polling": {"enabled": True, "type": "server", "clientList": [{"partID": 8888}]},
        },
        python={
            "type": "LoadBalancer",
            "loadBalancerIP": "10.0.0.9",
            "httpNodePort": 30097,
            "grpcNodePort": 30092,
            "existingClaim": "flow-data",
            "logLevel": "DEBUG",
            "clustermanager": {"cores_per_node": 8, "nodes": 3},
            "resources": {"requests": {"nvidia.com/gpu": 1}, "limits": {"nvidia.com/gpu": 1}},
        },
        mysql={"password": MYSQL_PASSWORD, "storageClass": "fast", "size": "5Gi"},
        nodemanager={"replicas": 3, "storageClass": "local", "accessMode": "ReadWriteMany"},
        client={"storageClass": "notebooks"},
    )
    for module in (
        "osx",
        "python",
        "mysql",
        "nodemanager",
        "client",
        "clustermanager",
        "fateboard",
    ):
        spec.setdefault(module, {}).update(SCHEDULING)
    return spec


def _spark_everything() -> dict[str, Any]:
    """Spark/Pulsar/HDFS, the exchange's proxy in front, with scheduling on every module."""
    spec = example_spec("party-9999-cluster-spark-pulsar.yaml")
    spec["python"]["spark"] = {
        "driverHost": "10.0.0.5",
        "driverHostType": "NodePort",
        "portMaxRetries": 2,
        "driverStartPort": 30100,
        "blockManagerStartPort": 30200,
    }
    spec["pulsar"]["exchange"] = {"ip": "192.168.10.1", "port": 30000}
    spec["pulsar"]["publicLB"] = {"enabled": True}
    spec["nginx"]["exchange"] = {"ip": "192.168.10.1", "httpPort": 30003, "grpcPort": 30008}
    spec["spark"] = {"master": {"type": "NodePort", "nodePort": 30977}, "worker": {"replicas": 4}}
    spec["hdfs"] = {"namenode": {}, "datanode": {}}
    for section in (
        spec["python"],
        spec["nginx"],
        spec["pulsar"],
        spec["spark"]["master"],
        spec["spark"]["worker"],
        spec["hdfs"]["namenode"],
        spec["hdfs"]["datanode"],
    ):
        section.update(SCHEDULING)
    for module in ("mysql", "client", "fateboard"):
        spec[module] = dict(SCHEDULING)
    return spec


@pytest.fixture(scope="session")
def rendered() -> dict[str, Rendered]:
    """Every fate v2.0.0 example, the chart's own example and two do-everything specs."""
    specs = {name: example_text(name) for name in FATE_FILES}
    specs["values-template-example.yaml"] = (
        BUNDLED_CHARTS / "fate" / "values-template-example.yaml"
    ).read_text()
    specs["eggroll-everything"] = spec_text(_eggroll_everything())
    specs["spark-everything"] = spec_text(_spark_everything())
    return render_all(specs)


# --- which workloads each engine variant deploys --------------------------------------------

EGGROLL_SERVICES = {
    "fateflow",
    "fateflow-client",
    "clustermanager",
    "nodemanager",
    "notebook",
    "mysql",
    "fateboard",
}
SPARK_SERVICES = {"fateflow", "fateflow-client", "notebook", "mysql", "fateboard", "nginx"}
SPARK_CLUSTER_SERVICES = SPARK_SERVICES | {
    "spark-master",
    "spark-client",
    "spark-worker-1",
    "namenode",
    "datanode",
}
VARIANTS = {
    # Eggroll / OSX
    "cluster.yaml": (
        {"osx", "clustermanager", "fateboard"},
        {"python", "nodemanager", "client", "mysql"},
        EGGROLL_SERVICES | {"osx"},
    ),
    # The party-9999 examples keep FATE v1's rollsite layout: no gateway in a v2 chart (§5.4).
    "party-9999-cluster.yaml": (
        {"clustermanager", "fateboard"},
        {"python", "nodemanager", "client", "mysql"},
        EGGROLL_SERVICES,
    ),
    "party-9999-cluster-gpu.yaml": (
        {"clustermanager", "fateboard"},
        {"python", "nodemanager", "client", "mysql"},
        EGGROLL_SERVICES,
    ),
    # Spark + Pulsar
    "cluster-spark-pulsar.yaml": (
        {"spark-master", "spark-worker", "nginx", "fateboard"},
        {"python", "client", "mysql", "namenode", "datanode", "pulsar"},
        SPARK_CLUSTER_SERVICES | {"pulsar"},
    ),
    "party-9999-cluster-spark-pulsar.yaml": (
        {"spark-master", "spark-worker", "nginx", "fateboard"},
        {"python", "client", "mysql", "namenode", "datanode", "pulsar"},
        SPARK_CLUSTER_SERVICES | {"pulsar"},
    ),
    # Spark + RabbitMQ
    "cluster-spark-rabbitmq.yaml": (
        {"spark-master", "spark-worker", "nginx", "fateboard", "rabbitmq"},
        {"python", "client", "mysql", "namenode", "datanode"},
        SPARK_CLUSTER_SERVICES | {"rabbitmq"},
    ),
    "party-9999-cluster-spark-rabbitmq.yaml": (
        {"spark-master", "spark-worker", "nginx", "fateboard", "rabbitmq"},
        {"python", "client", "mysql", "namenode", "datanode"},
        SPARK_CLUSTER_SERVICES | {"rabbitmq"},
    ),
    # Spark_local + Pulsar on LocalFS
    "cluster-spark-slim.yaml": (
        {"nginx", "fateboard"},
        {"python", "client", "mysql", "pulsar"},
        SPARK_SERVICES | {"pulsar"},
    ),
    "party-9999-cluster-spark-local-pulsar.yaml": (
        {"nginx", "fateboard"},
        {"python", "client", "mysql", "pulsar"},
        SPARK_SERVICES | {"pulsar"},
    ),
}


def test_every_fate_example_is_covered() -> None:
    assert set(FATE_FILES) == set(VARIANTS)


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_each_engine_variant_deploys_its_modules(rendered: dict[str, Rendered], name: str) -> None:
    deployments, statefulsets, services = VARIANTS[name]
    result = rendered[name]
    assert set(result.of_kind("Deployment")) == deployments
    assert set(result.of_kind("StatefulSet")) == statefulsets
    assert set(result.of_kind("Service")) == services


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_every_workload_is_found_by_readiness_tracking(
    rendered: dict[str, Rendered], name: str
) -> None:
    """Readiness tracking lists workloads by `name=<cluster>`: each one must carry it, and its
    pods must match its selector (else it never becomes ready)."""
    for workload in rendered[name].workloads():
        where = f"{name}: {workload['kind']} {workload['metadata']['name']}"
        assert workload["metadata"]["labels"]["name"] == CLUSTER, where
        pod_labels = workload["spec"]["template"]["metadata"]["labels"]
        assert pod_labels["name"] == CLUSTER, where
        selector = workload["spec"]["selector"]["matchLabels"]
        assert selector.items() <= pod_labels.items(), where


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_every_service_reaches_a_workload(rendered: dict[str, Rendered], name: str) -> None:
    pods = [w["spec"]["template"]["metadata"]["labels"] for w in rendered[name].workloads()]
    for service in rendered[name].of_kind("Service").values():
        selector = service["spec"]["selector"]
        assert any(selector.items() <= labels.items() for labels in pods), service["metadata"]


def test_every_object_is_valid_kubernetes(
    rendered: dict[str, Rendered], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Against the OpenAPI schema of the newest Kubernetes release kubernetes-validate ships
    (offline), unknown fields rejected."""
    # kubernetes-validate reads its schema files again for every object; read each once.
    schemas = functools.cache(kubernetes_validate.utils.schema_contents)
    monkeypatch.setattr(kubernetes_validate.utils, "schema_contents", schemas)
    version = kubernetes_validate.utils.latest_version()
    problems = []
    for name, result in rendered.items():
        for obj in result.objects:
            try:
                kubernetes_validate.validate(obj, version, strict=True)
            except kubernetes_validate.ValidationError as error:
                path = "/".join(str(p) for p in error.absolute_path)
                kind, obj_name = obj["kind"], obj["metadata"]["name"]
                problems.append(f"{name}: {kind} {obj_name} at {path}: {error.message}")
    assert problems == []
    assert sum(len(r.objects) for r in rendered.values()) > 200


def test_every_long_running_container_has_probes(rendered: dict[str, Rendered]) -> None:
    for name, result in rendered.items():
        for workload in result.workloads():
            for item in containers(workload):
                where = f"{name}: {workload['metadata']['name']}/{item['name']}"
                for probe in ("livenessProbe", "readinessProbe", "startupProbe"):
                    assert probe in item, f"{where} lacks {probe}"


# --- configuration generated from the cluster.yaml ------------------------------------------


def test_mysql_credentials_live_in_secrets_only(rendered: dict[str, Rendered]) -> None:
    result = rendered["eggroll-everything"]
    for config in result.of_kind("ConfigMap").values():
        assert MYSQL_PASSWORD not in json.dumps(config), config["metadata"]["name"]
    for workload in result.workloads():
        assert MYSQL_PASSWORD not in json.dumps(workload), workload["metadata"]["name"]
    assert result.secret_text("fate-credentials", "mysql-password") == MYSQL_PASSWORD
    service_conf = yaml.safe_load(result.secret_text("python-config", "service_conf.yaml"))
    assert service_conf["database"]["mysql"]["passwd"] == MYSQL_PASSWORD
    eggroll = result.secret_text("eggroll-config", "eggroll.properties")
    assert f"eggroll.resourcemanager.clustermanager.jdbc.password={MYSQL_PASSWORD}\n" in eggroll
    mysql = container(result.get("StatefulSet", "mysql"), "mysql")
    password = next(e for e in mysql["env"] if e["name"] == "MYSQL_PASSWORD")
    assert password["valueFrom"]["secretKeyRef"] == {
        "name": "fate-credentials",
        "key": "mysql-password",
    }


def _osx_routes(result: Rendered) -> dict[str, Any]:
    config = result.get("ConfigMap", "osx-config")["data"]
    routes: dict[str, Any] = json.loads(config["route_table.json"])
    return routes


def test_osx_route_table_and_broker_come_from_the_cluster_yaml(
    rendered: dict[str, Rendered],
) -> None:
    plain = _osx_routes(rendered["cluster.yaml"])
    assert plain["self_party"] == ["9999"]
    assert plain["route_table"] == {"9999": {"fateflow": [{"ip": "fateflow", "port": 9360}]}}

    result = rendered["eggroll-everything"]
    routes = _osx_routes(result)["route_table"]
    certs = {
        "useSSL": True,
        "caFile": "/data/projects/fate/osx/conf/cert/ca.pem",
        "certChainFile": "/data/projects/fate/osx/conf/cert/client.crt",
        "privateKeyFile": "/data/projects/fate/osx/conf/cert/client.key",
    }
    assert routes["default"] == {"default": [{"ip": "192.168.0.1", "port": 30000, **certs}]}
    assert routes["10000"] == {"default": [{"ip": "192.168.10.1", "port": 30101, **certs}]}
    assert routes["8888"] == {"default": [{"ip": "", "port": -1, "is_polling": True}]}
    broker = result.get("ConfigMap", "osx-config")["data"]["broker.properties"].splitlines()
    assert "self.party=9999" in broker
    assert "open.grpc.tls.server=true" in broker
    assert "server.cert.chain.file=/data/projects/fate/osx/conf/cert/server.crt" in broker
    osx = result.get("Deployment", "osx")
    assert volumes(osx)["certificates"]["secret"]["secretName"] == "eggroll-certs"
    service = result.get("Service", "osx")
    assert service["spec"]["type"] == "NodePort"
    ports = {p["name"]: p for p in service["spec"]["ports"]}
    assert ports["tcp-osx-tls"]["nodePort"] == 30091 and "nodePort" not in ports["tcp-osx"]


@pytest.mark.parametrize(
    ("name", "engines", "proxy", "route_table"),
    [
        ("cluster.yaml", ("eggroll", "osx", "eggroll"), "osx", None),
        ("cluster-spark-pulsar.yaml", ("spark", "pulsar", "hdfs"), "nginx", "pulsar-route-table"),
        (
            "cluster-spark-rabbitmq.yaml",
            ("spark", "rabbitmq", "hdfs"),
            "nginx",
            "rabbitmq-route-table",
        ),
        ("cluster-spark-slim.yaml", ("spark", "pulsar", "localfs"), "nginx", "pulsar-route-table"),
    ],
)
def test_fate_flow_is_configured_for_its_engines(
    rendered: dict[str, Rendered],
    name: str,
    engines: tuple[str, str, str],
    proxy: str,
    route_table: str | None,
) -> None:
    result = rendered[name]
    conf = yaml.safe_load(result.secret_text("python-config", "service_conf.yaml"))
    assert conf["party_id"] == "9999"
    engine_keys = ("computing", "federation", "storage")
    assert tuple(conf["default_engines"][k] for k in engine_keys) == engines
    assert conf["fateflow"]["proxy_name"] == proxy
    spark_defaults = result.secret_text("python-config", "spark-defaults.conf")
    local = name == "cluster-spark-slim.yaml"
    master = "local[*]" if local else "spark://spark-master:7077"
    assert spark_defaults.startswith(f"spark.master {master}\n")
    python = result.get("StatefulSet", "python")
    mounted = {v["configMap"]["name"] for v in volumes(python).values() if "configMap" in v}
    assert mounted == ({route_table} if route_table else set())
    image = container(python, "fateflow")["image"]
    assert image == (
        "federatedai/fateflow-spark:2.0.0-release"
        if proxy == "nginx"
        else "federatedai/fateflow:2.0.0-release"
    )


def test_spark_route_tables_come_from_the_cluster_yaml(rendered: dict[str, Rendered]) -> None:
    pulsar = rendered["party-9999-cluster-spark-pulsar.yaml"]
    table = yaml.safe_load(
        pulsar.get("ConfigMap", "pulsar-route-table")["data"]["pulsar_route_table.yaml"]
    )
    assert table[9999] == {"host": "pulsar", "port": 6650, "sslPort": 6651}
    assert table[10000] == {"host": "192.168.10.1", "port": 30104, "sslPort": 30109, "proxy": ""}
    assert table["default"]["domain"] == "fate.org"
    nginx = yaml.safe_load(pulsar.get("ConfigMap", "nginx-config")["data"]["route_table.yaml"])
    assert nginx[10000] == {
        "fateflow": [{"host": "192.168.10.1", "http_port": 30103, "grpc_port": 30108}]
    }
    assert nginx[9999]["fateflow"] == [{"host": "fateflow", "http_port": 9380, "grpc_port": 9360}]
    assert "default" not in nginx  # no exchange: no default route

    rabbit = rendered["party-9999-cluster-spark-rabbitmq.yaml"]
    table = yaml.safe_load(
        rabbit.get("ConfigMap", "rabbitmq-route-table")["data"]["rabbitmq_route_table.yaml"]
    )
    assert table == {
        9999: {"host": "rabbitmq", "port": 5672},
        10000: {"host": "192.168.10.1", "port": 30104},
    }

    exchange = rendered["spark-everything"]
    table = yaml.safe_load(
        exchange.get("ConfigMap", "pulsar-route-table")["data"]["pulsar_route_table.yaml"]
    )
    assert table["default"] == {"proxy": "192.168.10.1:30000", "domain": "fate.org"}
    nginx = yaml.safe_load(exchange.get("ConfigMap", "nginx-config")["data"]["route_table.yaml"])
    assert nginx["default"] == {
        "proxy": [{"host": "192.168.10.1", "http_port": 30003, "grpc_port": 30008}]
    }
    standalone = exchange.get("ConfigMap", "pulsar-config")["data"]["standalone.conf"].splitlines()
    assert "tlsEnabled=true" in standalone and "brokerServicePortTls=6651" in standalone
    assert "pulsar-public-tls" in exchange.of_kind("Service")


# --- persistence, exposure, scheduling -------------------------------------------------------


def test_without_persistence_data_lives_in_empty_dirs(rendered: dict[str, Rendered]) -> None:
    for workload in rendered["cluster-spark-pulsar.yaml"].of_kind("StatefulSet").values():
        assert "volumeClaimTemplates" not in workload["spec"], workload["metadata"]["name"]
    data = {"python": "python-data", "mysql": "data", "pulsar": "pulsar-data", "namenode": "dfs"}
    for name, volume in data.items():
        found = volumes(rendered["cluster-spark-pulsar.yaml"].get("StatefulSet", name))[volume]
        assert found == {"name": volume, "emptyDir": {}}


def test_with_persistence_claims_follow_each_module(rendered: dict[str, Rendered]) -> None:
    result = rendered["eggroll-everything"]
    python = result.get("StatefulSet", "python")
    assert volumes(python)["python-data"]["persistentVolumeClaim"] == {"claimName": "flow-data"}
    assert "volumeClaimTemplates" not in python["spec"]
    (mysql_claim,) = result.get("StatefulSet", "mysql")["spec"]["volumeClaimTemplates"]
    assert mysql_claim["metadata"]["name"] == "data"
    assert mysql_claim["spec"]["storageClassName"] == "fast"
    assert mysql_claim["spec"]["resources"]["requests"]["storage"] == "5Gi"
    assert mysql_claim["spec"]["accessModes"] == ["ReadWriteOnce"]
    (nodemanager_claim,) = result.get("StatefulSet", "nodemanager")["spec"]["volumeClaimTemplates"]
    assert nodemanager_claim["spec"]["storageClassName"] == "local"
    assert nodemanager_claim["spec"]["accessModes"] == ["ReadWriteMany"]
    assert result.get("StatefulSet", "nodemanager")["spec"]["replicas"] == 3


def test_services_are_exposed_as_the_cluster_yaml_says(rendered: dict[str, Rendered]) -> None:
    result = rendered["party-9999-cluster-spark-pulsar.yaml"]

    def node_ports(service: str) -> dict[int, int | None]:
        spec = result.get("Service", service)["spec"]
        assert spec["type"] == "NodePort"
        return {p["port"]: p.get("nodePort") for p in spec["ports"]}

    assert node_ports("fateflow-client") == {9360: 30092, 9380: 30097}
    assert node_ports("nginx") == {9300: 30093, 9310: 30098}
    assert node_ports("pulsar") == {6650: 30094, 6651: 30099, 8080: None, 8081: None}
    assert result.get("Service", "fateflow")["spec"]["clusterIP"] == "None"
    assert result.get("Service", "mysql")["spec"]["type"] == "ClusterIP"

    everything = rendered["eggroll-everything"]
    flow = everything.get("Service", "fateflow-client")["spec"]
    assert (flow["type"], flow["loadBalancerIP"]) == ("LoadBalancer", "10.0.0.9")
    driver = rendered["spark-everything"].get("Service", "fateflow-sparkdriver")["spec"]
    assert {p["port"]: p["nodePort"] for p in driver["ports"]} == {
        30100: 30100,
        30101: 30101,
        30200: 30200,
        30201: 30201,
    }


def test_ingresses_follow_the_cluster_yaml(rendered: dict[str, Rendered]) -> None:
    result = rendered["eggroll-everything"]
    board = result.get("Ingress", "fateboard")
    assert board["metadata"]["annotations"] == {"nginx.ingress.kubernetes.io/ssl-redirect": "true"}
    assert board["metadata"]["labels"]["name"] == CLUSTER
    assert board["spec"]["ingressClassName"] == "public"
    (rule,) = board["spec"]["rules"]
    assert rule["host"] == "board.party9999.example.com"
    (path,) = rule["http"]["paths"]
    assert path["path"] == "/board"
    assert path["backend"]["service"] == {"name": "fateboard", "port": {"number": 8080}}
    assert board["spec"]["tls"] == [
        {"secretName": "board-tls", "hosts": ["board.party9999.example.com"]}
    ]
    notebook = result.get("Ingress", "client")["spec"]["rules"][0]
    assert notebook["host"] == "notebook.party9999.example.com"
    assert notebook["http"]["paths"][0]["backend"]["service"]["name"] == "notebook"
    spark = rendered["party-9999-cluster-spark-pulsar.yaml"]
    assert set(spark.of_kind("Ingress")) == {"fateboard", "client", "spark", "pulsar"}


@pytest.mark.parametrize("name", ["eggroll-everything", "spark-everything"])
def test_scheduling_and_pull_secrets_reach_every_workload(
    rendered: dict[str, Rendered], name: str
) -> None:
    for workload in rendered[name].workloads():
        pod = workload["spec"]["template"]["spec"]
        where = f"{name}: {workload['metadata']['name']}"
        for key, value in SCHEDULING.items():
            assert pod.get(key) == value, f"{where}: {key}"
        assert pod["imagePullSecrets"] == [{"name": "myregistrykey"}], where


def test_images_carry_the_registry_and_variant_suffixes(rendered: dict[str, Rendered]) -> None:
    gpu = rendered["party-9999-cluster-gpu.yaml"]
    python = gpu.get("StatefulSet", "python")
    fateflow = container(python, "fateflow")
    assert fateflow["image"] == "federatedai/fateflow-nn-gpu:2.0.0-release"
    assert fateflow["resources"] == {
        "requests": {"nvidia.com/gpu": 1},
        "limits": {"nvidia.com/gpu": 1},
    }
    clustermanager = container(gpu.get("Deployment", "clustermanager"), "clustermanager")
    assert clustermanager["image"] == "federatedai/eggroll-nn-gpu:2.0.0-release"

    everything = rendered["eggroll-everything"]
    images = {
        c["name"]: c["image"] for w in everything.workloads() for c in containers(w, init=True)
    }
    assert images["osx"] == "registry.example.com/federatedai/osx:2.0.0-release"
    assert images["fateflow"] == "registry.example.com/federatedai/fateflow-nn-gpu:2.0.0-release"
    assert images["nodemanager-eggrollpair"] == "registry.example.com/fluent-bit:2.1.4"
    assert images["wait-for-mysql"] == "registry.example.com/mysql:8.0.28"

    worker = rendered["cluster-spark-pulsar.yaml"].get("Deployment", "spark-worker")
    assert container(worker, "spark-worker")["image"] == "federatedai/spark-worker:2.0.0-release"


def test_every_values_key_the_template_writes_is_read_from_the_spec(
    rendered: dict[str, Rendered],
) -> None:
    """The values-template maps the cluster.yaml onto the chart's values (§5.2, §5.3)."""
    values = rendered["eggroll-everything"].values
    assert values["partyId"] == 9999 and values["partyName"] == CLUSTER
    assert values["image"]["registry"] == "registry.example.com/"
    assert values["image"]["isThridParty"] is True
    assert values["persistence"]["enabled"] is True
    assert values["exchange"] == {"partyIp": "192.168.0.1", "partyPort": 30000}
    assert values["partyList"] == [
        {"partyId": 10000, "partyIp": "192.168.10.1", "partyPort": 30101}
    ]
    modules = values["modules"]
    assert modules["osx"]["include"] is True and modules["spark"]["include"] is False
    assert modules["python"]["clustermanager"] == {"cores_per_node": 8, "nodes": 3}
    assert modules["mysql"]["password"] == MYSQL_PASSWORD
    conf = yaml.safe_load(
        rendered["eggroll-everything"].secret_text("python-config", "service_conf.yaml")
    )
    assert conf["computing"]["eggroll"]["cores"] == 8 and conf["computing"]["eggroll"]["nodes"] == 3
    assert conf["log_level"] == 10


def test_helm_lint_reports_no_errors() -> None:
    """`helm lint` through the SDK, in a child process (Helm's Go code writes on fd 2)."""
    script = "import json, sys, helm_python\nprint(json.dumps(helm_python.lint(sys.argv[1])))\n"
    done = subprocess.run(
        [sys.executable, "-c", script, str(BUNDLED_CHARTS / "fate")],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    report = json.loads(done.stdout)
    assert report["total_charts_linted"] == 1
    assert report["errors"] == []
    assert [m for m in report["messages"] if m["severity"] >= 3] == []


def test_render_command_uses_the_bundled_chart_offline(tmp_path: Path) -> None:
    """`kubefate-tui render` with nothing uploaded and the chart repository unreachable."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    env = dict(os.environ)
    env.update(
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        FATECLOUD_REPO_URL=f"http://127.0.0.1:{closed}",
        PYTHONPATH=str(REPO_ROOT),
    )
    example = KUBEFATE_DATA / "v2.0.0" / "cluster-spark-pulsar.yaml"
    command = [sys.executable, "-m", "kubefate_tui", "render", str(example)]
    done = subprocess.run(
        [*command, "--db", str(tmp_path / "kubefate.db")],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    objects = [doc for doc in yaml.safe_load_all(done.stdout) if doc]
    statefulsets = {o["metadata"]["name"] for o in objects if o["kind"] == "StatefulSet"}
    assert statefulsets == {"python", "client", "mysql", "namenode", "datanode", "pulsar"}


def test_the_notebook_knows_fate_flow_and_fate_serving(rendered: dict[str, Rendered]) -> None:
    def env(name: str) -> dict[str, Any]:
        client = container(rendered[name].get("StatefulSet", "client"), "client")
        return {e["name"]: e.get("value", e.get("valueFrom")) for e in client["env"]}

    with_serving = env("party-9999-cluster-gpu.yaml")
    assert with_serving["FATE_SERVING_HOST"] == "192.168.9.1:30095"
    assert (with_serving["FATE_FLOW_IP"], with_serving["FATE_FLOW_PORT"]) == ("fateflow", "9380")
    assert with_serving["NOTEBOOK_HASHED_PASSWORD"] == {
        "secretKeyRef": {"name": "fate-credentials", "key": "notebook-hashed-password"}
    }
    assert env("cluster.yaml")["FATE_SERVING_HOST"] == ""

"""The `fate` chart: the v2.x line (OSX gateway, per-module images) and the v1.9-v1.11 line
(rollsite gateway, federation Eggroll, one image tag for the whole chart).

Facts from docs/kubefate-behaviour.md sections 4.6 and 5.2-5.6, checked against the chart's
values-template-example.yaml of both lines.
"""

from __future__ import annotations

from backend.schema._builder import KeyList
from backend.schema.model import (
    ChartSchema,
    EngineCombination,
    EngineSpec,
    ExposedPortKeys,
    LegacyAlias,
    ModuleEngine,
    ModuleSpec,
    PartyListSpec,
    PersistenceSpec,
    RequiredChildren,
    RouteKeys,
    RouteTableSpec,
    Workload,
)

V2_TAG = "2.0.0-release"


def _dep(*names: str) -> tuple[Workload, ...]:
    return tuple(Workload("Deployment", name) for name in names)


def _sts(*names: str) -> tuple[Workload, ...]:
    return tuple(Workload("StatefulSet", name) for name in names)


def _modules(v2: bool) -> tuple[ModuleSpec, ...]:
    gateway = (
        ModuleSpec(
            "osx",
            "OSX, the federation gateway of FATE 2: carries messages and data between parties "
            "(federation OSX).",
            _dep("osx"),
            "osx",
        )
        if v2
        else ModuleSpec(
            "rollsite",
            "Eggroll's rollsite, the FATE 1.x gateway between parties (federation Eggroll).",
            _dep("rollsite"),
            "rollsite",
        )
    )
    return (
        gateway,
        ModuleSpec(
            "lbrollsite",
            "A load-balancing rollsite acting as an exchange in front of several parties.",
            _dep("rollsite"),
            "lbrollsite",
        ),
        ModuleSpec(
            "python",
            "FATE-Flow, the job scheduler and API (always needed).",
            _sts("python"),
            "python",
        ),
        ModuleSpec(
            "clustermanager",
            "Eggroll's cluster manager (computing Eggroll).",
            _dep("clustermanager"),
            "clustermanager",
        ),
        ModuleSpec(
            "nodemanager",
            "Eggroll's node managers, which run the computations and store the data "
            "(computing/storage Eggroll).",
            _sts("nodemanager"),
            "nodemanager",
        ),
        ModuleSpec("client", "A Jupyter notebook with the FATE client.", _sts("client"), "client"),
        ModuleSpec(
            "mysql",
            "MySQL holding FATE-Flow's and Eggroll's metadata (or set externalMysqlIp).",
            _sts("mysql"),
            "mysql",
        ),
        ModuleSpec("fateboard", "FATE-Board, the web UI of jobs.", _dep("fateboard"), "fateboard"),
        ModuleSpec(
            "spark",
            "A Spark cluster (computing Spark).",
            _dep("spark-master", "spark-worker"),
            "spark",
        ),
        ModuleSpec("hdfs", "HDFS (storage HDFS).", _sts("namenode", "datanode"), "hdfs"),
        ModuleSpec(
            "nginx",
            "Nginx proxy routing FATE-Flow traffic between parties (computing Spark/Spark_local).",
            _dep("nginx"),
            "nginx",
        ),
        ModuleSpec("rabbitmq", "RabbitMQ (federation RabbitMQ).", _dep("rabbitmq"), "rabbitmq"),
        ModuleSpec("pulsar", "Pulsar (federation Pulsar).", _sts("pulsar"), "pulsar"),
    )


def _globals(keys: KeyList, v2: bool) -> None:
    keys.common()
    keys.platform_globals()
    if v2:
        registry_help = (
            "Image registry, put verbatim in front of every image name, so end it with '/': "
            "e.g. myreg.example.com/ gives myreg.example.com/federatedai/fateflow. Empty: "
            "Docker Hub."
        )
        registry_default = ""
    else:
        registry_help = (
            "Image registry and organisation; images are <registry>/<name>:<tag>, so do not end "
            "it with '/': e.g. hub.example.com/federatedai. Default federatedai (Docker Hub)."
        )
        registry_default = "federatedai"
    keys.image_globals(registry_default=registry_default, registry_help=registry_help)
    keys.modules_key(
        "Which FATE modules to deploy, one per line (`- python`). The engines chosen by "
        "computing/federation/storage need their modules."
    )
    gateway = "OSX" if v2 else "Eggroll"
    federations = ("OSX", "Pulsar", "RabbitMQ") if v2 else ("Eggroll", "Pulsar", "RabbitMQ")
    keys.add(
        "computing",
        "string",
        "Computing engine: Eggroll (modules clustermanager + nodemanager), Spark (spark + nginx) "
        "or Spark_local (Spark inside FATE-Flow, + nginx).",
        default="Eggroll",
        source="chart",
        allowed=("Eggroll", "Spark", "Spark_local"),
    )
    keys.add(
        "federation",
        "string",
        f"How parties exchange messages: {gateway} with computing Eggroll, Pulsar or RabbitMQ "
        "with Spark/Spark_local.",
        default=gateway,
        source="chart",
        allowed=federations,
    )
    keys.add(
        "storage",
        "string",
        "Storage engine: Eggroll (computing Eggroll), HDFS (computing Spark, module hdfs) or "
        "LocalFS (computing Spark_local).",
        default="Eggroll",
        source="chart",
        allowed=("Eggroll", "HDFS", "LocalFS"),
    )
    keys.add(
        "algorithm",
        "string",
        "Algorithm set baked into the images: Basic, NN (neural networks) or ALL.",
        default="Basic",
        source="chart",
        allowed=("Basic", "NN", "ALL"),
    )
    keys.add(
        "device",
        "string",
        "Hardware the images are built for: CPU, IPCL (Intel paillier acceleration) or GPU. "
        "GPU also needs nvidia.com/gpu in python.resources.",
        default="IPCL",
        source="chart",
        allowed=("CPU", "IPCL", "GPU"),
    )
    keys.ingress(
        (
            ("fateboard", "fateboard"),
            ("client", "client"),
            ("spark", "spark"),
            ("rabbitmq", "rabbitmq"),
            ("pulsar", "pulsar"),
        )
    )
    keys.add(
        "servingIp",
        "string",
        "Address of the FATE-Serving endpoint FATE-Flow publishes models to.",
        default="192.168.9.1",
        source="chart",
    )
    keys.add(
        "servingPort",
        "int",
        "Port of the FATE-Serving endpoint.",
        default=30095,
        source="chart",
        rule="port",
    )
    keys.add("serving", "map", "How FATE-Flow finds FATE-Serving.")
    keys.add(
        "serving.useRegistry",
        "bool",
        "Find FATE-Serving through its ZooKeeper registry instead of servingIp/servingPort.",
        default=False,
        source="template",
    )
    keys.add("serving.zookeeper", "map", "The ZooKeeper of FATE-Serving.")
    keys.add("serving.zookeeper.hosts", "list", "ZooKeeper addresses (host:port).")
    keys.add(
        "serving.zookeeper.hosts[]",
        "string",
        "A ZooKeeper address, e.g. serving-zookeeper.fate-serving-9999:2181.",
        rule="host_port",
    )
    keys.add("serving.zookeeper.use_acl", "bool", "Whether ZooKeeper ACLs are used.")
    keys.add("serving.zookeeper.user", "string", "ZooKeeper user (with use_acl).")
    keys.add("serving.zookeeper.password", "string", "ZooKeeper password (with use_acl).")
    keys.add(
        "externalMysqlIp",
        "string",
        "Address of an external MySQL to use instead of the mysql module (then drop mysql "
        "from modules).",
    )
    keys.add("externalMysqlPort", "int", "Port of the external MySQL.", rule="port")
    keys.add("externalMysqlDatabase", "string", "Database name in the external MySQL.")
    keys.add("externalMysqlUser", "string", "User for the external MySQL.")
    keys.add("externalMysqlPassword", "string", "Password for the external MySQL.")


def _gateway(keys: KeyList, v2: bool) -> None:
    name = "osx" if v2 else "rollsite"
    what = "the OSX gateway" if v2 else "rollsite"
    keys.add(
        name,
        "map",
        f"Settings of {what}, the federation gateway to the other parties.",
        module=name,
    )
    if v2:
        keys.image(name, name, "federatedai/osx", V2_TAG)
    keys.service(name, name, what)
    keys.add(
        f"{name}.enableTLS",
        "bool",
        f"Encrypt the traffic of {what} with TLS (certificates must be provided).",
        default=False,
        source="template",
        module=name,
    )
    keys.exchange(name, name, what)
    keys.party_list(name, name, what)
    keys.add(
        f"{name}.polling",
        "map",
        "Polling mode, for a party that cannot accept inbound connections: the client polls "
        "a server party.",
        module=name,
    )
    keys.add(
        f"{name}.polling.enabled",
        "bool",
        "Turn polling mode on.",
        default=False,
        source="chart",
        module=name,
    )
    keys.add(
        f"{name}.polling.type",
        "string",
        "server: other parties poll this one; client: this party polls the server.",
        allowed=("server", "client"),
        module=name,
    )
    keys.add(f"{name}.polling.server", "map", "The polling server (type client).", module=name)
    keys.add(f"{name}.polling.server.ip", "string", "Address of the polling server.", module=name)
    keys.add(
        f"{name}.polling.server.port",
        "int",
        "Port of the polling server.",
        module=name,
        rule="port",
    )
    keys.add(
        f"{name}.polling.clientList",
        "list",
        "Parties allowed to poll this server (type server): a list of {partID}.",
        module=name,
    )
    keys.add(f"{name}.polling.clientList[]", "map", "One polling client.", module=name)
    keys.add(
        f"{name}.polling.clientList[].partID",
        "int",
        "Party id of a polling client (note the spelling partID).",
        module=name,
        rule="party_id",
    )
    keys.add(
        f"{name}.polling.concurrency",
        "int",
        "How many polling connections are kept open.",
        module=name,
        rule="count",
    )
    keys.resources(name, name, what)
    keys.scheduling(name, name, what)


def _lbrollsite(keys: KeyList, v2: bool) -> None:
    m = "lbrollsite"
    keys.add(m, "map", "Settings of the load-balancing rollsite (exchange).", module=m)
    if v2:
        keys.image(m, m, "federatedai/eggroll", V2_TAG)
    keys.service(m, m, "the load-balancing rollsite")
    keys.add(
        f"{m}.size",
        "string",
        "Maximum message size accepted by the exchange's nginx, e.g. 2M.",
        default="2M",
        source="template",
        module=m,
    )
    keys.add(
        f"{m}.exchangeList",
        "list",
        "The exchanges behind this load balancer: a list of {id, ip, port}.",
        module=m,
    )
    keys.add(f"{m}.exchangeList[]", "map", "One exchange.", module=m)
    keys.add(
        f"{m}.exchangeList[].id", "int", "Party id of the exchange.", module=m, rule="party_id"
    )
    keys.add(f"{m}.exchangeList[].ip", "string", "Address of the exchange.", module=m)
    keys.add(f"{m}.exchangeList[].port", "int", "Port of the exchange.", module=m, rule="port")
    keys.resources(m, m, "load-balancing rollsite")
    keys.scheduling(m, m, "load-balancing rollsite")


def _python(keys: KeyList, v2: bool) -> None:
    m = "python"
    keys.add(m, "map", "Settings of FATE-Flow (the python module).", module=m)
    if v2:
        keys.image(m, m, "federatedai/fateflow", V2_TAG)
    keys.add(
        f"{m}.replicas",
        "int",
        "Number of FATE-Flow pods.",
        default=1,
        source="template",
        module=m,
        rule="replicas",
    )
    keys.service(
        m,
        m,
        "FATE-Flow",
        node_ports=(("httpNodePort", " (HTTP API, 9380)"), ("grpcNodePort", " (gRPC, 9360)")),
    )
    keys.add(
        f"{m}.logLevel",
        "string",
        "FATE-Flow log level (DEBUG, INFO, WARNING, ERROR).",
        default="INFO",
        source="template",
        module=m,
    )
    keys.add(
        f"{m}.dependent_distribution",
        "bool",
        "Let FATE-Flow distribute Python dependencies to Spark workers.",
        module=m,
    )
    keys.add(
        f"{m}.serviceAccountName",
        "string",
        "ServiceAccount the FATE-Flow pod runs as (empty: the namespace's default).",
        module=m,
        rule="dns_subdomain",
    )
    keys.add(
        f"{m}.failedTaskAutoRetryTimes",
        "int",
        "How many times FATE-Flow retries a failed task.",
        default=5,
        source="template",
        module=m,
        rule="replicas",
    )
    keys.add(
        f"{m}.failedTaskAutoRetryDelay",
        "int",
        "Seconds to wait before retrying a failed task.",
        default=60,
        source="template",
        module=m,
        rule="replicas",
    )
    keys.volume(m, m, "FATE-Flow's data", storage_class="python", sub_path=False, claim_name=True)
    keys.resources(m, m, "FATE-Flow")
    keys.scheduling(m, m, "FATE-Flow")
    # Engine connection settings FATE-Flow is given.
    keys.add(
        f"{m}.clustermanager",
        "map",
        "Eggroll resources FATE-Flow may schedule: {cores_per_node, nodes}.",
        module=m,
    )
    keys.add(
        f"{m}.clustermanager.cores_per_node",
        "int",
        "CPU cores per Eggroll node manager.",
        module=m,
        rule="count",
    )
    keys.add(
        f"{m}.clustermanager.nodes",
        "int",
        "Number of Eggroll node managers.",
        module=m,
        rule="count",
    )
    keys.add(
        f"{m}.spark",
        "map",
        "How FATE-Flow reaches Spark (computing Spark/Spark_local); set these to use an "
        "external Spark.",
        module=m,
    )
    keys.add(
        f"{m}.spark.cores_per_node",
        "int",
        "CPU cores per Spark worker.",
        default=20,
        source="chart",
        module=m,
        rule="count",
    )
    keys.add(
        f"{m}.spark.nodes",
        "int",
        "Number of Spark workers.",
        default=2,
        source="chart",
        module=m,
        rule="count",
    )
    keys.add(
        f"{m}.spark.master",
        "string",
        "Spark master URL.",
        default="spark://spark-master:7077",
        source="chart",
        module=m,
    )
    keys.add(
        f"{m}.spark.driverHost",
        "string",
        "Address Spark executors use to reach the driver inside FATE-Flow.",
        default="fateflow",
        source="chart",
        module=m,
    )
    keys.add(
        f"{m}.spark.driverHostType",
        "string",
        "Type of the Service exposing the Spark driver.",
        module=m,
    )
    keys.add(
        f"{m}.spark.portMaxRetries",
        "int",
        "How many successive ports Spark tries when one is taken.",
        module=m,
        rule="replicas",
    )
    keys.add(
        f"{m}.spark.driverStartPort",
        "int",
        "First port of the Spark driver.",
        module=m,
        rule="port",
    )
    keys.add(
        f"{m}.spark.blockManagerStartPort",
        "int",
        "First port of the Spark block manager.",
        module=m,
        rule="port",
    )
    keys.add(
        f"{m}.spark.pysparkPython",
        "string",
        "Python interpreter path Spark executors use.",
        module=m,
    )
    keys.add(
        f"{m}.spark.existingSpark",
        "string",
        "Use an existing Spark cluster (documented by KubeFATE for external Spark).",
        module=m,
    )
    keys.add(f"{m}.hdfs", "map", "How FATE-Flow reaches HDFS (storage HDFS).", module=m)
    keys.add(
        f"{m}.hdfs.name_node",
        "string",
        "HDFS namenode URL.",
        default="hdfs://namenode:9000",
        source="chart",
        module=m,
    )
    keys.add(
        f"{m}.hdfs.path_prefix", "string", "Directory prefix for FATE's files in HDFS.", module=m
    )
    keys.add(f"{m}.pulsar", "map", "How FATE-Flow reaches Pulsar (federation Pulsar).", module=m)
    keys.add(
        f"{m}.pulsar.host",
        "string",
        "Pulsar host.",
        default="pulsar",
        source="chart",
        module=m,
    )
    keys.add(
        f"{m}.pulsar.port",
        "int",
        "Pulsar broker port.",
        default=6650,
        source="chart",
        module=m,
        rule="port",
    )
    keys.add(
        f"{m}.pulsar.mng_port",
        "int",
        "Pulsar admin (HTTP) port.",
        default=8080,
        source="chart",
        module=m,
        rule="port",
    )
    keys.add(
        f"{m}.pulsar.topic_ttl",
        "int",
        "Days after which unused Pulsar topics are deleted.",
        default=3,
        source="chart",
        module=m,
        rule="replicas",
    )
    keys.add(
        f"{m}.pulsar.cluster",
        "string",
        "Pulsar cluster name.",
        default="standalone",
        source="chart",
        module=m,
    )
    keys.add(
        f"{m}.pulsar.tenant",
        "string",
        "Pulsar tenant FATE uses.",
        default="fl-tenant",
        source="chart",
        module=m,
    )
    keys.add(
        f"{m}.rabbitmq", "map", "How FATE-Flow reaches RabbitMQ (federation RabbitMQ).", module=m
    )
    keys.add(
        f"{m}.rabbitmq.host",
        "string",
        "RabbitMQ host.",
        default="rabbitmq",
        source="chart",
        module=m,
    )
    keys.add(
        f"{m}.rabbitmq.port",
        "int",
        "RabbitMQ AMQP port.",
        default=5672,
        source="chart",
        module=m,
        rule="port",
    )
    keys.add(
        f"{m}.rabbitmq.mng_port",
        "int",
        "RabbitMQ management port.",
        default=15672,
        source="chart",
        module=m,
        rule="port",
    )
    keys.add(
        f"{m}.rabbitmq.user",
        "string",
        "RabbitMQ user.",
        default="fate",
        source="chart",
        module=m,
    )
    keys.add(
        f"{m}.rabbitmq.password",
        "string",
        "RabbitMQ password.",
        default="fate",
        source="chart",
        module=m,
    )
    keys.add(f"{m}.nginx", "map", "How FATE-Flow reaches the nginx proxy.", module=m)
    keys.add(
        f"{m}.nginx.host",
        "string",
        "Nginx host.",
        default="nginx",
        source="chart",
        module=m,
    )
    keys.add(
        f"{m}.nginx.http_port",
        "int",
        "Nginx HTTP port.",
        default=9300,
        source="chart",
        module=m,
        rule="port",
    )
    keys.add(
        f"{m}.nginx.grpc_port",
        "int",
        "Nginx gRPC port.",
        default=9310,
        source="chart",
        module=m,
        rule="port",
    )
    keys.add(f"{m}.hive", "map", "How FATE-Flow reaches Hive (storage Hive).", module=m)
    keys.add(f"{m}.hive.host", "string", "Hive host.", module=m)
    keys.add(f"{m}.hive.port", "int", "Hive port.", module=m, rule="port")
    keys.add(f"{m}.hive.auth_mechanism", "string", "Hive authentication mechanism.", module=m)
    keys.add(f"{m}.hive.username", "string", "Hive user.", module=m)
    keys.add(f"{m}.hive.password", "string", "Hive password.", module=m)


def _eggroll(keys: KeyList, v2: bool) -> None:
    m = "clustermanager"
    keys.add(m, "map", "Settings of Eggroll's cluster manager.", module=m)
    if v2:
        keys.image(m, m, "federatedai/eggroll", V2_TAG)
    keys.add(
        f"{m}.mysqlServerTimezone",
        "string",
        "Time zone the cluster manager's MySQL connection uses.",
        default="UTC",
        source="chart",
        module=m,
    )
    keys.resources(m, m, "cluster manager")
    keys.scheduling(m, m, "cluster manager")

    m = "nodemanager"
    keys.add(m, "map", "Settings of Eggroll's node managers.", module=m)
    if v2:
        keys.image(m, m, "federatedai/eggroll", V2_TAG)
    keys.add(
        f"{m}.replicas",
        "int",
        "Number of node manager pods.",
        default=2,
        source="template",
        module=m,
        rule="replicas",
    )
    keys.add(
        f"{m}.sessionProcessorsPerNode",
        "int",
        "Eggroll processors each node manager starts per session.",
        default=4,
        source="chart",
        module=m,
        rule="count",
    )
    keys.volume(m, m, "node manager data", storage_class="nodemanager")
    keys.resources(m, m, "node manager")
    keys.scheduling(m, m, "node manager")


def _client_mysql_board(keys: KeyList, v2: bool) -> None:
    m = "client"
    keys.add(m, "map", "Settings of the Jupyter notebook client.", module=m)
    if v2:
        keys.image(m, m, "federatedai/client", V2_TAG)
    keys.volume(m, m, "the notebooks", storage_class="client")
    keys.add(
        f"{m}.notebook_hashed_password",
        "string",
        "Hashed Jupyter password (from jupyter's passwd()); empty: no password.",
        default="",
        source="template",
        module=m,
    )
    keys.scheduling(m, m, "notebook")

    m = "mysql"
    keys.add(m, "map", "Settings of the bundled MySQL.", module=m)
    if v2:
        keys.image(m, m, "mysql", "8.0.28")
    keys.service(m, m, "MySQL", node_ports=(), load_balancer=False)
    keys.add(
        f"{m}.ip",
        "string",
        "Host name FATE uses to reach MySQL.",
        default="mysql",
        source="template",
        module=m,
    )
    keys.add(
        f"{m}.port",
        "int",
        "MySQL port.",
        default=3306,
        source="template",
        module=m,
        rule="port",
    )
    keys.add(
        f"{m}.database",
        "string",
        "Database holding FATE's metadata.",
        default="eggroll_meta",
        source="template",
        module=m,
    )
    keys.add(f"{m}.user", "string", "MySQL user.", default="fate", source="template", module=m)
    keys.add(
        f"{m}.password",
        "string",
        "MySQL password (change it).",
        default="fate_dev",
        source="template",
        module=m,
    )
    keys.volume(m, m, "MySQL's data", storage_class=None)
    keys.scheduling(m, m, "MySQL")

    m = "fateboard"
    keys.add(m, "map", "Settings of FATE-Board.", module=m)
    if v2:
        keys.image(m, m, "federatedai/fateboard", V2_TAG)
    keys.service(m, m, "FATE-Board", node_ports=(), load_balancer=False)
    keys.add(
        f"{m}.username",
        "string",
        "FATE-Board login user.",
        default="admin",
        source="chart",
        module=m,
    )
    keys.add(
        f"{m}.password",
        "string",
        "FATE-Board login password (change it).",
        default="admin",
        source="chart",
        module=m,
    )
    keys.scheduling(m, m, "FATE-Board")


def _spark_hdfs(keys: KeyList, v2: bool) -> None:
    m = "spark"
    keys.add(m, "map", "Settings of the Spark cluster (master and workers).", module=m)
    for role, replicas in (("master", 1), ("worker", 2)):
        base = f"{m}.{role}"
        keys.add(base, "map", f"Settings of the Spark {role}.", module=m)
        if v2:
            keys.image(base, m, f"federatedai/spark-{role}", V2_TAG)
        else:
            keys.add(
                f"{base}.Image",
                "string",
                f"Image of the Spark {role} (capital I in the v1.x chart).",
                default=f"federatedai/spark-{role}",
                source="template",
                module=m,
            )
            keys.add(
                f"{base}.ImageTag",
                "string",
                f"Image tag of the Spark {role} (capital I in the v1.x chart).",
                module=m,
            )
        keys.add(
            f"{base}.replicas",
            "int",
            f"Number of Spark {role} pods.",
            default=replicas,
            source="chart",
            module=m,
            rule="replicas",
        )
        keys.resources(base, m, f"Spark {role}")
        keys.scheduling(base, m, f"Spark {role}")
        keys.service(
            base,
            m,
            f"the Spark {role}",
            node_ports=(("nodePort", ""),) if role == "master" else (),
            load_balancer=False,
        )

    m = "hdfs"
    keys.add(
        m,
        "map",
        "Settings of HDFS. If written, it must contain both namenode and datanode maps.",
        module=m,
    )
    if v2:
        keys.add(
            f"{m}.image",
            "string",
            "Image override for both HDFS roles (without registry). Default "
            "federatedai/hadoop-namenode and federatedai/hadoop-datanode.",
            module=m,
        )
        keys.add(
            f"{m}.imageTag",
            "string",
            "Image tag of both HDFS roles.",
            default="2.0.0-hadoop3.2.1-java8",
            source="template",
            module=m,
        )
    for role, sc_default in (("namenode", ""), ("datanode", "")):
        base = f"{m}.{role}"
        keys.add(base, "map", f"Settings of the HDFS {role}.", module=m)
        if v2:
            for key in ("image", "imageTag"):
                keys.add(
                    f"{base}.{key}",
                    "string",
                    f"Not read by the chart; set hdfs.{key} instead (one value for both HDFS "
                    "roles).",
                    module=m,
                    ignored=True,
                )
        if role == "datanode":
            keys.add(
                f"{base}.replicas",
                "int",
                "Number of datanode pods.",
                default=3,
                source="template",
                module=m,
                rule="replicas",
            )
        keys.scheduling(base, m, f"HDFS {role}")
        keys.service(
            base,
            m,
            f"the HDFS {role}",
            node_ports=(("nodePort", ""),) if role == "namenode" else (),
            load_balancer=False,
        )
        keys.volume(base, m, f"the HDFS {role}", storage_class=sc_default, sub_path=False)


def _route_item(keys: KeyList, base: str, module: str, what: str) -> None:
    keys.add(f"{base}.host", "string", f"Address of {what}.", module=module)
    keys.add(f"{base}.http_port", "int", f"HTTP port of {what}.", module=module, rule="port")
    keys.add(f"{base}.grpc_port", "int", f"gRPC port of {what}.", module=module, rule="port")


def nginx_keys(keys: KeyList, v2: bool, *, m: str = "nginx") -> None:
    """nginx (fate and fate-exchange share the route table shape)."""
    keys.add(m, "map", "Settings of the nginx proxy between parties' FATE-Flows.", module=m)
    if v2:
        keys.image(m, m, "federatedai/nginx", V2_TAG)
    keys.service(
        m,
        m,
        "nginx",
        node_ports=(("httpNodePort", " (HTTP)"), ("grpcNodePort", " (gRPC)")),
    )
    keys.add(
        f"{m}.exchange",
        "map",
        "Send all traffic to an exchange: {ip, httpPort, grpcPort}.",
        module=m,
    )
    keys.add(f"{m}.exchange.ip", "string", "Address of the exchange.", module=m)
    keys.add(f"{m}.exchange.httpPort", "int", "HTTP port of the exchange.", module=m, rule="port")
    keys.add(f"{m}.exchange.grpcPort", "int", "gRPC port of the exchange.", module=m, rule="port")
    keys.add(
        f"{m}.route_table",
        "map",
        "Where each party's FATE-Flow and proxy are: party id -> {proxy: [...], fateflow: [...]}.",
        module=m,
    )
    keys.add(
        f"{m}.route_table.*",
        "map",
        "Routes of one party (the key is its party id).",
        module=m,
        rule="party_key",
    )
    for target, what in (
        ("proxy", "the party's nginx proxy"),
        ("fateflow", "the party's FATE-Flow"),
    ):
        keys.add(
            f"{m}.route_table.*.{target}",
            "list",
            f"Endpoints of {what}: a list of {{host, http_port, grpc_port}}.",
            module=m,
        )
        keys.add(f"{m}.route_table.*.{target}[]", "map", f"One endpoint of {what}.", module=m)
        _route_item(keys, f"{m}.route_table.*.{target}[]", m, what)
    keys.scheduling(m, m, "nginx")


def _rabbitmq_pulsar(keys: KeyList, v2: bool) -> None:
    m = "rabbitmq"
    keys.add(m, "map", "Settings of RabbitMQ.", module=m)
    if v2:
        keys.image(m, m, "federatedai/rabbitmq", "3.8.3-management")
    keys.service(m, m, "RabbitMQ")
    keys.add(f"{m}.default_user", "string", "RabbitMQ administrator user.", module=m)
    keys.add(f"{m}.default_pass", "string", "RabbitMQ administrator password.", module=m)
    keys.add(f"{m}.user", "string", "RabbitMQ user FATE connects as.", module=m)
    keys.add(f"{m}.password", "string", "Password of that user.", module=m)
    keys.add(
        f"{m}.route_table",
        "map",
        "Where each party's RabbitMQ is: party id -> {host, port}.",
        module=m,
    )
    keys.add(
        f"{m}.route_table.*",
        "map",
        "RabbitMQ of one party (the key is its party id).",
        module=m,
        rule="party_key",
    )
    keys.add(f"{m}.route_table.*.host", "string", "Address of that RabbitMQ.", module=m)
    keys.add(f"{m}.route_table.*.port", "int", "AMQP port of that RabbitMQ.", module=m, rule="port")
    keys.resources(m, m, "RabbitMQ")
    keys.scheduling(m, m, "RabbitMQ")

    m = "pulsar"
    keys.add(m, "map", "Settings of Pulsar.", module=m)
    if v2:
        keys.image(m, m, "federatedai/pulsar", "2.10.2")
    keys.service(
        m,
        m,
        "Pulsar",
        node_ports=(("httpNodePort", " (HTTP)"), ("httpsNodePort", " (HTTPS)")),
    )
    keys.add(
        f"{m}.nodePort",
        "int",
        "Not read by the chart; Pulsar's node ports are httpNodePort and httpsNodePort (one "
        "of KubeFATE's Spark-local examples writes nodePort).",
        module=m,
        rule="node_port",
        ignored=True,
    )
    keys.add(
        f"{m}.env",
        "list",
        "Extra environment variables of the Pulsar container: a list of {name, value}, e.g. "
        "PULSAR_MEM.",
        module=m,
        open=True,
    )
    keys.add(
        f"{m}.confs",
        "map",
        "Extra broker settings written into Pulsar's configuration.",
        module=m,
        open=True,
    )
    keys.add(
        f"{m}.confs.brokerDeleteInactiveTopicsFrequencySeconds",
        "int",
        "How often (seconds) Pulsar deletes inactive topics.",
        module=m,
    )
    keys.add(
        f"{m}.confs.backlogQuotaDefaultLimitGB",
        "number",
        "Default backlog quota per topic, in GB.",
        module=m,
    )
    keys.add(f"{m}.publicLB", "map", "A public LoadBalancer for Pulsar.", module=m)
    keys.add(
        f"{m}.publicLB.enabled",
        "bool",
        "Create a public LoadBalancer Service for Pulsar.",
        default=False,
        source="template",
        module=m,
    )
    keys.add(
        f"{m}.exchange",
        "map",
        "Route through a Pulsar exchange: {ip, port, domain}.",
        module=m,
    )
    keys.add(f"{m}.exchange.ip", "string", "Address of the exchange.", module=m)
    keys.add(f"{m}.exchange.port", "int", "Port of the exchange.", module=m, rule="port")
    keys.add(
        f"{m}.exchange.domain",
        "string",
        "Domain of the parties' Pulsar names (<party>.<domain>).",
        default="fate.org",
        source="template",
        module=m,
    )
    keys.add(
        f"{m}.route_table",
        "map",
        "Where each party's Pulsar is: party id -> {host, port, sslPort, proxy}.",
        module=m,
    )
    keys.add(
        f"{m}.route_table.*",
        "map",
        "Pulsar of one party (the key is its party id).",
        module=m,
        rule="party_key",
    )
    keys.add(f"{m}.route_table.*.host", "string", "Address of that Pulsar.", module=m)
    keys.add(f"{m}.route_table.*.port", "int", "Broker port of that Pulsar.", module=m, rule="port")
    keys.add(
        f"{m}.route_table.*.sslPort",
        "int",
        "TLS broker port of that Pulsar.",
        module=m,
        rule="port",
    )
    keys.add(
        f"{m}.route_table.*.proxy",
        "string",
        "Proxy (host:port) to reach that Pulsar through; empty for none.",
        module=m,
    )
    keys.volume(m, m, "Pulsar's data", storage_class="", sub_path=False)
    keys.resources(m, m, "Pulsar")
    keys.scheduling(m, m, "Pulsar")


def _fate_keys(v2: bool) -> KeyList:
    keys = KeyList()
    _globals(keys, v2)
    _gateway(keys, v2)
    _lbrollsite(keys, v2)
    _python(keys, v2)
    _eggroll(keys, v2)
    _client_mysql_board(keys, v2)
    _spark_hdfs(keys, v2)
    nginx_keys(keys, v2)
    _rabbitmq_pulsar(keys, v2)
    return keys


def _engines(gateway_federation: str, gateway_module: str) -> tuple[EngineSpec, ...]:
    return (
        EngineSpec(
            "computing",
            ("Eggroll", "Spark", "Spark_local"),
            "Eggroll",
            (
                ("Eggroll", ("clustermanager", "nodemanager")),
                # KubeFATE (docs/kubefate-behaviour.md §5.8) pairs Spark with nginx too: FATE-Flow
                # talks to the other parties' FATE-Flow through nginx whenever Eggroll's gateway is
                # not used.
                ("Spark", ("spark", "nginx")),
                ("Spark_local", ("nginx",)),
            ),
        ),
        EngineSpec(
            "federation",
            (gateway_federation, "Pulsar", "RabbitMQ"),
            gateway_federation,
            (
                (gateway_federation, (gateway_module,)),
                ("Pulsar", ("pulsar",)),
                ("RabbitMQ", ("rabbitmq",)),
            ),
        ),
        EngineSpec(
            "storage",
            ("Eggroll", "HDFS", "LocalFS"),
            "Eggroll",
            (
                ("Eggroll", ("clustermanager", "nodemanager")),
                ("HDFS", ("hdfs",)),
                ("LocalFS", ()),
            ),
        ),
    )


def _combinations(gateway_federation: str) -> tuple[EngineCombination, ...]:
    # The documented combinations (KubeFATE's backend architecture notes and the example files):
    # Eggroll/<gateway>/Eggroll, Spark/Pulsar|RabbitMQ/HDFS, Spark_local/Pulsar|RabbitMQ/LocalFS.
    #
    # Spark + LocalFS is NOT accepted: LocalFS keeps tables on FATE-Flow's own disk, which only a
    # Spark running inside FATE-Flow (Spark_local) can read; the executors of the spark module run
    # in the spark-worker pods and cannot see it, so jobs fail at their first read.
    # Spark_local + HDFS does work (a local Spark can read HDFS over the network) but is no
    # documented variant: accepted with a warning.
    combos: list[EngineCombination] = [EngineCombination("Eggroll", gateway_federation, "Eggroll")]
    for federation in ("Pulsar", "RabbitMQ"):
        combos.append(EngineCombination("Spark", federation, "HDFS"))
        combos.append(
            EngineCombination(
                "Spark",
                federation,
                "LocalFS",
                severity="error",
                note="LocalFS keeps tables on FATE-Flow's own disk, which the spark-worker pods "
                "cannot read; use storage HDFS with computing Spark, or computing Spark_local "
                "with LocalFS",
            )
        )
        combos.append(EngineCombination("Spark_local", federation, "LocalFS"))
        combos.append(
            EngineCombination(
                "Spark_local",
                federation,
                "HDFS",
                severity="warning",
                note="Spark_local with HDFS works but is not a documented KubeFATE variant "
                "(Spark_local is normally used with LocalFS)",
            )
        )
    return tuple(combos)


def _module_engines(gateway_federation: str, gateway_module: str) -> tuple[ModuleEngine, ...]:
    return (
        ModuleEngine("spark", "computing", ("Spark",)),
        ModuleEngine("nginx", "computing", ("Spark", "Spark_local")),
        ModuleEngine("clustermanager", "computing", ("Eggroll",)),
        ModuleEngine("nodemanager", "computing", ("Eggroll",)),
        ModuleEngine("hdfs", "storage", ("HDFS",)),
        ModuleEngine("pulsar", "federation", ("Pulsar",)),
        ModuleEngine("rabbitmq", "federation", ("RabbitMQ",)),
        ModuleEngine(gateway_module, "federation", (gateway_federation,)),
    )


def _persistence() -> tuple[PersistenceSpec, ...]:
    return (
        PersistenceSpec("mysql", "mysql", None),
        PersistenceSpec("client", "client", "client", ""),
        PersistenceSpec("python", "python", "python", ""),
        PersistenceSpec("nodemanager", "nodemanager", "nodemanager", ""),
        PersistenceSpec("pulsar", "pulsar", ""),
        PersistenceSpec("hdfs", "hdfs.namenode", ""),
        PersistenceSpec("hdfs", "hdfs.datanode", ""),
    )


def _party_lists(gateway: str) -> tuple[PartyListSpec, ...]:
    return (
        PartyListSpec(f"{gateway}.partyList", "partyId"),
        PartyListSpec(f"{gateway}.polling.clientList", "partID", own_party_is_suspicious=False),
        PartyListSpec("lbrollsite.exchangeList", "id", own_party_is_suspicious=False),
    )


ROUTE_TABLES = (
    RouteTableSpec("nginx.route_table", "{proxy: [{host, http_port, grpc_port}], fateflow: [...]}"),
    RouteTableSpec("rabbitmq.route_table", "{host, port}", "{host: rabbitmq, port: 5672}"),
    RouteTableSpec(
        "pulsar.route_table",
        "{host, port, sslPort, proxy}",
        '{host: pulsar, port: 6650, sslPort: 6651, proxy: ""}',
    ),
)


def _routes(gateway: str) -> tuple[RouteKeys, ...]:
    """How a party reaches the others: its gateway's party list or exchange, the Spark
    engines' route tables or exchanges (routes to the exchange name the exchange chart's ports)."""
    tls = f"{gateway}.enableTLS"
    # KubeFATE's v2 examples point `fateflow` at the other party's nginx; v1's at its FATE-Flow.
    flow = "nginx" if gateway == "osx" else "fateflow"
    nginx_routes = tuple(
        RouteKeys("nginx.route_table", f"nginx.route_table.*.{target}[]", "*", "host", key, role)
        for target, side in (("fateflow", flow), ("proxy", "nginx"))
        for key, role in (("http_port", f"{side}-http"), ("grpc_port", f"{side}-grpc"))
    )
    return (
        RouteKeys(
            f"{gateway}.partyList",
            f"{gateway}.partyList[]",
            "partyId",
            "partyIp",
            "partyPort",
            "gateway",
            tls,
        ),
        RouteKeys(
            f"{gateway}.exchange", f"{gateway}.exchange", "", "ip", "port", "exchange-gateway", tls
        ),
        RouteKeys("pulsar.route_table", "pulsar.route_table.*", "*", "host", "port", "pulsar"),
        RouteKeys(
            "pulsar.route_table",
            "pulsar.route_table.*",
            "*",
            "host",
            "sslPort",
            "pulsar-tls",
            tls=True,
        ),
        RouteKeys(
            "pulsar.exchange", "pulsar.exchange", "", "ip", "port", "exchange-pulsar", tls=True
        ),
        RouteKeys(
            "rabbitmq.route_table", "rabbitmq.route_table.*", "*", "host", "port", "rabbitmq"
        ),
        *nginx_routes,
        RouteKeys("nginx.exchange", "nginx.exchange", "", "ip", "httpPort", "exchange-nginx-http"),
        RouteKeys("nginx.exchange", "nginx.exchange", "", "ip", "grpcPort", "exchange-nginx-grpc"),
    )


def _exposed_ports(gateway: str) -> tuple[ExposedPortKeys, ...]:
    return (
        ExposedPortKeys(gateway, "nodePort", "gateway", tls_key=f"{gateway}.enableTLS"),
        ExposedPortKeys("pulsar", "httpNodePort", "pulsar"),
        ExposedPortKeys("pulsar", "httpsNodePort", "pulsar-tls", tls=True),
        ExposedPortKeys("rabbitmq", "nodePort", "rabbitmq"),
        ExposedPortKeys("nginx", "httpNodePort", "nginx-http"),
        ExposedPortKeys("nginx", "grpcNodePort", "nginx-grpc"),
        ExposedPortKeys("python", "httpNodePort", "fateflow-http"),
        ExposedPortKeys("python", "grpcNodePort", "fateflow-grpc"),
    )


HDFS_CHILDREN = RequiredChildren(
    "hdfs",
    ("namenode", "datanode"),
    "the chart's template reads hdfs.namenode.* and hdfs.datanode.* as soon as hdfs is written, "
    "and fails (nil pointer) when one of them is missing, so helm install never starts",
)


def fate_v2() -> ChartSchema:
    """chart `fate`, versions >= 2 (OSX gateway)."""
    legacy = (
        LegacyAlias(
            "module",
            "rollsite",
            "osx",
            "warning",
            'module "rollsite" is the FATE v1.x gateway: the v2 chart has no rollsite module and '
            'deploys no gateway for it. Write "- osx" instead',
            code="v1-layout",
        ),
        LegacyAlias(
            "section",
            "rollsite",
            "osx",
            "warning",
            'section "rollsite:" is the v1.x layout and the v2 chart reads nothing from it. '
            'Rename it to "osx:" (it takes the same keys)',
            code="v1-layout",
        ),
        LegacyAlias(
            "value",
            "Eggroll",
            "OSX",
            "warning",
            "federation Eggroll is the v1.x value; the v2 chart federates Eggroll clusters "
            'through OSX. Write "federation: OSX"',
            key="federation",
            code="v1-layout",
        ),
    )
    return ChartSchema(
        chart_name="fate",
        line="fate-v2",
        title="fate chart v2.x",
        keys=tuple(_fate_keys(True).specs),
        modules=_modules(True),
        engines=_engines("OSX", "osx"),
        combinations=_combinations("OSX"),
        module_engines=_module_engines("OSX", "osx"),
        required_modules=("python",),
        recommended_modules=("fateboard", "client"),
        legacy=legacy,
        party_lists=_party_lists("osx"),
        route_tables=ROUTE_TABLES,
        routes=_routes("osx"),
        exposed_ports=_exposed_ports("osx"),
        persistence=_persistence(),
        required_children=(HDFS_CHILDREN,),
        registry_style="prefix",
        checks_modules=True,
    )


def fate_v1() -> ChartSchema:
    """chart `fate`, versions 1.9 to 1.11 (rollsite gateway, federation Eggroll)."""
    legacy = (
        LegacyAlias(
            "module",
            "osx",
            "rollsite",
            "error",
            'module "osx" exists only in the v2 chart; this v1.x chart has no osx module, so no '
            'gateway would be deployed. Write "- rollsite" (or use chartVersion v2.0.0)',
            code="v2-only",
        ),
        LegacyAlias(
            "section",
            "osx",
            "rollsite",
            "error",
            'section "osx:" exists only in the v2 chart; this v1.x chart ignores it. Rename it to '
            '"rollsite:" (same keys, without image/imageTag)',
            code="v2-only",
        ),
        LegacyAlias(
            "value",
            "OSX",
            "Eggroll",
            "error",
            "federation OSX exists only in the v2 chart; v1.x Eggroll clusters federate through "
            'rollsite: write "federation: Eggroll"',
            key="federation",
            code="v2-only",
        ),
    )
    return ChartSchema(
        chart_name="fate",
        line="fate-v1",
        title="fate chart v1.9-v1.11",
        keys=tuple(_fate_keys(False).specs),
        modules=_modules(False),
        engines=_engines("Eggroll", "rollsite"),
        combinations=_combinations("Eggroll"),
        module_engines=_module_engines("Eggroll", "rollsite"),
        required_modules=("python",),
        recommended_modules=("fateboard", "client"),
        legacy=legacy,
        party_lists=_party_lists("rollsite"),
        route_tables=ROUTE_TABLES,
        routes=_routes("rollsite"),
        exposed_ports=_exposed_ports("rollsite"),
        persistence=_persistence(),
        required_children=(HDFS_CHILDREN,),
        registry_style="repository",
        checks_modules=True,
    )

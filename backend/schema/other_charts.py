"""The other charts KubeFATE ships (§4.6, §5.7): fate-serving, fate-exchange, fedml-client,
fedml-server, fate-upgrade-manager, and the common-keys-only schema used for unknown charts.

Their module sections are open maps: the documented keys are listed and checked, keys the
schema does not list are accepted without a warning.
"""

from __future__ import annotations

from backend.schema._builder import KeyList
from backend.schema.fate_charts import nginx_keys
from backend.schema.model import (
    ChartSchema,
    ExposedPortKeys,
    ModuleSpec,
    PartyListSpec,
    PersistenceSpec,
    RouteKeys,
    RouteTableSpec,
    Workload,
)


def _section(keys: KeyList, name: str, help: str) -> None:
    keys.add(name, "map", help, module=name, open=True)


def fate_serving() -> ChartSchema:
    """chart `fate-serving` (documented for v2.1.6)."""
    keys = KeyList()
    keys.common()
    keys.platform_globals()
    keys.image_globals(
        registry_default="federatedai",
        registry_help="Image registry and organisation; images are <registry>/<name>:<tag>, so "
        "do not end it with '/'. Default federatedai (Docker Hub).",
    )
    keys.ingress((("servingProxy", "servingProxy"), ("servingAdmin", "servingAdmin")))
    keys.modules_key(
        "Which FATE-Serving modules to deploy: servingProxy, servingRedis, servingServer, "
        "servingZookeeper, servingAdmin."
    )

    m = "servingProxy"
    _section(keys, m, "Settings of serving-proxy, the gateway of FATE-Serving to other parties.")
    keys.service(m, m, "serving-proxy")
    keys.party_list(m, m, "serving-proxy")
    keys.exchange(m, m, "serving-proxy")
    keys.scheduling(m, m, "serving-proxy")

    m = "servingRedis"
    _section(keys, m, "Settings of the Redis cache of FATE-Serving.")
    keys.add(
        f"{m}.password",
        "string",
        "Redis password (change it).",
        default="fate_dev",
        source="template",
        module=m,
    )
    keys.volume(m, m, "Redis's data", storage_class="serving-redis")
    keys.scheduling(m, m, "Redis")

    m = "servingServer"
    _section(keys, m, "Settings of serving-server, which loads models and answers inference.")
    keys.service(m, m, "serving-server")
    keys.add(f"{m}.fateflow", "map", "The FATE-Flow models come from: {ip, port}.", module=m)
    keys.add(f"{m}.fateflow.ip", "string", "Address of FATE-Flow.", module=m)
    keys.add(f"{m}.fateflow.port", "int", "HTTP port of FATE-Flow.", module=m, rule="port")
    keys.add(f"{m}.cacheSwitch", "bool", "Cache inference results.", module=m)
    keys.add(f"{m}.cacheType", "string", "Cache type, e.g. redis or local.", module=m)
    keys.add(
        f"{m}.singleAdaptor",
        "string",
        "Java class fetching features for single inference.",
        module=m,
    )
    keys.add(
        f"{m}.batchAdaptor",
        "string",
        "Java class fetching features for batch inference.",
        module=m,
    )
    keys.add(f"{m}.AdapterURL", "string", "URL the feature adaptor calls.", module=m)
    keys.volume(m, m, "serving-server's models", storage_class="serving-server")
    keys.scheduling(m, m, "serving-server")

    m = "servingZookeeper"
    _section(keys, m, "Settings of the ZooKeeper FATE-Serving registers in.")
    keys.volume(m, m, "ZooKeeper's data", storage_class="serving-zookeeper")
    keys.add(
        f"{m}.storageClassName",
        "string",
        "StorageClass of ZooKeeper's PVC (the ZooKeeper sub-chart's spelling).",
        module=m,
        rule="dns_subdomain",
        names="storage class",
    )
    keys.scheduling(m, m, "ZooKeeper")

    m = "servingAdmin"
    _section(keys, m, "Settings of serving-admin, the web UI of FATE-Serving.")
    keys.add(
        f"{m}.ingressHost",
        "string",
        "Host name of the serving-admin UI. Default <partyId>.serving-admin.example.com.",
        module=m,
    )
    keys.add(f"{m}.username", "string", "serving-admin login user.", module=m)
    keys.add(f"{m}.password", "string", "serving-admin login password (change it).", module=m)
    keys.scheduling(m, m, "serving-admin")

    keys.add("externalRedisIp", "string", "Address of an external Redis (drop servingRedis).")
    keys.add("externalRedisPort", "int", "Port of the external Redis.", rule="port")
    keys.add("externalRedisPassword", "string", "Password of the external Redis.")

    return ChartSchema(
        chart_name="fate-serving",
        line="fate-serving",
        title="fate-serving chart",
        keys=tuple(keys.specs),
        modules=(
            ModuleSpec(
                "servingProxy",
                "serving-proxy: the gateway to other parties' FATE-Serving.",
                (Workload("Deployment", "serving-proxy"),),
                "servingProxy",
            ),
            ModuleSpec(
                "servingRedis",
                "Redis cache.",
                (Workload("Deployment", "serving-redis"),),
                "servingRedis",
            ),
            ModuleSpec(
                "servingServer",
                "serving-server: loads models and answers inference requests.",
                (Workload("Deployment", "serving-server"),),
                "servingServer",
            ),
            ModuleSpec(
                "servingZookeeper",
                "ZooKeeper registry.",
                (Workload("StatefulSet", "serving-zookeeper"),),
                "servingZookeeper",
            ),
            ModuleSpec(
                "servingAdmin",
                "serving-admin web UI.",
                (Workload("Deployment", "serving-admin"),),
                "servingAdmin",
            ),
        ),
        party_lists=(PartyListSpec("servingProxy.partyList", "partyId"),),
        persistence=(
            PersistenceSpec("servingRedis", "servingRedis", "serving-redis"),
            PersistenceSpec("servingServer", "servingServer", "serving-server"),
            PersistenceSpec("servingZookeeper", "servingZookeeper", "serving-zookeeper"),
        ),
        registry_style="repository",
    )


def fate_exchange() -> ChartSchema:
    """chart `fate-exchange` (documented for v1.11.2)."""
    keys = KeyList()
    keys.common()
    keys.platform_globals(ingress_class=False, persistence=False)
    keys.image_globals(
        registry_default="federatedai",
        registry_help="Image registry and organisation; images are <registry>/<name>:<tag>, so "
        "do not end it with '/'. Default federatedai (Docker Hub).",
    )
    keys.modules_key("Which exchange modules to deploy: rollsite, trafficServer, nginx.")

    m = "rollsite"
    _section(keys, m, "Settings of the exchange's rollsite (Eggroll traffic between parties).")
    keys.service(m, m, "the exchange's rollsite")
    keys.add(
        f"{m}.enableTLS",
        "bool",
        "Encrypt rollsite traffic with TLS.",
        default=False,
        source="template",
        module=m,
    )
    keys.party_list(m, m, "the exchange's rollsite")
    keys.exchange(m, m, "the exchange's rollsite")
    keys.scheduling(m, m, "rollsite")

    nginx_keys(keys, False)
    keys.add(
        "nginx.replicas",
        "int",
        "Number of nginx pods.",
        module="nginx",
        rule="replicas",
    )

    m = "trafficServer"
    _section(keys, m, "Settings of Apache Traffic Server (Pulsar/Spark traffic between parties).")
    keys.service(m, m, "traffic-server", load_balancer=False)
    keys.add(f"{m}.replicas", "int", "Number of traffic-server pods.", module=m, rule="replicas")
    keys.add(f"{m}.route_table", "map", "Routes of traffic-server.", module=m)
    keys.add(
        f"{m}.route_table.sni",
        "list",
        "TLS SNI routes: a list of {fqdn, tunnelRoute}.",
        module=m,
    )
    keys.add(f"{m}.route_table.sni[]", "map", "One SNI route.", module=m)
    keys.add(
        f"{m}.route_table.sni[].fqdn",
        "string",
        "Host name requested by the client, e.g. 10000.fate.org.",
        module=m,
    )
    keys.add(
        f"{m}.route_table.sni[].tunnelRoute",
        "string",
        "Where to tunnel that host: host:port, e.g. 192.168.10.1:30109.",
        module=m,
        rule="host_port",
    )
    keys.scheduling(m, m, "traffic-server")

    return ChartSchema(
        chart_name="fate-exchange",
        line="fate-exchange",
        title="fate-exchange chart",
        keys=tuple(keys.specs),
        modules=(
            ModuleSpec(
                "rollsite",
                "rollsite exchange for Eggroll parties.",
                (Workload("Deployment", "rollsite"),),
                "rollsite",
            ),
            ModuleSpec(
                "trafficServer",
                "Apache Traffic Server exchange for Pulsar parties.",
                (Workload("Deployment", "traffic-server"),),
                "trafficServer",
            ),
            ModuleSpec(
                "nginx",
                "nginx exchange for FATE-Flow traffic.",
                (Workload("Deployment", "nginx"),),
                "nginx",
            ),
        ),
        party_lists=(
            PartyListSpec("rollsite.partyList", "partyId", own_party_is_suspicious=False),
        ),
        route_tables=(
            RouteTableSpec(
                "nginx.route_table", "{proxy: [{host, http_port, grpc_port}], fateflow: [...]}"
            ),
        ),
        routes=_exchange_routes(),
        exposed_ports=(
            ExposedPortKeys(
                "rollsite", "nodePort", "exchange-gateway", tls_key="rollsite.enableTLS"
            ),
            ExposedPortKeys("trafficServer", "nodePort", "exchange-pulsar", tls=True),
            ExposedPortKeys("nginx", "httpNodePort", "exchange-nginx-http"),
            ExposedPortKeys("nginx", "grpcNodePort", "exchange-nginx-grpc"),
        ),
        registry_style="repository",
    )


def _exchange_routes() -> tuple[RouteKeys, ...]:
    """The exchange reaches each party: rollsite to the gateways, traffic-server tunnels to the
    Pulsars' TLS ports (party id from the SNI name `<party>.<domain>`), nginx `proxy` to the
    parties' nginx and `fateflow` to their FATE-Flow (KubeFATE's exchange example)."""
    return (
        RouteKeys(
            "rollsite.partyList",
            "rollsite.partyList[]",
            "partyId",
            "partyIp",
            "partyPort",
            "gateway",
            "rollsite.enableTLS",
        ),
        RouteKeys(
            "trafficServer.route_table.sni",
            "trafficServer.route_table.sni[]",
            "fqdn",
            "tunnelRoute",
            "",
            "pulsar-tls",
            tls=True,
        ),
        RouteKeys(
            "nginx.route_table",
            "nginx.route_table.*.proxy[]",
            "*",
            "host",
            "http_port",
            "nginx-http",
        ),
        RouteKeys(
            "nginx.route_table",
            "nginx.route_table.*.proxy[]",
            "*",
            "host",
            "grpc_port",
            "nginx-grpc",
        ),
        RouteKeys(
            "nginx.route_table",
            "nginx.route_table.*.fateflow[]",
            "*",
            "host",
            "http_port",
            "fateflow-http",
        ),
        RouteKeys(
            "nginx.route_table",
            "nginx.route_table.*.fateflow[]",
            "*",
            "host",
            "grpc_port",
            "fateflow-grpc",
        ),
    )


def fedml(role: str) -> ChartSchema:
    """charts `fedml-client` / `fedml-server` (0.7.355); role is `client` or `server`."""
    keys = KeyList()
    keys.common()
    keys.image_globals(
        registry_default="public.ecr.aws/x6k8q1x9",
        registry_help="Image registry and organisation; images are <registry>/<name>:<tag>, so "
        "do not end it with '/'. Default public.ecr.aws/x6k8q1x9.",
    )
    keys.add(
        "ingressClassName",
        "string",
        "ingressClassName of the chart's Ingress.",
        names="ingress class",
    )
    keys.ingress(((role, role),))
    m = role
    os_key = "fedmlClientOsName" if role == "client" else "fedmlServerOsName"
    _section(keys, m, f"Settings of the FedML {role}.")
    keys.add(f"{m}.fedmlAccountId", "string", "Your FedML account id.", module=m)
    keys.add(
        f"{m}.fedmlVersion",
        "string",
        "FedML release channel.",
        default="release",
        source="chart",
        module=m,
    )
    keys.add(
        f"{m}.{os_key}",
        "string",
        f"Operating system the FedML {role} reports.",
        default="Linux",
        source="chart",
        module=m,
    )
    keys.add(f"{m}.replicaCount", "int", "Number of pods.", module=m, rule="replicas")
    keys.add(f"{m}.nameOverride", "string", "Override of the chart name in names.", module=m)
    keys.add(f"{m}.fullnameOverride", "string", "Override of the full object names.", module=m)
    for key, help in (
        ("serviceAccount", "ServiceAccount settings (create, annotations, name)."),
        ("podAnnotations", "Annotations added to the pods."),
        ("podSecurityContext", "Pod-level securityContext."),
        ("securityContext", "Container-level securityContext."),
        ("autoscaling", "HorizontalPodAutoscaler settings."),
        ("volume", f"Host directories mounted into the {role} ({role}HomeDir...)."),
    ):
        keys.add(f"{m}.{key}", "map", help, module=m, open=True)
    keys.service(m, m, f"the FedML {role}", node_ports=(), load_balancer=False)
    keys.add(
        f"{m}.port",
        "int",
        f"Service port of the FedML {role}.",
        default=9988 if role == "client" else 9999,
        source="chart",
        module=m,
        rule="port",
    )
    keys.resources(m, m, f"FedML {role}")
    keys.scheduling(m, m, f"FedML {role}")
    return ChartSchema(
        chart_name=f"fedml-{role}",
        line=f"fedml-{role}",
        title=f"fedml-{role} chart",
        keys=tuple(keys.specs),
        registry_style="repository",
    )


def upgrade_manager() -> ChartSchema:
    """chart `fate-upgrade-manager` (v1.0.0): KubeFATE's internal MySQL schema upgrader."""
    keys = KeyList()
    keys.common()
    keys.add("username", "string", "MySQL user the upgrade job connects as.")
    keys.add("password", "string", "Password of that MySQL user.")
    keys.add("start", "string", "FATE version the data is upgraded from, e.g. 1.10.0.")
    keys.add("target", "string", "FATE version the data is upgraded to, e.g. 1.11.2.")
    return ChartSchema(
        chart_name="fate-upgrade-manager",
        line="fate-upgrade-manager",
        title="fate-upgrade-manager chart",
        keys=tuple(keys.specs),
    )


def common_only(chart_name: str) -> ChartSchema:
    """Only the keys KubeFATE itself reads; any other top-level key is accepted."""
    keys = KeyList()
    keys.common()
    return ChartSchema(
        chart_name=chart_name,
        line="common",
        title="common keys",
        keys=tuple(keys.specs),
        open_root=True,
    )

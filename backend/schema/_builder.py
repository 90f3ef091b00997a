"""Helpers that write the repetitive parts of a chart line's key list (scheduling, services,
volumes, images, ingress...), so each module's section reads like its documentation."""

from __future__ import annotations

from backend.schema.model import (
    DefaultSource,
    KeySpec,
    MadeObject,
    NamedObject,
    ValueRule,
    ValueType,
)

SERVICE_TYPES = ("ClusterIP", "NodePort", "LoadBalancer")
ACCESS_MODES = ("ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod")
PULL_POLICIES = ("Always", "IfNotPresent", "Never")


class KeyList:
    """Accumulates KeySpecs; every method returns nothing and appends."""

    def __init__(self) -> None:
        self.specs: list[KeySpec] = []

    def add(
        self,
        path: str,
        type: ValueType,
        help: str,
        *,
        default: object = None,
        source: DefaultSource | None = None,
        allowed: tuple[str, ...] = (),
        module: str | None = None,
        rule: ValueRule | None = None,
        required: bool = False,
        open: bool = False,
        ignored: bool = False,
        names: NamedObject | None = None,
        makes: MadeObject | None = None,
    ) -> None:
        self.specs.append(
            KeySpec(
                path=path,
                type=type,
                help=help,
                default=default,
                default_source=source,
                allowed=allowed,
                module=module,
                rule=rule,
                required=required,
                open=open,
                ignored=ignored,
                names=names,
                makes=makes,
            )
        )

    # --- blocks shared by many sections -----------------------------------------------------

    def scheduling(self, prefix: str, module: str | None, what: str) -> None:
        self.add(
            f"{prefix}.nodeSelector",
            "map",
            f"Node labels the {what} pods must run on (Kubernetes nodeSelector, copied verbatim), "
            "e.g. `disktype: ssd`.",
            module=module,
            open=True,
        )
        self.add(
            f"{prefix}.tolerations",
            "list",
            f"Kubernetes tolerations for the {what} pods, copied verbatim (list of "
            "{key, operator, value, effect}).",
            module=module,
            open=True,
        )
        self.add(
            f"{prefix}.affinity",
            "map",
            f"Kubernetes affinity rules for the {what} pods, copied verbatim.",
            module=module,
            open=True,
        )

    def resources(self, prefix: str, module: str | None, what: str) -> None:
        self.add(
            f"{prefix}.resources",
            "map",
            f"CPU/memory requests and limits of the {what} container (Kubernetes `resources`: "
            "`requests` and `limits` maps, may include `nvidia.com/gpu`).",
            module=module,
            open=True,
        )

    def service(
        self,
        prefix: str,
        module: str | None,
        what: str,
        *,
        node_ports: tuple[tuple[str, str], ...] = (("nodePort", ""),),
        load_balancer: bool = True,
        default_type: str | None = "ClusterIP",
    ) -> None:
        self.add(
            f"{prefix}.type",
            "string",
            f"Kubernetes Service type of {what}: ClusterIP (inside the cluster only), NodePort "
            "(also on every node's IP) or LoadBalancer.",
            default=default_type,
            source="template" if default_type else None,
            allowed=SERVICE_TYPES,
            module=module,
        )
        for key, extra in node_ports:
            self.add(
                f"{prefix}.{key}",
                "int",
                f"Node port of {what}{extra} when type is NodePort or LoadBalancer; must be in "
                "the cluster's service-node-port-range (30000-32767 by default) and unused.",
                module=module,
                rule="node_port",
            )
        if load_balancer:
            self.add(
                f"{prefix}.loadBalancerIP",
                "string",
                f"Fixed external IP for {what} when type is LoadBalancer (if your cloud "
                "supports it).",
                module=module,
            )

    def image(self, prefix: str, module: str | None, image: str, tag: str) -> None:
        self.add(
            f"{prefix}.image",
            "string",
            f"Image name without registry (the top-level `registry` is put in front). Default "
            f"{image}.",
            default=image,
            source="template",
            module=module,
        )
        self.add(
            f"{prefix}.imageTag",
            "string",
            f"Image tag. Default {tag}; quote it if it looks like a number.",
            default=tag,
            source="template",
            module=module,
        )

    def volume(
        self,
        prefix: str,
        module: str | None,
        what: str,
        *,
        storage_class: str | None,
        sub_path: bool = True,
        claim_name: bool = False,
        size: str = "1Gi",
    ) -> None:
        """existingClaim/storageClass/accessMode/size (+subPath) of a persistent volume."""
        class_note = (
            f"Default `{storage_class}` (a class of that name must exist in your cluster)."
            if storage_class
            else "Without one the PVC relies on the cluster's default StorageClass."
        )
        self.add(
            f"{prefix}.existingClaim",
            "string",
            f"Name of an existing PersistentVolumeClaim to store {what} in when "
            "`persistence: true`; leave empty to have the chart create one.",
            module=module,
            rule="dns_subdomain",
        )
        self.add(
            f"{prefix}.storageClass",
            "string",
            f"StorageClass of the PVC created for {what} when `persistence: true` and no "
            f"existingClaim is given. {class_note}",
            default=storage_class,
            source="template" if storage_class is not None else None,
            module=module,
            rule="dns_subdomain",
            names="storage class",
        )
        self.add(
            f"{prefix}.accessMode",
            "string",
            f"Access mode of the {what} PVC.",
            default="ReadWriteOnce",
            source="template",
            allowed=ACCESS_MODES,
            module=module,
        )
        self.add(
            f"{prefix}.size",
            "string",
            f"Requested size of the {what} PVC (Kubernetes quantity such as 1Gi or 500Mi).",
            default=size,
            source="template",
            module=module,
            rule="quantity",
        )
        if sub_path:
            self.add(
                f"{prefix}.subPath",
                "string",
                f"Sub-directory of the volume to mount for {what} (empty: the volume's root).",
                module=module,
            )
        if claim_name:
            self.add(
                f"{prefix}.claimName",
                "string",
                f"Name of the PVC the chart creates for {what}.",
                module=module,
                rule="dns_subdomain",
            )

    def party_list(self, prefix: str, module: str, what: str) -> None:
        self.add(
            f"{prefix}.partyList",
            "list",
            f"Direct routes of {what}: one entry per remote party "
            "({partyId, partyIp, partyPort}).",
            module=module,
        )
        self.add(f"{prefix}.partyList[]", "map", "One remote party's route.", module=module)
        self.add(
            f"{prefix}.partyList[].partyId",
            "int",
            "The remote party's FATE party id.",
            module=module,
            rule="party_id",
        )
        self.add(
            f"{prefix}.partyList[].partyIp",
            "string",
            "Address (IP or host name) where the remote party's gateway is reachable.",
            module=module,
        )
        self.add(
            f"{prefix}.partyList[].partyPort",
            "int",
            "Port of the remote party's gateway (usually its NodePort).",
            module=module,
            rule="port",
        )

    def exchange(self, prefix: str, module: str, what: str) -> None:
        self.add(
            f"{prefix}.exchange",
            "map",
            f"Route all traffic of {what} through an exchange instead of direct party routes: "
            "{ip, port}.",
            module=module,
        )
        self.add(f"{prefix}.exchange.ip", "string", "Address of the exchange.", module=module)
        self.add(
            f"{prefix}.exchange.port", "int", "Port of the exchange.", module=module, rule="port"
        )

    def ingress(self, names: tuple[tuple[str, str], ...]) -> None:
        """`ingress.<name>.{annotations,hosts,tls}` for each (name, module)."""
        self.add(
            "ingress",
            "map",
            "Ingress host names of the web UIs, per UI. Needs an ingress controller matching "
            "`ingressClassName`.",
        )
        for name, module in names:
            base = f"ingress.{name}"
            self.add(base, "map", f"Ingress of the {name} web UI.", module=module)
            self.add(
                f"{base}.annotations",
                "map",
                f"Annotations put on the {name} Ingress (controller-specific settings).",
                module=module,
                open=True,
            )
            self.add(
                f"{base}.hosts",
                "list",
                f"Host names serving {name}.",
                module=module,
                makes="Ingress",
            )
            self.add(f"{base}.hosts[]", "map", "One host rule: {name, path}.", module=module)
            self.add(
                f"{base}.hosts[].name",
                "string",
                f"DNS name that serves the {name} UI, e.g. party9999.{name}.example.com.",
                module=module,
            )
            self.add(
                f"{base}.hosts[].path",
                "string",
                "URL path prefix routed to the UI.",
                default="/",
                source="chart",
                module=module,
            )
            self.add(f"{base}.tls", "list", f"TLS settings of the {name} Ingress.", module=module)
            self.add(f"{base}.tls[]", "map", "One TLS entry: {secretName, hosts}.", module=module)
            self.add(
                f"{base}.tls[].secretName",
                "string",
                "Kubernetes Secret (type kubernetes.io/tls) holding the certificate.",
                module=module,
                rule="dns_subdomain",
            )
            self.add(
                f"{base}.tls[].hosts", "list", "Host names the certificate covers.", module=module
            )
            self.add(f"{base}.tls[].hosts[]", "string", "A host name.", module=module)

    def common(self) -> None:
        """Keys KubeFATE itself reads, whatever the chart (§5.1)."""
        self.add(
            "name",
            "string",
            "Cluster name: the Helm release name and the `name` label of every pod. Lowercase "
            "letters, digits and '-', at most 53 characters, e.g. fate-9999.",
            required=True,
            rule="release_name",
        )
        self.add(
            "namespace",
            "string",
            "Kubernetes namespace to install into; it must exist beforehand "
            "(kubectl create namespace ...).",
            required=True,
            rule="dns_label",
        )
        self.add(
            "chartName",
            "string",
            "Which chart to install: fate, fate-serving, fate-exchange, fedml-client, "
            "fedml-server or fate-upgrade-manager.",
            required=True,
        )
        self.add(
            "chartVersion",
            "string",
            "Chart version, matched exactly against the uploaded or downloadable charts, "
            "e.g. v2.0.0.",
            required=True,
        )
        self.add(
            "skippedKeys",
            "list",
            "Key names the validator should not report as unknown or mistyped, at any depth "
            "(KubeFATE's examples list route_table).",
        )
        self.add("skippedKeys[]", "string", "A key name to skip.")

    def image_globals(self, *, registry_default: str, registry_help: str) -> None:
        """registry, pullPolicy, imagePullSecrets."""
        self.add(
            "registry",
            "string",
            registry_help,
            default=registry_default,
            source="template",
            rule="registry",
        )
        self.add(
            "pullPolicy",
            "string",
            "imagePullPolicy of every container; empty means the chart's default.",
            default="IfNotPresent",
            source="template",
            allowed=PULL_POLICIES,
        )
        self.add(
            "imagePullSecrets",
            "list",
            "Secrets (type docker-registry) used to pull images from a private registry: "
            "a list of {name}.",
        )
        self.add("imagePullSecrets[]", "map", "One pull secret reference.")
        self.add(
            "imagePullSecrets[].name",
            "string",
            "Name of a docker-registry Secret in the cluster's namespace.",
            rule="dns_subdomain",
            names="pull secret",
        )

    def platform_globals(self, *, ingress_class: bool = True, persistence: bool = True) -> None:
        """partyId, persistence, istio, podSecurityPolicy, ingressClassName."""
        self.add(
            "partyId",
            "int",
            "This party's FATE party id (a positive integer, unique among the federation).",
            default=0,
            source="chart",
            rule="party_id",
        )
        if persistence:
            self.add(
                "persistence",
                "bool",
                "true: keep data in PersistentVolumeClaims (needs a StorageClass or existing "
                "claims); false: emptyDir volumes, data is lost when a pod restarts.",
                default=False,
                source="template",
            )
        self.add("istio", "map", "Istio integration.")
        self.add(
            "istio.enabled",
            "bool",
            "Use Istio Gateway/VirtualServices instead of plain Ingress objects.",
            default=False,
            source="template",
        )
        self.add("podSecurityPolicy", "map", "PodSecurityPolicy creation.")
        self.add(
            "podSecurityPolicy.enabled",
            "bool",
            "Create a policy/v1beta1 PodSecurityPolicy with a Role, RoleBinding and "
            "ServiceAccount. That API was removed in Kubernetes 1.25: keep false there.",
            default=False,
            source="template",
        )
        if ingress_class:
            self.add(
                "ingressClassName",
                "string",
                "ingressClassName of every Ingress the chart creates (your ingress controller's "
                "class).",
                default="nginx",
                source="template",
                names="ingress class",
            )

    def modules_key(self, help: str) -> None:
        self.add("modules", "list", help)
        # Entries are checked by the module rules (unknown names, non-text entries), not by
        # the type walk, so that a wrong entry gets one finding.
        self.add("modules[]", "any", "A module name, e.g. python.")

"""Protobuf field numbers of the Kubernetes messages the emulator decodes (the v1.35 API).

One entry per message, keyed by its Go type name; each field is `NUMBER[FLAG] jsonName TYPE`:

* TYPE is `string`, `int`, `bool`, `double`, `bytes` (base64 in JSON), one of apimachinery's
  `Time`, `IntOrString`, `Quantity`, `RawExtension`, `FieldsV1`, `Duration`, or another message
  of this table; `[T]` is a repeated field, `{T}` a map with string keys.
* FLAG `!`: Go keeps the zero value in JSON (a pointer, or no `omitempty`); without it a zero
  scalar (which Go's protobuf encoder writes anyway) is left out, as Go's JSON encoder does.
  FLAG `~`: the message is embedded inline in JSON (a Volume's VolumeSource, a Probe's handler).

The facts come from the `protobuf:"…"` and `json:"…"` struct tags of k8s.io/api (core, apps,
batch, networking, rbac, policy, storage v1) and k8s.io/apimachinery's meta/v1. Conditions, node,
pod and volume statuses and cloud-provider volume sources are left out: clients send them empty
or not at all, and a body that uses one is refused with a 415 naming it, not read half-way.
"""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "Namespace": "1 metadata ObjectMeta, 2 spec NamespaceSpec, 3 status NamespaceStatus",
    "Node": "1 metadata ObjectMeta, 2 spec NodeSpec, 3 status NodeStatus",
    "PersistentVolume": (
        "1 metadata ObjectMeta, 2 spec PersistentVolumeSpec, 3 status PersistentVolumeStatus"
    ),
    "Pod": "1 metadata ObjectMeta, 2 spec PodSpec, 3 status PodStatus",
    "Service": "1 metadata ObjectMeta, 2 spec ServiceSpec, 3 status ServiceStatus",
    "ConfigMap": "1 metadata ObjectMeta, 4! immutable bool, 2 data {string}, 3 binaryData {bytes}",
    "Secret": (
        "1 metadata ObjectMeta, 5! immutable bool, 2 data {bytes}, 4 stringData {string}, "
        "3 type string"
    ),
    "ServiceAccount": (
        "1 metadata ObjectMeta, 2 secrets [ObjectReference], "
        "3 imagePullSecrets [LocalObjectReference], 4! automountServiceAccountToken bool"
    ),
    "PersistentVolumeClaim": (
        "1 metadata ObjectMeta, 2 spec PersistentVolumeClaimSpec, "
        "3 status PersistentVolumeClaimStatus"
    ),
    "Event": (
        "1! metadata ObjectMeta, 2! involvedObject ObjectReference, 3 reason string, "
        "4 message string, 5 source EventSource, 6 firstTimestamp Time, 7 lastTimestamp Time, "
        "8 count int, 9 type string, 10 eventTime Time, 11! series EventSeries, 12 action string, "
        "13! related ObjectReference, 14! reportingComponent string, 15! reportingInstance string"
    ),
    "Endpoints": "1 metadata ObjectMeta, 2 subsets [EndpointSubset]",
    "Deployment": "1 metadata ObjectMeta, 2 spec DeploymentSpec, 3 status DeploymentStatus",
    "StatefulSet": "1 metadata ObjectMeta, 2 spec StatefulSetSpec, 3 status StatefulSetStatus",
    "ReplicaSet": "1 metadata ObjectMeta, 2 spec ReplicaSetSpec, 3 status ReplicaSetStatus",
    "DaemonSet": "1 metadata ObjectMeta, 2 spec DaemonSetSpec, 3 status DaemonSetStatus",
    "Ingress": "1 metadata ObjectMeta, 2 spec IngressSpec, 3 status IngressStatus",
    "NetworkPolicy": "1 metadata ObjectMeta, 2 spec NetworkPolicySpec",
    "IngressClass": "1 metadata ObjectMeta, 2 spec IngressClassSpec",
    "StorageClass": (
        "1 metadata ObjectMeta, 2 provisioner string, 3 parameters {string}, "
        "4! reclaimPolicy string, 5 mountOptions [string], 6! allowVolumeExpansion bool, "
        "7! volumeBindingMode string, 8 allowedTopologies [TopologySelectorTerm]"
    ),
    "Job": "1 metadata ObjectMeta, 2 spec JobSpec, 3 status JobStatus",
    "CronJob": "1 metadata ObjectMeta, 2 spec CronJobSpec, 3 status CronJobStatus",
    "Role": "1 metadata ObjectMeta, 2! rules [PolicyRule]",
    "RoleBinding": "1 metadata ObjectMeta, 2 subjects [Subject], 3! roleRef RoleRef",
    "ClusterRole": (
        "1 metadata ObjectMeta, 2! rules [PolicyRule], 3! aggregationRule AggregationRule"
    ),
    "ClusterRoleBinding": "1 metadata ObjectMeta, 2 subjects [Subject], 3! roleRef RoleRef",
    "PodDisruptionBudget": (
        "1 metadata ObjectMeta, 2 spec PodDisruptionBudgetSpec, 3 status PodDisruptionBudgetStatus"
    ),
    "AggregationRule": "1 clusterRoleSelectors [LabelSelector]",
    "CronJobSpec": (
        "1! schedule string, 8! timeZone string, 2! startingDeadlineSeconds int, "
        "3 concurrencyPolicy string, 4! suspend bool, 5! jobTemplate JobTemplateSpec, "
        "6! successfulJobsHistoryLimit int, 7! failedJobsHistoryLimit int"
    ),
    "CronJobStatus": (
        "1 active [ObjectReference], 4! lastScheduleTime Time, 5! lastSuccessfulTime Time"
    ),
    "DaemonSetSpec": (
        "1! selector LabelSelector, 2! template PodTemplateSpec, "
        "3 updateStrategy DaemonSetUpdateStrategy, 4 minReadySeconds int, "
        "6! revisionHistoryLimit int"
    ),
    "DaemonSetStatus": (
        "1! currentNumberScheduled int, 2! numberMisscheduled int, 3! desiredNumberScheduled int, "
        "4! numberReady int, 5 observedGeneration int, 6 updatedNumberScheduled int, "
        "7 numberAvailable int, 8 numberUnavailable int, 9! collisionCount int, "
        "10 conditions [DaemonSetCondition]"
    ),
    "DeploymentSpec": (
        "1! replicas int, 2! selector LabelSelector, 3! template PodTemplateSpec, "
        "4 strategy DeploymentStrategy, 5 minReadySeconds int, 6! revisionHistoryLimit int, "
        "7 paused bool, 9! progressDeadlineSeconds int"
    ),
    "DeploymentStatus": (
        "1 observedGeneration int, 2 replicas int, 3 updatedReplicas int, 7 readyReplicas int, "
        "4 availableReplicas int, 5 unavailableReplicas int, 9! terminatingReplicas int, "
        "6 conditions [DeploymentCondition], 8! collisionCount int"
    ),
    "IngressClassSpec": "1 controller string, 2! parameters IngressClassParametersReference",
    "IngressSpec": (
        "4! ingressClassName string, 1! defaultBackend IngressBackend, 2 tls [IngressTLS], "
        "3 rules [IngressRule]"
    ),
    "IngressStatus": "1 loadBalancer IngressLoadBalancerStatus",
    "JobSpec": (
        "1! parallelism int, 2! completions int, 3! activeDeadlineSeconds int, "
        "11! podFailurePolicy PodFailurePolicy, 16! successPolicy SuccessPolicy, "
        "7! backoffLimit int, 12! backoffLimitPerIndex int, 13! maxFailedIndexes int, "
        "4! selector LabelSelector, 5! manualSelector bool, 6! template PodTemplateSpec, "
        "8! ttlSecondsAfterFinished int, 9! completionMode string, 10! suspend bool, "
        "14! podReplacementPolicy string, 15! managedBy string, "
        "17! scheduling JobSchedulingConfiguration"
    ),
    "JobStatus": (
        "1 conditions [JobCondition], 2! startTime Time, 3! completionTime Time, 4 active int, "
        "5 succeeded int, 6 failed int, 11! terminating int, 7 completedIndexes string, "
        "10! failedIndexes string, 8! uncountedTerminatedPods UncountedTerminatedPods, 9! ready int"
    ),
    "LocalObjectReference": "1 name string",
    "NamespaceSpec": "1 finalizers [string]",
    "NamespaceStatus": "1 phase string, 2 conditions [NamespaceCondition]",
    "NetworkPolicySpec": (
        "1! podSelector LabelSelector, 2 ingress [NetworkPolicyIngressRule], "
        "3 egress [NetworkPolicyEgressRule], 4 policyTypes [string]"
    ),
    "ObjectMeta": (
        "1 name string, 2 generateName string, 3 namespace string, 4 selfLink string, "
        "5 uid string, 6 resourceVersion string, 7 generation int, 8 creationTimestamp Time, "
        "9! deletionTimestamp Time, 10! deletionGracePeriodSeconds int, 11 labels {string}, "
        "12 annotations {string}, 13 ownerReferences [OwnerReference], 14 finalizers [string], "
        "17 managedFields [ManagedFieldsEntry]"
    ),
    "ObjectReference": (
        "1 kind string, 2 namespace string, 3 name string, 4 uid string, 5 apiVersion string, "
        "6 resourceVersion string, 7 fieldPath string"
    ),
    "PersistentVolumeClaimSpec": (
        "1 accessModes [string], 4! selector LabelSelector, "
        "2 resources VolumeResourceRequirements, 3 volumeName string, 5! storageClassName string, "
        "6! volumeMode string, 7! dataSource TypedLocalObjectReference, "
        "8! dataSourceRef TypedObjectReference, 9! volumeAttributesClassName string"
    ),
    "PodDisruptionBudgetSpec": (
        "1! minAvailable IntOrString, 2! selector LabelSelector, 3! maxUnavailable IntOrString, "
        "4! unhealthyPodEvictionPolicy string"
    ),
    "PodDisruptionBudgetStatus": (
        "1 observedGeneration int, 2 disruptedPods {Time}, 3! disruptionsAllowed int, "
        "4! currentHealthy int, 5! desiredHealthy int, 6! expectedPods int, "
        "7 conditions [Condition]"
    ),
    "PodSpec": (
        "1 volumes [Volume], 20 initContainers [Container], 2! containers [Container], "
        "34 ephemeralContainers [EphemeralContainer], 3 restartPolicy string, "
        "4! terminationGracePeriodSeconds int, 5! activeDeadlineSeconds int, 6 dnsPolicy string, "
        "7 nodeSelector {string}, 8 serviceAccountName string, 9 serviceAccount string, "
        "21! automountServiceAccountToken bool, 10 nodeName string, 11 hostNetwork bool, "
        "12 hostPID bool, 13 hostIPC bool, 27! shareProcessNamespace bool, "
        "14! securityContext PodSecurityContext, 15 imagePullSecrets [LocalObjectReference], "
        "16 hostname string, 17 subdomain string, 18! affinity Affinity, 19 schedulerName string, "
        "22 tolerations [Toleration], 23 hostAliases [HostAlias], 24 priorityClassName string, "
        "25! priority int, 26! dnsConfig PodDNSConfig, 28 readinessGates [PodReadinessGate], "
        "29! runtimeClassName string, 30! enableServiceLinks bool, 31! preemptionPolicy string, "
        "32 overhead {Quantity}, 33 topologySpreadConstraints [TopologySpreadConstraint], "
        "35! setHostnameAsFQDN bool, 36! os PodOS, 37! hostUsers bool, "
        "38 schedulingGates [PodSchedulingGate], 39 resourceClaims [PodResourceClaim], "
        "40! resources ResourceRequirements, 41! hostnameOverride string, "
        "43! schedulingGroup PodSchedulingGroup, 44 evictionResponders [EvictionResponder]"
    ),
    "PolicyRule": (
        "1! verbs [string], 2 apiGroups [string], 3 resources [string], 4 resourceNames [string], "
        "5 nonResourceURLs [string]"
    ),
    "ReplicaSetSpec": (
        "1! replicas int, 4 minReadySeconds int, 2! selector LabelSelector, "
        "3 template PodTemplateSpec"
    ),
    "ReplicaSetStatus": (
        "1! replicas int, 2 fullyLabeledReplicas int, 4 readyReplicas int, "
        "5 availableReplicas int, 7! terminatingReplicas int, 3 observedGeneration int, "
        "6 conditions [ReplicaSetCondition]"
    ),
    "RoleRef": "1! apiGroup string, 2! kind string, 3! name string",
    "ServiceSpec": (
        "1 ports [ServicePort], 2 selector {string}, 3 clusterIP string, 18 clusterIPs [string], "
        "4 type string, 5 externalIPs [string], 7 sessionAffinity string, 8 loadBalancerIP string, "
        "9 loadBalancerSourceRanges [string], 10 externalName string, "
        "11 externalTrafficPolicy string, 12 healthCheckNodePort int, "
        "13 publishNotReadyAddresses bool, 14! sessionAffinityConfig SessionAffinityConfig, "
        "19 ipFamilies [string], 17! ipFamilyPolicy string, "
        "20! allocateLoadBalancerNodePorts bool, 21! loadBalancerClass string, "
        "22! internalTrafficPolicy string, 23! trafficDistribution string"
    ),
    "ServiceStatus": "1 loadBalancer LoadBalancerStatus, 2 conditions [Condition]",
    "StatefulSetSpec": (
        "1! replicas int, 2! selector LabelSelector, 3! template PodTemplateSpec, "
        "4 volumeClaimTemplates [PersistentVolumeClaim], 5! serviceName string, "
        "6 podManagementPolicy string, 7 updateStrategy StatefulSetUpdateStrategy, "
        "8! revisionHistoryLimit int, 9 minReadySeconds int, "
        "10! persistentVolumeClaimRetentionPolicy StatefulSetPersistentVolumeClaimRetentionPolicy, "
        "11! ordinals StatefulSetOrdinals"
    ),
    "StatefulSetStatus": (
        "1 observedGeneration int, 2! replicas int, 3 readyReplicas int, 4 currentReplicas int, "
        "5 updatedReplicas int, 6 currentRevision string, 7 updateRevision string, "
        "9! collisionCount int, 10 conditions [StatefulSetCondition], 11! availableReplicas int"
    ),
    "Subject": "1! kind string, 2 apiGroup string, 3! name string, 4 namespace string",
    "Affinity": (
        "1! nodeAffinity NodeAffinity, 2! podAffinity PodAffinity, "
        "3! podAntiAffinity PodAntiAffinity"
    ),
    "Container": (
        "1! name string, 2 image string, 3 command [string], 4 args [string], 5 workingDir string, "
        "6 ports [ContainerPort], 19 envFrom [EnvFromSource], 7 env [EnvVar], "
        "8 resources ResourceRequirements, 23 resizePolicy [ContainerResizePolicy], "
        "24! restartPolicy string, 25 restartPolicyRules [ContainerRestartRule], "
        "9 volumeMounts [VolumeMount], 21 volumeDevices [VolumeDevice], 10! livenessProbe Probe, "
        "11! readinessProbe Probe, 22! startupProbe Probe, 12! lifecycle Lifecycle, "
        "13 terminationMessagePath string, 20 terminationMessagePolicy string, "
        "14 imagePullPolicy string, 15! securityContext SecurityContext, 16 stdin bool, "
        "17 stdinOnce bool, 18 tty bool"
    ),
    "DaemonSetUpdateStrategy": "1 type string, 2! rollingUpdate RollingUpdateDaemonSet",
    "DeploymentStrategy": "1 type string, 2! rollingUpdate RollingUpdateDeployment",
    "EphemeralContainer": "2 targetContainerName string",
    "HostAlias": "1! ip string, 2 hostnames [string]",
    "IngressBackend": "4! service IngressServiceBackend, 3! resource TypedLocalObjectReference",
    "IngressClassParametersReference": (
        "1! apiGroup string, 2! kind string, 3! name string, 4! scope string, 5! namespace string"
    ),
    "IngressLoadBalancerStatus": "1 ingress [IngressLoadBalancerIngress]",
    "IngressRule": "1 host string, 2~ ingressRuleValue IngressRuleValue",
    "IngressTLS": "1 hosts [string], 2 secretName string",
    "JobTemplateSpec": "1 metadata ObjectMeta, 2 spec JobSpec",
    "TopologySelectorTerm": "1 matchLabelExpressions [TopologySelectorLabelRequirement]",
    "TopologySelectorLabelRequirement": "1 key string, 2 values [string]",
    "LabelSelector": "1 matchLabels {string}, 2 matchExpressions [LabelSelectorRequirement]",
    "LoadBalancerStatus": "1 ingress [LoadBalancerIngress]",
    "NetworkPolicyEgressRule": "1 ports [NetworkPolicyPort], 2 to [NetworkPolicyPeer]",
    "NetworkPolicyIngressRule": "1 ports [NetworkPolicyPort], 2 from [NetworkPolicyPeer]",
    "OwnerReference": (
        "5! apiVersion string, 1! kind string, 3! name string, 4! uid string, 6! controller bool, "
        "7! blockOwnerDeletion bool"
    ),
    "PodDNSConfig": "1 nameservers [string], 2 searches [string], 3 options [PodDNSConfigOption]",
    "PodFailurePolicy": "1! rules [PodFailurePolicyRule]",
    "PodOS": "1! name string",
    "PodReadinessGate": "1! conditionType string",
    "PodSchedulingGate": "1! name string",
    "PodSecurityContext": (
        "1! seLinuxOptions SELinuxOptions, 8! windowsOptions WindowsSecurityContextOptions, "
        "2! runAsUser int, 6! runAsGroup int, 3! runAsNonRoot bool, 4 supplementalGroups [int], "
        "12! supplementalGroupsPolicy string, 5! fsGroup int, 7 sysctls [Sysctl], "
        "9! fsGroupChangePolicy string, 10! seccompProfile SeccompProfile, "
        "11! appArmorProfile AppArmorProfile, 13! seLinuxChangePolicy string"
    ),
    "PodTemplateSpec": "1 metadata ObjectMeta, 2 spec PodSpec",
    "ResourceRequirements": "1 limits {Quantity}, 2 requests {Quantity}, 3 claims [ResourceClaim]",
    "ServicePort": (
        "1 name string, 2 protocol string, 6! appProtocol string, 3! port int, "
        "4 targetPort IntOrString, 5 nodePort int"
    ),
    "SessionAffinityConfig": "1! clientIP ClientIPConfig",
    "StatefulSetOrdinals": "1! start int",
    "StatefulSetPersistentVolumeClaimRetentionPolicy": "1 whenDeleted string, 2 whenScaled string",
    "StatefulSetUpdateStrategy": "1 type string, 2! rollingUpdate RollingUpdateStatefulSetStrategy",
    "SuccessPolicy": "1! rules [SuccessPolicyRule]",
    "Toleration": (
        "1 key string, 2 operator string, 3 value string, 4 effect string, 5! tolerationSeconds int"
    ),
    "TopologySpreadConstraint": (
        "1! maxSkew int, 2! topologyKey string, 3! whenUnsatisfiable string, "
        "4! labelSelector LabelSelector, 5! minDomains int, 6! nodeAffinityPolicy string, "
        "7! nodeTaintsPolicy string, 8 matchLabelKeys [string]"
    ),
    "TypedLocalObjectReference": "1! apiGroup string, 2! kind string, 3! name string",
    "TypedObjectReference": (
        "1! apiGroup string, 2! kind string, 3! name string, 4! namespace string"
    ),
    "Volume": "1! name string, 2~ volumeSource VolumeSource",
    "VolumeResourceRequirements": "1 limits {Quantity}, 2 requests {Quantity}",
    "AppArmorProfile": "1! type string, 2! localhostProfile string",
    "ClientIPConfig": "1! timeoutSeconds int",
    "ContainerPort": (
        "1 name string, 2 hostPort int, 3! containerPort int, 4 protocol string, 5 hostIP string"
    ),
    "ContainerResizePolicy": "1! resourceName string, 2! restartPolicy string",
    "ContainerRestartRule": "1 action string, 2! exitCodes ContainerRestartRuleOnExitCodes",
    "EnvFromSource": (
        "1 prefix string, 2! configMapRef ConfigMapEnvSource, 3! secretRef SecretEnvSource"
    ),
    "EnvVar": "1! name string, 2 value string, 3! valueFrom EnvVarSource",
    "HostPathVolumeSource": "1! path string, 2! type string",
    "IngressRuleValue": "1! http HTTPIngressRuleValue",
    "IngressServiceBackend": "1! name string, 2 port ServiceBackendPort",
    "LabelSelectorRequirement": "1! key string, 2! operator string, 3 values [string]",
    "Lifecycle": "1! postStart LifecycleHandler, 2! preStop LifecycleHandler, 3! stopSignal string",
    "NFSVolumeSource": "1! server string, 2! path string, 3 readOnly bool",
    "NetworkPolicyPeer": (
        "1! podSelector LabelSelector, 2! namespaceSelector LabelSelector, 3! ipBlock IPBlock"
    ),
    "NetworkPolicyPort": "1! protocol string, 2! port IntOrString, 3! endPort int",
    "NodeAffinity": (
        "1! requiredDuringSchedulingIgnoredDuringExecution NodeSelector, "
        "2 preferredDuringSchedulingIgnoredDuringExecution [PreferredSchedulingTerm]"
    ),
    "NodeSelector": "1! nodeSelectorTerms [NodeSelectorTerm]",
    "PodAffinity": (
        "1 requiredDuringSchedulingIgnoredDuringExecution [PodAffinityTerm], "
        "2 preferredDuringSchedulingIgnoredDuringExecution [WeightedPodAffinityTerm]"
    ),
    "PodAntiAffinity": (
        "1 requiredDuringSchedulingIgnoredDuringExecution [PodAffinityTerm], "
        "2 preferredDuringSchedulingIgnoredDuringExecution [WeightedPodAffinityTerm]"
    ),
    "PodDNSConfigOption": "1 name string, 2! value string",
    "PodFailurePolicyRule": (
        "1! action string, 2! onExitCodes PodFailurePolicyOnExitCodesRequirement, "
        "3 onPodConditions [PodFailurePolicyOnPodConditionsPattern]"
    ),
    "Probe": (
        "1~ handler ProbeHandler, 2 initialDelaySeconds int, 3 timeoutSeconds int, "
        "4 periodSeconds int, 5 successThreshold int, 6 failureThreshold int, "
        "7! terminationGracePeriodSeconds int"
    ),
    "RollingUpdateDaemonSet": "1! maxUnavailable IntOrString, 2! maxSurge IntOrString",
    "RollingUpdateDeployment": "1! maxUnavailable IntOrString, 2! maxSurge IntOrString",
    "RollingUpdateStatefulSetStrategy": "1! partition int, 2! maxUnavailable int",
    "SELinuxOptions": "1 user string, 2 role string, 3 type string, 4 level string",
    "SeccompProfile": "1! type string, 2! localhostProfile string",
    "SecurityContext": (
        "1! capabilities Capabilities, 2! privileged bool, 3! seLinuxOptions SELinuxOptions, "
        "10! windowsOptions WindowsSecurityContextOptions, 4! runAsUser int, 8! runAsGroup int, "
        "5! runAsNonRoot bool, 6! readOnlyRootFilesystem bool, 7! allowPrivilegeEscalation bool, "
        "9! procMount string, 11! seccompProfile SeccompProfile, "
        "12! appArmorProfile AppArmorProfile"
    ),
    "SuccessPolicyRule": "1! succeededIndexes string, 2! succeededCount int",
    "Sysctl": "1! name string, 2! value string",
    "VolumeDevice": "1! name string, 2! devicePath string",
    "VolumeMount": (
        "1! name string, 2 readOnly bool, 7! recursiveReadOnly string, 3! mountPath string, "
        "4 subPath string, 5! mountPropagation string, 6 subPathExpr string, "
        "8 bindMountOptions [string]"
    ),
    "VolumeSource": (
        "1! hostPath HostPathVolumeSource, 2! emptyDir EmptyDirVolumeSource, "
        "3! gcePersistentDisk GCEPersistentDiskVolumeSource, "
        "4! awsElasticBlockStore AWSElasticBlockStoreVolumeSource, 5! gitRepo GitRepoVolumeSource, "
        "6! secret SecretVolumeSource, 7! nfs NFSVolumeSource, 8! iscsi ISCSIVolumeSource, "
        "9! glusterfs GlusterfsVolumeSource, "
        "10! persistentVolumeClaim PersistentVolumeClaimVolumeSource, 11! rbd RBDVolumeSource, "
        "12! flexVolume FlexVolumeSource, 13! cinder CinderVolumeSource, "
        "14! cephfs CephFSVolumeSource, 15! flocker FlockerVolumeSource, "
        "16! downwardAPI DownwardAPIVolumeSource, 17! fc FCVolumeSource, "
        "18! azureFile AzureFileVolumeSource, 19! configMap ConfigMapVolumeSource, "
        "20! vsphereVolume VsphereVirtualDiskVolumeSource, 21! quobyte QuobyteVolumeSource, "
        "22! azureDisk AzureDiskVolumeSource, "
        "23! photonPersistentDisk PhotonPersistentDiskVolumeSource, "
        "26! projected ProjectedVolumeSource, 24! portworxVolume PortworxVolumeSource, "
        "25! scaleIO ScaleIOVolumeSource, 27! storageos StorageOSVolumeSource, "
        "28! csi CSIVolumeSource, 29! ephemeral EphemeralVolumeSource, 30! image ImageVolumeSource"
    ),
    "WindowsSecurityContextOptions": (
        "1! gmsaCredentialSpecName string, 2! gmsaCredentialSpec string, 3! runAsUserName string, "
        "4! hostProcess bool"
    ),
    "Capabilities": "1 add [string], 2 drop [string]",
    "ConfigMapEnvSource": "1~ localObjectReference LocalObjectReference, 2! optional bool",
    "ConfigMapVolumeSource": (
        "1~ localObjectReference LocalObjectReference, 2 items [KeyToPath], 3! defaultMode int, "
        "4! optional bool, 5! defaultUser int"
    ),
    "ContainerRestartRuleOnExitCodes": "1 operator string, 2 values [int]",
    "DownwardAPIVolumeSource": (
        "1 items [DownwardAPIVolumeFile], 2! defaultMode int, 3! defaultUser int"
    ),
    "EmptyDirVolumeSource": "1 medium string, 2! sizeLimit Quantity, 3! mode int",
    "EnvVarSource": (
        "1! fieldRef ObjectFieldSelector, 2! resourceFieldRef ResourceFieldSelector, "
        "3! configMapKeyRef ConfigMapKeySelector, 4! secretKeyRef SecretKeySelector, "
        "5! fileKeyRef FileKeySelector"
    ),
    "EphemeralVolumeSource": "1! volumeClaimTemplate PersistentVolumeClaimTemplate",
    "HTTPIngressRuleValue": "1! paths [HTTPIngressPath]",
    "IPBlock": "1! cidr string, 2 except [string]",
    "LifecycleHandler": (
        "1! exec ExecAction, 2! httpGet HTTPGetAction, 3! tcpSocket TCPSocketAction, "
        "4! sleep SleepAction"
    ),
    "NodeSelectorTerm": (
        "1 matchExpressions [NodeSelectorRequirement], 2 matchFields [NodeSelectorRequirement]"
    ),
    "PersistentVolumeClaimVolumeSource": "1! claimName string, 2 readOnly bool",
    "PodAffinityTerm": (
        "1! labelSelector LabelSelector, 2 namespaces [string], 3! topologyKey string, "
        "4! namespaceSelector LabelSelector, 5 matchLabelKeys [string], "
        "6 mismatchLabelKeys [string]"
    ),
    "PodFailurePolicyOnExitCodesRequirement": (
        "1! containerName string, 2! operator string, 3! values [int]"
    ),
    "PodFailurePolicyOnPodConditionsPattern": "1! type string, 2! status string",
    "PreferredSchedulingTerm": "1! weight int, 2! preference NodeSelectorTerm",
    "ProbeHandler": (
        "1! exec ExecAction, 2! httpGet HTTPGetAction, 3! tcpSocket TCPSocketAction, "
        "4! grpc GRPCAction"
    ),
    "ProjectedVolumeSource": (
        "1! sources [VolumeProjection], 2! defaultMode int, 3! defaultUser int"
    ),
    "SecretEnvSource": "1~ localObjectReference LocalObjectReference, 2! optional bool",
    "SecretVolumeSource": (
        "1 secretName string, 2 items [KeyToPath], 3! defaultMode int, 4! optional bool, "
        "5! defaultUser int"
    ),
    "ServiceBackendPort": "1 name string, 2 number int",
    "VolumeStatus": "1! image ImageVolumeStatus",
    "WeightedPodAffinityTerm": "1! weight int, 2! podAffinityTerm PodAffinityTerm",
    "ConfigMapKeySelector": (
        "1~ localObjectReference LocalObjectReference, 2! key string, 3! optional bool"
    ),
    "DownwardAPIVolumeFile": (
        "1! path string, 2! fieldRef ObjectFieldSelector, "
        "3! resourceFieldRef ResourceFieldSelector, 4! mode int, 5! user int"
    ),
    "ExecAction": "1 command [string]",
    "FileKeySelector": "1! volumeName string, 2! path string, 3! key string, 4! optional bool",
    "GRPCAction": "1! port int, 2! service string, 3! mode string",
    "HTTPGetAction": (
        "1 path string, 2! port IntOrString, 3 host string, 4 scheme string, "
        "5 httpHeaders [HTTPHeader], 6! protocol string"
    ),
    "HTTPIngressPath": "1 path string, 3! pathType string, 2! backend IngressBackend",
    "KeyToPath": "1! key string, 2! path string, 3! mode int, 4! user int",
    "NodeSelectorRequirement": "1! key string, 2! operator string, 3 values [string]",
    "ObjectFieldSelector": "1 apiVersion string, 2! fieldPath string",
    "PersistentVolumeClaimTemplate": "1 metadata ObjectMeta, 2! spec PersistentVolumeClaimSpec",
    "ResourceFieldSelector": "1 containerName string, 2! resource string, 3 divisor Quantity",
    "SecretKeySelector": (
        "1~ localObjectReference LocalObjectReference, 2! key string, 3! optional bool"
    ),
    "SleepAction": "1! seconds int",
    "TCPSocketAction": "1! port IntOrString, 2 host string",
    "VolumeProjection": (
        "1! secret SecretProjection, 2! downwardAPI DownwardAPIProjection, "
        "3! configMap ConfigMapProjection, 4! serviceAccountToken ServiceAccountTokenProjection, "
        "5! clusterTrustBundle ClusterTrustBundleProjection, "
        "6! podCertificate PodCertificateProjection"
    ),
    "ConfigMapProjection": (
        "1~ localObjectReference LocalObjectReference, 2 items [KeyToPath], 4! optional bool"
    ),
    "DownwardAPIProjection": "1 items [DownwardAPIVolumeFile]",
    "HTTPHeader": "1! name string, 2! value string",
    "SecretProjection": (
        "1~ localObjectReference LocalObjectReference, 2 items [KeyToPath], 4! optional bool"
    ),
    "ServiceAccountTokenProjection": (
        "1 audience string, 2! expirationSeconds int, 3! path string, 4! user int"
    ),
}

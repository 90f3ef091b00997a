{{- /*
  Shared pieces of the fate chart. Templates that take several arguments are called with a
  dict: "root" is the chart's top context ($), "m" the module's values (.Values.modules.<x>),
  "module" the module's label value.
*/ -}}

{{- /* The party id as text, whatever number type the values carry (1e+06 stays 1000000). */ -}}
{{- define "kf-fate.partyId" -}}
{{- .Values.partyId | int64 | toString -}}
{{- end -}}

{{- /* Labels of every object. KubeFATE's readiness tracking and `kubefate` select on
       name=<cluster>; fateMoudle (sic) is KubeFATE's module label. */ -}}
{{- define "kf-fate.labels" -}}
{{ include "kf-fate.selector" . }}
owner: kubefate
cluster: fate
app.kubernetes.io/name: fate
app.kubernetes.io/instance: {{ .root.Release.Name | quote }}
app.kubernetes.io/component: {{ .module | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service | quote }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | quote }}
{{- end -}}

{{- /* The labels a module's pods are selected by (the keys KubeFATE's chart selects on, so a
       release made by it can be upgraded with this chart). */ -}}
{{- define "kf-fate.selector" -}}
name: {{ .root.Release.Name | quote }}
partyId: {{ include "kf-fate.partyId" .root | quote }}
fateMoudle: {{ .module | quote }}
{{- end -}}

{{- /* metadata: name, namespace and labels; call with (dict "root" $ "name" "x" "module" "y"). */ -}}
{{- define "kf-fate.metadata" -}}
name: {{ .name }}
namespace: {{ .root.Release.Namespace | quote }}
labels:
  {{- include "kf-fate.labels" . | nindent 2 }}
{{- end -}}

{{- /* -nn / -all, then -ipcl / -gpu: the image variants of the algorithm and the device. */ -}}
{{- define "kf-fate.variantSuffix" -}}
{{- with .Values.algorithm }}{{ if eq . "NN" }}-nn{{ else if eq . "ALL" }}-all{{ end }}{{ end -}}
{{- with .Values.device }}{{ if eq . "IPCL" }}-ipcl{{ else if eq . "GPU" }}-gpu{{ end }}{{ end -}}
{{- end -}}

{{- /* FATE-Flow's image adds -spark before the variant for the Spark engines. */ -}}
{{- define "kf-fate.fateflowSuffix" -}}
{{- if include "kf-fate.onSpark" . }}-spark{{ end -}}
{{- include "kf-fate.variantSuffix" . -}}
{{- end -}}

{{- /* Non-empty when FATE computes on Spark (cluster or local). */ -}}
{{- define "kf-fate.onSpark" -}}
{{- if has (toString .Values.computing) (list "Spark" "Spark_local") }}true{{ end -}}
{{- end -}}

{{- /* <registry><image><suffix>:<tag>; call with (dict "root" $ "m" <values with image, imageTag> "suffix" "-x"). */ -}}
{{- define "kf-fate.image" -}}
{{- printf "%s%s%s:%s" (toString (.root.Values.image.registry | default "")) (toString .m.image) (.suffix | default "") (toString .m.imageTag) -}}
{{- end -}}

{{- /* A third-party image (fluent-bit, nginx): from Docker Hub ("image"), or, with a custom
       registry, as "mirrored" (default: the same name) under that registry. */ -}}
{{- define "kf-fate.publicImage" -}}
{{- if .root.Values.image.registry -}}
{{- printf "%s/%s" (trimSuffix "/" (toString .root.Values.image.registry)) (.mirrored | default .image) -}}
{{- else -}}
{{- .image -}}
{{- end -}}
{{- end -}}

{{- /* image + imagePullPolicy lines of a container. */ -}}
{{- define "kf-fate.containerImage" -}}
image: {{ include "kf-fate.image" . | quote }}
imagePullPolicy: {{ .root.Values.image.pullPolicy | default "IfNotPresent" }}
{{- end -}}

{{- /* A container's resources, when the module has any (GPU requests included). */ -}}
{{- define "kf-fate.resources" -}}
{{- with .resources -}}
resources:
  {{- toYaml . | nindent 2 }}
{{- else -}}
resources: {}
{{- end -}}
{{- end -}}

{{- /* Pod-level settings every workload shares: scheduling, pull secrets, service account. */ -}}
{{- define "kf-fate.podSettings" -}}
serviceAccountName: {{ include "kf-fate.serviceAccount" . }}
{{- with .m.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .m.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .m.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .root.Values.image.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{- /* The module's own account, else the party's (with podSecurityPolicy), else default. */ -}}
{{- define "kf-fate.serviceAccount" -}}
{{- if .m.serviceAccountName -}}
{{- .m.serviceAccountName -}}
{{- else if .root.Values.podSecurityPolicy.enabled -}}
{{- .root.Values.partyName | default .root.Release.Name -}}
{{- else -}}
default
{{- end -}}
{{- end -}}

{{- /* Liveness, readiness and startup probes on one check. Call with (dict "tcp" 9370),
       (dict "http" 8080 "path" "/") or (dict "exec" (list ...)); "delay" sets the initial
       delay (default 1s), "failures" the startup allowance in 10s periods (default 12). */ -}}
{{- define "kf-fate.probes" -}}
{{- $check := dict -}}
{{- if .tcp -}}
{{- $_ := set $check "tcpSocket" (dict "port" (.tcp | int)) -}}
{{- else if .http -}}
{{- $_ := set $check "httpGet" (dict "path" (.path | default "/") "port" (.http | int)) -}}
{{- else -}}
{{- $_ := set $check "exec" (dict "command" .exec) -}}
{{- end -}}
{{- $steady := merge (dict "initialDelaySeconds" (.delay | default 1 | int) "periodSeconds" 10 "timeoutSeconds" (.timeout | default 3 | int) "successThreshold" 1 "failureThreshold" 3) $check -}}
livenessProbe:
  {{- toYaml $steady | nindent 2 }}
readinessProbe:
  {{- toYaml $steady | nindent 2 }}
startupProbe:
  {{- toYaml (merge (dict "periodSeconds" 10 "failureThreshold" (.failures | default 12 | int)) (deepCopy $check)) | nindent 2 }}
{{- end -}}

{{- /* nodePort line for a Service port, only for NodePort/LoadBalancer Services with a port set. */ -}}
{{- define "kf-fate.nodePort" -}}
{{- if and (has (toString .type) (list "NodePort" "LoadBalancer")) .port }}
nodePort: {{ .port | int }}
{{- end }}
{{- end -}}

{{- /* type and loadBalancerIP of a Service exposed as the cluster.yaml says. */ -}}
{{- define "kf-fate.serviceType" -}}
type: {{ .type | default "ClusterIP" }}
{{- if and (eq (toString .type) "LoadBalancer") .loadBalancerIP }}
loadBalancerIP: {{ .loadBalancerIP | quote }}
{{- end }}
{{- end -}}

{{- /* Is persistence on? (a bool, or the text "true" from older values) */ -}}
{{- define "kf-fate.persistent" -}}
{{- if eq (toString .Values.persistence.enabled) "true" }}true{{ end -}}
{{- end -}}

{{- /* The pod volume of a module's data: emptyDir when persistence is off, the module's
       existingClaim when given, nothing when a claim template makes it (see claimTemplate).
       Call with (dict "root" $ "m" <module values> "volume" "data"). */ -}}
{{- define "kf-fate.dataVolume" -}}
{{- if not (include "kf-fate.persistent" .root) }}
- name: {{ .volume }}
  emptyDir: {}
{{- else if .m.existingClaim }}
- name: {{ .volume }}
  persistentVolumeClaim:
    claimName: {{ .m.existingClaim | quote }}
{{- end }}
{{- end -}}

{{- /* volumeClaimTemplates of a StatefulSet when persistence is on and no existingClaim is
       named: storageClass (empty: the cluster's default), accessMode and size. */ -}}
{{- define "kf-fate.claimTemplate" -}}
{{- if and (include "kf-fate.persistent" .root) (not .m.existingClaim) }}
volumeClaimTemplates:
  - metadata:
      name: {{ .volume }}
      labels:
        {{- include "kf-fate.labels" . | nindent 8 }}
    spec:
      accessModes:
        - {{ .m.accessMode | default "ReadWriteOnce" }}
      {{- with .m.storageClass }}
      storageClassName: {{ . | quote }}
      {{- end }}
      resources:
        requests:
          storage: {{ .m.size | default "1Gi" | quote }}
{{- end }}
{{- end -}}

{{- /* An Ingress for a UI; call with (dict "root" $ "ui" "fateboard" "service" "fateboard"
       "port" 8080 "module" "fateboard"). Hosts, class, annotations and TLS from
       .Values.ingress.<ui>. */ -}}
{{- define "kf-fate.ingress" -}}
{{- $ingress := index (.root.Values.ingress | default dict) .ui | default dict -}}
{{- if $ingress.hosts }}
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  {{- include "kf-fate.metadata" (dict "root" .root "name" .ui "module" .module) | nindent 2 }}
  {{- with $ingress.annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  {{- with .root.Values.ingressClassName }}
  ingressClassName: {{ . | quote }}
  {{- end }}
  rules:
    {{- range $ingress.hosts }}
    - host: {{ .name | quote }}
      http:
        paths:
          - path: {{ .path | default "/" | quote }}
            pathType: Prefix
            backend:
              service:
                name: {{ $.service }}
                port:
                  number: {{ $.port }}
    {{- end }}
  {{- with $ingress.tls }}
  tls:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}
{{- end -}}

{{- /* Where FATE's MySQL is: the external one when set, else the mysql module's. */ -}}
{{- define "kf-fate.mysql.host" -}}
{{- .Values.externalMysqlIp | default .Values.modules.mysql.ip | default "mysql" -}}
{{- end -}}
{{- define "kf-fate.mysql.port" -}}
{{- .Values.externalMysqlPort | default .Values.modules.mysql.port | default 3306 | int -}}
{{- end -}}
{{- define "kf-fate.mysql.database" -}}
{{- .Values.externalMysqlDatabase | default .Values.modules.mysql.database | default "eggroll_meta" -}}
{{- end -}}
{{- define "kf-fate.mysql.user" -}}
{{- .Values.externalMysqlUser | default .Values.modules.mysql.user | default "fate" -}}
{{- end -}}
{{- define "kf-fate.mysql.password" -}}
{{- .Values.externalMysqlPassword | default .Values.modules.mysql.password | default "fate_dev" -}}
{{- end -}}

{{- /* The Secret holding every credential (see credentials.yaml). */ -}}
{{- define "kf-fate.credentialsSecret" -}}
fate-credentials
{{- end -}}

{{- /* env entries reading MYSQL_* from the credentials Secret. */ -}}
{{- define "kf-fate.mysql.env" -}}
- name: MYSQL_HOST
  value: {{ include "kf-fate.mysql.host" . | quote }}
- name: MYSQL_PORT
  value: {{ include "kf-fate.mysql.port" . | quote }}
{{- range $key := list "MYSQL_DATABASE" "MYSQL_USER" "MYSQL_PASSWORD" }}
- name: {{ $key }}
  valueFrom:
    secretKeyRef:
      name: {{ include "kf-fate.credentialsSecret" $ }}
      key: {{ $key | lower | replace "_" "-" }}
{{- end }}
{{- end -}}

{{- /* An init container that waits until MySQL answers with FATE's credentials. */ -}}
{{- define "kf-fate.waitForMysql" -}}
- name: wait-for-mysql
  {{- include "kf-fate.containerImage" (dict "root" . "m" .Values.modules.mysql) | nindent 2 }}
  env:
    {{- include "kf-fate.mysql.env" . | nindent 4 }}
  command:
    - /bin/bash
    - -c
    - |
      until mysqladmin ping --silent -h "$MYSQL_HOST" -P "$MYSQL_PORT" -u "$MYSQL_USER" --password="$MYSQL_PASSWORD"; do
        echo "waiting for MySQL at $MYSQL_HOST:$MYSQL_PORT"
        sleep 2
      done
{{- end -}}

{{- /* A pod annotation that changes when a configuration does, so pods restart on it. */ -}}
{{- define "kf-fate.checksum" -}}
checksum/config: {{ . | sha256sum | quote }}
{{- end -}}

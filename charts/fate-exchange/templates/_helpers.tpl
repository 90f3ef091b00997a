{{- /*
  Labels. KubeFATE finds a cluster's workloads by name=<cluster> (partyName is the cluster's
  name), so every object and every pod carries it. The label key fateMoudle is spelled as
  KubeFATE's charts spell it, so selectors written for those charts keep working.
*/ -}}
{{- define "exchange.labels" -}}
name: {{ .Values.partyName | quote }}
partyId: {{ .Values.partyId | quote }}
owner: kubefate
cluster: fate-exchange
heritage: {{ .Release.Service }}
release: {{ .Release.Name }}
chart: {{ .Chart.Name }}
{{- end -}}

{{- /* What a module's Service and Deployment select pods by (stable across upgrades). */ -}}
{{- define "exchange.selector" -}}
name: {{ .Values.partyName | quote }}
partyId: {{ .Values.partyId | quote }}
{{- end -}}

{{- /* The ServiceAccount the pods run as (pod-security.yaml makes it when asked to). */ -}}
{{- define "exchange.serviceAccount" -}}
{{- if .Values.podSecurityPolicy.enabled -}}
{{ .Values.partyName }}
{{- else -}}
default
{{- end -}}
{{- end -}}

{{- /* An image of the FATE v1.11 line: <registry>/<name>:<image.tag>. Call with (list $ "name"). */ -}}
{{- define "exchange.image" -}}
{{- $root := index . 0 -}}
{{ $root.Values.image.registry | default "federatedai" }}/{{ index . 1 }}:{{ $root.Values.image.tag }}
{{- end -}}

{{- /*
  Scheduling and pull secrets of a module's pods, at the indentation of a pod spec's keys.
  Call with (list $ .Values.modules.<module>).
*/ -}}
{{- define "exchange.podPlacement" -}}
{{- $root := index . 0 -}}
{{- $module := index . 1 -}}
{{- with $module.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $module.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $module.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $root.Values.image.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
serviceAccountName: {{ include "exchange.serviceAccount" $root }}
{{- end -}}

{{- /*
  A Service port's nodePort line, only where the Service type has node ports.
  Call with (list <service type> <node port>).
*/ -}}
{{- define "exchange.nodePort" -}}
{{- $type := index . 0 -}}
{{- $port := index . 1 -}}
{{- if and (has $type (list "NodePort" "LoadBalancer")) $port }}
nodePort: {{ $port }}
{{- end }}
{{- end -}}

{{- /* loadBalancerIP, only on a LoadBalancer Service. Call with (list <type> <ip>). */ -}}
{{- define "exchange.loadBalancerIP" -}}
{{- $type := index . 0 -}}
{{- $ip := index . 1 -}}
{{- if and (eq $type "LoadBalancer") $ip }}
loadBalancerIP: {{ $ip | quote }}
{{- end }}
{{- end -}}

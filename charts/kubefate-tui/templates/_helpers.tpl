{{- /* Object names: the release name (KubeFATE's own service is called kubefate). */ -}}
{{- define "kubefate-tui.fullname" -}}
{{- .Values.fullnameOverride | default .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "kubefate-tui.labels" -}}
app.kubernetes.io/name: kubefate-tui
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "kubefate-tui.selector" -}}
app.kubernetes.io/name: kubefate-tui
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "kubefate-tui.serviceAccount" -}}
{{- .Values.serviceAccount.name | default (include "kubefate-tui.fullname" .) -}}
{{- end -}}

{{- define "kubefate-tui.adminSecret" -}}
{{- .Values.admin.existingSecret | default (printf "%s-admin" (include "kubefate-tui.fullname" .)) -}}
{{- end -}}

{{- define "kubefate-tui.signingKeySecret" -}}
{{- .Values.signingKey.existingSecret | default (printf "%s-signing-key" (include "kubefate-tui.fullname" .)) -}}
{{- end -}}

{{- /* "https" when the pod serves TLS itself, else "http" (TLS ends in front of it). */ -}}
{{- define "kubefate-tui.scheme" -}}
{{- if .Values.tls.secretName -}}https{{- else -}}http{{- end -}}
{{- end -}}

{{- /*
  Whether TLS ends in front of the service. `kubefate-tui serve` refuses a non-loopback
  address without TLS, so a release without any TLS fails here, with the remedy, rather than
  as a crash-looping pod.
*/ -}}
{{- define "kubefate-tui.behindTLSProxy" -}}
{{- $ingressTLS := and .Values.ingress.enabled .Values.ingress.tls.secretName -}}
{{- if or .Values.behindTLSProxy $ingressTLS -}}
true
{{- else if not .Values.tls.secretName -}}
{{- fail "kubefate-tui: no TLS anywhere, and the service refuses to send passwords and tokens in clear text. Set ingress.tls.secretName (the Ingress terminates TLS), tls.secretName (the service serves HTTPS), or behindTLSProxy=true (TLS ends in front of the Service some other way)." -}}
{{- else -}}
false
{{- end -}}
{{- end -}}

{{- /*
  A Secret value that stays the same across upgrades: the value given, else the one already in
  the cluster, else a new random one. Call with (list $ <secret name> <key> <given> <length>).
*/ -}}
{{- define "kubefate-tui.keptSecretValue" -}}
{{- $root := index . 0 -}}
{{- $given := index . 3 -}}
{{- if $given -}}
{{- $given -}}
{{- else -}}
{{- $existing := lookup "v1" "Secret" $root.Release.Namespace (index . 1) -}}
{{- $data := dig "data" (dict) $existing -}}
{{- if hasKey $data (index . 2) -}}
{{- index $data (index . 2) | b64dec -}}
{{- else -}}
{{- randAlphaNum (index . 4) -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- /* Both containers: no privilege, nothing written outside the volumes. */ -}}
{{- define "kubefate-tui.containerSecurity" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: [ALL]
{{- end -}}

{{- define "web.labels" -}}
app.kubernetes.io/name: {{ include "common.name" . }}
{{- end }}

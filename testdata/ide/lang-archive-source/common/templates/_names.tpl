{{/* The chart name, truncated to 63 characters. */}}
{{- define "common.name" -}}
{{ .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "common.fullname" -}}
{{ printf "%s-%s" .Release.Name (include "common.name" .) | trunc 63 }}
{{- end }}

{{- define "backend.fullname" -}}backend-{{ .Release.Name }}{{- end -}}

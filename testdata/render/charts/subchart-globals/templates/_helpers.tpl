{{- define "backend.fullname" -}}parent-wins-{{ .Chart.Name }}{{- end -}}

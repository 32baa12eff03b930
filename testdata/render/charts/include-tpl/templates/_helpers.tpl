{{- define "inctpl.labels" -}}
app: {{ .Values.labels.app }}
tier: {{ .Values.labels.tier }}
{{- end -}}
{{- define "inctpl.root" -}}{{ $.Values.name }}{{- end -}}
{{- define "inctpl.dot" -}}{{ . }}{{- end -}}

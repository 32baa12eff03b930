{{- define "include-error.bad" -}}
{{ .Values.items | first }}
{{- end -}}
{{- define "include-error.badType" -}}
{{ trunc 5 .Values.n }}
{{- end -}}

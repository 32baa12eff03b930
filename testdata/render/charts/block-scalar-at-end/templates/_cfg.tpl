{{- define "cfg" -}}
data: |
  line1
  line2
{{- end -}}

{{- define "cw.walk" -}}
{{- $p := index . 0 -}}{{- $v := index . 1 -}}
{{- $p }}={{ printf "%T" $v }};
{{- if kindIs "map" $v -}}{{- range $k, $x := $v -}}{{- include "cw.walk" (list (printf "%s/%s" $p $k) $x) -}}{{- end -}}{{- end -}}
{{- if kindIs "slice" $v -}}{{- range $i, $x := $v -}}{{- include "cw.walk" (list (printf "%s/%d" $p $i) $x) -}}{{- end -}}{{- end -}}
{{- end -}}

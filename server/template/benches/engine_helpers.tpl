{{- define "app.name" -}}
{{- or .Values.nameOverride .Chart.Name }}
{{- end }}

{{- define "app.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride }}
{{- else }}
{{- $name := or .Values.nameOverride .Chart.Name }}
{{- if eq $name .Release.Name }}
{{- .Release.Name }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name }}
{{- end }}
{{- end }}
{{- end }}

{{- define "app.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end }}

{{- define "app.labels" -}}
helm.sh/chart: {{ template "app.chart" . }}
{{ template "app.selectorLabels" . }}
{{- if .Chart.AppVersion }}
app.kubernetes.io/version: {{ .Chart.AppVersion }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "app.selectorLabels" -}}
app.kubernetes.io/name: {{ template "app.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "app.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- or .Values.serviceAccount.name .Chart.Name }}
{{- else }}
{{- or .Values.serviceAccount.name "default" }}
{{- end }}
{{- end }}

{{- define "app.container" -}}
- name: {{ .Chart.Name }}
  image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
  imagePullPolicy: {{ .Values.image.pullPolicy }}
  {{- with .Values.securityContext }}
  securityContext:
    runAsUser: {{ .runAsUser }}
    runAsNonRoot: {{ .runAsNonRoot }}
    readOnlyRootFilesystem: {{ .readOnlyRootFilesystem }}
  {{- end }}
  ports:
  {{- range .Values.ports }}
    - name: {{ .name }}
      containerPort: {{ .containerPort }}
      protocol: {{ .protocol }}
  {{- end }}
  env:
  {{- range $k, $v := .Values.env }}
    - name: {{ $k }}
      value: {{ $v }}
  {{- end }}
  {{- range .Values.extraEnv }}
    - name: {{ .name }}
      {{- if .value }}
      value: {{ .value }}
      {{- else if .secret }}
      valueFrom:
        secretKeyRef:
          name: {{ .secret }}
          key: {{ .key }}
      {{- end }}
  {{- end }}
  {{- if .Values.livenessProbe.enabled }}
  livenessProbe:
    httpGet:
      path: {{ .Values.livenessProbe.path }}
      port: {{ .Values.livenessProbe.port }}
    initialDelaySeconds: {{ .Values.livenessProbe.initialDelaySeconds }}
    periodSeconds: {{ .Values.livenessProbe.periodSeconds }}
  {{- end }}
  {{- if .Values.readinessProbe.enabled }}
  readinessProbe:
    httpGet:
      path: {{ .Values.readinessProbe.path }}
      port: {{ .Values.readinessProbe.port }}
  {{- end }}
  resources:
    {{- with .Values.resources.limits }}
    limits:
      cpu: {{ .cpu }}
      memory: {{ .memory }}
    {{- end }}
    {{- with .Values.resources.requests }}
    requests:
      cpu: {{ .cpu }}
      memory: {{ .memory }}
    {{- end }}
  volumeMounts:
  {{- range .Values.volumes }}
    - name: {{ .name }}
      mountPath: {{ .mountPath }}
      {{- if .readOnly }}
      readOnly: true
      {{- end }}
  {{- end }}
{{- end }}

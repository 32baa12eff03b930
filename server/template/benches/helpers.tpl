{{- define "app.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc63 | trimSuffix "-" }}
{{- end }}

{{- define "app.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "app.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc63 | trimSuffix "-" }}
{{- end }}

{{- define "app.labels" -}}
helm.sh/chart: {{ include "app.chart" . }}
{{ include "app.selectorLabels" . }}
{{- if .Chart.AppVersion }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "app.selectorLabels" -}}
app.kubernetes.io/name: {{ include "app.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "app.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "app.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "app.container" -}}
- name: {{ .name }}
  image: "{{ .root.Values.image.repository }}:{{ .root.Values.image.tag | default .root.Chart.AppVersion }}"
  imagePullPolicy: {{ .root.Values.image.pullPolicy }}
  {{- with .root.Values.securityContext }}
  securityContext:
    runAsUser: {{ .runAsUser }}
    runAsNonRoot: {{ .runAsNonRoot }}
    readOnlyRootFilesystem: {{ .readOnlyRootFilesystem }}
  {{- end }}
  ports:
  {{- range .root.Values.ports }}
    - name: {{ .name }}
      containerPort: {{ .containerPort }}
      protocol: {{ .protocol | default "TCP" }}
  {{- end }}
  env:
  {{- range $k, $v := .root.Values.env }}
    - name: {{ $k | upper }}
      value: {{ $v | quote }}
  {{- end }}
  {{- range .root.Values.extraEnv }}
    - name: {{ .name }}
      {{- if .value }}
      value: {{ .value | quote }}
      {{- else if .secret }}
      valueFrom:
        secretKeyRef:
          name: {{ .secret }}
          key: {{ .key | default .name }}
      {{- end }}
  {{- end }}
  {{- if .root.Values.livenessProbe.enabled }}
  livenessProbe:
    httpGet:
      path: {{ .root.Values.livenessProbe.path }}
      port: {{ .root.Values.livenessProbe.port }}
    initialDelaySeconds: {{ .root.Values.livenessProbe.initialDelaySeconds }}
    periodSeconds: {{ .root.Values.livenessProbe.periodSeconds }}
  {{- end }}
  {{- if .root.Values.readinessProbe.enabled }}
  readinessProbe:
    httpGet:
      path: {{ .root.Values.readinessProbe.path }}
      port: {{ .root.Values.readinessProbe.port }}
  {{- end }}
  resources:
    {{- with .root.Values.resources.limits }}
    limits:
      cpu: {{ .cpu }}
      memory: {{ .memory }}
    {{- end }}
    {{- with .root.Values.resources.requests }}
    requests:
      cpu: {{ .cpu }}
      memory: {{ .memory }}
    {{- end }}
  volumeMounts:
  {{- range .root.Values.volumes }}
    - name: {{ .name }}
      mountPath: {{ .mountPath }}
      {{- if .readOnly }}
      readOnly: true
      {{- end }}
  {{- end }}
{{- end }}

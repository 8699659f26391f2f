{{/*
Names and labels every template uses. The observability templates (templates/monitoring/)
use the same helpers, so selectors written there match the workloads here.
*/}}

{{/* The chart name, overridable. */}}
{{- define "todo.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The release-qualified base name of every object (release "todo" gives "todo"). */}}
{{- define "todo.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "todo.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels on every object of the release. */}}
{{- define "todo.labels" -}}
helm.sh/chart: {{ include "todo.chart" . }}
{{ include "todo.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: todo
{{- end -}}

{{/* The labels that select the release's pods (stable across upgrades). */}}
{{- define "todo.selectorLabels" -}}
app.kubernetes.io/name: {{ include "todo.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/*
The selector labels of one component (an app-id, or "todo" for the monolith). Call with
  (dict "context" $ "component" "tasks-service")
*/}}
{{- define "todo.componentSelectorLabels" -}}
{{ include "todo.selectorLabels" .context }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* Every label of one component's objects; same argument as todo.componentSelectorLabels. */}}
{{- define "todo.componentLabels" -}}
{{ include "todo.labels" .context }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* The name of one component's objects: "<fullname>-<app-id>". Same argument. */}}
{{- define "todo.componentName" -}}
{{- printf "%s-%s" (include "todo.fullname" .context) .component | trunc 63 | trimSuffix "-" -}}
{{- end -}}

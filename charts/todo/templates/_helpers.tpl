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

{{/* The image of every container: by digest when given (the way deployments pin it). */}}
{{- define "todo.image" -}}
{{- $image := .Values.image -}}
{{- if $image.digest -}}
{{- printf "%s@%s" $image.repository $image.digest -}}
{{- else -}}
{{- printf "%s:%s" $image.repository (default .Chart.AppVersion $image.tag) -}}
{{- end -}}
{{- end -}}

{{/*
What the chart knows of the services (the code's facts, not settings): which app-ids host
actors (they use the actor state store), which use pub/sub, and the subscriptions each serves
on /dapr/subscribe (Tests/deploy checks these against the binary). Used as
  $catalog := include "todo.catalog" . | fromYaml
*/}}
{{- define "todo.catalog" -}}
actorHosts: [tasks-service, recurring-task-service, notification-service]
pubsubUsers: [tasks-service, recurring-task-service, notification-service, audit-service, websocket-service]
# Every websocket-service replica must see every update: its consumer group is the pod.
broadcastConsumers: [websocket-service]
subscriptions:
  - name: audit-task-events
    app: audit-service
    topic: task-events
    deadLetterTopic: task-events-deadletter
  # SeriesActor rolls a series forward when one of its occurrences is completed, skipped or
  # deleted by any path; the gateway also calls it directly, and both paths are idempotent.
  - name: recurring-task-events
    app: recurring-task-service
    topic: task-events
    deadLetterTopic: task-events-recurring-deadletter
  - name: notification-reminders
    app: notification-service
    topic: reminders
    deadLetterTopic: reminders-deadletter
  # The notification-service's own work queue: one message per webhook or e-mail attempt.
  - name: notification-attempts
    app: notification-service
    topic: notification-attempts
    deadLetterTopic: notification-attempts-deadletter
  # A live update that cannot be pushed is not dead-lettered: clients resume or refetch.
  - name: live-task-updates
    app: websocket-service
    topic: task-updates
{{- end -}}

{{/* The enabled app-ids of mode microservices, as a YAML list (fromYamlArray). */}}
{{- define "todo.enabledServices" -}}
{{- $enabled := list -}}
{{- range $appID, $service := .Values.services -}}
{{- if $service.enabled -}}{{- $enabled = append $enabled $appID -}}{{- end -}}
{{- end -}}
{{- toYaml $enabled -}}
{{- end -}}

{{/* The pub/sub component of one app-id (each app has its own: its own Kafka user). */}}
{{- define "todo.pubsubName" -}}
{{- printf "pubsub-%s" . -}}
{{- end -}}

{{/* Secret names: the existing one, or the one this chart generates. */}}
{{- define "todo.jwtSecretName" -}}
{{- default (printf "%s-jwt" (include "todo.fullname" .)) .Values.secrets.jwt.existingSecret -}}
{{- end -}}
{{- define "todo.daprApiTokenSecretName" -}}
{{- default (printf "%s-dapr-api-token" (include "todo.fullname" .)) .Values.secrets.daprApiToken.existingSecret -}}
{{- end -}}
{{- define "todo.appApiTokenSecretName" -}}
{{- default (printf "%s-app-api-token" (include "todo.fullname" .)) .Values.secrets.appApiToken.existingSecret -}}
{{- end -}}
{{- define "todo.daprConfigName" -}}
{{- printf "%s-dapr" (include "todo.fullname" .) -}}
{{- end -}}

{{/*
The pod-level spec parts every workload shares. Call with
  (dict "context" $ "component" "<app-id or todo>")
*/}}
{{- define "todo.podScheduling" -}}
{{- $ := .context -}}
{{- with $.Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
  {{- toYaml $.Values.podSecurityContext | nindent 2 }}
terminationGracePeriodSeconds: {{ $.Values.terminationGracePeriodSeconds }}
{{- with $.Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $.Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $.Values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- if $.Values.topologySpread.enabled }}
{{- $selector := include "todo.componentSelectorLabels" . }}
topologySpreadConstraints:
  {{- range $key := list "topology.kubernetes.io/zone" "kubernetes.io/hostname" }}
  - maxSkew: {{ $.Values.topologySpread.maxSkew }}
    topologyKey: {{ $key }}
    whenUnsatisfiable: {{ $.Values.topologySpread.whenUnsatisfiable }}
    labelSelector:
      matchLabels:
        {{- $selector | nindent 8 }}
  {{- end }}
{{- end }}
{{- end -}}

{{/* The environment every service reads (ServeCommand, HTTPSurface): same argument. */}}
{{- define "todo.commonEnv" -}}
{{- $ := .context -}}
- name: TODO_LOG_LEVEL
  value: {{ $.Values.logLevel | quote }}
- name: TODO_JWT_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ include "todo.jwtSecretName" $ }}
      key: {{ $.Values.secrets.jwt.key }}
{{- end -}}

{{/* The probes on /healthz (alive) and /readyz (ready to serve); argument: the port. */}}
{{- define "todo.probes" -}}
startupProbe:
  httpGet: {path: /healthz, port: http}
  periodSeconds: 2
  failureThreshold: 60
livenessProbe:
  httpGet: {path: /healthz, port: http}
  periodSeconds: 10
  timeoutSeconds: 3
  failureThreshold: 3
readinessProbe:
  httpGet: {path: /readyz, port: http}
  periodSeconds: 5
  timeoutSeconds: 3
  failureThreshold: 3
{{- end -}}

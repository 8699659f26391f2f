{{/*
The environment of one service behind its sidecar: exactly what the code reads (ServeCommand,
HTTPSurface, DaprSidecarClient, AuditConfiguration, NotificationConfiguration, SMTPConfiguration,
LLMConfiguration). Call with (dict "context" $ "component" "<app-id>").
*/}}
{{- define "todo.serviceEnv" -}}
{{- $ := .context -}}
{{- $appID := .component -}}
{{- $catalog := include "todo.catalog" $ | fromYaml -}}
{{ include "todo.commonEnv" . }}
# The sidecar's tokens: the injector gives them to daprd only, the app reads the same Secrets.
- name: DAPR_API_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ include "todo.daprApiTokenSecretName" $ }}
      key: token
- name: APP_API_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ include "todo.appApiTokenSecretName" $ }}
      key: token
- name: TODO_DAPR_SUBSCRIPTIONS
  value: {{ $.Values.dapr.subscriptions | quote }}
{{- if has $appID $catalog.pubsubUsers }}
- name: TODO_PUBSUB_NAME
  value: {{ include "todo.pubsubName" $appID | quote }}
{{- end }}
{{- if eq $appID "api-gateway" }}
- name: TODO_RATE_LIMIT
  value: {{ $.Values.gateway.rateLimit | quote }}
- name: TODO_SCRYPT_LOG_N
  value: {{ $.Values.gateway.scryptLogN | quote }}
{{- include "todo.llmEnv" $ }}
{{- end }}
{{- if eq $appID "audit-service" }}
- name: TODO_AUDIT_POSTGRES_URL
  valueFrom:
    secretKeyRef:
      name: {{ $.Values.audit.postgres.existingSecret }}
      key: {{ $.Values.audit.postgres.uriKey }}
- name: TODO_AUDIT_RETENTION_DAYS
  value: {{ $.Values.audit.retentionDays | quote }}
{{- end }}
{{- if eq $appID "notification-service" }}
{{- include "todo.notificationEnv" $ }}
{{- end }}
{{- end -}}

{{- define "todo.llmEnv" -}}
{{- with .Values.secrets.llm }}
{{- if .existingSecret }}
- name: TODO_LLM_BASE_URL
  valueFrom: {secretKeyRef: {name: {{ .existingSecret }}, key: {{ .baseURLKey }}}}
- name: TODO_LLM_API_KEY
  valueFrom: {secretKeyRef: {name: {{ .existingSecret }}, key: {{ .apiKeyKey }}}}
- name: TODO_LLM_MODEL
  valueFrom: {secretKeyRef: {name: {{ .existingSecret }}, key: {{ .modelKey }}}}
{{- end }}
{{- end }}
{{- end -}}

{{- define "todo.notificationEnv" -}}
{{- if .Values.secrets.smtp.existingSecret }}
- name: TODO_SMTP_URL
  valueFrom:
    secretKeyRef:
      name: {{ .Values.secrets.smtp.existingSecret }}
      key: {{ .Values.secrets.smtp.key }}
{{- end }}
{{- if .Values.notifications.smtpFrom }}
- name: TODO_SMTP_FROM
  value: {{ .Values.notifications.smtpFrom | quote }}
{{- end }}
- name: TODO_SMTP_STARTTLS
  value: {{ .Values.notifications.smtpStartTLS | quote }}
- name: TODO_NOTIFY_MAX_ATTEMPTS
  value: {{ .Values.notifications.maxAttempts | quote }}
- name: TODO_NOTIFY_WEBHOOK_TIMEOUT_S
  value: {{ .Values.notifications.webhookTimeoutSeconds | quote }}
- name: TODO_NOTIFY_ALLOW_PRIVATE_WEBHOOKS
  value: {{ ternary "1" "0" .Values.notifications.allowPrivateWebhooks | quote }}
{{- end -}}

{{/*
The public paths and the component behind each (the monolith serves them all): a YAML list of
{path, component, upgrade}. Longest prefixes first for Ingress controllers that match in order.
*/}}
{{- define "todo.publicRoutes" -}}
{{- if eq .Values.mode "monolithic" -}}
- {path: /api, component: todo}
- {path: /mcp, component: todo}
- {path: /ws, component: todo, upgrade: true}
- {path: /, component: todo}
{{- else -}}
- {path: /api, component: api-gateway}
- {path: /mcp, component: api-gateway}
- {path: /ws, component: websocket-service, upgrade: true}
- {path: /, component: frontend}
{{- end -}}
{{- end -}}

{{/* The port of a component's Service. Argument: (dict "context" $ "component" NAME). */}}
{{- define "todo.componentPort" -}}
{{- if eq .component "todo" -}}
{{- .context.Values.monolithic.port -}}
{{- else -}}
{{- (index .context.Values.services .component).port -}}
{{- end -}}
{{- end -}}

"""The observability environment in every todo Deployment (charts/todo, templates/monitoring/
_otel-env.yaml): TODO_LOG_FORMAT always, and with monitoring.tracing.otlpEndpoint set the
OTEL_* variables the service reads (Observability.bootstrap → swift-otel): endpoint, protocol,
service name = the container's app-id, sampler, resource attributes. Nothing OTEL_* without an
endpoint or with monitoring off."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from render import deep_merge, render_objects, values_from  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
CHART = ROOT / "charts/todo"
ENDPOINT = "http://alloy.monitoring.svc:4318"
MODES = {"microservices": [], "monolithic": [CHART / "values-monolithic.yaml"]}


def todo_containers(values: dict) -> dict[str, dict]:
    """Deployment/StatefulSet name → its todo container (the one running `todo serve`)."""
    found = {}
    for obj in render_objects(CHART, values):
        if obj.get("kind") not in ("Deployment", "StatefulSet"):
            continue
        for container in obj["spec"]["template"]["spec"]["containers"]:
            if container.get("args", [])[:1] == ["serve"]:
                found[obj["metadata"]["name"]] = container
    return found


def env_of(container: dict) -> dict[str, dict]:
    entries = container.get("env", [])
    names = [entry["name"] for entry in entries]
    assert len(names) == len(set(names)), f"duplicate env names in {container['name']}: {names}"
    return {entry["name"]: entry for entry in entries}


def app_id(container: dict) -> str:
    args = container["args"]
    return args[args.index("--target") + 1] if "--target" in args else "todo"


@pytest.mark.parametrize("mode", MODES)
def test_tracing_env_in_every_deployment_when_an_endpoint_is_set(mode):
    values = deep_merge(values_from(MODES[mode], []), {"monitoring": {"tracing": {"otlpEndpoint": ENDPOINT, "samplingRatio": "0.25"}}})
    containers = todo_containers(values)
    expected = 1 if mode == "monolithic" else 6
    assert len(containers) >= expected, sorted(containers)
    for workload, container in containers.items():
        env = env_of(container)
        service = app_id(container)
        assert env["TODO_LOG_FORMAT"]["value"] == "json", workload
        assert env["OTEL_EXPORTER_OTLP_ENDPOINT"]["value"] == ENDPOINT, workload
        assert env["OTEL_EXPORTER_OTLP_PROTOCOL"]["value"] == "http/protobuf", workload
        assert env["OTEL_SERVICE_NAME"]["value"] == service, workload
        assert env["OTEL_TRACES_SAMPLER"]["value"] == "parentbased_traceidratio", workload
        assert env["OTEL_TRACES_SAMPLER_ARG"]["value"] == "0.25", workload
        assert env["OTEL_K8S_POD_NAME"]["valueFrom"]["fieldRef"]["fieldPath"] == "metadata.name", workload
        attributes = dict(pair.split("=", 1) for pair in env["OTEL_RESOURCE_ATTRIBUTES"]["value"].split(","))
        assert attributes["k8s.namespace.name"] == "todo", attributes
        assert attributes["k8s.deployment.name"] == workload, attributes
        assert attributes["service.namespace"] == "todo" and attributes["service.version"], attributes
        # $(VAR) is expanded by the kubelet only for variables defined before it.
        names = [entry["name"] for entry in container["env"]]
        assert attributes["k8s.pod.name"] == "$(OTEL_K8S_POD_NAME)"
        assert names.index("OTEL_K8S_POD_NAME") < names.index("OTEL_RESOURCE_ATTRIBUTES")
    if mode == "microservices":
        assert {app_id(c) for c in containers.values()} >= {"api-gateway", "tasks-service", "recurring-task-service",
                                                            "audit-service", "notification-service", "websocket-service"}


@pytest.mark.parametrize("overrides", [
    {},  # the default: no endpoint
    {"monitoring": {"enabled": False, "tracing": {"otlpEndpoint": ENDPOINT}}},
], ids=["no-endpoint", "monitoring-off"])
@pytest.mark.parametrize("mode", MODES)
def test_no_otel_env_without_an_endpoint_or_with_monitoring_off(mode, overrides):
    values = deep_merge(values_from(MODES[mode], []), overrides)
    containers = todo_containers(values)
    assert containers
    for workload, container in containers.items():
        env = env_of(container)
        assert not [name for name in env if name.startswith("OTEL_")], (workload, sorted(env))
        assert env["TODO_LOG_FORMAT"]["value"] in ("json", "text"), workload


def test_log_format_follows_the_values():
    values = deep_merge(values_from([], []), {"monitoring": {"logFormat": "text"}})
    for workload, container in todo_containers(values).items():
        assert env_of(container)["TODO_LOG_FORMAT"]["value"] == "text", workload

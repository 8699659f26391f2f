"""The Dapr resources in components/ (and the Strimzi resources they point at) are valid
against the CustomResourceDefinitions in ../shared/crds, consistent with each other, and
consistent with what each service actually serves on /dapr/subscribe."""
import copy
import json
import os
import subprocess
import time
import urllib.request
from pathlib import Path

import jsonschema
import pytest
import yaml

from todo_server import ROOT, free_port, todo_binary

# The CRDs every developer and CI run has next to the project (`../shared/crds`).
CRDS = Path(os.environ.get("TODO_SHARED_DIR", ROOT.parent / "shared")) / "crds"
ACTOR_TYPES = {"TaskActor", "UserActor", "SeriesActor", "ConversationActor", "AccountActor", "APITokenActor", "NotificationActor"}
COMPONENTS = ROOT / "components"
APP_IDS = {"api-gateway", "tasks-service", "recurring-task-service", "notification-service",
           "audit-service", "websocket-service", "frontend"}


def strict(schema: dict) -> dict:
    """The CRD schema as the API server applies it to `kubectl apply --validate=strict`:
    unknown fields are errors unless the schema preserves them."""
    schema = copy.deepcopy(schema)

    def walk(node):
        if isinstance(node, dict):
            if node.get("type") == "object" and "properties" in node \
                    and "additionalProperties" not in node and not node.get("x-kubernetes-preserve-unknown-fields"):
                node["additionalProperties"] = False
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    return schema


def load_crds() -> dict:
    assert CRDS.is_dir(), f"no CRD schemas at {CRDS}: the project expects ../shared/crds (or set TODO_SHARED_DIR)"
    schemas = {}
    for path in sorted(CRDS.glob("*.yaml")):
        for crd in yaml.safe_load_all(path.read_text()):
            if not crd or crd.get("kind") != "CustomResourceDefinition":
                continue
            group, kind = crd["spec"]["group"], crd["spec"]["names"]["kind"]
            for version in crd["spec"]["versions"]:
                if version.get("served"):
                    schemas[(f"{group}/{version['name']}", kind)] = strict(version["schema"]["openAPIV3Schema"])
    return schemas


def load_resources() -> list[tuple[Path, dict]]:
    resources = []
    for path in sorted(COMPONENTS.rglob("*.yaml")):
        for document in yaml.safe_load_all(path.read_text()):
            if document:
                resources.append((path.relative_to(ROOT), document))
    return resources


CRD_SCHEMAS = load_crds()
RESOURCES = load_resources()
KUBERNETES = [(p, d) for p, d in RESOURCES if p.parts[1] == "kubernetes"]


def of_kind(kind: str, resources=KUBERNETES) -> list[dict]:
    return [d for _, d in resources if d["kind"] == kind]


@pytest.mark.parametrize("path,resource", RESOURCES, ids=[f"{p}:{d['kind']}/{d['metadata']['name']}" for p, d in RESOURCES])
def test_resource_is_valid_against_its_crd(path, resource):
    key = (resource["apiVersion"], resource["kind"])
    assert key in CRD_SCHEMAS, f"{path}: no served CRD for {key}"
    errors = sorted(jsonschema.Draft7Validator(CRD_SCHEMAS[key]).iter_errors(resource), key=lambda e: list(e.path))
    assert not errors, "; ".join(f"{'/'.join(map(str, e.path))}: {e.message}" for e in errors)
    # Kubernetes object names: DNS-1123 subdomains.
    assert len(resource["metadata"]["name"]) <= 253
    assert resource["metadata"]["name"].replace("-", "").replace(".", "").isalnum()


def test_the_validation_catches_a_typo():
    """The strict schemas are not vacuous: a misspelt field and a wrong type are refused."""
    component = copy.deepcopy(of_kind("Component")[0])
    component["spec"]["metdata"] = component["spec"].pop("metadata")
    schema = CRD_SCHEMAS[(component["apiVersion"], "Component")]
    assert not jsonschema.Draft7Validator(schema).is_valid(component)
    subscription = copy.deepcopy(of_kind("Subscription")[0])
    subscription["spec"]["routes"] = "/events/task-events"
    assert not jsonschema.Draft7Validator(CRD_SCHEMAS[(subscription["apiVersion"], "Subscription")]).is_valid(subscription)


def metadata(component: dict) -> dict:
    return {item["name"]: item for item in component["spec"].get("metadata", [])}


def test_components_are_scoped_to_known_apps_and_wired_as_the_architecture_says():
    components = {c["metadata"]["name"]: c for c in of_kind("Component")}
    assert len(components) == len(of_kind("Component")), "component names must be unique"
    for resource in of_kind("Component") + of_kind("Subscription") + of_kind("Resiliency"):
        scopes = resource.get("scopes") or []
        assert scopes, f"{resource['metadata']['name']} is not scoped to app-ids"
        assert set(scopes) <= APP_IDS, set(scopes) - APP_IDS

    state = components["statestore"]
    assert state["spec"]["type"] == "state.redis"
    assert metadata(state)["actorStateStore"]["value"] == "true"
    assert "tasks-service" in state["scopes"]
    assert components["secretstore"]["spec"]["type"].startswith("secretstores.")
    pubsub = components["pubsub"]
    assert pubsub["spec"]["type"] == "pubsub.kafka"
    assert metadata(pubsub)["consumerGroup"]["value"] == "{appID}"
    broadcast = components["pubsub-broadcast"]
    assert broadcast["spec"]["type"] == "pubsub.kafka"
    assert metadata(broadcast)["consumerGroup"]["value"] == "{podName}", "every websocket replica must see every update"
    assert broadcast["scopes"] == ["websocket-service"]
    assert "websocket-service" not in pubsub["scopes"]
    for component in components.values():
        if any("secretKeyRef" in item for item in component["spec"].get("metadata", [])):
            assert component.get("auth", {}).get("secretStore"), f"{component['metadata']['name']} uses secretKeyRef without auth.secretStore"

    # Kafka: the brokers the components name are the Strimzi cluster's TLS listener, and every
    # topic a subscription reads or dead-letters to exists.
    kafka = of_kind("Kafka")[0]
    listener = next(l for l in kafka["spec"]["kafka"]["listeners"] if l["tls"])
    brokers = f"{kafka['metadata']['name']}-kafka-bootstrap:{listener['port']}"
    for component in (pubsub, broadcast):
        assert metadata(component)["brokers"]["value"] == brokers
        assert metadata(component)["authType"]["value"] == "mtls"
    topics = {t["metadata"]["name"] for t in of_kind("KafkaTopic")}
    for subscription in of_kind("Subscription"):
        spec = subscription["spec"]
        assert spec["topic"] in topics
        if "deadLetterTopic" in spec:
            assert spec["deadLetterTopic"] in topics
        assert spec["pubsubname"] in components
        assert set(subscription["scopes"]) <= set(components[spec["pubsubname"]]["scopes"]), \
            f"{subscription['metadata']['name']}: an app outside the pub/sub component's scopes"


def test_resiliency_targets_name_defined_policies_and_components():
    components = {c["metadata"]["name"] for c in of_kind("Component")}
    for resiliency in of_kind("Resiliency"):
        policies = resiliency["spec"]["policies"]
        defined = {kind: set(policies.get(kind, {})) for kind in ("timeouts", "retries", "circuitBreakers")}
        targets = resiliency["spec"]["targets"]
        assert set(targets.get("components", {})) <= components
        assert set(targets.get("actors", {})) <= ACTOR_TYPES, set(targets.get("actors", {})) - ACTOR_TYPES
        for group in ("apps", "actors", "components"):
            for name, target in targets.get(group, {}).items():
                for direction in (target.get("inbound", {}), target.get("outbound", {}), target):
                    if not isinstance(direction, dict):
                        continue
                    for field, kind in (("timeout", "timeouts"), ("retry", "retries"), ("circuitBreaker", "circuitBreakers")):
                        if isinstance(direction.get(field), str):
                            assert direction[field] in defined[kind], f"{group}/{name}: {field} {direction[field]} is not defined"
        retry = policies["retries"]["deliveryRetry"]
        assert int(retry["maxRetries"]) > 0, "inbound delivery retries must be finite (a failing message holds its partition)"


def subscribe_list(app_id: str, tmp_path: Path, mode: str) -> list[dict]:
    port = free_port()
    env = {
        **os.environ,
        "TODO_JWT_SECRET": "x" * 40,
        "TODO_DAPR_ALLOW_INSECURE": "1",  # no sidecar token here (docs/limits.md)
        "TODO_AUDIT_SQLITE_PATH": str(tmp_path / f"{app_id}-audit.sqlite"),
        "DAPR_HTTP_PORT": str(free_port()),
        "TODO_DAPR_SUBSCRIPTIONS": mode,
    }
    if app_id == "websocket-service":
        env["TODO_PUBSUB_NAME"] = "pubsub-broadcast"
    log = open(tmp_path / f"{app_id}.log", "w")
    process = subprocess.Popen([todo_binary(), "serve", "--target", app_id, "--runtime", "dapr", "--port", str(port)],
                               env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/dapr/subscribe", timeout=1) as response:
                    return json.loads(response.read())
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError((tmp_path / f"{app_id}.log").read_text()[-2000:])
                time.sleep(0.1)
    finally:
        process.terminate()
        process.wait(timeout=15)
        log.close()


def served_apps() -> list[str]:
    """The app-ids `todo serve --target` knows, from its own error message."""
    result = subprocess.run([todo_binary(), "serve", "--target", "nonexistent"], capture_output=True, text=True)
    text = result.stderr + result.stdout
    listed = text.split("the services are: all, ", 1)[1].splitlines()[0]
    return [name.strip() for name in listed.split(",") if name.strip()]


def test_declarative_subscriptions_match_what_each_service_serves(tmp_path):
    apps = served_apps()
    assert "audit-service" in apps, apps
    declared = {}
    for subscription in of_kind("Subscription"):
        for app in subscription["scopes"]:
            spec = subscription["spec"]
            declared.setdefault(app, set()).add((spec["pubsubname"], spec["topic"], spec["routes"]["default"], spec.get("deadLetterTopic")))
    for app in apps:
        programmatic = {(s["pubsubname"], s["topic"], s["routes"]["default"], s.get("deadLetterTopic"))
                        for s in subscribe_list(app, tmp_path, "programmatic")}
        assert programmatic == declared.get(app, set()), f"{app}: serves {programmatic}, components declare {declared.get(app)}"
        assert subscribe_list(app, tmp_path, "declarative") == [], f"{app} lists subscriptions although they are declarative"

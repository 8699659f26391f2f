"""The local Dapr resources (components/local, what `dapr run -f dapr.yaml` loads) are valid
against the CustomResourceDefinitions in ../shared/crds and match what the services use when
run the way dapr.yaml runs them. The cluster's Dapr resources are rendered by charts/todo and
checked in Tests/deploy (test_dapr_resources.py)."""
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
LOCAL = ROOT / "components" / "local"


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
    for path in sorted(LOCAL.glob("*.yaml")):
        for document in yaml.safe_load_all(path.read_text()):
            if document:
                resources.append((path.relative_to(ROOT), document))
    return resources


CRD_SCHEMAS = load_crds()
RESOURCES = load_resources()


def components() -> dict[str, dict]:
    return {d["metadata"]["name"]: d for _, d in RESOURCES if d["kind"] == "Component"}


def metadata(component: dict) -> dict:
    return {item["name"]: item for item in component["spec"].get("metadata", [])}


def test_the_local_resources_are_the_ones_dapr_yaml_loads():
    run_file = yaml.safe_load((ROOT / "dapr.yaml").read_text())
    assert (ROOT / run_file["common"]["resourcesPath"]).resolve() == LOCAL.resolve()
    assert RESOURCES, f"no resources in {LOCAL}"
    assert not (ROOT / "components" / "kubernetes").exists(), "the cluster's resources are charts/todo's (one truth)"


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
    component = copy.deepcopy(components()["statestore"])
    schema = CRD_SCHEMAS[(component["apiVersion"], "Component")]
    component["spec"]["metdata"] = component["spec"].pop("metadata")
    assert not jsonschema.Draft7Validator(schema).is_valid(component)
    component = copy.deepcopy(components()["statestore"])
    component["spec"]["metadata"] = "redisHost=localhost:6379"
    assert not jsonschema.Draft7Validator(schema).is_valid(component)


def test_local_components_are_wired_as_the_services_expect():
    local = components()
    state = local["statestore"]
    assert state["spec"]["type"].startswith("state.")
    assert metadata(state)["actorStateStore"]["value"] == "true"
    assert local["pubsub"]["spec"]["type"].startswith("pubsub.")
    # Unscoped: every app of dapr.yaml shares them.
    assert all(not c.get("scopes") for c in local.values())


def subscribe_list(app_id: str, tmp_path: Path) -> list[dict]:
    """/dapr/subscribe of one service run as dapr.yaml runs it (no TODO_PUBSUB_NAME)."""
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k != "TODO_PUBSUB_NAME"},
        "TODO_JWT_SECRET": "x" * 40,
        "TODO_DAPR_ALLOW_INSECURE": "1",  # no sidecar token here (docs/limits.md)
        "TODO_AUDIT_SQLITE_PATH": str(tmp_path / f"{app_id}-audit.sqlite"),
        "DAPR_HTTP_PORT": str(free_port()),
        "TODO_DAPR_SUBSCRIPTIONS": "programmatic",
    }
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


def test_every_subscription_of_the_local_run_names_a_local_pubsub_component(tmp_path):
    run_file = yaml.safe_load((ROOT / "dapr.yaml").read_text())
    local = components()
    subscribed = 0
    for app in run_file["apps"]:
        assert "TODO_PUBSUB_NAME" not in app.get("env", {}), f"{app['appID']}: the local run has one pub/sub component"
        for subscription in subscribe_list(app["appID"], tmp_path):
            subscribed += 1
            assert subscription["pubsubname"] in local, f"{app['appID']} subscribes through {subscription['pubsubname']}, components/local has {sorted(local)}"
    assert subscribed, "no service of dapr.yaml subscribes to anything"

"""charts/ rendered with the real Helm engine (helm-python-sdk) for the default, monolithic and
OKE values: helm lint (strict), every built-in object through `kubernetes-validate --strict`
for Kubernetes 1.34, every custom resource against ../shared/crds (unknown fields refused),
and the invariants the services rely on (app-id, port and --target agree; scopes name
existing app-ids; no `latest`; every container non-root with limits)."""
from __future__ import annotations

import copy
import os
import subprocess
import sys
from pathlib import Path

import helm_python as helm
import jsonschema
import pytest
import yaml

sys.path.insert(0, str(Path(__file__).parent))
from render import render_objects, values_from  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
CRDS = Path(os.environ.get("TODO_SHARED_DIR", ROOT.parent / "shared")) / "crds"
DIGEST = "sha256:" + "0" * 63 + "1"
VALUE_SETS = {
    "default": ([], []),
    "monolithic": ([ROOT / "charts/todo/values-monolithic.yaml"], []),
    "oke": ([ROOT / "charts/todo/values-oke.yaml"], [f"image.digest={DIGEST}"]),
}
INFRA_CHARTS = ["todo-kafka", "todo-redis", "todo-postgres"]
APP_IDS = {"api-gateway", "tasks-service", "recurring-task-service", "notification-service",
           "audit-service", "websocket-service", "frontend"}


def strict(schema: dict) -> dict:
    """A CRD schema as `kubectl apply --validate=strict` applies it: unknown fields are errors
    unless the schema preserves them."""
    schema = copy.deepcopy(schema)
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if node.get("type") == "object" and "properties" in node \
                    and "additionalProperties" not in node and not node.get("x-kubernetes-preserve-unknown-fields"):
                node["additionalProperties"] = False
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return schema


def crd_schemas() -> dict:
    assert CRDS.is_dir(), f"no CRD schemas at {CRDS}: the project expects ../shared/crds (or set TODO_SHARED_DIR)"
    schemas = {}
    for path in sorted(CRDS.glob("*.yaml")):
        for crd in yaml.safe_load_all(path.read_text()):
            if crd and crd.get("kind") == "CustomResourceDefinition":
                for version in crd["spec"]["versions"]:
                    if version.get("served"):
                        key = (f"{crd['spec']['group']}/{version['name']}", crd["spec"]["names"]["kind"])
                        schemas[key] = strict(version["schema"]["openAPIV3Schema"])
    return schemas


SCHEMAS = crd_schemas()
RENDERED = {name: render_objects(ROOT / "charts/todo", values_from(files, sets)) for name, (files, sets) in VALUE_SETS.items()}
RENDERED.update({chart: render_objects(ROOT / "charts" / chart, {}) for chart in INFRA_CHARTS})


def containers(obj: dict) -> list[dict]:
    spec = obj.get("spec", {}).get("template", {}).get("spec", {})
    return spec.get("containers", []) + spec.get("initContainers", [])


@pytest.mark.parametrize("chart", ["todo", *INFRA_CHARTS])
def test_helm_lint_strict_is_clean(chart):
    report = helm.lint(str(ROOT / "charts" / chart), strict=True, kube_version="v1.34.0")
    problems = [m for m in report["messages"] if m["severity"] >= 2] + report["errors"]
    assert not problems, problems


@pytest.mark.parametrize("name", sorted(RENDERED))
def test_builtin_objects_pass_kubernetes_validate_strict(name, tmp_path):
    builtin = [o for o in RENDERED[name] if (o["apiVersion"], o["kind"]) not in SCHEMAS]
    assert builtin or name in INFRA_CHARTS
    for index, obj in enumerate(builtin):
        path = tmp_path / f"{index}-{obj['kind']}.yaml"
        path.write_text(yaml.safe_dump(obj))
    if not builtin:
        return
    result = subprocess.run(["kubernetes-validate", "--strict", "-k", "1.34.0", "--quiet", *map(str, sorted(tmp_path.glob("*.yaml")))],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("name", sorted(RENDERED))
def test_custom_resources_match_their_crds(name):
    for obj in RENDERED[name]:
        key = (obj["apiVersion"], obj["kind"])
        if key in SCHEMAS:
            # CRD schemas are OpenAPI, not JSON Schema: some patterns (Go's `(?i)` mid-pattern)
            # are not Python regexes, so the schema itself is not meta-validated.
            jsonschema.Draft7Validator(SCHEMAS[key]).validate(obj)
        else:
            assert "." not in obj["apiVersion"].split("/")[0] or obj["apiVersion"].split("/")[0].endswith("k8s.io"), \
                f"{obj['kind']} {obj['apiVersion']}: no CRD schema in {CRDS} to check it against"


def test_the_crd_check_refuses_an_unknown_field():
    component = next(o for o in RENDERED["default"] if o["kind"] == "Component")
    broken = copy.deepcopy(component)
    broken["spec"]["metadatta"] = []
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft7Validator(SCHEMAS[(broken["apiVersion"], broken["kind"])]).validate(broken)


def test_every_app_id_has_a_workload_whose_dapr_id_port_and_target_agree():
    deployments = [o for o in RENDERED["default"] if o["kind"] == "Deployment"]
    seen = set()
    for deployment in deployments:
        annotations = deployment["spec"]["template"]["metadata"].get("annotations", {})
        app_id = annotations["dapr.io/app-id"]
        app = next(c for c in containers(deployment) if "serve" in c.get("args", []))
        args = app["args"]
        assert args[args.index("--target") + 1] == app_id
        assert args[args.index("--runtime") + 1] == "dapr"
        assert annotations["dapr.io/app-port"] == args[args.index("--port") + 1]
        assert int(annotations["dapr.io/app-port"]) in {p["containerPort"] for p in app.get("ports", [])}
        seen.add(app_id)
    assert seen == APP_IDS


def test_monolithic_mode_runs_one_todo_serve_without_dapr():
    deployments = [o for o in RENDERED["monolithic"] if o["kind"] == "Deployment"]
    assert len(deployments) == 1
    annotations = deployments[0]["spec"]["template"]["metadata"].get("annotations", {})
    assert annotations.get("dapr.io/enabled") in (None, "false")
    assert "--target" not in containers(deployments[0])[0].get("args", [])


def test_component_scopes_name_existing_app_ids():
    for name in ("default", "oke"):
        ids = {o["spec"]["template"]["metadata"]["annotations"]["dapr.io/app-id"]
               for o in RENDERED[name] if o["kind"] == "Deployment"}
        for obj in RENDERED[name]:
            if obj["apiVersion"].startswith("dapr.io/") and "scopes" in obj:
                assert set(obj["scopes"]) <= ids, f"{obj['kind']} {obj['metadata']['name']} scopes {obj['scopes']}"


@pytest.mark.parametrize("name", sorted(RENDERED))
def test_no_latest_tags_and_every_container_is_non_root_with_limits(name):
    for obj in RENDERED[name]:
        pod = obj.get("spec", {}).get("template", {}).get("spec", {})
        for container in containers(obj):
            image = container["image"]
            assert not image.endswith(":latest") and ("@sha256:" in image or ":" in image.rsplit("/", 1)[-1]), image
            context = {**pod.get("securityContext", {}), **container.get("securityContext", {})}
            assert context.get("runAsNonRoot") is True, f"{obj['kind']}/{obj['metadata']['name']} {container['name']}"
            assert context.get("allowPrivilegeEscalation") is False
            assert container.get("resources", {}).get("limits", {}).get("memory"), f"{container['name']} has no memory limit"


def test_oke_values_require_a_digest():
    with pytest.raises(helm.HelmError):
        render_objects(ROOT / "charts/todo", values_from([ROOT / "charts/todo/values-oke.yaml"], []))

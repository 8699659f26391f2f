"""The Dapr resources charts/todo renders (the one truth for the cluster: components, Resiliency,
Subscriptions) agree with each other, with the Strimzi resources of charts/todo-kafka, and with
what the real binary serves: every declared Subscription is what the service itself lists on
/dapr/subscribe (pub/sub name, topic, route, dead-letter topic, per app-id), and the actor
types the chart routes state and resiliency for are the ones each service hosts (/dapr/config).

The binary is `.build/debug/todo` (or TODO_BIN), started the way the chart starts it: `todo
serve --target <app-id> --runtime dapr` with the Deployment's own environment. ci/test.sh builds
it before ci/test-deploy.sh runs. The workflow's chart job has no Swift build: it sets
TODO_DEPLOY_WITHOUT_BINARY=1, which skips (never silently) only the tests that need it."""
from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from functools import cache
from pathlib import Path

import jsonschema
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from render import render_objects, values_from  # noqa: E402
from test_chart import RENDERED, ROOT, SCHEMAS, containers  # noqa: E402

TODO_BIN = Path(os.environ.get("TODO_BIN", ROOT / ".build/debug/todo"))
WITHOUT_BINARY = os.environ.get("TODO_DEPLOY_WITHOUT_BINARY") == "1"
needs_binary = pytest.mark.skipif(WITHOUT_BINARY, reason="TODO_DEPLOY_WITHOUT_BINARY=1: the test job (ci/test.sh) runs this against the debug build")

MICROSERVICES = ("default", "oke")
PROGRAMMATIC = render_objects(ROOT / "charts/todo", values_from([], ["dapr.subscriptions=programmatic"]))


def of_kind(name: str, kind: str) -> list[dict]:
    return [o for o in RENDERED[name] if o["kind"] == kind]


def by_name(objects: list[dict]) -> dict[str, dict]:
    named = {o["metadata"]["name"]: o for o in objects}
    assert len(named) == len(objects), "object names must be unique per kind"
    return named


def metadata(component: dict) -> dict[str, dict]:
    return {item["name"]: item for item in component["spec"].get("metadata", [])}


def app_container(deployment: dict) -> dict:
    return next(c for c in containers(deployment) if "serve" in c.get("args", []))


def app_deployments(objects: list[dict]) -> dict[str, dict]:
    """app-id → its Deployment (mode microservices)."""
    return {o["spec"]["template"]["metadata"]["annotations"]["dapr.io/app-id"]: o
            for o in objects if o["kind"] == "Deployment"}


def declared_subscriptions(objects: list[dict]) -> dict[str, set[tuple]]:
    declared: dict[str, set[tuple]] = {}
    for subscription in (o for o in objects if o["kind"] == "Subscription"):
        spec = subscription["spec"]
        for app in subscription["scopes"]:
            declared.setdefault(app, set()).add((spec["pubsubname"], spec["topic"], spec["routes"]["default"], spec.get("deadLetterTopic")))
    return declared


# ---- the resources themselves ----

@pytest.mark.parametrize("name", MICROSERVICES)
def test_every_dapr_resource_is_scoped_to_app_ids_that_have_a_workload(name):
    apps = set(app_deployments(RENDERED[name]))
    for resource in RENDERED[name]:
        if resource["apiVersion"].startswith("dapr.io/") and resource["kind"] != "Configuration":
            scopes = resource.get("scopes") or []
            assert scopes, f"{resource['kind']} {resource['metadata']['name']} is not scoped to app-ids"
            assert set(scopes) <= apps, f"{resource['kind']} {resource['metadata']['name']}: {set(scopes) - apps} has no workload"


@pytest.mark.parametrize("name", MICROSERVICES)
def test_components_are_wired_as_the_architecture_says(name):
    components = by_name(of_kind(name, "Component"))
    deployments = app_deployments(RENDERED[name])
    state = components["statestore"]
    assert state["spec"]["type"] == "state.redis"
    assert metadata(state)["actorStateStore"]["value"] == "true"
    pubsubs = {n: c for n, c in components.items() if c["spec"]["type"] == "pubsub.kafka"}
    assert pubsubs, "no Kafka pub/sub component"
    for component_name, component in pubsubs.items():
        # One component per app-id (its own KafkaUser), named in the app's TODO_PUBSUB_NAME.
        assert len(component["scopes"]) == 1, component["scopes"]
        app = component["scopes"][0]
        env = {e["name"]: e.get("value") for e in app_container(deployments[app]).get("env", [])}
        assert env.get("TODO_PUBSUB_NAME") == component_name, f"{app} publishes to {env.get('TODO_PUBSUB_NAME')}, its component is {component_name}"
        group = metadata(component)["consumerGroup"]["value"]
        if app == "websocket-service":
            assert group == "{podName}", "every websocket replica must see every update"
            assert metadata(component)["initialOffset"]["value"] == "newest"
        else:
            assert group == "{appID}", f"{app}: each service must see every event once"
            assert metadata(component)["initialOffset"]["value"] == "oldest"
        assert metadata(component)["authType"]["value"] == "mtls"
    for component in components.values():
        if any("secretKeyRef" in item for item in component["spec"].get("metadata", [])):
            # The operator resolves these (templates/dapr/components.yaml): only the built-in
            # Kubernetes store can be named, the pods have no API token for any other.
            assert component.get("auth", {}).get("secretStore") == "kubernetes", component["metadata"]["name"]
    # No pod calls the Kubernetes API: no token, the built-in secret store off, no Role.
    for app, deployment in deployments.items():
        pod = deployment["spec"]["template"]
        assert pod["spec"]["automountServiceAccountToken"] is False, app
        assert pod["metadata"]["annotations"]["dapr.io/disable-builtin-k8s-secret-store"] == "true", app
    assert not [o for o in RENDERED[name] if o["kind"] in ("Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding")]
    assert not [c for c in components.values() if c["spec"]["type"].startswith("secretstores.")]


@pytest.mark.parametrize("name", MICROSERVICES)
def test_pubsub_components_reach_the_strimzi_cluster_and_subscriptions_its_topics(name):
    """charts/todo's Kafka settings and charts/todo-kafka (default values) describe the same
    cluster: bootstrap address of its TLS listener, the CA and per-app user Secrets, every topic a
    subscription reads or dead-letters to, and ACLs that allow exactly that."""
    kafka_objects = RENDERED["todo-kafka"]
    kafka = next(o for o in kafka_objects if o["kind"] == "Kafka")
    assert kafka["spec"]["kafka"]["version"] in {"4.2.0", "4.2.1", "4.3.0", "4.3.1"}, "a Kafka version Strimzi 1.2.0 supports"
    listener = next(item for item in kafka["spec"]["kafka"]["listeners"] if item["tls"])
    assert listener["authentication"]["type"] == "tls"
    topics = {o["metadata"]["name"] for o in kafka_objects if o["kind"] == "KafkaTopic"}
    users = by_name([o for o in kafka_objects if o["kind"] == "KafkaUser"])
    components = by_name(of_kind(name, "Component"))
    for component_name, component in components.items():
        if component["spec"]["type"] != "pubsub.kafka":
            continue
        fields = metadata(component)
        assert fields["brokers"]["value"] == f"{kafka['metadata']['name']}-kafka-bootstrap:{listener['port']}"
        assert fields["caCert"]["secretKeyRef"]["name"] == f"{kafka['metadata']['name']}-cluster-ca-cert"
        user = fields["clientCert"]["secretKeyRef"]["name"]
        assert fields["clientKey"]["secretKeyRef"]["name"] == user
        assert user in users, f"{component_name}: no KafkaUser {user} (its Secret holds the certificate)"
    for subscription in of_kind(name, "Subscription"):
        spec = subscription["spec"]
        assert spec["pubsubname"] in components
        component = components[spec["pubsubname"]]
        assert set(subscription["scopes"]) <= set(component["scopes"]), f"{subscription['metadata']['name']}: an app outside its pub/sub component's scopes"
        assert spec["topic"] in topics, f"{spec['topic']} is no KafkaTopic"
        acls = users[metadata(component)["clientCert"]["secretKeyRef"]["name"]]["spec"]["authorization"]["acls"]
        allowed = {(acl["resource"]["type"], acl["resource"]["name"], op) for acl in acls for op in acl["operations"]}
        assert ("topic", spec["topic"], "Read") in allowed, f"{subscription['scopes']} may not read {spec['topic']}"
        if "deadLetterTopic" in spec:
            assert spec["deadLetterTopic"] in topics, f"{spec['deadLetterTopic']} is no KafkaTopic"
            assert ("topic", spec["deadLetterTopic"], "Write") in allowed, f"{subscription['scopes']} may not dead-letter to {spec['deadLetterTopic']}"
        group_acls = [acl for acl in acls if acl["resource"]["type"] == "group" and "Read" in acl["operations"]]
        assert group_acls, f"{subscription['scopes']}: no consumer-group ACL"
        # The group the sidecar joins: the app-id, or the pod name (prefix: the release's Deployment).
        app = subscription["scopes"][0]
        expected = f"todo-{app}" if metadata(component)["consumerGroup"]["value"] == "{podName}" else app
        assert any(acl["resource"]["name"] == expected for acl in group_acls), f"{app}: group ACLs {group_acls}"


@pytest.mark.parametrize("name", MICROSERVICES)
def test_resiliency_targets_name_defined_policies_components_and_hosted_actors(name):
    components = {c["metadata"]["name"] for c in of_kind(name, "Component")}
    hosted = set().union(*hosted_actor_types().values()) if not WITHOUT_BINARY else None
    for resiliency in of_kind(name, "Resiliency"):
        policies = resiliency["spec"]["policies"]
        defined = {kind: set(policies.get(kind, {})) for kind in ("timeouts", "retries", "circuitBreakers")}
        targets = resiliency["spec"]["targets"]
        assert set(targets.get("components", {})) <= components, set(targets.get("components", {})) - components
        if hosted is not None:
            assert set(targets.get("actors", {})) <= hosted, f"actor types no service hosts: {set(targets.get('actors', {})) - hosted}"
        for group in ("apps", "actors", "components"):
            for target_name, target in targets.get(group, {}).items():
                for direction in (target.get("inbound", {}), target.get("outbound", {}), target):
                    for field, kind in (("timeout", "timeouts"), ("retry", "retries"), ("circuitBreaker", "circuitBreakers")):
                        if isinstance(direction.get(field), str):
                            assert direction[field] in defined[kind], f"{group}/{target_name}: {field} {direction[field]} is not defined"
        assert int(policies["retries"]["deliveryRetry"]["maxRetries"]) > 0, \
            "inbound delivery retries must be finite (a failing message holds its partition)"


def test_the_crd_check_refuses_a_typo_in_a_subscription():
    subscription = copy.deepcopy(of_kind("default", "Subscription")[0])
    subscription["spec"]["routes"] = "/events/task-events"
    schema = SCHEMAS[(subscription["apiVersion"], "Subscription")]
    assert not jsonschema.Draft7Validator(schema).is_valid(subscription)


def test_programmatic_mode_renders_no_subscriptions_and_tells_the_apps():
    assert not [o for o in PROGRAMMATIC if o["kind"] == "Subscription"]
    for app, deployment in app_deployments(PROGRAMMATIC).items():
        env = {e["name"]: e.get("value") for e in app_container(deployment).get("env", [])}
        assert env["TODO_DAPR_SUBSCRIPTIONS"] == "programmatic", app


# ---- against the real binary ----

def free_port() -> int:
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def service_environment(deployment: dict, workdir: Path) -> dict[str, str]:
    """The Deployment's literal environment, plus stand-ins for what comes from Secrets (no
    value there changes which subscriptions or actors a service has)."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(workdir)}
    for item in app_container(deployment).get("env", []):
        if "value" in item:
            env[item["name"]] = item["value"]
    env.update({
        "TODO_JWT_SECRET": "x" * 40,
        "TODO_DAPR_ALLOW_INSECURE": "1",  # no sidecar token here (docs/limits.md)
        "DAPR_HTTP_PORT": str(free_port()),  # nothing listens: these routes need no sidecar
        "TODO_DATA_DIR": str(workdir),
    })
    env.pop("TODO_AUDIT_POSTGRES_URL", None)
    env["TODO_AUDIT_SQLITE_PATH"] = str(workdir / "audit.sqlite")
    env.pop("OTEL_EXPORTER_OTLP_ENDPOINT", None)
    return env


def ask_service(deployment: dict, paths: list[str], overrides: dict[str, str] | None = None) -> dict[str, object]:
    """Starts `todo serve` with the Deployment's args (its port replaced by a free one) and
    environment, and returns the JSON of each path."""
    args = list(app_container(deployment)["args"])
    port = free_port()
    args[args.index("--port") + 1] = str(port)
    args[args.index("--host") + 1] = "127.0.0.1"
    with tempfile.TemporaryDirectory(prefix="todo-deploy-") as directory:
        workdir = Path(directory)
        env = {**service_environment(deployment, workdir), **(overrides or {})}
        with open(workdir / "serve.log", "w+") as log:
            process = subprocess.Popen([str(TODO_BIN), *args], env=env, cwd=workdir, stdout=log, stderr=subprocess.STDOUT)
            try:
                answers: dict[str, object] = {}
                deadline = time.monotonic() + 60
                for path in paths:
                    while True:
                        try:
                            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2) as response:
                                answers[path] = json.loads(response.read())
                                break
                        except urllib.error.HTTPError as error:
                            # As daprd reads it: no route means no subscriptions, no actors.
                            if error.code == 404:
                                answers[path] = None
                                break
                            raise AssertionError(f"{' '.join(args)}: {path} answered {error.code}")
                        except OSError:
                            if process.poll() is not None or time.monotonic() > deadline:
                                log.seek(0)
                                raise AssertionError(f"{' '.join(args)}: no answer on {path}\n{log.read()[-2000:]}")
                            time.sleep(0.1)
                return answers
            finally:
                process.terminate()
                process.wait(timeout=20)


@cache
def served_apps() -> tuple[str, ...]:
    """The app-ids `todo serve --target` knows, from its own error message."""
    assert TODO_BIN.is_file(), f"no binary at {TODO_BIN}: build it first (swift build), or set TODO_BIN"
    result = subprocess.run([str(TODO_BIN), "serve", "--target", "nonexistent"], capture_output=True, text=True, timeout=60)
    text = result.stderr + result.stdout
    assert "the services are: all, " in text, text
    listed = text.split("the services are: all, ", 1)[1].splitlines()[0]
    return tuple(name.strip() for name in listed.split(",") if name.strip())


@cache
def hosted_actor_types() -> dict[str, frozenset[str]]:
    """app-id → the actor types it registers on /dapr/config, for every app the binary serves
    and the chart deploys."""
    deployments = app_deployments(RENDERED["default"])
    return {app: frozenset((ask_service(deployments[app], ["/dapr/config"])["/dapr/config"] or {}).get("entities", []))
            for app in served_apps() if app in deployments}


@needs_binary
def test_every_service_the_binary_serves_has_a_workload():
    deployments = app_deployments(RENDERED["default"])
    missing = set(served_apps()) - set(deployments)
    assert not missing, f"the binary serves {missing}, the chart deploys no workload for them"


@needs_binary
@pytest.mark.parametrize("values", ["declarative", "programmatic"])
def test_declared_subscriptions_match_what_each_service_serves(values):
    """Declarative (the default): the chart's Subscriptions are exactly what each service lists
    when asked to list its own, and, run as the chart runs it, it lists none (no topic subscribed
    twice). Programmatic: no Subscriptions, and each service lists its own through its pub/sub
    component."""
    objects = RENDERED["default"] if values == "declarative" else PROGRAMMATIC
    declared = declared_subscriptions(RENDERED["default"])
    deployments = app_deployments(objects)
    apps = served_apps()
    for app in set(declared) - set(apps):
        pytest.fail(f"the chart declares subscriptions for {app}, which the binary does not serve")
    for app in apps:
        if app not in deployments:
            continue
        own = {(s["pubsubname"], s["topic"], s["routes"]["default"], s.get("deadLetterTopic"))
               for s in ask_service(deployments[app], ["/dapr/subscribe"], {"TODO_DAPR_SUBSCRIPTIONS": "programmatic"})["/dapr/subscribe"] or []}
        assert own == declared.get(app, set()), f"{app}: serves {own}, the chart declares {declared.get(app, set())}"
        as_deployed = ask_service(deployments[app], ["/dapr/subscribe"])["/dapr/subscribe"] or []
        if values == "declarative":
            assert as_deployed == [], f"{app} lists subscriptions although the chart declares them"
        else:
            assert {(s["pubsubname"], s["topic"], s["routes"]["default"], s.get("deadLetterTopic")) for s in as_deployed} == own


@needs_binary
def test_the_actor_state_store_is_scoped_to_exactly_the_services_that_host_actors():
    hosted = hosted_actor_types()
    hosts = {app for app, types in hosted.items() if types}
    assert hosts, "no service hosts actors"
    statestore = by_name(of_kind("default", "Component"))["statestore"]
    assert set(statestore["scopes"]) == hosts, f"statestore scopes {statestore['scopes']}, actor hosts {sorted(hosts)}"
    # Each actor type has one home: Dapr places an actor on any app that registers its type.
    seen: dict[str, str] = {}
    for app, types in hosted.items():
        for actor_type in types:
            assert actor_type not in seen, f"{actor_type} is hosted by {seen[actor_type]} and {app}"
            seen[actor_type] = app

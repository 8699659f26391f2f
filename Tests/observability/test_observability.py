"""Observability end to end: a real Prometheus (Debian's) scrapes `todo serve` (embedded) and
an api-gateway + tasks-service pair behind fake Dapr sidecars during a walkthrough (signup,
create, complete, reminder, chat, socket); the test reads back through Prometheus' HTTP API
every series the dashboards and alerts use (taken from charts/todo/dashboards/*.json and
charts/todo/rules/*.yaml), runs every panel's query on the live server, checks the rules
with promtool, reads the JSON log lines and the spans an OTLP receiver got."""
from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import time
import urllib.parse
import urllib.request
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml
from websockets.sync.client import connect

from otlp_receiver import OTLPReceiver
from todo_server import TodoServer, free_port, http_call, todo_binary

ROOT = Path(__file__).resolve().parents[2]
CHART = ROOT / "charts" / "todo"
RULES = sorted((CHART / "rules").glob("*.rules.yaml"))
RULE_TESTS = sorted((CHART / "rules").glob("*.rules.test.yaml"))
DASHBOARDS = sorted((CHART / "dashboards").glob("*.json"))
JWT_SECRET = "observability-test-secret-of-at-least-32-bytes"
PASSWORD = "correct horse battery staple"
SECRET_TITLE = "Buy the surprise present for Dana"
SERIES = re.compile(r"\b(todo:[a-z0-9_:]+|todo_[a-z0-9_]+|process_[a-z0-9_]+)")
# Grafana's variables, as an operator's default selection expands them.
GRAFANA_VARIABLES = {"$__rate_interval": "1m", "$__interval": "15s", "$__range": "1h", "$service": ".*"}


def new_trace_id() -> str:
    return secrets.token_hex(16)


def traceparent(trace_id: str) -> str:
    return f"00-{trace_id}-{secrets.token_hex(8)}-01"


def eventually(check, timeout: float = 30.0, interval: float = 0.25):
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(interval)


# -- what the dashboards and rules use ------------------------------------------------------

def panel_queries() -> list[tuple[str, str, str]]:
    """(dashboard, panel title, PromQL with Grafana's variables expanded) for every target."""
    queries = []
    for path in DASHBOARDS:
        dashboard = json.loads(path.read_text())
        for panel in dashboard["panels"]:
            for target in panel.get("targets", []):
                expr = target["expr"]
                for variable, value in GRAFANA_VARIABLES.items():
                    expr = expr.replace(variable, value)
                assert "$" not in expr, f"{path.name}: {panel['title']}: unexpanded variable in {expr}"
                queries.append((path.name, panel["title"], expr))
    return queries


def rule_expressions() -> list[tuple[str, str]]:
    expressions = []
    for path in RULES:
        for group in yaml.safe_load(path.read_text())["groups"]:
            for rule in group["rules"]:
                expressions.append((rule.get("alert") or rule["record"], rule["expr"]))
    return expressions


def used_series() -> set[str]:
    names = set()
    for _, _, expr in panel_queries():
        names.update(SERIES.findall(expr))
    for _, expr in rule_expressions():
        names.update(SERIES.findall(expr))
    return names


# -- Prometheus -----------------------------------------------------------------------------

class Prometheus:
    """Debian's prometheus on a free loopback port, scraping the given targets every second
    and evaluating the chart's rule files."""

    def __init__(self, tmp: Path, targets: dict[str, str]):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.tmp = tmp
        config = {
            "global": {"scrape_interval": "1s", "evaluation_interval": "1s"},
            "rule_files": [str(path) for path in RULES],
            "scrape_configs": [
                {"job_name": job, "metrics_path": "/metrics", "static_configs": [{"targets": [target], "labels": {"job": job}}]}
                for job, target in targets.items()
            ],
        }
        (tmp / "prometheus.yml").write_text(yaml.safe_dump(config))

    def __enter__(self) -> "Prometheus":
        binary = shutil.which("prometheus") or "/usr/bin/prometheus"
        self.log = open(self.tmp / "prometheus.log", "w")
        self.process = subprocess.Popen([
            binary, f"--config.file={self.tmp / 'prometheus.yml'}", f"--storage.tsdb.path={self.tmp / 'tsdb'}",
            f"--web.listen-address=127.0.0.1:{self.port}", "--web.enable-lifecycle",
        ], stdout=self.log, stderr=subprocess.STDOUT)
        ready = eventually(self._ready, timeout=30)
        assert ready, (self.tmp / "prometheus.log").read_text()[-3000:]
        return self

    def _ready(self) -> bool:
        try:
            with urllib.request.urlopen(self.base + "/-/ready", timeout=1) as response:
                return response.status == 200
        except OSError:
            return False

    def __exit__(self, *exc) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()

    def api(self, path: str, **params) -> dict:
        url = f"{self.base}/api/v1/{path}?" + urllib.parse.urlencode(params, doseq=True)
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as error:
            return json.loads(error.read())

    def series(self, name: str) -> list[dict]:
        return self.api("series", **{"match[]": f'{{__name__="{name}"}}'}).get("data", [])

    def query(self, expr: str) -> dict:
        return self.api("query", query=expr)

    def targets_up(self) -> bool:
        active = self.api("targets").get("data", {}).get("activeTargets", [])
        return bool(active) and all(target["health"] == "up" for target in active)


# -- processes behind fake Dapr sidecars ------------------------------------------------------

# Every service behind its own fake sidecar, as Tests/python/test_distributed.py's
# `deployment` runs them, with what each needs beyond the common environment.
DAPR_SERVICES = ("tasks-service", "recurring-task-service", "audit-service", "notification-service", "websocket-service", "api-gateway")
DAPR_EXTRA_ENV = {
    "websocket-service": {"TODO_PUBSUB_NAME": "pubsub-broadcast"},
    "notification-service": {"TODO_NOTIFY_ALLOW_PRIVATE_WEBHOOKS": "1"},
}


class DaprApp:
    def __init__(self, mesh, app_id: str, tmp: Path, otlp: str):
        self.app_id = app_id
        self.port = free_port()
        self.sidecar = mesh.add(app_id, self.port)
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = tmp / f"{app_id}.log"
        self.env = {
            **os.environ, "DAPR_HTTP_PORT": str(self.sidecar.port), "TODO_JWT_SECRET": JWT_SECRET,
            "TODO_DAPR_ALLOW_INSECURE": "1",  # the fake sidecar sends no app token (docs/limits.md)
            "TODO_SCRYPT_LOG_N": "10", "TODO_RATE_LIMIT": "100000", "TODO_LOG_LEVEL": "debug",
            "OTEL_EXPORTER_OTLP_ENDPOINT": otlp, "OTEL_BSP_SCHEDULE_DELAY": "200",
            "TODO_AUDIT_SQLITE_PATH": str(tmp / "audit.sqlite"),
            **DAPR_EXTRA_ENV.get(app_id, {}),
        }

    def start(self) -> "DaprApp":
        self.log = open(self.log_path, "w")
        # No --log-format: behind Dapr the default is JSON.
        self.process = subprocess.Popen([todo_binary(), "serve", "--target", self.app_id, "--runtime", "dapr", "--port", str(self.port)],
                                        env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        def ready():
            assert self.process.poll() is None, self.log_path.read_text()[-3000:]
            try:
                with urllib.request.urlopen(self.base + "/readyz", timeout=1):
                    return True
            except OSError:
                return False
        assert eventually(ready, timeout=30), self.log_path.read_text()[-3000:]
        return self

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()


# -- the walkthrough --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    from dapr_fake_mesh import FakeDaprMesh

    tmp = tmp_path_factory.mktemp("observability")
    with OTLPReceiver() as otlp:
        env = {
            "TODO_JWT_SECRET": JWT_SECRET,
            "OTEL_EXPORTER_OTLP_ENDPOINT": otlp.endpoint,
            # Export batches every 200 ms, so the test need not wait 5 s for spans.
            "OTEL_BSP_SCHEDULE_DELAY": "200",
        }
        mesh = FakeDaprMesh(duplicates=1)
        apps = {}
        try:
            with TodoServer("--log-format", "json", "--log-level", "debug", "--idle-timeout", "2", env=env, data_dir=str(tmp / "embedded")) as server:
                for app_id in DAPR_SERVICES:
                    apps[app_id] = DaprApp(mesh, app_id, tmp, otlp.endpoint).start()
                for app_id in DAPR_SERVICES:
                    mesh.connect(app_id)
                targets = {"todo": f"127.0.0.1:{server.port}", **{app_id: f"127.0.0.1:{app.port}" for app_id, app in apps.items()}}
                with Prometheus(tmp, targets) as prometheus:
                    assert eventually(prometheus.targets_up, timeout=30), prometheus.api("targets")
                    facts = walkthrough(server, apps)
                    yield {"server": server, "apps": apps, "prometheus": prometheus, "otlp": otlp, **facts}
        finally:
            for app in apps.values():
                app.stop()
            mesh.stop()


def walkthrough(server: TodoServer, dapr_apps: dict) -> dict:
    dapr_gateway = dapr_apps["api-gateway"]
    # Sign up and log in.
    status, _, account = server.call("POST", "/api/v1/auth/signup", {"email": "operator@example.com", "password": PASSWORD})
    assert status == 201, account
    token = account["token"]

    # A socket open through the rest of the walkthrough.
    socket = connect(server.base.replace("http://", "ws://") + "/ws", additional_headers={"Authorization": f"Bearer {token}"}, open_timeout=10)
    first = json.loads(socket.recv(timeout=10))
    assert first.get("type") == "ready", first

    # One traced request: its trace must reach the actor turn, the store commit and the
    # event consumers (audit, recurrence, websocket).
    trace_id = new_trace_id()
    remind_at = (datetime.now(timezone.utc) + timedelta(seconds=3)).replace(microsecond=0)
    status, _, task = server.call("POST", "/api/v1/tasks", {
        "title": SECRET_TITLE,
        "due": (remind_at + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "reminders": [{"id": "r1", "at": remind_at.strftime("%Y-%m-%dT%H:%M:%SZ")}],
    }, token=token, headers={"traceparent": traceparent(trace_id)})
    assert status == 201, task
    update = json.loads(socket.recv(timeout=10))
    assert update.get("taskId") == task["id"], update

    status, _, other = server.call("POST", "/api/v1/tasks", {"title": "Water the plants"}, token=token)
    assert status == 201, other
    status, _, done = server.call("POST", f"/api/v1/tasks/{other['id']}/complete", token=token)
    assert status == 200 and done["status"] == "completed", done

    status, _, reply = server.call("POST", "/api/v1/chat", {"message": "add call the dentist tomorrow at 9am"}, token=token)
    assert status == 200, reply
    # A request no route matches, and one refused without a token: 4xx series.
    assert server.call("GET", "/api/v1/nothing-here", token=token)[0] == 404
    assert server.call("GET", "/api/v1/tasks")[0] == 401

    # The reminder fires (in-app), and the idle actors are collected.
    def metrics_text() -> str:
        with urllib.request.urlopen(server.base + "/metrics", timeout=5) as response:
            return response.read().decode()
    assert eventually(lambda: "todo_actor_reminders_fired_total{" in metrics_text(), timeout=30), metrics_text()
    assert eventually(lambda: "todo_actor_deactivations_total{" in metrics_text(), timeout=30)

    # Behind the fake sidecars: sign up and create a task through the api-gateway, traced.
    dapr_trace_id = new_trace_id()
    status, _, dapr_account = http_call(dapr_gateway.base, "POST", "/api/v1/auth/signup", {"email": "mesh-operator@example.com", "password": PASSWORD}, headers={"traceparent": traceparent(dapr_trace_id)})
    assert status == 201, dapr_account
    # A socket on the websocket-service, so the task's update has somewhere to go, then one
    # REST create through the gateway, traced: one trace from the gateway to the consumers.
    live = dapr_apps["websocket-service"].base.replace("http://", "ws://")
    dapr_socket = connect(live + "/ws", additional_headers={"Authorization": f"Bearer {dapr_account['token']}"}, open_timeout=10)
    assert json.loads(dapr_socket.recv(timeout=10)).get("type") == "ready"
    dapr_create_trace_id = new_trace_id()
    status, _, dapr_task = http_call(dapr_gateway.base, "POST", "/api/v1/tasks", {"title": SECRET_TITLE}, token=dapr_account["token"],
                                     headers={"traceparent": traceparent(dapr_create_trace_id)})
    assert status == 201, dapr_task
    update = json.loads(dapr_socket.recv(timeout=15))
    assert update.get("taskId") == dapr_task["id"], update
    # A path no route matches behind Dapr too: counted as route="unmatched".
    assert http_call(dapr_gateway.base, "GET", "/no/such/route")[0] == 404

    return {"token": token, "socket": socket, "dapr_socket": dapr_socket, "trace_id": trace_id, "dapr_trace_id": dapr_trace_id,
            "dapr_create_trace_id": dapr_create_trace_id, "task": task, "dapr_task": dapr_task}


# -- the tests --------------------------------------------------------------------------------

def test_promtool_checks_and_unit_tests_every_alert():
    promtool = shutil.which("promtool") or "/usr/bin/promtool"
    check = subprocess.run([promtool, "check", "rules", *map(str, RULES)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert RULE_TESTS, "no promtool unit tests"
    run = subprocess.run([promtool, "test", "rules", *map(str, RULE_TESTS)], capture_output=True, text=True, cwd=CHART / "rules")
    assert run.returncode == 0, run.stdout + run.stderr
    # Every alert has a test where it fires and one where it does not (resolved).
    tested = {"fires": set(), "quiet": set()}
    for path in RULE_TESTS:
        for test in yaml.safe_load(path.read_text())["tests"]:
            for case in test.get("alert_rule_test", []):
                tested["fires" if case.get("exp_alerts") else "quiet"].add(case["alertname"])
    alerts = {name for name, _ in rule_expressions() if not name.startswith("todo:")}
    assert alerts and alerts <= tested["fires"], alerts - tested["fires"]
    assert alerts <= tested["quiet"], alerts - tested["quiet"]


def test_every_series_of_the_dashboards_and_alerts_is_scraped(stack):
    prometheus: Prometheus = stack["prometheus"]
    wanted = used_series()
    assert len(wanted) > 30, wanted

    def missing() -> list[str]:
        return sorted(name for name in wanted if not prometheus.series(name))
    eventually(lambda: not missing(), timeout=45, interval=1)
    assert missing() == [], f"series the dashboards or alerts use but Prometheus never saw: {missing()}"

    # Low-cardinality labels: no label value is a raw path with ids, or a user's address.
    for name in ["todo_http_requests_total", "todo_actor_turns_total", "todo_event_deliveries_total"]:
        for series in prometheus.series(name):
            for key, value in series.items():
                assert "@" not in value and not re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-", value), (name, key, value)
    routes = {series["route"] for series in prometheus.series("todo_http_requests_total")}
    assert "/api/v1/tasks/{taskId}/complete" in routes, routes
    services = {series["service"] for series in prometheus.series("todo_http_requests_total")}
    assert {"api-gateway", "tasks-service"} <= services, services


def test_every_panel_and_rule_query_runs_on_the_live_prometheus(stack):
    prometheus: Prometheus = stack["prometheus"]
    failures = []
    answered = 0
    for dashboard, title, expr in panel_queries():
        result = prometheus.query(expr)
        if result.get("status") != "success":
            failures.append((dashboard, title, expr, result.get("error")))
        elif result["data"]["result"]:
            answered += 1
    for name, expr in rule_expressions():
        result = prometheus.query(expr)
        if result.get("status") != "success":
            failures.append(("rules", name, expr, result.get("error")))
    assert failures == []
    # Most panels show data after the walkthrough (some only on failures, e.g. dead letters).
    assert answered >= len(panel_queries()) * 0.6, answered
    # The rules loaded and evaluate without errors.
    groups = prometheus.api("rules")["data"]["groups"]
    assert {group["name"] for group in groups} >= {"todo-slo-recording", "todo-slo-alerts", "todo-runtime-alerts"}
    assert all(rule["health"] == "ok" for group in groups for rule in group["rules"]), groups
    # A dashboard panel's value, read through the API: the open socket.
    sockets = prometheus.query("sum(todo_ws_open_sockets)")["data"]["result"]
    assert sockets and float(sockets[0]["value"][1]) >= 1, sockets


def test_json_log_lines_parse_carry_trace_ids_and_hide_secrets(stack):
    server: TodoServer = stack["server"]
    lines = (Path(server.data_dir) / "serve.log").read_text().splitlines()
    records = []
    for line in lines:
        if line.startswith("todo: ready on"):
            continue  # the one stdout line
        records.append(json.loads(line))
    assert records, lines
    assert all({"time", "level", "component", "msg"} <= record.keys() for record in records)
    components = {record["component"] for record in records}
    assert {"todo.runtime", "todo.gateway"} <= components or "todo.runtime" in components, components
    traced = [record for record in records if record.get("trace_id") == stack["trace_id"]]
    assert traced, "no log line of the traced request carries its trace id"
    assert all(re.fullmatch(r"[0-9a-f]{16}", record["span_id"]) for record in traced)
    # At info and above: no password, token or task title.
    for record in records:
        if record["level"] in {"info", "notice", "warning", "error", "critical"}:
            text = json.dumps(record)
            assert PASSWORD not in text and stack["token"] not in text and SECRET_TITLE not in text, record

    # Behind Dapr the default format is JSON too.
    dapr_lines = stack["apps"]["api-gateway"].log_path.read_text().splitlines()
    dapr_records = [json.loads(line) for line in dapr_lines if not line.startswith("todo: ready on")]
    assert dapr_records and all(record["component"].startswith("todo.") for record in dapr_records)


def test_a_traced_request_yields_one_trace_through_the_gateway_and_the_consumers(stack):
    otlp: OTLPReceiver = stack["otlp"]
    trace_id = stack["trace_id"]

    def spans():
        found = otlp.of_trace(trace_id)
        names = {span.name for span in found}
        wanted = any(name.startswith("deliver task-events") for name in names) and any(name.startswith("deliver task-updates") for name in names)
        return found if wanted else None
    found = eventually(spans, timeout=30) or otlp.of_trace(trace_id)
    names = sorted({span.name for span in found})
    assert any(span.kind == 2 and "/api/v1/tasks" in span.name for span in found), names  # SERVER
    assert any(name.startswith("TaskActor/") for name in names), names
    assert "store commit" in names, names
    assert any(name == "deliver task-events" for name in names), names
    assert any(name == "deliver task-updates" for name in names), names
    # One tree: every span's parent is in the trace, except the root's (the caller's span).
    ids = {span.span_id for span in found}
    roots = [span for span in found if span.parent_span_id not in ids]
    assert len(roots) == 1 and roots[0].kind == 2, [(span.name, span.parent_span_id) for span in roots]


def test_behind_dapr_the_trace_crosses_the_sidecar_and_sidecar_calls_are_measured(stack):
    otlp: OTLPReceiver = stack["otlp"]
    prometheus: Prometheus = stack["prometheus"]

    def services():
        found = otlp.of_trace(stack["dapr_trace_id"])
        return {span.service for span in found} >= {"api-gateway", "tasks-service"} and found
    found = eventually(services, timeout=30) or otlp.of_trace(stack["dapr_trace_id"])
    by_service = {}
    for span in found:
        by_service.setdefault(span.service, set()).add(span.name)
    assert any(name.startswith("dapr ") for name in by_service.get("api-gateway", ())), by_service
    # The sidecar span's operation is the call's kind, never the actor id in it.
    assert "dapr invoke" in by_service["api-gateway"], by_service

    calls = prometheus.query('sum by (job, operation) (todo_sidecar_call_duration_seconds_count)')["data"]["result"]
    jobs = {sample["metric"]["job"] for sample in calls}
    assert {"api-gateway", "tasks-service"} <= jobs, calls
    operations = {sample["metric"]["operation"] for sample in calls}
    assert operations and all("/" not in op and "@" not in op for op in operations), operations


# Found the double traceparent: AsyncHTTPClient traced the sidecar calls itself next to
# DaprSidecarClient's own header, so daprd got two and the tasks-service started a new trace.
def test_behind_dapr_one_rest_create_is_one_trace_from_the_gateway_to_the_consumers(stack):
    """The gateway's server span, its `dapr invoke` call, the tasks-service's actor turn and the
    audit and websocket consumers' deliveries, each in its own process behind its own sidecar,
    in one trace and one tree: the fake mesh forwards `traceparent` on actor calls and stamps
    the publish request's context on the CloudEvent and the delivery, as daprd does."""
    otlp: OTLPReceiver = stack["otlp"]
    trace_id = stack["dapr_create_trace_id"]

    def complete():
        found = otlp.of_trace(trace_id)
        names = {(span.service, span.name) for span in found}
        wanted = {("audit-service", "deliver task-events"), ("websocket-service", "deliver task-updates")}
        return found if wanted <= names else None
    found = eventually(complete, timeout=30) or otlp.of_trace(trace_id)
    by_service: dict[str, set[str]] = {}
    for span in found:
        by_service.setdefault(span.service, set()).add(span.name)
    gateway = [span for span in found if span.service == "api-gateway"]
    assert any(span.kind == 2 and span.name == "/api/v1/tasks" for span in gateway), by_service  # SERVER
    assert any(span.kind == 3 and span.name == "dapr invoke" for span in gateway), by_service  # CLIENT
    assert any(name.startswith("TaskActor/") for name in by_service.get("tasks-service", ())), by_service
    assert "deliver task-events" in by_service.get("audit-service", ()), by_service
    assert "deliver task-updates" in by_service.get("websocket-service", ()), by_service
    # One tree: every span's parent is in the trace, but the root's (the caller's span), and
    # the root is the gateway's server span.
    ids = {span.span_id for span in found}
    roots = [span for span in found if span.parent_span_id not in ids]
    assert len(roots) == 1, [(span.service, span.name, span.parent_span_id) for span in roots]
    assert roots[0].service == "api-gateway" and roots[0].kind == 2, roots
    # The actor turn is under the tasks-service's server span for daprd's call, which is
    # under the gateway's `dapr invoke`.
    by_id = {span.span_id: span for span in found}
    turn = next(span for span in found if span.service == "tasks-service" and span.name.startswith("TaskActor/"))
    chain = []
    node = turn
    while node.parent_span_id in by_id:
        node = by_id[node.parent_span_id]
        chain.append((node.service, node.name))
    assert ("api-gateway", "dapr invoke") in chain, chain


def test_unmatched_paths_and_websocket_upgrades_are_counted_with_bounded_routes(stack):
    prometheus: Prometheus = stack["prometheus"]

    def samples(expr: str) -> list[dict]:
        return prometheus.query(expr)["data"]["result"]
    # The walkthrough asked for unknown paths on `todo serve` and on the api-gateway.
    unmatched = eventually(lambda: len({s["metric"]["job"] for s in samples('todo_http_requests_total{route="unmatched",code="404"}')}) >= 2
                           and samples('todo_http_requests_total{route="unmatched",code="404"}'), timeout=15)
    assert {s["metric"]["job"] for s in unmatched} >= {"todo", "api-gateway"}, unmatched
    assert eventually(lambda: samples('todo_http_request_duration_seconds_count{route="unmatched"}'), timeout=15)
    # Sockets were opened on `todo serve` and on the websocket-service: 101 on route /ws.
    upgrades = eventually(lambda: len({s["metric"]["job"] for s in samples('todo_http_requests_total{route="/ws",code="101"}')}) >= 2
                          and samples('todo_http_requests_total{route="/ws",code="101"}'), timeout=15)
    assert {s["metric"]["job"] for s in upgrades} >= {"todo", "websocket-service"}, upgrades
    assert all(s["metric"]["service"] == "websocket-service" and s["metric"]["method"] == "GET" for s in upgrades), upgrades
    # Whatever paths were asked for, the route label has only templates and `unmatched`.
    routes = {series["route"] for series in prometheus.series("todo_http_requests_total")}
    assert routes and all(route == "unmatched" or route.startswith("/") for route in routes), routes
    assert not any("nothing-here" in route or "no/such" in route for route in routes), routes


def test_behind_dapr_a_delivery_without_a_traceparent_header_continues_the_cloudevents_attribute(stack):
    """A runtime that sends no `traceparent` header with a delivery (tracing off between the
    brokers, an older daprd): the consumer's span continues the CloudEvent's `traceparent`,
    or Dapr's older `traceid`, as its parent."""
    otlp: OTLPReceiver = stack["otlp"]
    audit = stack["apps"]["audit-service"]
    for attribute in ("traceparent", "traceid"):
        trace_id, parent = new_trace_id(), secrets.token_hex(8)
        event = {
            "specversion": "1.0", "id": secrets.token_hex(16), "source": "tasks-service", "type": "com.dapr.event.sent",
            "datacontenttype": "application/json", "topic": "task-events", "pubsubname": "pubsub",
            attribute: f"00-{trace_id}-{parent}-01", "data": {"unexpected": True},
        }
        request = urllib.request.Request(audit.base + "/events/task-events", data=json.dumps(event).encode(), method="POST",
                                         headers={"Content-Type": "application/cloudevents+json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200
        found = eventually(lambda: [s for s in otlp.of_trace(trace_id) if s.name == "deliver task-events"], timeout=15)
        assert found and found[0].service == "audit-service" and found[0].parent_span_id == parent, (attribute, found)
        assert found[0].kind == 5  # CONSUMER

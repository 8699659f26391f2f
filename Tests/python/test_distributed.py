"""The services as separate processes, each `todo serve --target <app-id> --runtime dapr`
next to its own fake sidecar, joined by a fake Dapr mesh (placement, pub/sub with every
event delivered twice, reminders that fire by themselves). Effects must still happen exactly
once, and a `kill -9` of a service loses nothing."""
import datetime
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from dapr_fake_mesh import FakeDaprMesh
from test_fanout import Socket
from test_notifications import SECRET, WebhookSink, verify_signature, webhook_receiver  # noqa: F401 (fixture)
from todo_server import free_port, http_call, todo_binary

JWT_SECRET = "distributed-test-secret-of-at-least-32-bytes"


class App:
    def __init__(self, mesh: FakeDaprMesh, app_id: str, tmp: Path, env: dict | None = None):
        self.app_id = app_id
        self.port = free_port()
        self.sidecar = mesh.add(app_id, self.port)
        self.tmp = tmp
        self.env = {
            **os.environ,
            "DAPR_HTTP_PORT": str(self.sidecar.port),
            "TODO_JWT_SECRET": JWT_SECRET,
            # The fake sidecars send no app token: development mode (docs/limits.md).
            "TODO_DAPR_ALLOW_INSECURE": "1",
            "TODO_SCRYPT_LOG_N": "10",
            "TODO_RATE_LIMIT": "100000",
            "TODO_AUDIT_SQLITE_PATH": str(tmp / "audit.sqlite"),
            **(env or {}),
        }
        self.process = None
        self.base = f"http://127.0.0.1:{self.port}"

    def start(self) -> "App":
        self.log = open(self.tmp / f"{self.app_id}.log", "a")
        self.process = subprocess.Popen(
            [todo_binary(), "serve", "--target", self.app_id, "--runtime", "dapr", "--port", str(self.port)],
            env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(self.base + "/readyz", timeout=1):
                    return self
            except (OSError, urllib.error.HTTPError):
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"{self.app_id} did not start: " + (self.tmp / f"{self.app_id}.log").read_text()[-3000:])
                time.sleep(0.1)

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()

    def call(self, method: str, path: str, body=None, token: str | None = None):
        status, _, reply = http_call(self.base, method, path, body, token)
        return status, reply


def eventually(check, timeout: float = 30.0, message: str = ""):
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            assert result, message or "condition not met in time"
            return result
        time.sleep(0.1)


@pytest.fixture
def deployment(tmp_path):
    mesh = FakeDaprMesh(duplicates=2)
    extra = {
        "websocket-service": {"TODO_PUBSUB_NAME": "pubsub-broadcast"},
        "notification-service": {"TODO_NOTIFY_ALLOW_PRIVATE_WEBHOOKS": "1"},
    }
    services = ("tasks-service", "recurring-task-service", "audit-service", "notification-service", "websocket-service", "api-gateway")
    apps = {app_id: App(mesh, app_id, tmp_path, extra.get(app_id)) for app_id in services}
    try:
        for app in apps.values():
            app.start()
        for app_id in apps:
            mesh.connect(app_id)
        yield mesh, apps
    finally:
        for app in apps.values():
            app.stop()
        mesh.stop()


def audit(apps, token, **query):
    path = "/api/v1/audit?" + "&".join(f"{k}={v}" for k, v in query.items())
    status, body = apps["audit-service"].call("GET", path, token=token)
    assert status == 200, body
    return body["items"]


def test_exactly_once_effects_across_services_with_duplicate_deliveries_and_a_crash(deployment, webhook_receiver):
    mesh, apps = deployment
    gateway, tasks = apps["api-gateway"], apps["tasks-service"]
    status, account = gateway.call("POST", "/api/v1/auth/signup", {"email": "mesh@example.com", "password": "correct horse battery", "timeZone": "Europe/Berlin"})
    assert status == 201, account
    token = account["token"]
    WebhookSink.failures = 1
    status, saved = apps["notification-service"].call("PUT", "/api/v1/notifications/preferences", {
        "channels": {"inApp": True, "webhook": True}, "webhook": {"url": webhook_receiver, "secret": SECRET},
    }, token=token)
    assert status == 200, saved
    socket = Socket(apps["websocket-service"], token)

    soon = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=2)).isoformat(timespec="seconds")
    status, task = gateway.call("POST", "/api/v1/tasks", {
        "title": "Water the plants", "due": "2031-01-06T08:00:00", "timeZone": "Europe/Berlin",
        "recurrence": {"rrule": "FREQ=WEEKLY;BYDAY=MO", "anchor": "schedule"},
    }, token=token)
    assert status == 201, task
    status, call = gateway.call("POST", "/api/v1/tasks", {"title": "Call the landlord", "reminders": [{"at": soon}]}, token=token)
    assert status == 201, call
    status, done = gateway.call("POST", f"/api/v1/tasks/{task['id']}/complete", token=token)
    assert status == 200, done

    # Each change reached the audit once, although every event was delivered twice.
    def trail():
        items = audit(apps, token, limit=100)
        series = [item for item in items if item["taskId"] != call["id"]]
        kinds = sorted((item["taskId"] == task["id"], item["type"]) for item in series)
        return series if kinds == [(False, "created"), (True, "completed"), (True, "created")] else None

    items = eventually(trail, message="audit records of create, complete and the next occurrence")
    event_ids = [item["id"] for item in items]
    assert len(event_ids) == len(set(event_ids)) == 3, items
    # 4 events × 2 deliveries each (the mesh delivers every event twice).
    eventually(lambda: len([d for d in apps["audit-service"].sidecar.deliveries if d[0] == "task-events" and d[2] == "SUCCESS"]) >= 8,
               message="every task event delivered twice")

    # The reminder fired by itself (the mesh's scheduler) and was published once.
    def fired():
        return [p for p in tasks.sidecar.published if p["topic"] == "reminders" and p["body"]["data"]["taskId"] == call["id"]]

    reminders = eventually(fired, message="the reminder fired")
    time.sleep(1.0)
    assert len(fired()) == 1, fired()
    assert reminders[0]["metadata"]["partitionKey"] == account["user"]["id"]
    # notification-service: the webhook (which fails once) and the socket, once each,
    # although the reminder and every attempt ticket were delivered twice.
    eventually(lambda: [h for h in WebhookSink.hits if h["headers"].get("todo-delivery-id")] and len(WebhookSink.hits) >= 2,
               message="the webhook delivery and its retry")
    eventually(lambda: socket.of("reminder", call["id"]), message="the in-app reminder on the socket")
    time.sleep(1.0)
    assert len({h["headers"]["todo-delivery-id"] for h in WebhookSink.hits}) == 1
    assert len(WebhookSink.hits) == 2 and all(verify_signature(h) for h in WebhookSink.hits)
    assert len(socket.of("reminder", call["id"])) == 1
    # websocket-service: each task change once on the socket, though delivered twice.
    assert len(socket.of("completed", task["id"])) == 1
    ids = [m["id"] for m in socket.messages]
    assert len(ids) == len(set(ids)), ids

    # kill -9 the actor host; its state lives in the sidecar: nothing is lost.
    tasks.kill()
    tasks.start()
    status, renamed = gateway.call("PATCH", f"/api/v1/tasks/{task['id']}", {"title": "Water the plants (balcony)"}, token=token)
    assert status == 200, renamed
    status, listed = gateway.call("GET", "/api/v1/tasks?filter=open", token=token)
    assert status == 200 and sorted(t["title"] for t in listed["items"]) == ["Call the landlord", "Water the plants"], listed
    eventually(lambda: any(i["type"] == "updated" for i in audit(apps, token, taskId=task["id"])), message="the update after the crash")

    # kill -9 the audit while events are in flight: they are redelivered, stored once.
    apps["audit-service"].kill()
    status, _ = gateway.call("POST", f"/api/v1/tasks/{task['id']}/reopen", token=token)
    assert status == 200
    apps["audit-service"].start()
    reopened = eventually(lambda: [i for i in audit(apps, token, taskId=task["id"]) if i["type"] == "reopened"], message="the reopen after the audit's crash")
    time.sleep(1.0)
    assert len([i for i in audit(apps, token, taskId=task["id"]) if i["type"] == "reopened"]) == 1, reopened
    socket.close()

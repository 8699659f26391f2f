"""notification-service alone behind a (recording fake) Dapr sidecar:
`todo serve --target notification-service --runtime dapr`. It hosts NotificationActor,
subscribes to `reminders` and `notification-attempts` with dead-letter topics, and stays
exactly-once when the sidecar delivers the same reminder and the same attempt ticket twice
(as Kafka may): one in-app message published, one webhook POST."""
import json
import os
import signal
import subprocess
import tempfile
import threading
import time
import urllib.request
import http.server
from pathlib import Path

import pytest

from dapr_fake_sidecar import FakeSidecar
from todo_server import free_port, todo_binary

pytestmark = pytest.mark.skipif(not Path(todo_binary()).exists(), reason="build the todo binary first (swift build)")

SECRET = "dapr-webhook-secret-0123456789"
USER = "user-dapr-1"


class Receiver(http.server.BaseHTTPRequestHandler):
    hits: list = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        Receiver.hits.append({"id": self.headers["Todo-Delivery-Id"], "body": body})
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def invoke(sidecar: FakeSidecar, method: str, payload) -> object:
    """A client's actor call through the sidecar."""
    request = urllib.request.Request(
        f"{sidecar.endpoint}/v1.0/actors/NotificationActor/{USER}/method/{method}",
        data=json.dumps(payload).encode(), method="PUT", headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=20) as response:
        raw = response.read()
        return json.loads(raw) if raw else None


def envelope(topic: str, published: dict) -> dict:
    """What daprd delivers: the published body in a CloudEvent (kept when it already is one)."""
    body = published["body"]
    if isinstance(body, dict) and "specversion" in body:
        return body
    return {"specversion": "1.0", "id": f"{topic}-{len(json.dumps(body))}", "source": "notification-service", "type": "com.dapr.event.sent",
            "datacontenttype": "application/json", "topic": topic, "pubsubname": "pubsub", "data": body}


def deliver(sidecar: FakeSidecar, topic: str, event: dict):
    exchange = sidecar.call_app("POST", f"/events/{topic}", json.dumps(event).encode(), {"Content-Type": "application/cloudevents+json"}, timeout=30)
    assert exchange.status == 200, (exchange.status, exchange.response_body)
    reply = exchange.response_json
    assert reply in (None, {"status": "SUCCESS"}) or (isinstance(reply, dict) and reply.get("status") == "SUCCESS"), reply


def test_notification_service_behind_a_sidecar_is_exactly_once_under_duplicate_deliveries(tmp_path):
    Receiver.hits = []
    receiver = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    app_port = free_port()
    sidecar = FakeSidecar(app_port, app_id="notification-service").start()
    log = open(tmp_path / "app.log", "w")
    env = {**os.environ, "DAPR_HTTP_PORT": str(sidecar.port), "TODO_JWT_SECRET": "x" * 48, "TODO_NOTIFY_BACKOFF_MS": "100", "TODO_NOTIFY_ALLOW_PRIVATE_WEBHOOKS": "1", "TODO_DAPR_ALLOW_INSECURE": "1"}
    env.pop("DAPR_HTTP_ENDPOINT", None)
    process = subprocess.Popen([todo_binary(), "serve", "--target", "notification-service", "--runtime", "dapr", "--port", str(app_port)],
                               env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{app_port}/healthz", timeout=1):
                    break
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline, (tmp_path / "app.log").read_text()
                time.sleep(0.05)

        config = sidecar.fetch_app_config()
        assert config.status == 200 and "NotificationActor" in config.response_json["entities"]
        subscriptions = sidecar.call_app("GET", "/dapr/subscribe").response_json
        by_topic = {entry["topic"]: entry for entry in subscriptions}
        assert by_topic["reminders"]["deadLetterTopic"] == "reminders-deadletter"
        assert by_topic["notification-attempts"]["deadLetterTopic"] == "notification-attempts-deadletter"
        assert all(entry["pubsubname"] == "pubsub" for entry in subscriptions)

        url = f"http://127.0.0.1:{receiver.server_address[1]}/hook"
        saved = invoke(sidecar, "setPreferences", {"channels": {"inApp": True, "webhook": True}, "webhook": {"url": url, "secret": SECRET}})
        assert saved["webhook"] == {"url": url, "secretSet": True}

        # Dates as TaskActor encodes them today (seconds since 2001, Foundation's default).
        reminder = {"schema": "reminders/v1", "id": "rem-t9-r1-1800000000", "taskId": "t9", "userId": USER, "title": "Renew passport",
                    "dueAt": 817_000_000.0, "remindAt": 816_996_400.0, "reminderId": "r1"}
        event = {"specversion": "1.0", "id": "ce-reminder-1", "source": "tasks-service", "type": "com.dapr.event.sent",
                 "datacontenttype": "application/json", "topic": "reminders", "pubsubname": "pubsub", "data": reminder}
        # The same reminder twice, and once more under another envelope id (a re-fired reminder).
        deliver(sidecar, "reminders", event)
        deliver(sidecar, "reminders", event)
        deliver(sidecar, "reminders", {**event, "id": "ce-reminder-2"})

        published = sidecar.snapshot_published()
        in_app = [p for p in published if p["topic"] == "task-updates"]
        tickets = [p for p in published if p["topic"] == "notification-attempts"]
        assert len(in_app) == 1 and len(tickets) == 1, published
        assert in_app[0]["metadata"].get("partitionKey") == USER
        message = envelope("task-updates", in_app[0])["data"]
        assert message["schema"] == "task-updates/v1" and message["type"] == "reminder" and message["userId"] == USER
        assert message["reminder"]["title"] == "Renew passport" and message["id"] == "rem-t9-r1-1800000000.in-app"

        # The attempt ticket, delivered twice: one POST.
        ticket = envelope("notification-attempts", tickets[0])
        deliver(sidecar, "notification-attempts", ticket)
        deliver(sidecar, "notification-attempts", ticket)
        assert [hit["id"] for hit in Receiver.hits] == ["rem-t9-r1-1800000000.webhook"]

        deliveries = invoke(sidecar, "deliveries", {"limit": 10})
        assert sorted((d["channel"], d["status"]) for d in deliveries) == [("in-app", "delivered"), ("webhook", "delivered")]
        # All state lives in the sidecar's store (nothing kept in the app).
        assert any(key[0] == "NotificationActor" for key in sidecar.snapshot_state())
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        sidecar.stop()
        receiver.shutdown()
        log.close()

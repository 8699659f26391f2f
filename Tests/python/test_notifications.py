"""notification-service end to end under `todo serve`: a task with a reminder a few seconds
ahead reaches a real webhook receiver (which fails the first two attempts) exactly once as
far as the receiver can tell (one delivery id, a valid HMAC-SHA256 signature on every
attempt), a real SMTP server (aiosmtpd, STARTTLS required, a self-signed certificate made
for the test) exactly once, and the owner's delivery log shows all three channels."""
import email
import email.policy
import hashlib
import hmac
import http.server
import shutil
import ssl
import subprocess
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from todo_server import TodoServer, free_port, todo_binary

aiosmtpd = pytest.importorskip("aiosmtpd")
from aiosmtpd.controller import Controller  # noqa: E402

pytestmark = [
    pytest.mark.skipif(not Path(todo_binary()).exists(), reason="build the todo binary first (swift build)"),
    pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl makes the test certificate"),
]

SECRET = "e2e-webhook-secret-0123456789"


def make_certificate(directory: Path) -> tuple[Path, Path]:
    """A self-signed certificate for localhost (it is also the CA the client trusts)."""
    cert, key = directory / "smtp-cert.pem", directory / "smtp-key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
         "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
        check=True, capture_output=True,
    )
    return cert, key


class MailSink:
    """aiosmtpd handler: keeps every accepted message with whether it came over TLS."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append({
            "from": envelope.mail_from,
            "to": list(envelope.rcpt_tos),
            "tls": session.ssl is not None,
            "message": email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default),
        })
        return "250 Message accepted for delivery"


class WebhookSink(http.server.BaseHTTPRequestHandler):
    """Answers 503 to the first `failures` POSTs, then 204; records every request."""
    hits: list = []
    failures = 2

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        WebhookSink.hits.append({"headers": {k.lower(): v for k, v in self.headers.items()}, "body": body})
        self.send_response(503 if len(WebhookSink.hits) <= WebhookSink.failures else 204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def verify_signature(hit) -> bool:
    """What a receiver does (docs/notifications.md): HMAC-SHA256 over `<timestamp>.<body>`."""
    timestamp = hit["headers"]["todo-timestamp"]
    expected = hmac.new(SECRET.encode(), timestamp.encode() + b"." + hit["body"], hashlib.sha256).hexdigest()
    given = [part.strip()[3:] for part in hit["headers"]["todo-signature"].split(",") if part.strip().startswith("v1=")]
    fresh = abs(time.time() - int(timestamp)) < 300
    return fresh and any(hmac.compare_digest(expected, candidate) for candidate in given)


def wait_for(condition, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


@pytest.fixture
def smtp_server(tmp_path):
    cert, key = make_certificate(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(str(cert), str(key))
    sink = MailSink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port(), tls_context=context, require_starttls=True)
    controller.start()
    yield controller, sink, cert
    controller.stop()


@pytest.fixture
def webhook_receiver():
    WebhookSink.hits = []
    WebhookSink.failures = 2  # a test that wants another number sets it after this
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), WebhookSink)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hooks/todo"
    server.shutdown()


def test_reminder_reaches_webhook_email_and_log_exactly_once(tmp_path, smtp_server, webhook_receiver):
    controller, mail, cert = smtp_server
    env = {
        "TODO_SMTP_URL": f"smtp://localhost:{controller.port}",
        "TODO_SMTP_CA_FILE": str(cert),
        "TODO_SMTP_FROM": "reminders@todo.test",
        "TODO_NOTIFY_BACKOFF_MS": "200",
        # The receiver listens on loopback, which webhooks refuse by default.
        "TODO_NOTIFY_ALLOW_PRIVATE_WEBHOOKS": "1",
    }
    with TodoServer(env=env, data_dir=str(tmp_path / "data")) as server:
        token = server.sign_up("notified@example.com", timeZone="Europe/Berlin")

        # Owner-scoped and validated.
        status, headers, problem = server.call("GET", "/api/v1/notifications/preferences")
        assert status == 401 and headers["Content-Type"] == "application/problem+json", problem
        status, _, defaults = server.call("GET", "/api/v1/notifications/preferences", token=token)
        assert status == 200 and defaults["channels"] == {"inApp": True, "webhook": False, "email": False}
        assert defaults["timeZone"] == "Europe/Berlin"
        status, headers, problem = server.call("PUT", "/api/v1/notifications/preferences", {"channels": {"inApp": True, "webhook": True, "email": False}, "webhook": {"url": "ftp://nope", "secret": SECRET}}, token=token)
        assert status == 422 and headers["Content-Type"] == "application/problem+json"
        assert "webhook.url must be an absolute http" in problem["detail"]
        status, _, problem = server.call("PUT", "/api/v1/notifications/preferences", {"channels": {"inApp": "yes"}}, token=token)
        assert status == 400 and "channels.inApp" in problem["detail"], problem

        preferences = {
            "channels": {"inApp": True, "webhook": True, "email": True},
            "webhook": {"url": webhook_receiver, "secret": SECRET},
            "email": {"address": "notified@example.com"},
        }
        status, _, saved = server.call("PUT", "/api/v1/notifications/preferences", preferences, token=token)
        assert status == 200, saved
        assert saved["webhook"] == {"url": webhook_receiver, "secretSet": True}
        assert "secret" not in str(saved["webhook"].keys() - {"secretSet"})

        remind_at = (datetime.now(timezone.utc) + timedelta(seconds=4)).replace(microsecond=0)
        due = remind_at + timedelta(hours=1)
        status, _, task = server.call("POST", "/api/v1/tasks", {
            "title": "Water the plants",
            "due": due.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "reminders": [{"id": "r1", "at": remind_at.strftime("%Y-%m-%dT%H:%M:%SZ")}],
        }, token=token)
        assert status == 201, task

        def log():
            status, _, body = server.call("GET", "/api/v1/notifications/deliveries", token=token)
            assert status == 200, body
            return body["items"]

        assert wait_for(lambda: len(log()) == 3 and all(item["status"] == "delivered" for item in log()), timeout=40), (log(), server.read_log())
        # A little longer: nothing more arrives.
        time.sleep(2)

        hits = WebhookSink.hits
        assert len(hits) == 3, hits
        delivery_ids = {hit["headers"]["todo-delivery-id"] for hit in hits}
        assert len(delivery_ids) == 1
        assert [hit["headers"]["todo-attempt"] for hit in hits] == ["1", "2", "3"]
        assert all(verify_signature(hit) for hit in hits)
        body = __import__("json").loads(hits[-1]["body"])
        assert body["type"] == "reminder" and body["taskId"] == task["id"]
        assert body["reminder"]["title"] == "Water the plants" and body["reminder"]["reminderId"] == "r1"
        assert datetime.fromisoformat(body["reminder"]["remindAt"]) == remind_at  # RFC 3339, any precision

        assert len(mail.messages) == 1, mail.messages
        message = mail.messages[0]
        assert message["tls"], "the message must have come after STARTTLS"
        assert message["from"] == "reminders@todo.test" and message["to"] == ["notified@example.com"]
        assert message["message"]["Subject"] == "Reminder: Water the plants"
        assert message["message"]["X-Todo-Delivery-Id"].endswith(".email")
        assert "Water the plants" in message["message"].get_content()

        items = {item["channel"]: item for item in log()}
        assert set(items) == {"in-app", "webhook", "email"}
        assert items["webhook"]["attempts"] == 3 and items["webhook"]["id"] in delivery_ids
        assert items["email"]["attempts"] == 1
        assert all(item["taskId"] == task["id"] and item["reminderId"] == "r1" for item in items.values())
        assert all(item["deliveredAt"] and item["lastError"] is None for item in items.values())
        status, _, only_webhook = server.call("GET", "/api/v1/notifications/deliveries?channel=webhook", token=token)
        assert status == 200 and [item["channel"] for item in only_webhook["items"]] == ["webhook"]
        status, _, problem = server.call("GET", "/api/v1/notifications/deliveries?status=lost", token=token)
        assert status == 400 and "status must be one of" in problem["detail"]

        # Another user sees none of it.
        other = server.sign_up("someone-else@example.com")
        status, _, theirs = server.call("GET", "/api/v1/notifications/deliveries", token=other)
        assert status == 200 and theirs["items"] == []


def test_email_is_never_sent_in_clear_when_starttls_is_required(tmp_path):
    """An SMTP server that does not offer STARTTLS gets nothing: the e-mail delivery is
    retried to its budget and dead-lettered, visible in the owner's log with the reason."""
    sink = MailSink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        env = {
            "TODO_SMTP_URL": f"smtp://localhost:{controller.port}",
            "TODO_NOTIFY_MAX_ATTEMPTS": "2",
            "TODO_NOTIFY_BACKOFF_MS": "100",
        }
        with TodoServer(env=env, data_dir=str(tmp_path / "data")) as server:
            token = server.sign_up("cleartext@example.com")
            status, _, saved = server.call("PUT", "/api/v1/notifications/preferences", {"channels": {"inApp": False, "email": True}, "email": {"address": "cleartext@example.com"}}, token=token)
            assert status == 200, saved
            # By default a webhook may not point inside the deployment (the sidecar is on loopback).
            status, _, problem = server.call("PUT", "/api/v1/notifications/preferences", {"channels": {"webhook": True}, "webhook": {"url": "http://127.0.0.1:3500/v1.0/publish/pubsub/reminders", "secret": SECRET}}, token=token)
            assert status == 422 and "internal address" in problem["detail"], problem
            remind_at = (datetime.now(timezone.utc) + timedelta(seconds=3)).replace(microsecond=0)
            status, _, task = server.call("POST", "/api/v1/tasks", {"title": "Secret plans", "reminders": [{"id": "r1", "at": remind_at.strftime("%Y-%m-%dT%H:%M:%SZ")}]}, token=token)
            assert status == 201, task

            def log():
                return server.call("GET", "/api/v1/notifications/deliveries", token=token)[2]["items"]

            assert wait_for(lambda: [item["status"] for item in log()] == ["dead"], timeout=40), (log(), server.read_log())
            item = log()[0]
            assert item["channel"] == "email" and item["attempts"] == 2
            assert "STARTTLS" in item["lastError"]
            assert sink.messages == []
    finally:
        controller.stop()


def test_kill_9_during_webhook_retries_loses_and_doubles_nothing(tmp_path, smtp_server, webhook_receiver):
    """The process is killed (SIGKILL) while a webhook delivery waits for its retry; the next
    process on the same data directory retries it from the durable schedule. The receiver
    accepts one delivery id once; one e-mail; nothing is lost."""
    controller, mail, cert = smtp_server
    WebhookSink.failures = 1
    env = {
        "TODO_SMTP_URL": f"smtp://localhost:{controller.port}",
        "TODO_SMTP_CA_FILE": str(cert),
        "TODO_NOTIFY_BACKOFF_MS": "3000",
        "TODO_NOTIFY_ALLOW_PRIVATE_WEBHOOKS": "1",
    }
    data = str(tmp_path / "data")
    try:
        with TodoServer(env=env, data_dir=data) as server:
            token = server.sign_up("crash@example.com")
            status, _, saved = server.call("PUT", "/api/v1/notifications/preferences", {
                "channels": {"inApp": True, "webhook": True, "email": True},
                "webhook": {"url": webhook_receiver, "secret": SECRET}, "email": {"address": "crash@example.com"},
            }, token=token)
            assert status == 200, saved
            remind_at = (datetime.now(timezone.utc) + timedelta(seconds=3)).replace(microsecond=0)
            status, _, task = server.call("POST", "/api/v1/tasks", {"title": "Survive a crash", "reminders": [{"id": "r1", "at": remind_at.strftime("%Y-%m-%dT%H:%M:%SZ")}]}, token=token)
            assert status == 201, task
            assert wait_for(lambda: len(WebhookSink.hits) == 1 and len(mail.messages) == 1, timeout=30), server.read_log()

            def webhook_status():
                items = server.call("GET", "/api/v1/notifications/deliveries?channel=webhook", token=token)[2]["items"]
                return items[0]["status"] if items else None

            # The failed attempt's outcome and its retry reminder are saved; kill before the retry.
            assert wait_for(lambda: webhook_status() == "retrying", timeout=10)
            server.process.kill()
            server.process.wait()

        with TodoServer(env=env, data_dir=data) as server:
            def log():
                return server.call("GET", "/api/v1/notifications/deliveries", token=token)[2]["items"]

            assert wait_for(lambda: len(log()) == 3 and all(item["status"] == "delivered" for item in log()), timeout=40), (log(), server.read_log())
            time.sleep(1.5)
            assert len({hit["headers"]["todo-delivery-id"] for hit in WebhookSink.hits}) == 1
            assert len(WebhookSink.hits) == 2  # one refused before the crash, one accepted after
            assert all(verify_signature(hit) for hit in WebhookSink.hits)
            assert len(mail.messages) == 1
            items = {item["channel"]: item for item in log()}
            assert items["webhook"]["attempts"] == 2 and items["email"]["attempts"] == 1 and items["in-app"]["attempts"] == 1
    finally:
        WebhookSink.failures = 2

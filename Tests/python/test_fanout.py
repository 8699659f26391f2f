"""Event fan-out end to end under `todo serve` (one process, every service): a recurring task
with a reminder goes through its life while a WebSocket is open and a webhook receiver
listens. The reminder reaches the webhook and the socket once; completing the task creates the
next occurrence once; the audit holds each change once; then the process is killed (SIGKILL)
right after a change and restarted on the same data: nothing is lost and nothing doubles."""
import json
import threading
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from websockets.sync.client import connect

from test_notifications import SECRET, WebhookSink, verify_signature, wait_for, webhook_receiver  # noqa: F401 (fixture)
from todo_server import TodoServer

ZONE = "Europe/Berlin"


class Socket:
    """A WebSocket read on a thread; keeps every message that is not a control message."""

    def __init__(self, server, token: str, query: str = ""):
        self.url = server.base.replace("http://", "ws://") + "/ws" + query
        self.token = token
        self.messages: list[dict] = []
        self.control: list[dict] = []
        self.ws = None
        self.opened = threading.Event()
        self.failure: Exception | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        assert self.opened.wait(15), f"the socket did not open: {self.failure!r}"
        assert self.ws is not None, f"the socket did not open: {self.failure!r}"

    def _run(self):
        try:
            with connect(self.url, additional_headers={"Authorization": f"Bearer {self.token}"}, open_timeout=10) as ws:
                self.ws = ws
                self.opened.set()
                while True:
                    message = json.loads(ws.recv())
                    (self.control if message.get("type") in {"ready", "reset", "pong", "error"} else self.messages).append(message)
        except Exception as error:  # closed by us or with the server
            self.failure = error
            self.opened.set()

    def of(self, kind: str, task_id: str | None = None) -> list[dict]:
        return [m for m in self.messages if m.get("type") == kind and (task_id is None or m.get("taskId") == task_id)]

    def close(self):
        self.ws.close()
        self.thread.join(10)


def audit(server, token, task_id):
    status, _, body = server.call("GET", f"/api/v1/audit?taskId={task_id}&limit=100", token=token)
    assert status == 200, body
    return body["items"]


def open_tasks(server, token):
    status, _, body = server.call("GET", "/api/v1/tasks?filter=open", token=token)
    assert status == 200, body
    return body["items"]


def test_a_recurring_task_fans_out_exactly_once_and_survives_kill_9(tmp_path, webhook_receiver):
    WebhookSink.failures = 0
    env = {"TODO_NOTIFY_ALLOW_PRIVATE_WEBHOOKS": "1"}
    data = str(tmp_path / "data")
    with TodoServer(env=env, data_dir=data) as server:
        token = server.sign_up("fanout@example.com", timeZone=ZONE)
        status, _, saved = server.call("PUT", "/api/v1/notifications/preferences", {
            "channels": {"inApp": True, "webhook": True}, "webhook": {"url": webhook_receiver, "secret": SECRET},
        }, token=token)
        assert status == 200, saved
        socket = Socket(server, token)
        # Due in a minute and four seconds, reminded a minute before: the reminder is due in ~4 s.
        due = (datetime.now(ZoneInfo(ZONE)) + timedelta(seconds=64)).replace(microsecond=0, tzinfo=None)
        status, _, task = server.call("POST", "/api/v1/tasks", {
            "title": "Water the plants", "due": due.isoformat(), "timeZone": ZONE,
            "recurrence": {"rrule": "FREQ=DAILY", "anchor": "schedule"}, "reminders": [{"minutesBefore": 1}],
        }, token=token)
        assert status == 201, task

        assert wait_for(lambda: len(WebhookSink.hits) >= 1 and socket.of("reminder", task["id"]), timeout=30), server.read_log()
        status, _, done = server.call("POST", f"/api/v1/tasks/{task['id']}/complete", token=token)
        assert status == 200, done
        assert wait_for(lambda: len([t for t in open_tasks(server, token) if t["title"] == "Water the plants"]) == 1
                        and socket.of("completed", task["id"]), timeout=30)
        [next_task] = [t for t in open_tasks(server, token) if t["title"] == "Water the plants"]
        assert next_task["id"] != task["id"]
        assert wait_for(lambda: socket.of("created", next_task["id"]), timeout=30)

        # Then a change, and SIGKILL right after it was acknowledged.
        status, _, renamed = server.call("PATCH", f"/api/v1/tasks/{next_task['id']}", {"title": "Water the balcony plants"}, token=token)
        assert status == 200, renamed
        server.process.kill()
        server.process.wait()
        socket.close()
        last_seen = socket.messages[-1]["id"]

    with TodoServer(env=env, data_dir=data) as server:
        # The update acknowledged before the kill reaches the audit after the restart, once.
        assert wait_for(lambda: [i["type"] for i in audit(server, token, next_task["id"])] == ["created", "updated"], timeout=30), \
            audit(server, token, next_task["id"])
        assert sorted(i["type"] for i in audit(server, token, task["id"])) == ["completed", "created"]
        titles = sorted(t["title"] for t in open_tasks(server, token))
        assert titles == ["Water the balcony plants"], titles
        # A client resuming after the restart is never given a gap: it is told to refetch, or
        # — when the update it saw last came back with the outbox replay (task-updates ids are
        # stable) — it is resumed from there with every buffered update after it.
        resumed = Socket(server, token, f"?after={last_seen}")
        assert wait_for(lambda: any(c.get("type") == "ready" for c in resumed.control), timeout=10), resumed.control
        time.sleep(1.0)
        resumed.close()
        [ready] = [c for c in resumed.control if c.get("type") == "ready"]
        if not any(c.get("type") == "reset" for c in resumed.control):
            assert len(resumed.messages) >= ready["resumed"], (ready, resumed.messages)

    # The reminder: one delivery id at the receiver, signed; on the socket once.
    assert len({hit["headers"]["todo-delivery-id"] for hit in WebhookSink.hits}) == 1
    assert all(verify_signature(hit) for hit in WebhookSink.hits)
    assert len(socket.of("reminder", task["id"])) == 1
    # Each change once on the socket (redeliveries are deduplicated by id).
    ids = [m["id"] for m in socket.messages]
    assert len(ids) == len(set(ids)), ids
    assert len(socket.of("completed", task["id"])) == 1
    assert len(socket.of("created", next_task["id"])) == 1

"""Nothing lost behind Dapr: the services as separate processes next to fake sidecars (the
mesh of test_distributed.py, every event delivered twice), with the failures a deployment
meets — the broker down for a while, the tasks-service killed right after a turn's state save
and before its effects went out, the state store or the whole set of sidecar components down.

What must hold (docs/dapr.md, "Effects: the actor outbox"): every acknowledged change reaches
the audit, the websocket-service and the notification-service exactly once; a change saved
but not yet sent is sent after a restart, once; a change that cannot be made is refused with a
503 that names the dependency and leaves nothing behind."""
import datetime
import time

import pytest

from test_distributed import App, audit, deployment, eventually  # noqa: F401 (deployment: the six services on the fake mesh, fixture)
from test_fanout import Socket
from test_notifications import SECRET, WebhookSink, verify_signature, webhook_receiver  # noqa: F401 (fixture)
from todo_server import http_call

CRASH_HOOK = "TODO_TEST_CRASH_AFTER_STATE_SAVE"


def signup(apps, email):
    status, account = apps["api-gateway"].call("POST", "/api/v1/auth/signup", {"email": email, "password": "correct horse battery", "timeZone": "Europe/Berlin"})
    assert status == 201, account
    return account["token"], account["user"]["id"]


def in_seconds(seconds: float) -> str:
    return (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=seconds)).isoformat(timespec="seconds")


def published(sidecar, topic, task_id):
    """What the sidecar accepted for `topic` about one task (refused publishes are not in it)."""
    def about(body):
        data = (body or {}).get("data") or {}
        return data.get("taskId") == task_id
    return [p for p in sidecar.published if p["topic"] == topic and about(p["body"])]


def titles(apps, token):
    status, listed = apps["api-gateway"].call("GET", "/api/v1/tasks?limit=100", token=token)
    assert status == 200, listed
    return {item["title"]: item for item in listed["items"]}


def restart_with(app: App, env_changes: dict) -> None:
    app.kill()
    for name, value in env_changes.items():
        if value is None:
            app.env.pop(name, None)
        else:
            app.env[name] = value
    app.start()


def test_a_broker_outage_loses_no_acknowledged_change_and_doubles_none(deployment, webhook_receiver):
    mesh, apps = deployment
    gateway, tasks = apps["api-gateway"], apps["tasks-service"]
    token, user_id = signup(apps, "outage@example.com")
    WebhookSink.failures = 0
    status, saved = apps["notification-service"].call("PUT", "/api/v1/notifications/preferences", {
        "channels": {"inApp": True, "webhook": True}, "webhook": {"url": webhook_receiver, "secret": SECRET},
    }, token=token)
    assert status == 200, saved
    socket = Socket(apps["websocket-service"], token)

    outage = 5.0
    mesh.broker_outage(outage)
    started = time.monotonic()
    # Created, completed and reminded while Kafka is unreachable: each is acknowledged.
    status, plain = gateway.call("POST", "/api/v1/tasks", {"title": "Pay the rent"}, token=token)
    assert status == 201, plain
    status, reminded = gateway.call("POST", "/api/v1/tasks", {"title": "Call the landlord", "reminders": [{"at": in_seconds(2)}]}, token=token)
    assert status == 201, reminded
    status, other = gateway.call("POST", "/api/v1/tasks", {"title": "Buy stamps"}, token=token)
    assert status == 201, other
    status, done = gateway.call("POST", f"/api/v1/tasks/{plain['id']}/complete", token=token)
    assert status == 200, done
    assert time.monotonic() - started < outage, "the changes were made during the outage"
    # The owner's index does not wait for the broker.
    assert set(titles(apps, token)) == {"Pay the rent", "Call the landlord", "Buy stamps"}
    assert [kind for kind, _ in tasks.sidecar.refused] and {kind for kind, _ in tasks.sidecar.refused} == {"publish"}
    assert published(tasks.sidecar, "task-events", plain["id"]) == []

    # After the broker is back: every change in the audit once, although delivered twice.
    expected = sorted([(plain["id"], "created"), (plain["id"], "completed"), (reminded["id"], "created"), (other["id"], "created")])

    def trail():
        items = audit(apps, token, limit=100)
        return items if sorted((i["taskId"], i["type"]) for i in items) == expected else None

    items = eventually(trail, timeout=45, message="every acknowledged change in the audit after the outage")
    assert len({i["id"] for i in items}) == 4
    # The reminder that came due during the outage reached the notification-service: one
    # webhook delivery and one in-app notification.
    eventually(lambda: WebhookSink.hits, timeout=45, message="the reminder's webhook after the outage")
    eventually(lambda: socket.of("reminder", reminded["id"]), timeout=30, message="the in-app reminder on the socket")
    # The socket saw each change once.
    eventually(lambda: socket.of("completed", plain["id"]) and all(socket.of("created", t["id"]) for t in (plain, reminded, other)), timeout=30,
               message="every change on the socket")
    time.sleep(2.0)
    assert sorted((i["taskId"], i["type"]) for i in audit(apps, token, limit=100)) == expected
    assert len(WebhookSink.hits) == 1 and verify_signature(WebhookSink.hits[0])
    assert len(socket.of("reminder", reminded["id"])) == 1
    for task in (plain, reminded, other):
        assert len(socket.of("created", task["id"])) == 1, socket.messages
    assert len(socket.of("completed", plain["id"])) == 1
    ids = [m["id"] for m in socket.messages]
    assert len(ids) == len(set(ids)), ids
    # Each event went out once, with its id (the retries resent nothing already accepted).
    for task in (plain, reminded, other):
        events = published(tasks.sidecar, "task-events", task["id"])
        assert len({e["body"]["id"] for e in events}) == len(events), events
    assert len(published(tasks.sidecar, "reminders", reminded["id"])) == 1
    socket.close()


def test_a_kill_after_the_state_save_and_before_the_publish_publishes_after_restart_once(deployment):
    mesh, apps = deployment
    gateway, tasks = apps["api-gateway"], apps["tasks-service"]
    token, _ = signup(apps, "crash@example.com")
    restart_with(tasks, {CRASH_HOOK: "publish"})

    status, reply = gateway.call("POST", "/api/v1/tasks", {"title": "Survive the crash"}, token=token)
    # The process died before answering: the change was not acknowledged...
    assert status == 503, reply
    assert tasks.process.wait(timeout=10) == -9
    restart_with(tasks, {CRASH_HOOK: None})
    # ...but it was saved, and its effects come out of the outbox: the index entry and the
    # event, once.
    task = eventually(lambda: titles(apps, token).get("Survive the crash"), timeout=30, message="the saved task in the owner's index after the restart")
    eventually(lambda: [i for i in audit(apps, token, taskId=task["id"]) if i["type"] == "created"], timeout=30, message="the created event in the audit")
    time.sleep(2.0)
    assert len(published(tasks.sidecar, "task-events", task["id"])) == 1
    assert [i["type"] for i in audit(apps, token, taskId=task["id"])] == ["created"]
    # The drain reminder is gone once the outbox is empty.
    assert not [key for key in tasks.sidecar.snapshot_reminders() if key[0] == "TaskActor" and key[2] == "dapr-outbox"]


def test_a_crash_between_the_state_save_and_the_reminder_registration_still_reminds_once(deployment):
    mesh, apps = deployment
    gateway, tasks = apps["api-gateway"], apps["tasks-service"]
    token, _ = signup(apps, "reminder-crash@example.com")
    restart_with(tasks, {CRASH_HOOK: "reminder"})

    status, reply = gateway.call("POST", "/api/v1/tasks", {"title": "Water the plants", "reminders": [{"at": in_seconds(3)}]}, token=token)
    assert status == 503, reply
    assert tasks.process.wait(timeout=10) == -9
    # Saved, and the sidecar holds no reminder for it.
    assert not [key for key in tasks.sidecar.snapshot_reminders() if key[0] == "TaskActor" and key[2].startswith("notify/")]
    restart_with(tasks, {CRASH_HOOK: None})
    task = eventually(lambda: titles(apps, token).get("Water the plants"), timeout=30, message="the saved task after the restart")
    fired = eventually(lambda: published(tasks.sidecar, "reminders", task["id"]), timeout=30, message="the reminder fired after the restart")
    time.sleep(2.0)
    assert len(published(tasks.sidecar, "reminders", task["id"])) == 1, fired
    status, pending = gateway.call("GET", f"/api/v1/tasks/{task['id']}", token=token)
    assert status == 200, pending


@pytest.mark.parametrize("kinds", [("state", "reminders", "publish"), ("state-save",)], ids=["components-down", "writes-refused"])
def test_creates_during_a_sidecar_outage_answer_503_and_leave_no_trace(deployment, kinds):
    mesh, apps = deployment
    gateway, tasks = apps["api-gateway"], apps["tasks-service"]
    token, user_id = signup(apps, f"no-trace-{len(kinds)}@example.com")
    before = mesh_published_task_events(mesh)

    tasks.sidecar.fail_for(60, *kinds)
    for title in ("Never saved", "Never saved either"):
        status, headers, problem = http_call(gateway.base, "POST", "/api/v1/tasks", {"title": title}, token)
        assert status == 503, problem
        assert headers.get("Content-Type", "").startswith("application/problem+json")
        assert int(headers["Retry-After"]) >= 1
        assert problem["status"] == 503 and problem["title"] == "Service Unavailable"
        assert "unavailable" in problem["detail"] and "Dapr" in problem["detail"], problem
        assert "missing field" not in problem["detail"]
    assert tasks.sidecar.refused
    tasks.sidecar.recover()

    # Nothing behind: no task, no index entry, no event, no reminder — also after the drain
    # reminder of a refused turn had its time.
    time.sleep(6.5)
    assert titles(apps, token) == {}
    state = tasks.sidecar.snapshot_state()
    assert not [key for key in state if key[0] == "TaskActor"], state.keys()
    assert not any(values for key, values in state.items() if key == ("UserActor", user_id) and any(k.startswith("index/") and values[k] not in ("{}", "null") for k in values))
    assert mesh_published_task_events(mesh) == before
    assert audit(apps, token, limit=100) == []
    assert not [key for key in tasks.sidecar.snapshot_reminders() if key[0] == "TaskActor" and key[2] != "dapr-outbox"]

    # And once the sidecar is back, the same request works.
    status, task = gateway.call("POST", "/api/v1/tasks", {"title": "Saved now"}, token=token)
    assert status == 201, task
    eventually(lambda: [i for i in audit(apps, token, taskId=task["id"]) if i["type"] == "created"], message="the create after the outage")


def mesh_published_task_events(mesh):
    return sum(1 for sidecar in mesh.sidecars.values() for p in sidecar.published if p["topic"] in ("task-events", "task-updates"))

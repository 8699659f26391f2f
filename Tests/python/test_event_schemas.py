"""Every event `todo serve` publishes matches its JSON Schema (Sources/TodoEvents/schemas),
inside a CloudEvents 1.0 envelope shaped like Dapr's, with RFC 3339 dates.

The server runs with `--event-log`, which appends each delivered CloudEvent to a file; the
test drives every kind of change over the REST API (create, update, complete a recurring task,
reopen, snooze, a reminder firing, delete) and validates every line."""
import datetime
import json
import time
from pathlib import Path

import jsonschema
import pytest

from todo_server import ROOT, TodoServer

SCHEMAS = ROOT / "Sources" / "TodoEvents" / "schemas"
TOPIC_SCHEMA = {
    "task-events": "task-events.v1.schema.json",
    "task-updates": "task-updates.v1.schema.json",
    "reminders": "reminders.v1.schema.json",
}


def validator(topic: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((SCHEMAS / TOPIC_SCHEMA[topic]).read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def read_events(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def wait_for(path: Path, predicate, timeout: float = 30.0) -> list[dict]:
    deadline = time.monotonic() + timeout
    while True:
        events = read_events(path)
        if predicate(events) or time.monotonic() > deadline:
            return events
        time.sleep(0.1)


def rfc3339(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def test_published_events_match_their_schemas(tmp_path):
    log = tmp_path / "events.jsonl"
    with TodoServer("--event-log", str(log), data_dir=str(tmp_path / "data")) as server:
        token = server.sign_up("schemas@example.com", timeZone="Europe/Berlin")
        soon = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=2)
        status, _, task = server.call("POST", "/api/v1/tasks", {
            "title": "Pay rent", "due": "2031-01-01T09:00:00", "timeZone": "Europe/Berlin", "tags": ["home"],
            "recurrence": {"rrule": "FREQ=MONTHLY;BYMONTHDAY=1", "anchor": "schedule"},
            "reminders": [{"at": rfc3339(soon)}, {"minutesBefore": 1440}],
        }, token=token)
        assert status == 201, task
        status, _, plain = server.call("POST", "/api/v1/tasks", {"title": "Call mum", "priority": "high"}, token=token)
        assert status == 201, plain
        assert server.call("PATCH", f"/api/v1/tasks/{plain['id']}", {"notes": "about Sunday"}, token=token)[0] == 200
        assert server.call("POST", f"/api/v1/tasks/{plain['id']}/snooze", {"minutes": 30}, token=token)[0] == 200
        assert server.call("POST", f"/api/v1/tasks/{task['id']}/complete", token=token)[0] == 200
        assert server.call("POST", f"/api/v1/tasks/{task['id']}/reopen", token=token)[0] == 200
        assert server.call("DELETE", f"/api/v1/tasks/{plain['id']}", token=token)[0] == 204

        def complete(events):
            kinds = {(e["topic"], e["data"].get("type")) for e in events}
            wanted = {("task-events", k) for k in ("created", "updated", "completed", "reopened", "deleted")}
            wanted |= {("task-updates", "created"), ("task-updates", "deleted"), ("reminders", None)}
            return wanted <= kinds

        events = wait_for(log, complete)
        assert complete(events), sorted({(e["topic"], e["data"].get("type")) for e in events})

    validators = {topic: validator(topic) for topic in TOPIC_SCHEMA}
    seen_ids = set()
    for event in events:
        # The CloudEvents 1.0 envelope Dapr puts around a published JSON body.
        assert event["specversion"] == "1.0"
        assert event["type"] == "com.dapr.event.sent"
        assert event["datacontenttype"] == "application/json"
        assert event["pubsubname"] == "pubsub"
        assert event["source"]
        datetime.datetime.fromisoformat(event["time"].replace("Z", "+00:00"))
        assert event["id"] not in seen_ids, "an event id was delivered twice to the log"
        seen_ids.add(event["id"])
        errors = sorted(validators[event["topic"]].iter_errors(event["data"]), key=lambda e: list(e.path))
        assert not errors, f"{event['topic']} {json.dumps(event['data'])}: " + "; ".join(
            f"{list(e.path)}: {e.message}" for e in errors)

    reminders = [e["data"] for e in events if e["topic"] == "reminders"]
    assert [r["reminderId"] for r in reminders if r["taskId"] == task["id"]] != []
    # Per-entity order: one task's task-events arrive in version order.
    versions = [e["data"]["version"] for e in events if e["topic"] == "task-events" and e["data"]["taskId"] == plain["id"]]
    assert versions == sorted(versions), versions


@pytest.mark.parametrize("topic", sorted(TOPIC_SCHEMA))
def test_schemas_refuse_what_v1_readers_cannot_read(topic):
    """The schema files are strict where readers are: a wrong major version or a missing
    required field does not validate, while an unknown extra field (a newer minor) does."""
    check = validator(topic)
    family = TOPIC_SCHEMA[topic].split(".")[0]
    base = {
        "task-events": {"schema": "task-events/v1", "id": "e1", "type": "created", "taskId": "t1", "userId": "u1",
                        "occurredAt": "2026-11-25T15:40:12.345Z", "version": 1,
                        "task": {"id": "t1", "ownerID": "u1", "title": "x", "notes": "", "status": "open", "priority": "none",
                                 "tags": [], "reminders": [], "createdAt": "2026-11-25T15:40:12.345Z",
                                 "updatedAt": "2026-11-25T15:40:12.345Z", "version": 1}},
        "task-updates": {"schema": "task-updates/v1", "id": "e1", "type": "deleted", "taskId": "t1", "userId": "u1",
                         "version": 2, "occurredAt": "2026-11-25T15:40:12.345Z"},
        "reminders": {"schema": "reminders/v1", "id": "r", "taskId": "t1", "userId": "u1", "title": "x",
                      "remindAt": "2026-11-25T15:40:12.345Z", "reminderId": "r1"},
    }[topic]
    assert check.is_valid(base)
    assert check.is_valid({**base, "schema": f"{family}/v1.7", "addedInV1_7": {"any": "thing"}})
    assert not check.is_valid({**base, "schema": f"{family}/v2"})
    assert not check.is_valid({k: v for k, v in base.items() if k != "userId"})
    assert not check.is_valid({**base, "id": ""})

"""Recurring series under `todo serve`: the REST complete answers with the next occurrence
(synchronous path), a bulk completion rolls the series on through task-events (durable
path), and the series endpoints pause, resume, edit and delete."""
import time
from pathlib import Path

import pytest

from todo_server import TodoServer, todo_binary

pytestmark = pytest.mark.skipif(not Path(todo_binary()).exists(), reason="build the todo binary first (swift build)")


def wait_for(predicate, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    return predicate()


def open_tasks(server, token):
    status, _, page = server.call("GET", "/api/v1/tasks?filter=open", token=token)
    assert status == 200, page
    return page["items"]


def test_series_over_the_api(tmp_path):
    with TodoServer(data_dir=str(tmp_path / "data")) as server:
        token = server.sign_up("series@example.com", timeZone="Europe/Berlin")
        status, _, task = server.call("POST", "/api/v1/tasks", {
            "title": "Water plants", "due": "2099-01-05T08:00", "timeZone": "Europe/Berlin",
            "reminders": [{"minutesBefore": 30}], "recurrence": {"rrule": "FREQ=WEEKLY;BYDAY=MO"},
        }, token=token)
        assert status == 201, task
        series_id = task["seriesId"]
        assert series_id == task["id"]

        # Synchronous path: the completion answers with the next occurrence, which is open.
        status, _, done = server.call("POST", f"/api/v1/tasks/{task['id']}/complete", token=token)
        assert status == 200 and done["status"] == "completed", done
        next_id = done["nextOccurrenceId"]
        status, _, nxt = server.call("GET", f"/api/v1/tasks/{next_id}", token=token)
        assert nxt["due"] == "2099-01-12T08:00:00" and nxt["status"] == "open"
        assert [t["id"] for t in open_tasks(server, token)] == [next_id]

        status, _, series = server.call("GET", f"/api/v1/series/{series_id}", token=token)
        assert status == 200, series
        assert series["status"] == "active" and series["openTaskId"] == next_id and series["counter"] == 2
        assert series["nextCheckAt"] == "2099-01-19T07:00:00Z"
        assert [o["due"] for o in series["upcoming"][:3]] == ["2099-01-12T08:00:00", "2099-01-19T08:00:00", "2099-01-26T08:00:00"]

        # Durable path: a bulk completion (no series call) rolls on through task-events.
        status, _, result = server.call("POST", "/api/v1/tasks:bulk", {"action": "complete", "ids": [next_id]}, token=token)
        assert status == 200, result
        third = wait_for(lambda: [t for t in open_tasks(server, token) if t["id"] != next_id])
        assert [t["id"] for t in third] == [f"{series_id}-3"]

        # Edit this occurrence, then the series: the occurrence keeps its own title.
        status, _, _ = server.call("PATCH", f"/api/v1/tasks/{series_id}-3", {"title": "Water the ferns"}, token=token)
        assert status == 200
        status, _, series = server.call("PATCH", f"/api/v1/series/{series_id}", {"title": "Water all plants", "priority": "high"}, token=token)
        assert status == 200, series
        assert series["title"] == "Water all plants"
        assert {"taskId": f"{series_id}-3", "fields": ["title"]} in series["overrides"]
        status, _, current = server.call("GET", f"/api/v1/tasks/{series_id}-3", token=token)
        assert current["title"] == "Water the ferns" and current["priority"] == "high"

        # Pause: completing makes nothing; resume: the next occurrence after now appears.
        status, _, series = server.call("POST", f"/api/v1/series/{series_id}/pause", token=token)
        assert status == 200 and series["status"] == "paused"
        status, _, done = server.call("POST", f"/api/v1/tasks/{series_id}-3/complete", token=token)
        assert status == 200 and "nextOccurrenceId" not in done
        assert open_tasks(server, token) == []
        status, _, series = server.call("POST", f"/api/v1/series/{series_id}/resume", token=token)
        assert status == 200 and series["status"] == "active"
        resumed = open_tasks(server, token)
        assert len(resumed) == 1 and resumed[0]["title"] == "Water all plants"

        # Bad edits are problem details; other users see nothing.
        status, headers, problem = server.call("PATCH", f"/api/v1/series/{series_id}", {"recurrence": {"rrule": "FREQ=HOURLY"}}, token=token)
        assert status == 422 and headers["Content-Type"] == "application/problem+json" and "HOURLY" in problem["detail"]
        other = server.sign_up("other@example.com")
        status, _, _ = server.call("GET", f"/api/v1/series/{series_id}", token=other)
        assert status == 404

        # Delete the series: its open occurrence goes, history stays.
        status, _, _ = server.call("DELETE", f"/api/v1/series/{series_id}", token=token)
        assert status == 204
        assert wait_for(lambda: open_tasks(server, token) == [])
        status, _, page = server.call("GET", "/api/v1/tasks?filter=completed", token=token)
        assert len(page["items"]) == 3
        status, _, _ = server.call("GET", f"/api/v1/series/{series_id}", token=token)
        assert status == 404

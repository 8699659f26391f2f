"""`todo serve` as a newcomer runs it: one process, SQLite, the README's curl walkthrough,
operational endpoints, restart with data intact, clean shutdown on SIGTERM."""
import signal
import time
import urllib.request
from pathlib import Path

import pytest

from todo_server import TodoServer, todo_binary

pytestmark = pytest.mark.skipif(not Path(todo_binary()).exists(), reason="build the todo binary first (swift build)")


def test_walkthrough_restart_and_operational_endpoints(tmp_path):
    data = str(tmp_path / "data")
    with TodoServer(data_dir=data) as server:
        assert "todo: ready on http://127.0.0.1:" in server.read_log()
        token = server.sign_up("newcomer@example.com", timeZone="Europe/Berlin")
        status, headers, task = server.call("POST", "/api/v1/tasks", {"title": "Pay rent", "due": "2026-12-01T09:00", "priority": "p1", "tags": ["home"]}, token=token)
        assert status == 201 and headers["ETag"] == '"1"'
        status, _, page = server.call("GET", "/api/v1/tasks?filter=p1%20%26%20%23home", token=token)
        assert [t["title"] for t in page["items"]] == ["Pay rent"]
        # A list item names its due as the task resource does (wall clock in the user's zone).
        assert page["items"][0]["due"] == task["due"] == "2026-12-01T09:00:00" and "dueAt" not in page["items"][0]
        status, _, done = server.call("POST", f"/api/v1/tasks/{task['id']}/complete", token=token)
        assert status == 200 and done["status"] == "completed"
        # The audit trail of the task: created, then completed (delivered in process).
        deadline = time.monotonic() + 10
        while True:
            status, _, audit = server.call("GET", f"/api/v1/audit?taskId={task['id']}", token=token)
            kinds = [record["type"] for record in (audit or {}).get("items", [])]
            if kinds == ["created", "completed"] or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        assert status == 200 and kinds == ["created", "completed"], audit
        status, _, keep = server.call("POST", "/api/v1/tasks", {"title": "Survives a restart"}, token=token)
        assert status == 201
        status, _, _ = server.call("DELETE", f"/api/v1/tasks/{task['id']}", token=token)
        assert status == 204

        for path in ["/healthz", "/readyz"]:
            with urllib.request.urlopen(server.base + path) as response:
                assert response.status == 200
        with urllib.request.urlopen(server.base + "/metrics") as response:
            metrics = response.read().decode()
        assert "todo_actor_turns_total{" in metrics
        assert "todo_http_requests_total{" in metrics

        server.process.send_signal(signal.SIGTERM)
        assert server.process.wait(timeout=15) == 0, server.read_log()

    # Same data directory: the account, the session secret and the task are still there.
    with TodoServer(data_dir=data) as server:
        status, _, page = server.call("GET", "/api/v1/tasks", token=token)
        assert status == 200, page
        assert [t["title"] for t in page["items"]] == ["Survives a restart"]
        status, _, again = server.call("POST", "/api/v1/auth/login", {"email": "newcomer@example.com", "password": "correct horse battery"})
        assert status == 200 and again["user"]["timeZone"] == "Europe/Berlin"


def test_problem_details_for_bad_input(tmp_path):
    with TodoServer("--store", "memory") as server:
        token = server.sign_up("strict@example.com")
        status, headers, problem = server.call("POST", "/api/v1/tasks", {"title": "x", "due": "2026-02-30"}, token=token)
        assert status == 422
        assert headers["Content-Type"] == "application/problem+json"
        assert set(problem) >= {"type", "title", "status", "detail"}
        assert "2026-02-30" in problem["detail"]
        status, _, problem = server.call("GET", "/api/v1/tasks?filter=overdu", token=token)
        assert status == 400 and "did you mean 'overdue'" in problem["detail"]

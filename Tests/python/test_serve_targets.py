"""`todo serve --target` with a comma-separated list: the listed services run in one process,
with the services they call added (embedded there is no sidecar to reach them elsewhere),
and nothing else; an unknown name is refused with the valid ones."""
import subprocess
import time
import uuid
from pathlib import Path

import pytest

from todo_server import TodoServer, free_port, http_call, todo_binary

pytestmark = pytest.mark.skipif(not Path(todo_binary()).exists(), reason="build the todo binary first (swift build)")


def test_two_targets_run_in_one_process_with_what_they_call():
    with TodoServer("--store", "memory", "--target", "api-gateway,audit-service") as server:
        ready = server.read_log()
        assert "services: api-gateway, tasks-service, recurring-task-service, audit-service" in ready, ready
        token = server.sign_up(f"targets-{uuid.uuid4().hex[:8]}@example.com")
        # The api-gateway answers (over the tasks-service's actors, added to the process).
        status, _, task = server.call("POST", "/api/v1/tasks", {"title": "two targets"}, token=token)
        assert status == 201, task
        # The audit-service answers, and receives the gateway's events in process.
        deadline = time.monotonic() + 10
        while True:
            status, _, audit = server.call("GET", f"/api/v1/audit?taskId={task['id']}", token=token)
            if status == 200 and [record["type"] for record in audit["items"]] == ["created"] or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        assert status == 200 and [record["type"] for record in audit["items"]] == ["created"], audit
        # The services not listed do not run: no web app, no sockets, no notifications API.
        for path in ["/", "/ws", "/api/v1/notifications/preferences"]:
            status, _, _ = http_call(server.base, "GET", path, token=token)
            assert status == 404, (path, status)


def test_an_unknown_target_names_the_valid_ones():
    result = subprocess.run([todo_binary(), "serve", "--port", str(free_port()), "--target", "api-gateway,audit"], capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    text = result.stdout + result.stderr
    assert "unknown --target 'audit'; the services are: all, api-gateway, tasks-service" in text, text

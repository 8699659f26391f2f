"""ci/smoke.sh against a real `todo serve` on loopback (every step passes, the task is really
gone afterwards), and its failure reports against a scripted server that breaks one step."""

from __future__ import annotations

import http.server
import json
import os
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest

from conftest import ROOT, todo_binary

SMOKE = ROOT / "ci" / "smoke.sh"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run_smoke(url: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", str(SMOKE), url], capture_output=True, text=True, timeout=180,
        env={**os.environ, "SMOKE_READY_TIMEOUT": "20", **env},
    )


@pytest.fixture
def todo_server(tmp_path: Path):
    binary = todo_binary()
    if binary is None:
        pytest.skip("no todo binary: set TODO_BIN or build .build/debug/todo (ci/test.sh builds it first)")
    port = free_port()
    process = subprocess.Popen(
        [str(binary), "serve", "--host", "127.0.0.1", "--port", str(port), "--data-dir", str(tmp_path / "data")],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "TODO_SCRYPT_LOG_N": "10", "TODO_LOG_LEVEL": "warning"},
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"todo serve exited: {process.stdout.read()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("todo serve did not listen within 60 s")
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def test_smoke_passes_against_a_real_todo_serve(todo_server: str):
    result = run_smoke(todo_server + "/")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    for step in ("readyz", "sign up", "create task", "list tasks", "delete task", "deleted task is gone"):
        assert any(line.startswith(f"smoke: ok   {step} ") for line in lines), f"{step} missing:\n{result.stdout}"
    assert lines[-1].startswith(f"smoke: PASSED against {todo_server} ")
    # Each run signs up its own account: a second run against the same server passes too.
    assert run_smoke(todo_server).returncode == 0


class ScriptedAPI(http.server.BaseHTTPRequestHandler):
    """Answers like the todo API except where `broken` says otherwise."""

    broken: str = ""

    def log_message(self, *args) -> None:
        pass

    def reply(self, status: int, body: object | None = None) -> None:
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        if self.path == "/readyz":
            self.reply(200, {"status": "ready"})
        elif self.path.startswith("/api/v1/tasks?"):
            items = [] if self.broken == "list" else [{"id": "t_1", "title": "x"}]
            self.reply(200, {"items": items})
        elif self.path == "/api/v1/tasks/t_1":
            self.reply(200 if self.broken == "still-there" else 404, {"status": 404})
        else:
            self.reply(404, {"status": 404})

    def do_POST(self) -> None:
        length = int(self.headers.get("content-length", "0"))
        body = json.loads(self.rfile.read(length) or b"{}")
        if self.path == "/api/v1/auth/signup":
            if self.broken == "signup":
                self.reply(500, {"status": 500, "detail": "database is locked"})
            else:
                self.reply(201, {"token": "tok", "user": {"id": "u_1"}})
        elif self.path == "/api/v1/tasks":
            task_id = "t_1/../x" if self.broken == "bad-id" else "t_1"
            self.reply(201, {"id": task_id, "title": body.get("title")})
        else:
            self.reply(404, {"status": 404})

    def do_DELETE(self) -> None:
        self.reply(204)


@pytest.fixture
def scripted_api():
    servers = []

    def start(broken: str) -> str:
        handler = type("Handler", (ScriptedAPI,), {"broken": broken})
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()


def test_scripted_api_without_faults_passes(scripted_api):
    # The control: the failures below come from the fault, not from the fake.
    result = run_smoke(scripted_api(""))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("broken", "step", "detail"),
    [
        ("signup", "sign up", "answered HTTP 500, expected 201: {\"status\": 500, \"detail\": \"database is locked\"}"),
        ("list", "list tasks", "task t_1 is not in the list"),
        ("still-there", "deleted task is gone", "answered HTTP 200, expected 404"),
        ("bad-id", "create task", "is not a task id"),
    ],
)
def test_a_failing_step_is_named_with_what_was_expected(scripted_api, broken, step, detail):
    result = run_smoke(scripted_api(broken))
    assert result.returncode == 1
    assert f"smoke: FAILED at '{step}'" in result.stderr
    assert detail in result.stderr


def test_no_answer_fails_at_readyz_after_the_timeout():
    started = time.monotonic()
    result = run_smoke(f"http://127.0.0.1:{free_port()}", SMOKE_READY_TIMEOUT="2")
    assert result.returncode == 1
    assert "smoke: FAILED at 'readyz'" in result.stderr
    assert time.monotonic() - started < 30


@pytest.mark.parametrize("argument", ["", "ftp://example.com", "example.com"])
def test_a_bad_url_is_refused(argument):
    result = subprocess.run(["bash", str(SMOKE), argument], capture_output=True, text=True, timeout=30)
    assert result.returncode == 2

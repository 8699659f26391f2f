"""Starts `todo serve` on a free loopback port for a test, and stops it afterwards."""
import json
import os
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def todo_binary() -> str:
    return os.environ.get("TODO_BIN", str(ROOT / ".build" / "debug" / "todo"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_call(base: str, method: str, path: str, body=None, token: str | None = None, headers: dict | None = None):
    """One JSON call to a server; returns (status, headers, parsed JSON or None)."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method)
    if body is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            raw = response.read()
            return response.status, dict(response.headers), json.loads(raw) if raw else None
    except urllib.error.HTTPError as error:
        raw = error.read()
        return error.code, dict(error.headers), json.loads(raw) if raw else None


class TodoServer:
    """`todo serve` in a child process; use as a context manager."""

    def __init__(self, *args: str, env: dict | None = None, data_dir: str | None = None):
        self.port = free_port()
        self.data_dir = data_dir or tempfile.mkdtemp(prefix="todo-py-")
        self.args = [todo_binary(), "serve", "--port", str(self.port), "--data-dir", self.data_dir, *args]
        self.env = {**os.environ, "TODO_SCRYPT_LOG_N": "10", "TODO_RATE_LIMIT": "100000", **(env or {})}
        self.process: subprocess.Popen | None = None
        self.base = f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> "TodoServer":
        os.makedirs(self.data_dir, exist_ok=True)
        self.log = open(Path(self.data_dir) / "serve.log", "w")
        self.process = subprocess.Popen(self.args, env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"todo serve exited with {self.process.returncode}: {self.read_log()}")
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=1):
                    return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("todo serve did not become healthy in 30 s: " + self.read_log())

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()

    def read_log(self) -> str:
        return (Path(self.data_dir) / "serve.log").read_text()[-4000:]

    def call(self, method: str, path: str, body=None, token: str | None = None, headers: dict | None = None):
        """One API call; returns (status, headers, parsed JSON or None)."""
        return http_call(self.base, method, path, body, token, headers)

    def sign_up(self, email: str, password: str = "correct horse battery", **extra) -> str:
        status, _, body = self.call("POST", "/api/v1/auth/signup", {"email": email, "password": password, **extra})
        assert status == 201, body
        return body["token"]

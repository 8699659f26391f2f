"""Runs one scenario against one actor stack behind the recording fake sidecar.

A stack is an app plus a client:

* "sdk":   the official Dapr Python SDK: `sdk_demo_actor_app.py` (FastAPI actor extension,
           served by uvicorn) and the SDK's HTTP actor client (`ActorProxy` over
           `DaprActorHttpClient`);
* "swift": our `DaprConformanceApp serve` (DaprHost on Hummingbird) and
           `DaprConformanceApp invoke` (DaprSidecarClient).

Every step's wire traffic (both directions) is kept, so tests can compare the two stacks.
Processes get free loopback ports, start with deadlines and are always stopped.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional
from urllib.parse import quote

from dapr_fake_sidecar import MISSING, Exchange, FakeSidecar

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SWIFT_APP = Path(os.environ.get("DAPR_CONFORMANCE_APP") or REPO / ".build" / "debug" / "DaprConformanceApp")
SDK_APP = HERE / "sdk_demo_actor_app.py"

ACTOR_TYPE = "DemoActor"
# A space must be percent-encoded by both clients; every run has its own sidecar and app.
ACTOR_ID = "demo 1"
DAPR_TOKEN = "sidecar-token-3f9c"  # DAPR_API_TOKEN: app/client -> sidecar
APP_TOKEN = "app-token-7d21"  # APP_API_TOKEN: sidecar -> app
# One value with what JSON encoders disagree on: non-ASCII text, a float, null, nesting.
DATA = {"a": 1, "text": "gr\u00fc\u00dfe / \u2713", "list": [1, 2.5, None, True], "nested": {"k": "v"}}
MALFORMED = b'{"a":'

STARTUP_DEADLINE = 30.0
CALL_TIMEOUT = 20.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def base_environment() -> dict:
    """The test's environment without any Dapr or app setting that could leak in."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DAPR_", "APP_"))}
    env.setdefault("PYTHONUNBUFFERED", "1")
    return env


# ---------------------------------------------------------------------------------------------
# Apps


class AppProcess:
    def __init__(self, stack: str, app_port: int, sidecar_port: int, *, tokens: bool, log_path: Path) -> None:
        self.stack = stack
        self.port = app_port
        self.log_path = log_path
        env = base_environment()
        env.update(APP_PORT=str(app_port), DAPR_HTTP_PORT=str(sidecar_port), DAPR_HEALTH_TIMEOUT="10")
        if tokens:
            env.update(DAPR_API_TOKEN=DAPR_TOKEN, APP_API_TOKEN=APP_TOKEN)
        if stack == "sdk":
            argv = [sys.executable, str(SDK_APP)]
        else:
            require_swift_app()
            argv = [str(SWIFT_APP), "serve"]
        self._log = open(log_path, "wb")
        self.process = subprocess.Popen(argv, env=env, stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True, cwd=str(HERE))

    def wait_healthy(self, deadline: float = STARTUP_DEADLINE) -> None:
        end = time.monotonic() + deadline
        while time.monotonic() < end:
            if self.process.poll() is not None:
                raise RuntimeError(f"the {self.stack} app exited with {self.process.returncode}:\n{self.log()}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=1) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                pass
            time.sleep(0.05)
        raise RuntimeError(f"the {self.stack} app was not healthy after {deadline}s:\n{self.log()}")

    def stop(self) -> None:
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.process.wait(8)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(5)
        self._log.close()

    def log(self) -> str:
        self._log.flush()
        return self.log_path.read_text(errors="replace")[-4000:]


def require_swift_app() -> None:
    if not SWIFT_APP.exists():
        raise RuntimeError(
            f"{SWIFT_APP} is missing: build it first (`swift build --product DaprConformanceApp`, "
            "or `swift build --build-tests`, which builds every product), or point DAPR_CONFORMANCE_APP at it"
        )


# ---------------------------------------------------------------------------------------------
# Clients


@dataclass
class CallResult:
    """What a client made of one call: a result, or a failure as the client reported it."""

    ok: bool
    raw: bytes = b""  # the result body as the client returned it
    status: Optional[int] = None  # failure: HTTP status the client saw
    error_code: Optional[str] = None  # failure: Dapr error code the client saw
    problem: Optional[dict] = None  # failure: an actor's problem details, when surfaced
    message: str = ""

    @property
    def value(self) -> Any:
        if not self.raw:
            return MISSING
        return json.loads(self.raw)


@contextmanager
def patched_environment(values: dict):
    """The SDK reads DAPR_* settings from the environment at every request."""
    saved = {key: os.environ.get(key) for key in list(values) + ["DAPR_HTTP_ENDPOINT", "DAPR_API_TOKEN", "DAPR_HTTP_PORT"]}
    os.environ.pop("DAPR_HTTP_ENDPOINT", None)
    os.environ.pop("DAPR_API_TOKEN", None)
    for key, value in values.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


class SdkClient:
    """The official SDK's HTTP actor client: `ActorProxy` (non-RPC `invoke_method`, fed with the
    SDK's own serializer, which is byte for byte what the RPC style sends) and
    `DaprActorHttpClient` for the raw state transaction."""

    name = "sdk"

    def __init__(self, sidecar_port: int, token: Optional[str]) -> None:
        from dapr.actor import ActorProxyFactory
        from dapr.serializers import DefaultJSONSerializer

        self.env = {"DAPR_HTTP_PORT": str(sidecar_port), "DAPR_API_TOKEN": token, "DAPR_HEALTH_TIMEOUT": "10"}
        self.serializer = DefaultJSONSerializer()
        with patched_environment(self.env):
            # Probes /v1.0/healthz/outbound once (DaprHealth.wait_for_sidecar).
            self.factory = ActorProxyFactory(http_timeout_seconds=int(CALL_TIMEOUT))

    def encode(self, value: Any) -> Optional[bytes]:
        if value is MISSING:
            return None
        if isinstance(value, bytes):
            return value
        return self.serializer.serialize(value)

    def _failure(self, error: Exception) -> CallResult:
        from dapr.clients.exceptions import DaprHttpError, DaprInternalError

        if isinstance(error, DaprHttpError):
            return CallResult(False, status=error.status_code, error_code=error.error_code, message=error.message or "")
        if isinstance(error, DaprInternalError):
            return CallResult(False, error_code=error.error_code, message=error.message or "")
        return CallResult(False, message=f"{type(error).__name__}: {error}")

    def invoke(self, actor_id: str, method: str, value: Any = MISSING) -> CallResult:
        from dapr.actor import ActorId, ActorProxy

        async def call() -> bytes:
            proxy = ActorProxy.create(ACTOR_TYPE, ActorId(actor_id), actor_proxy_factory=self.factory)
            return await proxy.invoke_method(method, self.encode(value))

        with patched_environment(self.env):
            try:
                return CallResult(True, raw=asyncio.run(asyncio.wait_for(call(), CALL_TIMEOUT)))
            except Exception as error:
                return self._failure(error)

    def invoke_rpc(self, actor_id: str, interface, attribute: str, *args) -> Any:
        """RPC style: `proxy.<method>(*args)` (the proxy is keyed by actor method names) through
        the actor interface; returns what the SDK decoded, or the exception it raised."""
        from dapr.actor import ActorId, ActorProxy

        async def call():
            proxy = ActorProxy.create(ACTOR_TYPE, ActorId(actor_id), interface, actor_proxy_factory=self.factory)
            return await getattr(proxy, attribute)(*args)

        with patched_environment(self.env):
            try:
                return asyncio.run(asyncio.wait_for(call(), CALL_TIMEOUT))
            except Exception as error:
                return error

    def save_state(self, actor_id: str, key: str, value: Any) -> CallResult:
        from dapr.clients import DaprActorHttpClient

        body = json.dumps([{"operation": "upsert", "request": {"key": key, "value": value}}]).encode()

        async def call() -> None:
            client = DaprActorHttpClient(self.serializer, timeout=int(CALL_TIMEOUT))
            await client.save_state_transactionally(ACTOR_TYPE, actor_id, body)

        with patched_environment(self.env):
            try:
                asyncio.run(asyncio.wait_for(call(), CALL_TIMEOUT))
                return CallResult(True)
            except Exception as error:
                return self._failure(error)


class SwiftClient:
    """`DaprConformanceApp <mode>`: DaprSidecarClient in a process of its own."""

    name = "swift"

    def __init__(self, sidecar_port: int, token: Optional[str]) -> None:
        require_swift_app()
        self.env = base_environment()
        self.env["DAPR_HTTP_PORT"] = str(sidecar_port)
        if token:
            self.env["DAPR_API_TOKEN"] = token

    def run(self, *arguments: str) -> CallResult:
        completed = subprocess.run([str(SWIFT_APP), *arguments], env=self.env, capture_output=True, timeout=CALL_TIMEOUT, stdin=subprocess.DEVNULL)
        if completed.returncode == 0:
            out = completed.stdout
            return CallResult(True, raw=out[:-1] if out.endswith(b"\n") else out)
        text = completed.stderr.decode(errors="replace").strip()
        try:
            failure = json.loads(text.splitlines()[-1])
        except (ValueError, IndexError):
            return CallResult(False, message=f"exit {completed.returncode}: {text}")
        if failure.get("kind") == "actorProblem":
            problem = {k: failure[k] for k in ("status", "title", "detail")}
            return CallResult(False, status=failure["status"], problem=problem, message=failure["detail"])
        if failure.get("kind") == "daprError":
            return CallResult(False, status=failure.get("status"), error_code=failure.get("errorCode"), message=failure.get("message", ""))
        return CallResult(False, message=failure.get("message", text))

    def invoke(self, actor_id: str, method: str, value: Any = MISSING) -> CallResult:
        arguments = ["invoke", ACTOR_TYPE, actor_id, method]
        if value is not MISSING:
            arguments.append(value.decode() if isinstance(value, bytes) else json.dumps(value, ensure_ascii=False))
        return self.run(*arguments)

    def save_state(self, actor_id: str, key: str, value: Any) -> CallResult:
        return self.run("save-state", ACTOR_TYPE, actor_id, key, json.dumps(value))


def make_client(stack: str, sidecar_port: int, token: Optional[str]):
    return SdkClient(sidecar_port, token) if stack == "sdk" else SwiftClient(sidecar_port, token)


# ---------------------------------------------------------------------------------------------
# Scenario


@dataclass
class Step:
    name: str
    exchanges: list = field(default_factory=list)
    result: Any = None

    def to_sidecar(self, *, include_health: bool = False) -> list:
        return [e for e in self.exchanges if e.direction == "to_sidecar" and (include_health or "/healthz" not in e.path)]

    def to_app(self) -> list:
        return [e for e in self.exchanges if e.direction == "to_app"]

    def one(self, direction: str, path_contains: str, methods=None) -> Exchange:
        found = [e for e in self.exchanges if e.direction == direction and path_contains in e.path and (methods is None or e.method in methods)]
        assert len(found) == 1, f"step {self.name}: expected one {direction} request on *{path_contains}*, got {[e.describe() for e in found]}"
        return found[0]

    def none(self, direction: str, path_contains: str) -> bool:
        return not any(e.direction == direction and path_contains in e.path for e in self.exchanges)


@dataclass
class ScenarioRun:
    stack: str
    tokens: bool
    actor_id: str
    steps: dict = field(default_factory=dict)
    exchanges: list = field(default_factory=list)
    state: dict = field(default_factory=dict)  # after the steps both stacks must agree on
    final_state: dict = field(default_factory=dict)
    reminders: dict = field(default_factory=dict)
    timers: dict = field(default_factory=dict)
    published: list = field(default_factory=list)
    config: Any = None
    config_problems: list = field(default_factory=list)
    app_log: str = ""
    seconds: float = 0.0

    def __getitem__(self, name: str) -> Step:
        return self.steps[name]


def run_scenario(stack: str, tokens: bool, workdir: Path) -> ScenarioRun:
    """The same scenario for either stack, each run with its own sidecar and app."""
    started = time.monotonic()
    actor_id = ACTOR_ID
    run = ScenarioRun(stack, tokens, actor_id)
    app_port = free_port()
    sidecar = FakeSidecar(app_port, api_token=DAPR_TOKEN if tokens else None, app_token=APP_TOKEN if tokens else None).start()
    app = None

    @contextmanager
    def step(name: str):
        mark = sidecar.mark()
        current = Step(name)
        run.steps[name] = current
        yield current
        current.exchanges = sidecar.exchanges(since=mark)

    try:
        with step("startup"):
            app = AppProcess(stack, app_port, sidecar.port, tokens=tokens, log_path=workdir / f"{stack}-{'tokens' if tokens else 'plain'}.log")
            app.wait_healthy()
        with step("config") as s:
            s.result = sidecar.fetch_app_config()
        token = DAPR_TOKEN if tokens else None
        with step("client_setup"):
            client = make_client(stack, sidecar.port, token)
        other = make_client("swift" if stack == "sdk" else "sdk", sidecar.port, token)
        actor = run.actor_id

        with step("get_empty") as s:
            s.result = client.invoke(actor, "GetMyData")
        with step("set_data") as s:
            s.result = client.invoke(actor, "SetMyData", DATA)
        with step("get_data") as s:
            s.result = client.invoke(actor, "GetMyData")
        with step("set_reminder") as s:
            s.result = client.invoke(actor, "SetReminder", True)
        if stack == "swift":
            with step("swift_get_reminder") as s:
                s.result = client.run("get-reminder", ACTOR_TYPE, actor, "demo_reminder")
        with step("set_timer") as s:
            s.result = client.invoke(actor, "SetTimer", True)
        with step("fire_reminder") as s:
            s.result = sidecar.fire_reminder(ACTOR_TYPE, actor, "demo_reminder")
        with step("fire_timer") as s:
            s.result = sidecar.fire_timer(ACTOR_TYPE, actor, "demo_timer")
        with step("bad_payload") as s:
            s.result = client.invoke(actor, "SetMyData", MALFORMED)
        with step("unknown_method") as s:
            s.result = client.invoke(actor, "NoSuchMethod")
        with step("unset_timer") as s:
            s.result = client.invoke(actor, "SetTimer", False)
        with step("unset_reminder") as s:
            s.result = client.invoke(actor, "SetReminder", False)
        with step("deactivate") as s:
            s.result = sidecar.deactivate(ACTOR_TYPE, actor)
        with step("reactivate_get") as s:
            s.result = client.invoke(actor, "GetMyData")
        with step("save_outside_turn") as s:
            s.result = client.save_state(actor, "outside", {"x": 1})
        with step("cross_get") as s:
            s.result = other.invoke(actor, "GetMyData")
        with step("cross_bad_payload") as s:
            s.result = other.invoke(actor, "SetMyData", MALFORMED)
        with step("cross_set_data") as s:
            s.result = other.invoke(actor, "SetMyData", DATA)
        # Everything so far is meant to end in the same state on both stacks.
        run.state = sidecar.snapshot_state()
        run.reminders = sidecar.snapshot_reminders()

        # Where the stacks are expected to differ (each difference is asserted by a test).
        with step("set_timer_again") as s:
            s.result = client.invoke(actor, "SetTimer", True)
        with step("fire_timer_empty_callback") as s:
            s.result = sidecar.fire_timer(ACTOR_TYPE, actor, "demo_timer", callback="")
        with step("fire_reminder_slash_name") as s:
            s.result = sidecar.deliver_reminder(ACTOR_TYPE, actor, "daily/09:00", data="x")
        with step("sdk_rpc_void_method") as s:
            # The SDK's RPC-style proxy decodes every reply as JSON, also a void method's.
            from sdk_demo_actor_app import DemoActorInterface

            sdk_client = client if stack == "sdk" else other
            s.result = sdk_client.invoke_rpc(actor, DemoActorInterface, "SetMyData", DATA)
        with step("app_post_method") as s:
            s.result = sidecar.call_app("POST", f"/actors/{ACTOR_TYPE}/{quote(actor)}/method/GetMyData", headers={"content-type": "application/json"})
        if stack == "swift":
            with step("swift_publish") as s:
                s.result = client.run("publish", "pubsub", "task-events", "user 7", json.dumps({"taskId": "t1", "title": DATA["text"]}))
            with step("swift_metadata") as s:
                s.result = client.run("metadata")
        if tokens:
            with step("app_call_without_token") as s:
                s.result = sidecar.call_app("PUT", f"/actors/{ACTOR_TYPE}/{quote(actor)}/method/GetMyData", headers={"content-type": "application/json"}, with_token=False)
            with step("app_config_without_token") as s:
                s.result = sidecar.call_app("GET", "/dapr/config", with_token=False)
            with step("app_healthz_without_token") as s:
                s.result = sidecar.call_app("GET", "/healthz", with_token=False)
            with step("client_wrong_token") as s:
                s.result = make_client(stack, sidecar.port, "not-the-token").invoke(actor, "GetMyData")
            with step("client_without_token") as s:
                s.result = make_client(stack, sidecar.port, None).invoke(actor, "GetMyData")

        run.final_state = sidecar.snapshot_state()
        run.timers = sidecar.snapshot_timers()
        run.published = sidecar.snapshot_published()
        run.config = sidecar.app_config
        run.config_problems = list(sidecar.config_problems)
    finally:
        if app is not None:
            app.stop()
            run.app_log = app.log_path.read_text(errors="replace")
        run.exchanges = sidecar.exchanges()
        sidecar.stop()
        run.seconds = time.monotonic() - started
    return run

"""Hostile input against the real `todo serve` binary, over HTTP and MCP (issue #20).

Every case sends one class of input an attacker would try, then checks that the process is
still alive, that /healthz answers within 100 ms, and that the answer was a 4xx
application/problem+json (never a 5xx or a dropped connection). Chat messages may instead be
answered normally: the engine declines the number it cannot use in its reply. Each case
records (time, status) in FIGURES, printed at the end (run with -s to see them) and written
to $TODO_HOSTILE_FIGURES when set.
"""
import http.client
import json
import os
import socket
import subprocess
import time
import uuid

import pytest

from todo_server import TodoServer, free_port, http_call, todo_binary

FIGURES: list[tuple[str, float, str]] = []


@pytest.fixture(scope="module")
def server():
    with TodoServer("--store", "memory") as running:
        yield running
    lines = [f"{name:58s} {seconds * 1000:9.1f} ms  {status}" for name, seconds, status in FIGURES]
    print("\nhostile-input figures (class, time, status):\n" + "\n".join(lines))
    if os.environ.get("TODO_HOSTILE_FIGURES"):
        with open(os.environ["TODO_HOSTILE_FIGURES"], "a") as out:
            out.write("\n".join(lines) + "\n")


@pytest.fixture(scope="module")
def user(server):
    email = f"hostile-{uuid.uuid4().hex[:8]}@example.com"
    status, _, body = server.call("POST", "/api/v1/auth/signup", {"email": email, "password": "correct horse battery"})
    assert status == 201, body
    return {"token": body["token"], "email": email, "id": body["user"]["id"]}


def raw(server, method: str, target: str, body: bytes | None = None, headers: dict | None = None, chunked: bool = False, timeout: float = 20):
    """One request on a fresh connection; returns (status, headers, body bytes)."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=timeout)
    try:
        if chunked:
            connection.putrequest(method, target)
            for name, value in (headers or {}).items():
                connection.putheader(name, value)
            connection.putheader("Transfer-Encoding", "chunked")
            connection.endheaders()
            step = 64 * 1024
            for start in range(0, len(body or b""), step):
                piece = body[start:start + step]
                try:
                    connection.send(b"%x\r\n%s\r\n" % (len(piece), piece))
                except (BrokenPipeError, ConnectionResetError):
                    break  # the server answered early and closed: read that answer
            else:
                connection.send(b"0\r\n\r\n")
        else:
            connection.request(method, target, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def assert_survived(server, name: str, started: float, status: int, headers: dict, body: bytes | None, allow_ok: bool = False):
    elapsed = time.monotonic() - started
    assert server.process.poll() is None, f"{name}: the server died: {server.read_log()}"
    probe = time.monotonic()
    health = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    health.request("GET", "/healthz")
    assert health.getresponse().status == 200
    health.close()
    health_ms = (time.monotonic() - probe) * 1000
    assert health_ms < 100, f"{name}: /healthz took {health_ms:.0f} ms after the attack"
    FIGURES.append((name, elapsed, str(status)))
    if allow_ok and 200 <= status < 300:
        return
    assert 400 <= status < 500, f"{name}: expected a 4xx problem, got {status}: {body[:300]!r}"
    content_type = {k.lower(): v for k, v in headers.items()}.get("content-type", "")
    assert content_type.startswith("application/problem+json"), f"{name}: {content_type}"
    problem = json.loads(body)
    assert problem["status"] == status and problem["detail"], problem


def call(server, name: str, method: str, path: str, body=None, token=None, headers=None, allow_ok=False):
    started = time.monotonic()
    data = None if body is None else json.dumps(body).encode()
    all_headers = {"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {}), **(headers or {})}
    status, response_headers, raw_body = raw(server, method, path, data, all_headers)
    assert_survived(server, name, started, status, response_headers, raw_body, allow_ok=allow_ok)
    return status, response_headers, raw_body


def mcp(server, token: str, method: str, params: dict):
    """One stateless JSON-RPC request to /mcp; returns (status, headers, parsed body)."""
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": params}).encode()
    status, headers, raw_body = raw(server, "POST", "/mcp", body, {
        "Content-Type": "application/json", "Accept": "application/json, text/event-stream",
        "Authorization": f"Bearer {token}", "MCP-Protocol-Version": "2025-06-18",
    })
    return status, headers, json.loads(raw_body) if raw_body else None


def assert_tool_refused(server, name: str, started: float, status: int, answer: dict):
    assert server.process.poll() is None, f"{name}: the server died: {server.read_log()}"
    probe = time.monotonic()
    assert http_call(server.base, "GET", "/healthz")[0] == 200
    assert (time.monotonic() - probe) * 1000 < 100
    FIGURES.append((name, time.monotonic() - started, f"{status} tool error" if answer.get("result", {}).get("isError") else f"{status}"))
    assert status == 200, answer
    result = answer.get("result") or {}
    assert result.get("isError") or "error" in answer, answer


# MARK: integer overflow in the chat engine, dates, durations and arguments

CHAT_NUMBERS = [
    "call mom at 99999999999999999999",
    "buy milk in 99999999999999999999 days",
    "9" * 2_000,
    "remind me 99999999999999999999 minutes before to call mom tomorrow",
    "pay rent every 99999999999999999999 months",
    "call mom in 99999999999999999999h",
]


@pytest.mark.parametrize("message", CHAT_NUMBERS, ids=lambda m: m[:40])
def test_chat_numbers_never_trap(server, user, message):
    status, _, body = call(server, f"chat: {message[:40]}", "POST", "/api/v1/chat", {"message": message}, token=user["token"], allow_ok=True)
    if status == 200:
        assert json.loads(body)["reply"]


@pytest.mark.parametrize("body", [
    {"title": "x", "reminders": [{"minutesBefore": 99999999999999999999}], "due": "2026-12-01"},
    {"title": "x", "due": "99999-12-01"},
    {"title": "x", "reminders": [{"at": "99999-01-01T00:00:00Z"}]},
    {"title": "x", "priority": 1e308},
], ids=["minutesBefore-20-digits", "due-5-digit-year", "reminder-at-5-digit-year", "priority-1e308"])
def test_json_numbers_are_range_checked(server, user, body):
    # A reminder instant in year 99999 is still accepted (kept as given, never computed on):
    # the server must survive it; refusing it is not done yet (docs/limits.md).
    lenient = "at" in (body.get("reminders") or [{}])[0]
    call(server, f"POST /tasks {list(body)[-1]}", "POST", "/api/v1/tasks", body, token=user["token"], allow_ok=lenient)


@pytest.mark.parametrize("query", ["limit=99999999999999999999", "limit=-1", "limit=1e9"])
def test_query_numbers_are_range_checked(server, user, query):
    call(server, f"GET /tasks?{query}", "GET", f"/api/v1/tasks?{query}", token=user["token"])


def test_snooze_minutes_out_of_range(server, user):
    status, _, created = server.call("POST", "/api/v1/tasks", {"title": "snooze me"}, token=user["token"])
    assert status == 201
    for minutes in [99999999999999999999, -5, 10_081]:
        call(server, f"snooze minutes={minutes}", "POST", f"/api/v1/tasks/{created['id']}/snooze", {"minutes": minutes}, token=user["token"])


def test_mcp_add_task_with_a_20_digit_due_in_words(server, user):
    started = time.monotonic()
    status, _, answer = mcp(server, user["token"], "tools/call", {"name": "add_task", "arguments": {"title": "x", "due": "in 99999999999999999999 days"}})
    # Either refused as a tool error, or accepted with the number left in the title: never a crash.
    assert server.process.poll() is None
    FIGURES.append(("MCP add_task due 'in 20 digits days'", time.monotonic() - started, str(status)))
    assert status == 200, answer
    status, _, answer = mcp(server, user["token"], "tools/call", {"name": "snooze_task", "arguments": {"taskId": "t_none", "minutes": 1e300}})
    assert_tool_refused(server, "MCP snooze_task minutes=1e300", started, status, answer)


# MARK: filter recursion and size, on every path

DEEP_FILTERS = {
    "100k '('": "(" * 100_000,
    "100k '!'": "!" * 100_000,
    "100k 'p1&'": "p1&" * 100_000,
    "40 nested '('": "(" * 40 + "p1" + ")" * 40,
    "150 terms": " | ".join(["p1"] * 150),
}


@pytest.mark.parametrize("name", list(DEEP_FILTERS))
def test_deep_filters_over_bulk(server, user, name):
    call(server, f"bulk filter {name}", "POST", "/api/v1/tasks:bulk", {"action": "complete", "filter": DEEP_FILTERS[name], "dryRun": True}, token=user["token"])


@pytest.mark.parametrize("name", list(DEEP_FILTERS))
def test_deep_filters_over_actor_invocation(server, user, name):
    call(server, f"UserActor.listTasks filter {name}", "POST", f"/api/v1/actors/UserActor/{user['id']}/method/listTasks", {"filter": DEEP_FILTERS[name]}, token=user["token"])


@pytest.mark.parametrize("name", list(DEEP_FILTERS))
def test_deep_filters_over_mcp(server, user, name):
    started = time.monotonic()
    status, _, answer = mcp(server, user["token"], "tools/call", {"name": "list_tasks", "arguments": {"filter": DEEP_FILTERS[name]}})
    assert_tool_refused(server, f"MCP list_tasks filter {name}", started, status, answer)


def test_deep_filter_in_a_query_string(server, user):
    from urllib.parse import quote
    call(server, "GET /tasks?filter= 40 nested '('", "GET", "/api/v1/tasks?filter=" + quote(DEEP_FILTERS["40 nested '('"]), token=user["token"])


@pytest.mark.parametrize("size", [20_000, pytest.param(200_000, marks=pytest.mark.xfail(reason="targets over the HTTP decoder's 80 KiB header limit still get no answer (known, not fixed yet)", strict=False)),
                                  pytest.param(2_000_000, marks=pytest.mark.xfail(reason="as above", strict=False))])
def test_long_urls_are_414(server, user, size):
    started = time.monotonic()
    status, headers, body = raw(server, "GET", "/api/v1/tasks?filter=" + "p" * size, headers={"Authorization": f"Bearer {user['token']}"}, timeout=10)
    assert status == 414, (status, body[:200])
    assert_survived(server, f"GET /tasks?filter= {size // 1000} KB URL", started, status, headers, body)


# MARK: actor invocation gets REST's bounds

def test_occurrences_count_is_bounded_on_actor_invocation(server, user):
    status, _, created = server.call("POST", "/api/v1/tasks", {"title": "daily", "due": "2026-12-01T09:00", "recurrence": {"rrule": "FREQ=DAILY"}}, token=user["token"])
    assert status == 201, created
    for count in [300_000, 0, -1]:
        call(server, f"TaskActor.occurrences count={count}", "POST", f"/api/v1/actors/TaskActor/{created['id']}/method/occurrences", {"count": count}, token=user["token"])
        call(server, f"GET occurrences?count={count}", "GET", f"/api/v1/tasks/{created['id']}/occurrences?count={count}", token=user["token"])


def test_list_limit_is_bounded_on_actor_invocation(server, user):
    for limit in [1_000_000, 0]:
        call(server, f"UserActor.listTasks limit={limit}", "POST", f"/api/v1/actors/UserActor/{user['id']}/method/listTasks", {"limit": limit}, token=user["token"])


def test_dates_as_huge_numbers_on_actor_invocation(server, user):
    status, _, created = server.call("POST", "/api/v1/tasks", {"title": "complete me"}, token=user["token"])
    assert status == 201
    call(server, "TaskActor.complete completedAt=1e300", "POST", f"/api/v1/actors/TaskActor/{created['id']}/method/complete", {"completedAt": 1e300}, token=user["token"])


# MARK: recurrence cost

EVERY_SECOND = "FREQ=YEARLY;BYHOUR=" + ",".join(map(str, range(24))) + ";BYMINUTE=" + ",".join(map(str, range(60))) + ";BYSECOND=" + ",".join(map(str, range(60))) + ";BYSETPOS=-1"


def test_every_second_rule_costs_a_bounded_budget(server, user):
    status, _, created = server.call("POST", "/api/v1/tasks", {"title": "r", "due": "2026-12-01T09:00", "recurrence": {"rrule": EVERY_SECOND}}, token=user["token"])
    assert status == 201, created
    status, _, body = call(server, "occurrences?count=100 of every-second BYSETPOS rule", "GET", f"/api/v1/tasks/{created['id']}/occurrences?count=100", token=user["token"], allow_ok=True)
    assert status == 200 and len(json.loads(body)) < 100


@pytest.mark.parametrize("rule", ["FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "FREQ=MONTHLY;BYMONTHDAY=31;BYMONTH=4,6,9,11"], ids=["feb-30", "31st-of-30-day-months"])
def test_empty_rules_are_refused_at_creation(server, user, rule):
    status, _, body = call(server, f"recurrence {rule[:30]}", "POST", "/api/v1/tasks", {"title": "r", "due": "2026-12-01T09:00", "recurrence": {"rrule": rule}}, token=user["token"])
    assert status == 422 and "recurrence.rrule" in json.loads(body)["detail"]


# MARK: bodies over the limit, chunked or not

@pytest.mark.parametrize("path,method", [("/mcp", "POST"), ("/api/v1/notifications/preferences", "PUT"), ("/api/v1/tasks", "POST"), ("/api/v1/chat", "POST")])
@pytest.mark.parametrize("chunked", [True, False], ids=["chunked", "content-length"])
def test_over_limit_bodies_are_413(server, user, path, method, chunked):
    started = time.monotonic()
    body = b'{"title": "' + b"x" * (2 << 20) + b'"}'
    status, headers, answer = raw(server, method, path, body, {
        "Content-Type": "application/json", "Accept": "application/json, text/event-stream", "Authorization": f"Bearer {user['token']}",
    }, chunked=chunked)
    assert status == 413, (status, answer[:200])
    assert_survived(server, f"{method} {path} 2 MiB {'chunked' if chunked else 'sized'}", started, status, headers, answer)


# MARK: sign-in

def test_common_passwords_are_refused(server):
    for password in ["password", "12345678", "Password1", "qwertyuiop", "aaaaaaaaaa"]:
        status, _, body = call(server, f"signup password '{password}'", "POST", "/api/v1/auth/signup", {"email": f"weak-{uuid.uuid4().hex[:6]}@example.com", "password": password})
        assert status == 422 and "common" in json.loads(body)["detail"]


def test_wrong_passwords_meet_429_with_a_growing_retry_after():
    # A server of its own: the throttle is per client address, and this one is loopback.
    with TodoServer("--store", "memory") as own:
        email = f"victim-{uuid.uuid4().hex[:6]}@example.com"
        own.sign_up(email)
        statuses, waits = [], []
        started = time.monotonic()
        for _ in range(30):
            status, headers, _ = own.call("POST", "/api/v1/auth/login", {"email": email, "password": "wrong password!"})
            statuses.append(status)
            if status == 429:
                waits.append(int(headers["Retry-After"]))
                time.sleep(min(int(headers["Retry-After"]), 1.1) if len(waits) < 4 else 0)
        FIGURES.append(("30 wrong passwords for one account", time.monotonic() - started, f"{statuses.count(401)}x401 {statuses.count(429)}x429"))
        assert statuses[:5] == [401] * 5
        assert statuses.count(429) >= 20, statuses
        assert all(wait >= 1 for wait in waits)
        assert max(waits) >= 4, waits  # the delay grows
        # The right password is also held back while the account is blocked: no oracle.
        status, headers, _ = own.call("POST", "/api/v1/auth/login", {"email": email, "password": "correct horse battery"})
        assert status == 429 and int(headers["Retry-After"]) >= 1


# MARK: webhooks

@pytest.mark.parametrize("url", [
    "http://localhost./hook", "http://kubernetes.default.svc/hook",
    "http://metadata.google.internal/computeMetadata/v1/", "http://169.254.169.254/latest/meta-data/", "http://[fd00:ec2::254]/",
])
def test_webhooks_to_internal_names_are_refused(server, user, url):
    body = {"channels": {"inApp": True, "webhook": True, "email": False}, "webhook": {"url": url, "secret": "s" * 32}}
    status, _, answer = call(server, f"webhook {url[:40]}", "PUT", "/api/v1/notifications/preferences", body, token=user["token"])
    assert status == 422, answer


def test_webhook_names_resolving_to_loopback_are_refused(server, user):
    """localtest.me and nip.io resolve to 127.0.0.1 on the public DNS; offline, skip them."""
    for name in ["localtest.me", "127.0.0.1.nip.io"]:
        try:
            socket.getaddrinfo(name, 80)
        except OSError:
            continue
        body = {"channels": {"inApp": True, "webhook": True, "email": False}, "webhook": {"url": f"http://{name}/hook", "secret": "s" * 32}}
        status, _, answer = call(server, f"webhook {name}", "PUT", "/api/v1/notifications/preferences", body, token=user["token"])
        assert status == 422, answer


# MARK: Dapr mode startup

@pytest.mark.parametrize("env,needle", [
    ({"TODO_JWT_SECRET": "y" * 40}, "APP_API_TOKEN"),
    ({"TODO_JWT_SECRET": "change-me-to-32-or-more-random-bytes!!", "APP_API_TOKEN": "t" * 24}, "placeholder"),
], ids=["no-app-api-token", "placeholder-jwt-secret"])
def test_dapr_mode_refuses_insecure_configuration(env, needle):
    started = time.monotonic()
    clean = {k: v for k, v in os.environ.items() if k not in ("APP_API_TOKEN", "TODO_DAPR_ALLOW_INSECURE", "TODO_JWT_SECRET")}
    result = subprocess.run([todo_binary(), "serve", "--target", "tasks-service", "--runtime", "dapr", "--port", str(free_port())],
                            env={**clean, "DAPR_HTTP_PORT": str(free_port()), **env}, capture_output=True, text=True, timeout=30)
    FIGURES.append((f"dapr startup {needle}", time.monotonic() - started, f"exit {result.returncode}"))
    assert result.returncode != 0
    assert needle in result.stdout + result.stderr and "TODO_DAPR_ALLOW_INSECURE" in result.stdout + result.stderr

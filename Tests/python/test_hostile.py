"""Hostile input against the real `todo serve` binary, over HTTP and MCP (issue #20).

Every case sends one class of input an attacker would try, then checks that the process is
still alive, that /healthz answers within 100 ms, and that the answer was a 4xx
application/problem+json (never a 5xx or a dropped connection). Chat messages may instead be
answered normally: the engine declines the number it cannot use in its reply. Each case
records (class of input, test, case, time, status) in FIGURES, a table printed at the end
(run with -s to see it) and written to .build/hostile-figures.md (and $TODO_HOSTILE_FIGURES
when set).
"""
import http.client
import json
import os
import socket
import subprocess
import time
import uuid
from pathlib import Path

import pytest

from todo_server import TodoServer, free_port, http_call, todo_binary

FIGURES: list[tuple[str, str, str, float, str, float]] = []  # (class of input, test, case, seconds to answer, status, /healthz ms after)
CURRENT_TEST = {"name": ""}

# The classes of input of issue #20, by test: the closing note quotes the table they make.
INPUT_CLASSES = {
    "test_chat_numbers_never_trap": "integer overflow: numbers in chat",
    "test_json_numbers_are_range_checked": "integer overflow: JSON numbers",
    "test_absolute_dates_out_of_range_are_422_over_rest": "dates out of range",
    "test_absolute_dates_out_of_range_are_422_on_every_other_path": "dates out of range",
    "test_query_numbers_are_range_checked": "integer overflow: query numbers",
    "test_huge_numbers_in_query_strings_are_refused": "integer overflow: query numbers",
    "test_ill_typed_query_numbers_name_the_parameter": "integer overflow: query numbers",
    "test_snooze_minutes_out_of_range": "integer overflow: JSON numbers",
    "test_mcp_add_task_with_a_20_digit_due_in_words": "integer overflow: MCP arguments",
    "test_10000_duplicate_tags": "per-element cost: 10,000 duplicate tags",
    "test_deep_filters_over_bulk": "filter recursion and size",
    "test_deep_filters_over_actor_invocation": "filter recursion and size",
    "test_deep_filters_over_mcp": "filter recursion and size",
    "test_deep_filter_in_a_query_string": "filter recursion and size",
    "test_long_urls_are_414": "long URLs (414)",
    "test_what_the_http_decoder_refuses_is_answered": "heads the HTTP decoder refuses",
    "test_decoder_refusals_and_websocket_upgrades_on_one_server": "heads the HTTP decoder refuses",
    "test_occurrences_count_is_bounded_on_actor_invocation": "actor invocation bounds",
    "test_list_limit_is_bounded_on_actor_invocation": "actor invocation bounds",
    "test_dates_as_huge_numbers_on_actor_invocation": "actor invocation bounds",
    "test_huge_numbers_in_actor_arguments_are_refused": "actor invocation bounds",
    "test_every_second_rule_costs_a_bounded_budget": "recurrence cost",
    "test_empty_rules_are_refused_at_creation": "recurrence cost",
    "test_over_limit_bodies_are_413": "over-limit bodies (413)",
    "test_deeply_nested_json_bodies_are_400": "nested JSON",
    "test_deeply_nested_json_rpc_is_refused": "nested JSON",
    "test_hostile_mcp_tool_arguments_are_tool_errors": "MCP tool arguments",
    "test_hostile_websocket_cursors_and_messages": "WebSocket cursors and messages",
    "test_common_passwords_are_refused": "sign-in: common passwords",
    "test_wrong_passwords_meet_429_with_a_growing_retry_after": "sign-in: throttling",
    "test_webhooks_to_internal_names_are_refused": "webhooks to internal addresses",
    "test_webhook_names_resolving_to_loopback_are_refused": "webhooks to internal addresses",
    "test_dapr_mode_refuses_insecure_configuration": "Dapr start-up checks",
}


def figure(case: str, seconds: float, status: str, health_ms: float):
    test = CURRENT_TEST["name"]
    FIGURES.append((INPUT_CLASSES.get(test.split("[")[0], "other"), test, case, seconds, status, health_ms))


@pytest.fixture(autouse=True)
def _current_test(request):
    # Parametrized ids can be the whole hostile input: the table keeps their start.
    name = request.node.name
    CURRENT_TEST["name"] = name if len(name) <= 72 else name[:70] + "…]"
    yield


@pytest.fixture(scope="module", autouse=True)
def _figures_table():
    """After the module: the table "class of input → test → case → status → time", printed
    (run with -s), written to .build/hostile-figures.md and, when set, to
    $TODO_HOSTILE_FIGURES."""
    yield
    if not FIGURES:
        return
    rows = ["| class of input | test | case | status | time (ms) | /healthz after (ms) |", "|---|---|---|---|---:|---:|"]
    for kind, test, case, seconds, status, health in sorted(FIGURES, key=lambda row: row[0]):
        health_text = "—" if health != health else f"{health:.1f}"
        rows.append(f"| {kind} | `{test}` | {case.replace('|', '/')} | {status} | {seconds * 1000:.1f} | {health_text} |")
    table = "\n".join(rows) + "\n"
    print("\nhostile-input figures:\n" + table)
    build = Path(__file__).resolve().parents[2] / ".build"
    if build.is_dir():
        (build / "hostile-figures.md").write_text(table)
    if os.environ.get("TODO_HOSTILE_FIGURES"):
        with open(os.environ["TODO_HOSTILE_FIGURES"], "a") as out:
            out.write(table)


@pytest.fixture(scope="module")
def server():
    with TodoServer("--store", "memory") as running:
        yield running


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
    figure(name, elapsed, str(status), health_ms)
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
    elapsed = time.monotonic() - started
    probe = time.monotonic()
    assert http_call(server.base, "GET", "/healthz")[0] == 200
    health_ms = (time.monotonic() - probe) * 1000
    assert health_ms < 100, f"{name}: /healthz took {health_ms:.0f} ms after the attack"
    figure(name, elapsed, f"{status} tool error" if answer.get("result", {}).get("isError") else f"{status}", health_ms)
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


# What the reply must say it could not use (None: no date-like context, nothing to name).
UNUSABLE = {
    "call mom at 99999999999999999999": "I can't use 99999999999999999999 as a time of day",
    "buy milk in 99999999999999999999 days": "I can't use 99999999999999999999 as a number of days",
    "9" * 2_000: None,
    "remind me 99999999999999999999 minutes before to call mom tomorrow": "I can't use 99999999999999999999 as a number of minutes",
    "pay rent every 99999999999999999999 months": "I can't use 99999999999999999999 as a number of months",
    "call mom in 99999999999999999999h": "I can't use 99999999999999999999 as a number of hours",
    "buy milk in 999999 years": "I can't use 999999 as a number of years: that is past the year 9999",
    "buy milk in 9999999 weeks": "I can't use 9999999 as a number of weeks",
    "call mom on 12/31/99999": "I can't use 99999 as part of a date",
}


@pytest.mark.parametrize("message", CHAT_NUMBERS + ["buy milk in 999999 years", "buy milk in 9999999 weeks", "call mom on 12/31/99999"], ids=lambda m: m[:40])
def test_chat_numbers_never_trap(server, user, message):
    status, _, body = call(server, f"chat: {message[:40]}", "POST", "/api/v1/chat", {"message": message}, token=user["token"], allow_ok=True)
    assert status == 200, body
    answer = json.loads(body)
    assert answer["reply"]
    if UNUSABLE[message]:
        assert UNUSABLE[message] in answer["reply"], answer["reply"]
    # Nothing is ever stored with a date past year 9999 (the API could not read it back).
    for action in answer["actions"]:
        assert "due" not in action or len(action["due"].split("-")[0]) == 4, action


@pytest.mark.parametrize("body,expected", [
    ({"title": "x", "reminders": [{"minutesBefore": 99999999999999999999}], "due": "2026-12-01"}, 400),
    ({"title": "x", "due": "99999-12-01"}, 422),
    ({"title": "x", "priority": 1e308}, 400),
], ids=["minutesBefore-20-digits", "due-5-digit-year", "priority-1e308"])
def test_json_numbers_are_range_checked(server, user, body, expected):
    status, _, _ = call(server, f"POST /tasks {list(body)[-1]}", "POST", "/api/v1/tasks", body, token=user["token"])
    assert status == expected


# Absolute dates a user sends: years 1970 to 9999 on every path (TaskFields.years).
OUT_OF_RANGE_DATES = {
    "reminder at year 99999": {"title": "x", "reminders": [{"at": "99999-01-01T00:00:00Z"}]},
    "reminder at year 0001": {"title": "x", "reminders": [{"at": "0001-01-01T00:00:00Z"}]},
    "due year 0001": {"title": "x", "due": "0001-01-01"},
    "due year 1969": {"title": "x", "due": "1969-12-31T23:00"},
    "series UNTIL year 0001": {"title": "x", "due": "2026-12-01", "recurrence": {"rrule": "FREQ=DAILY;UNTIL=00010101"}},
}


@pytest.mark.parametrize("name", list(OUT_OF_RANGE_DATES))
def test_absolute_dates_out_of_range_are_422_over_rest(server, user, name):
    status, _, body = call(server, f"POST /tasks {name}", "POST", "/api/v1/tasks", OUT_OF_RANGE_DATES[name], token=user["token"])
    assert status == 422 and "outside the years 1970 to 9999" in json.loads(body)["detail"], body


def test_absolute_dates_out_of_range_are_422_on_every_other_path(server, user):
    status, _, created = server.call("POST", "/api/v1/tasks", {"title": "dates", "due": "2026-12-01"}, token=user["token"])
    assert status == 201
    task = created["id"]
    cases = [
        ("PATCH reminder at year 99999", "PATCH", f"/api/v1/tasks/{task}", {"reminders": [{"at": "99999-01-01T00:00:00Z"}]}),
        ("PATCH due year 0001", "PATCH", f"/api/v1/tasks/{task}", {"due": "0001-01-01"}),
        ("complete completedAt year 0001", "POST", f"/api/v1/tasks/{task}/complete", {"completedAt": "0001-01-01T00:00:00Z"}),
        ("TaskActor.update reminder at year 99999", "POST", f"/api/v1/actors/TaskActor/{task}/method/update", {"patch": {"reminders": [{"id": "r", "at": 3.1e12}]}}),  # actor wire: reference-date seconds (year ~99,000)
        ("TaskActor.update due year 0001", "POST", f"/api/v1/actors/TaskActor/{task}/method/update", {"patch": {"due": "0001-01-01"}}),
        ("TaskActor.complete completedAt -1e10", "POST", f"/api/v1/actors/TaskActor/{task}/method/complete", {"completedAt": -1e10}),
    ]
    for name, method, path, body in cases:
        status, _, answer = call(server, name, method, path, body, token=user["token"])
        assert status == 422 and "outside the years 1970 to 9999" in json.loads(answer)["detail"], (name, answer)
    status, _, after = server.call("GET", f"/api/v1/tasks/{task}", token=user["token"])
    assert status == 200 and after["status"] == "open" and after["due"] == "2026-12-01" and after["reminders"] == [], after
    # MCP: an instant, a date and a date in words past the range are tool errors naming why.
    for arguments, needle in [
        ({"title": "x", "due": "2026-12-01", "reminders": [{"at": "99999-01-01T00:00:00Z"}]}, "outside the years 1970 to 9999"),
        ({"title": "x", "due": "in 999999 years"}, "I can't use 999999 as a number of years"),
        ({"title": "x", "due": "2026-12-01", "reminders": [{"at": "in 99999999 weeks"}]}, "I can't use 99999999 as a number of weeks"),
    ]:
        started = time.monotonic()
        status, _, answer = mcp(server, user["token"], "tools/call", {"name": "add_task", "arguments": arguments})
        assert_tool_refused(server, f"MCP add_task {list(arguments)[-1]} out of range", started, status, answer)
        assert needle in answer["result"]["content"][0]["text"], answer
    # The edges themselves are accepted.
    status, _, edge = server.call("POST", "/api/v1/tasks", {"title": "edge", "due": "9999-12-31T23:59", "reminders": [{"at": "1970-01-01T00:00:00Z"}]}, token=user["token"])
    assert status == 201, edge


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
    assert_tool_refused(server, "MCP add_task due 'in 20 digits days'", started, status, answer)
    assert "I can't use 99999999999999999999 as a number of days" in answer["result"]["content"][0]["text"], answer
    started = time.monotonic()
    status, _, answer = mcp(server, user["token"], "tools/call", {"name": "snooze_task", "arguments": {"taskId": "t_none", "minutes": 1e300}})
    assert_tool_refused(server, "MCP snooze_task minutes=1e300", started, status, answer)



def test_10000_duplicate_tags(server, user):
    """10,000 copies of one tag: over REST they are one tag, normalised in linear time; over
    MCP the body is refused before the SDK reads it (its per-string decoding cost 0.7 s for
    these; `MCPRoutes.maxStrings`)."""
    started = time.monotonic()
    status, _, body = call(server, "POST /tasks 10,000 duplicate tags", "POST", "/api/v1/tasks", {"title": "tagged", "tags": ["#Home "] * 10_000}, token=user["token"], allow_ok=True)
    assert status == 201 and json.loads(body)["tags"] == ["home"], body[:300]
    assert time.monotonic() - started < 2, f"10,000 duplicate tags over REST took {(time.monotonic() - started) * 1000:.0f} ms"
    started = time.monotonic()
    status, _, answer = mcp(server, user["token"], "tools/call", {"name": "add_task", "arguments": {"title": "tagged", "tags": ["#Home "] * 10_000}})
    elapsed = time.monotonic() - started
    probe = time.monotonic()
    assert http_call(server.base, "GET", "/healthz")[0] == 200
    figure("MCP add_task 10,000 duplicate tags", elapsed, f"{status} JSON-RPC {answer['error']['code']}", (time.monotonic() - probe) * 1000)
    assert status == 400 and answer["error"]["code"] == -32600 and "/mcp reads at most 2000" in answer["error"]["message"], answer
    assert elapsed < 2, f"refusing 10,000 tags over MCP took {elapsed * 1000:.0f} ms"
    # Within the limit the tool set normalises them as REST does.
    status, _, answer = mcp(server, user["token"], "tools/call", {"name": "add_task", "arguments": {"title": "tagged", "tags": ["#Home "] * 1_000}})
    assert status == 200 and json.loads(answer["result"]["content"][0]["text"])["task"]["tags"] == ["home"], answer



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


@pytest.mark.parametrize("size", [20_000, 79_000, 200_000, 2_000_000])
def test_long_urls_are_414(server, user, size):
    started = time.monotonic()
    status, headers, body = raw(server, "GET", "/api/v1/tasks?filter=" + "p" * size, headers={"Authorization": f"Bearer {user['token']}"}, timeout=10)
    assert status == 414, (status, body[:200])
    assert time.monotonic() - started < 5, "the answer took too long"
    assert {k.lower(): v for k, v in headers.items()}.get("connection") == "close"
    assert_survived(server, f"GET /tasks?filter= {size // 1000} KB URL", started, status, headers, body)


def raw_bytes(server, request: bytes, timeout: float = 10) -> tuple[int, dict, bytes, float]:
    """Sends `request` as it is on a fresh socket, reads until the server closes; returns
    (status, headers, body, seconds until the close)."""
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", server.port), timeout=timeout) as sock:
        try:
            sock.sendall(request)
        except (BrokenPipeError, ConnectionResetError):
            pass
        data = b""
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1]) if lines[0].startswith("HTTP/1.1 ") else 0
    headers = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
    return status, headers, body, time.monotonic() - started


@pytest.mark.parametrize("name,request_bytes,expected", [
    ("one 100 KB header", b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 100_000 + b"\r\n\r\n", 431),
    ("1,100 header fields", b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-H%d: a\r\n" % i for i in range(1_100)) + b"\r\n", 431),
    ("500 KB of headers in 5 KB fields", b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-H%d: %s\r\n" % (i, b"b" * 5_000) for i in range(100)) + b"\r\n", 431),
    ("2 MB request line, raw", b"GET /api/v1/tasks?q=" + b"z" * 2_000_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414),
    ("not HTTP at all", b"GARBAGE NONSENSE\r\n\r\n", 400),
    ("header line without a colon", b"GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n", 400),
    ("bad chunk size", b"POST /api/v1/tasks HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400),
])
def test_what_the_http_decoder_refuses_is_answered(server, name, request_bytes, expected):
    status, headers, body, seconds = raw_bytes(server, request_bytes)
    assert status == expected, (status, body[:200])
    assert seconds < 5, f"{name}: the connection was held {seconds:.1f} s"
    assert_survived(server, f"HTTP decoder: {name}", time.monotonic() - seconds, status, headers, body)



def test_decoder_refusals_and_websocket_upgrades_on_one_server(server, user):
    """The server of `todo serve` takes WebSocket upgrades and answers what its HTTP decoder
    refuses: a socket opened before a 200 KB URL keeps its updates, the URL is answered 414,
    and a handshake after it works as well."""
    import asyncio
    from websockets.asyncio.client import connect

    url = server.base.replace("http://", "ws://") + "/ws"
    headers = {"Authorization": f"Bearer {user['token']}"}

    async def next_of(ws, kind: str) -> dict:
        while True:
            message = json.loads(await asyncio.wait_for(ws.recv(), 10))
            if message.get("type") == kind:
                return message

    async def scenario():
        async with connect(url, additional_headers=headers) as ws:
            assert (await next_of(ws, "ready"))["type"] == "ready"
            await ws.send(json.dumps({"type": "ping"}))
            assert (await next_of(ws, "pong"))["type"] == "pong"
            started = time.monotonic()
            status, response_headers, body = await asyncio.to_thread(
                raw, server, "GET", "/api/v1/tasks?filter=" + "p" * 200_000, None, {"Authorization": f"Bearer {user['token']}"}, False, 10)
            assert status == 414, (status, body[:200])
            await asyncio.to_thread(assert_survived, server, "200 KB URL next to an open socket", started, status, response_headers, body)
            status, _, created = await asyncio.to_thread(server.call, "POST", "/api/v1/tasks", {"title": "after the long URL"}, user["token"])
            assert status == 201
            update = await next_of(ws, "created")
            assert update["taskId"] == created["id"], update
        async with connect(url, additional_headers=headers) as again:
            assert (await next_of(again, "ready"))["type"] == "ready"

    asyncio.run(scenario())

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


# MARK: what an attacker tries next: nesting, huge numbers in JSON, MCP arguments, WebSocket cursors

@pytest.mark.parametrize("depth", [600, 100_000])
@pytest.mark.parametrize("method,path", [
    ("POST", "/api/v1/tasks"), ("POST", "/api/v1/chat"), ("POST", "/api/v1/tasks:bulk"),
    ("POST", "/api/v1/actors/UserActor/{user}/method/listTasks"), ("PUT", "/api/v1/notifications/preferences"),
])
def test_deeply_nested_json_bodies_are_400(server, user, method, path, depth):
    started = time.monotonic()
    body = b'{"title":"x","notes":' + b"[" * depth + b"]" * depth + b"}"
    status, headers, answer = raw(server, method, path.format(user=user["id"]), body, {"Content-Type": "application/json", "Authorization": f"Bearer {user['token']}"})
    # Within the body limit: refused by the JSON decoder's depth limit (400); past it: 413.
    assert status in (400, 413), (status, answer[:200])
    assert_survived(server, f"{method} {path.split('/')[-1]} JSON nested {depth} deep", started, status, headers, answer)


def test_deeply_nested_json_rpc_is_refused(server, user):
    started = time.monotonic()
    body = b'{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"list_tasks","arguments":{"filter":' + b"[" * 100_000 + b"]" * 100_000 + b"}}}"
    status, _, answer = raw(server, "POST", "/mcp", body, {"Content-Type": "application/json", "Accept": "application/json, text/event-stream", "Authorization": f"Bearer {user['token']}", "MCP-Protocol-Version": "2025-06-18"})
    assert server.process.poll() is None
    elapsed = time.monotonic() - started
    probe = time.monotonic()
    assert http_call(server.base, "GET", "/healthz")[0] == 200
    health_ms = (time.monotonic() - probe) * 1000
    assert health_ms < 100
    figure("MCP JSON-RPC nested 100,000 deep", elapsed, str(status), health_ms)
    assert 400 <= status < 500 and json.loads(answer)["error"]["code"] == -32700, (status, answer[:200])


HUGE_NUMBERS = [1e300, -1e300, 9223372036854775808, -9223372036854775809, 99999999999999999999999999, 1.5, "12"]


@pytest.mark.parametrize("value", HUGE_NUMBERS, ids=str)
def test_huge_numbers_in_actor_arguments_are_refused(server, user, value):
    status, _, created = server.call("POST", "/api/v1/tasks", {"title": "numbers", "due": "2026-12-01T09:00", "recurrence": {"rrule": "FREQ=DAILY"}}, token=user["token"])
    assert status == 201
    for name, path, body in [
        ("UserActor.listTasks limit", f"/api/v1/actors/UserActor/{user['id']}/method/listTasks", {"limit": value}),
        ("TaskActor.occurrences count", f"/api/v1/actors/TaskActor/{created['id']}/method/occurrences", {"count": value}),
        ("TaskActor.snooze minutes", f"/api/v1/actors/TaskActor/{created['id']}/method/snooze", {"minutes": value}),
        ("TaskActor.update ifVersion", f"/api/v1/actors/TaskActor/{created['id']}/method/update", {"patch": {"title": "y"}, "ifVersion": value}),
    ]:
        status, _, answer = call(server, f"{name}={value}", "POST", path, body, token=user["token"])
        assert status in (400, 412, 422), (name, status, answer[:200])


@pytest.mark.parametrize("query", ["count=1e400", "count=99999999999999999999999", "count=-9223372036854775809", "count=%00", "count=" + "9" * 5_000])
def test_huge_numbers_in_query_strings_are_refused(server, user, query):
    status, _, created = server.call("POST", "/api/v1/tasks", {"title": "q", "due": "2026-12-01T09:00", "recurrence": {"rrule": "FREQ=DAILY"}}, token=user["token"])
    assert status == 201
    _, _, answer = call(server, f"GET occurrences?{query[:30]}", "GET", f"/api/v1/tasks/{created['id']}/occurrences?{query}", token=user["token"])
    assert "query parameter 'count'" in json.loads(answer)["detail"], answer[:300]
    # Next to a string parameter that is no number either, the problem still names the number.
    _, _, answer = call(server, f"GET /tasks?{query.replace('count', 'limit')[:30]}", "GET", f"/api/v1/tasks?filter=p1&{query.replace('count', 'limit')}", token=user["token"])
    assert "query parameter 'limit'" in json.loads(answer)["detail"], answer[:300]


@pytest.mark.parametrize("query,detail", [
    ("limit=1e400", "query parameter 'limit' must be a whole number, not '1e400'"),
    ("limit=abc", "query parameter 'limit' must be a whole number, not 'abc'"),
    ("limit=99999999999999999999", "query parameter 'limit' is out of range: '99999999999999999999'"),
    ("limit=2.5", "query parameter 'limit' must be a whole number, not '2.5'"),
])
def test_ill_typed_query_numbers_name_the_parameter(server, user, query, detail):
    status, _, answer = call(server, f"GET /tasks?{query}", "GET", f"/api/v1/tasks?{query}", token=user["token"])
    assert status == 400 and json.loads(answer)["detail"] == detail, answer


@pytest.mark.parametrize("tool,arguments", [
    ("list_tasks", {"limit": 1e300}),
    ("list_tasks", {"limit": 9223372036854775808}),
    ("list_tasks", {"filter": ["p1"]}),
    ("list_tasks", {"filter": "p1", "sort": "due," * 10_000}),
    ("add_task", {"title": "x" * 100_000}),
    ("add_task", {"title": "x", "tags": [f"t{i}" for i in range(100)]}),
    ("add_task", {"title": "x", "reminders": [{"minutesBefore": 1e300}]}),
    ("add_task", {"title": "x", "due": "next friday at " + "9" * 1_000}),
    ("add_task", {"title": "x", "due": "2026-12-01", "recurrence": {"rrule": "FREQ=DAILY;INTERVAL=99999999999999999999"}}),
    ("snooze_task", {"taskId": "t_" + "x" * 10_000, "minutes": 5}),
    ("complete_task", {"taskId": "t_none", "completedAt": "99999-01-01T00:00:00Z"}),
    ("update_task", {"taskId": "t_none", "due": {"deep": [[[[[[[[[[]]]]]]]]]]}}),
], ids=lambda v: v if isinstance(v, str) else json.dumps(v)[:40])
def test_hostile_mcp_tool_arguments_are_tool_errors(server, user, tool, arguments):
    started = time.monotonic()
    status, _, answer = mcp(server, user["token"], "tools/call", {"name": tool, "arguments": arguments})
    assert_tool_refused(server, f"MCP {tool} {json.dumps(arguments)[:40]}", started, status, answer)


def test_hostile_websocket_cursors_and_messages(server, user):
    import asyncio
    from websockets.asyncio.client import connect
    from websockets.exceptions import ConnectionClosed

    def alive(name: str, started: float, outcome: str):
        elapsed = time.monotonic() - started
        assert server.process.poll() is None, f"{name}: the server died: {server.read_log()}"
        probe = time.monotonic()
        assert http_call(server.base, "GET", "/healthz")[0] == 200
        health_ms = (time.monotonic() - probe) * 1000
        assert health_ms < 100, f"{name}: /healthz took {health_ms:.0f} ms"
        figure(name, elapsed, outcome, health_ms)

    async def scenario():
        url = server.base.replace("http://", "ws://") + "/ws"
        headers = {"Authorization": f"Bearer {user['token']}"}
        for name, query in [("ws ?after= 15 KB of digits", "?after=" + "9" * 15_000), ("ws ?after=-1", "?after=-1"),
                            ("ws ?after=1e400", "?after=1e400"), ("ws ?after=%00%ff", "?after=%00%ff")]:
            started = time.monotonic()
            async with connect(url + query, additional_headers=headers, max_size=2**20) as ws:
                first = json.loads(await asyncio.wait_for(ws.recv(), 10))
                assert first["type"] in ("ready", "reset"), first
            alive(name, started, first["type"])
        async with connect(url, additional_headers=headers, max_size=2**20) as ws:
            assert json.loads(await asyncio.wait_for(ws.recv(), 10))["type"] == "ready"
            # Messages within the 16 KiB a client message may have (LiveConfiguration).
            for name, message in [
                ("ws resume after 15 KB", json.dumps({"type": "resume", "after": "9" * 15_000})),
                ("ws resume after a number", json.dumps({"type": "resume", "after": 1e300})),
                ("ws message of unknown type", json.dumps({"type": "x" * 10_000})),
                ("ws message nested 8,000 deep", "[" * 8_000 + "]" * 8_000),
            ]:
                started = time.monotonic()
                await ws.send(message)
                answer = json.loads(await asyncio.wait_for(ws.recv(), 10))
                assert answer.get("type") in ("error", "reset"), answer
                alive(name, started, answer["type"])
        # Past the limit, in one frame or in fragments: the socket is closed (1009), not the server.
        for name, message in [("ws 4 MiB frame", "x" * (4 << 20)), ("ws 64 x 8 KiB fragments", ["y" * 8_192] * 64)]:
            started = time.monotonic()
            async with connect(url, additional_headers=headers, max_size=2**20) as ws:
                assert json.loads(await asyncio.wait_for(ws.recv(), 10))["type"] == "ready"
                try:
                    await ws.send(message)
                    await asyncio.wait_for(ws.recv(), 10)
                    outcome = "answered"
                except ConnectionClosed as closed:
                    outcome = f"closed {closed.rcvd.code if closed.rcvd else '?'}"
            alive(name, started, outcome)
            assert outcome == "closed 1009", outcome

    asyncio.run(scenario())


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
        figure("30 wrong passwords for one account", time.monotonic() - started, f"{statuses.count(401)}x401 {statuses.count(429)}x429", float("nan"))
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
    "http://ip6-localhost/hook", "http://ip6-loopback/hook", "http://runsc:8080/hook", "http://0.0.0.0/hook", "http://[::]/hook",
    "http://[::ffff:127.0.0.1]/hook", "http://[::127.0.0.1]/hook", "http://[64:ff9b::a9fe:a9fe]/", "http://2130706433/hook",
    "http://0x7f.1/hook", "http://0177.0.0.1/hook", "http://127.0.0.1./hook",
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
    figure(f"dapr startup {needle}", time.monotonic() - started, f"exit {result.returncode}", float("nan"))
    assert result.returncode != 0
    assert needle in result.stdout + result.stderr and "TODO_DAPR_ALLOW_INSECURE" in result.stdout + result.stderr

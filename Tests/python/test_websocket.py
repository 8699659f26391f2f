"""The websocket-service end to end under `todo serve`, with a real WebSocket client
(`websockets`): task changes made over REST arrive on every open socket of their owner
exactly once and on nobody else's; refusals carry a close code and a reason; a reconnect
resumes from the last id; a socket that stops answering pings is closed."""
import asyncio
import base64
import hashlib
import hmac
import json
import os
import socket
import struct
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from todo_server import TodoServer, free_port, todo_binary

pytestmark = pytest.mark.skipif(not Path(todo_binary()).exists(), reason="build the todo binary first (swift build)")

CONTROL = {"ready", "reset", "pong", "error"}


@pytest.fixture(scope="module")
def server():
    with TodoServer(env={"TODO_WS_AUTH_TIMEOUT_SECONDS": "1"}) as running:
        yield running


def ws_url(server, query: str = "") -> str:
    return server.base.replace("http://", "ws://") + "/ws" + query


async def rest(server, method, path, body=None, token=None):
    """REST on a thread, so the event loop keeps answering the server's pings."""
    return await asyncio.to_thread(server.call, method, path, body, token)


async def open_socket(server, token: str, query: str = "", by_message: bool = False):
    headers = {} if by_message else {"Authorization": f"Bearer {token}"}
    ws = await connect(ws_url(server, query), additional_headers=headers)
    if by_message:
        await ws.send(json.dumps({"type": "auth", "token": token}))
    ready = json.loads(await asyncio.wait_for(ws.recv(), 10))
    assert ready["type"] == "ready", ready
    return ws, ready


async def collect(ws, seconds: float) -> list[dict]:
    """Everything the socket receives within `seconds`."""
    received = []
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        try:
            received.append(json.loads(await asyncio.wait_for(ws.recv(), left)))
        except asyncio.TimeoutError:
            break
    return received


async def updates_until(ws, count: int, timeout: float = 15) -> list[dict]:
    """The first `count` updates (control messages left out)."""
    updates = []
    deadline = time.monotonic() + timeout
    while len(updates) < count:
        message = json.loads(await asyncio.wait_for(ws.recv(), max(0.01, deadline - time.monotonic())))
        if message.get("type") not in CONTROL:
            updates.append(message)
    return updates


def test_changes_reach_every_socket_of_the_owner_once_and_nobody_else(server):
    async def scenario():
        alice = server.sign_up("alice-ws@example.com")
        bob = server.sign_up("bob-ws@example.com")
        alice_header, ready = await open_socket(server, alice)
        alice_message, _ = await open_socket(server, alice, by_message=True)
        bob_socket, _ = await open_socket(server, bob)
        assert ready["heartbeatSeconds"] > 0

        status, _, task = await rest(server, "POST", "/api/v1/tasks", {"title": "Water the plants"}, alice)
        assert status == 201
        status, _, _ = await rest(server, "POST", f"/api/v1/tasks/{task['id']}/complete", None, alice)
        assert status == 200

        seen = []
        for ws in (alice_header, alice_message):
            updates = await updates_until(ws, 2)
            # Anything more within two seconds would be a duplicate.
            updates += [m for m in await collect(ws, 2) if m.get("type") not in CONTROL]
            assert [u["type"] for u in updates] == ["created", "completed"], updates
            assert {u["taskId"] for u in updates} == {task["id"]}
            assert all(u["userId"] == updates[0]["userId"] for u in updates)
            assert len({u["id"] for u in updates}) == 2
            seen.append([u["id"] for u in updates])
        # Both sockets got the same updates (the same event ids).
        assert seen[0] == seen[1]

        # Bob saw none of it; his own change reaches him.
        assert await collect(bob_socket, 0.5) == []
        status, _, own = await rest(server, "POST", "/api/v1/tasks", {"title": "Bob's"}, bob)
        assert status == 201
        [update] = await updates_until(bob_socket, 1)
        assert update["taskId"] == own["id"] and update["type"] == "created"
        assert [m for m in await collect(alice_header, 1) if m.get("type") not in CONTROL] == []
        for ws in (alice_header, alice_message, bob_socket):
            await ws.close()

    asyncio.run(scenario())


def test_resume_after_reconnect_and_reset(server):
    async def scenario():
        token = server.sign_up("carol-ws@example.com")
        ws, _ = await open_socket(server, token)
        status, _, task = await rest(server, "POST", "/api/v1/tasks", {"title": "Call the bank"}, token)
        [created] = await updates_until(ws, 1)
        await ws.close()
        # Made while no socket is open.
        status, _, _ = await rest(server, "POST", f"/api/v1/tasks/{task['id']}/complete", None, token)
        assert status == 200

        ws, ready = await open_socket(server, token, query=f"?after={created['id']}")
        assert ready["resumed"] == 1
        [completed] = await updates_until(ws, 1)
        assert completed["type"] == "completed" and completed["taskId"] == task["id"]
        await ws.close()

        ws, _ = await open_socket(server, token, query="?after=not-a-buffered-id")
        reset = json.loads(await asyncio.wait_for(ws.recv(), 10))
        assert reset["type"] == "reset" and reset["after"] == "not-a-buffered-id"
        await ws.send(json.dumps({"type": "ping"}))
        assert json.loads(await asyncio.wait_for(ws.recv(), 10)) == {"type": "pong"}
        await ws.close()

    asyncio.run(scenario())


def test_refusals_carry_a_code_and_a_reason(server):
    # A plain GET is told to upgrade.
    request = urllib.request.Request(server.base + "/ws")
    try:
        urllib.request.urlopen(request, timeout=10)
        raise AssertionError("GET /ws without an upgrade succeeded")
    except urllib.error.HTTPError as error:
        assert error.code == 426
        assert error.headers["Content-Type"] == "application/problem+json"
        assert "WebSocket" in json.loads(error.read())["detail"]

    async def refused(headers=None, first_message=None):
        ws = await connect(ws_url(server), additional_headers=headers or {})
        if first_message:
            await ws.send(first_message)
        try:
            while True:
                message = json.loads(await asyncio.wait_for(ws.recv(), 10))
                assert message["type"] != "ready"
        except ConnectionClosed as closed:
            return closed.rcvd.code, closed.rcvd.reason

    async def scenario():
        code, reason = await refused()
        assert code == 4401 and "authentication required" in reason
        code, reason = await refused(headers={"Authorization": "Bearer nonsense"})
        assert code == 4401 and "invalid or expired" in reason
        code, reason = await refused(first_message=json.dumps({"type": "auth", "token": "nonsense"}))
        assert code == 4401 and "invalid or expired" in reason

    asyncio.run(scenario())


def read_frame(sock) -> tuple[int, bytes]:
    """One unmasked server frame: (opcode, payload)."""
    def exactly(n):
        data = b""
        while len(data) < n:
            chunk = sock.recv(n - len(data))
            if not chunk:
                raise EOFError
            data += chunk
        return data
    first, second = exactly(2)
    length = second & 0x7F
    if length == 126:
        length = struct.unpack("!H", exactly(2))[0]
    elif length == 127:
        length = struct.unpack("!Q", exactly(8))[0]
    return first & 0x0F, exactly(length)


def test_a_socket_that_never_answers_pings_is_closed():
    with TodoServer(env={"TODO_WS_HEARTBEAT_SECONDS": "0.5"}) as server:
        token = server.sign_up("dave-ws@example.com")
        sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
        key = base64.b64encode(os.urandom(16)).decode()
        sock.sendall((
            f"GET /ws HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\nAuthorization: Bearer {token}\r\n\r\n"
        ).encode())
        response = b""
        while b"\r\n\r\n" not in response:
            response += sock.recv(1)
        assert response.startswith(b"HTTP/1.1 101"), response
        opcodes = []
        started = time.monotonic()
        while True:
            try:
                opcode, payload = read_frame(sock)
            except EOFError:
                break
            opcodes.append(opcode)
            if opcode == 0x8:
                code = struct.unpack("!H", payload[:2])[0]
                assert code == 1001, payload
                break
        # A ready message, at least one ping left unanswered, then the close, within a few periods.
        assert opcodes[0] == 0x1 and 0x9 in opcodes, opcodes
        assert time.monotonic() - started < 10
        sock.close()


def hs256(secret: str, user_id: str) -> str:
    """An access token as the gateway issues them (HS256, sub, iat, exp)."""
    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()
    now = int(time.time())
    header = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    claims = b64(json.dumps({"sub": user_id, "iat": now, "exp": now + 600}).encode())
    signature = hmac.new(secret.encode(), f"{header}.{claims}".encode(), hashlib.sha256).digest()
    return f"{header}.{claims}.{b64(signature)}"


def test_behind_dapr_the_sidecar_delivery_reaches_the_socket_once():
    """`--target websocket-service --runtime dapr`: the subscription is declared on
    /dapr/subscribe, and an update daprd POSTs (twice: at-least-once) reaches the owner's
    socket once and nobody else's; the payload is forwarded as is (a reminder here)."""
    secret = "s" * 40
    env = {"TODO_JWT_SECRET": secret, "DAPR_HTTP_PORT": str(free_port()), "TODO_DAPR_ALLOW_INSECURE": "1"}
    with TodoServer("--target", "websocket-service", "--runtime", "dapr", env=env) as server:
        status, _, subscriptions = server.call("GET", "/dapr/subscribe")
        assert status == 200
        [entry] = [s for s in subscriptions if s["topic"] == "task-updates"]
        assert entry["routes"]["default"] == "/events/task-updates"

        async def scenario():
            erin, _ = await open_socket(server, hs256(secret, "user-erin"))
            frank, _ = await open_socket(server, hs256(secret, "user-frank"))
            payload = {"id": "rem-1", "userId": "user-erin", "type": "reminder", "taskId": "t1", "title": "Dentist"}
            envelope = {"id": "ce-1", "source": "notification-service", "type": "com.dapr.event.sent", "specversion": "1.0",
                        "datacontenttype": "application/json", "topic": "task-updates", "pubsubname": "pubsub", "data": payload}
            for _ in range(2):
                status, _, answer = await rest(server, "POST", "/events/task-updates", envelope)
                assert status == 200 and answer == {"status": "SUCCESS"}
            [update] = await updates_until(erin, 1)
            assert update == payload
            assert [m for m in await collect(erin, 1) if m.get("type") not in CONTROL] == []
            assert await collect(frank, 0.3) == []
            # No userId: dropped, not retried.
            status, _, answer = await rest(server, "POST", "/events/task-updates", {**envelope, "id": "ce-2", "data": {"id": "x"}})
            assert answer == {"status": "DROP"}
            await erin.close()
            await frank.close()

        asyncio.run(scenario())


def test_after_kill_9_a_resuming_client_is_told_to_refetch_and_nothing_is_doubled(tmp_path):
    """The resume buffer lives in memory: after `kill -9` and a restart, a client resuming
    from its last id gets `reset` (refetch over REST) unless that id was redelivered from
    the outbox, and never a silent gap or a second copy of what it had."""
    data = str(tmp_path / "data")

    async def first_life(server, token):
        ws, _ = await open_socket(server, token)
        status, _, task = await rest(server, "POST", "/api/v1/tasks", {"title": "Survive a crash"}, token)
        assert status == 201
        [created] = await updates_until(ws, 1)
        return task, created

    with TodoServer(data_dir=data) as server:
        token = server.sign_up("grace-ws@example.com")
        task, created = asyncio.run(first_life(server, token))
        server.process.kill()
        server.process.wait()

    async def second_life(server):
        ws, ready = await open_socket(server, token, query=f"?after={created['id']}")
        first = await collect(ws, 1)
        if ready["resumed"] == 0:
            assert [m["type"] for m in first] == ["reset"], first
        assert created["id"] not in [m.get("id") for m in first]
        status, _, task_now = await rest(server, "GET", f"/api/v1/tasks/{task['id']}", None, token)
        assert status == 200 and task_now["title"] == "Survive a crash"
        status, _, _ = await rest(server, "POST", f"/api/v1/tasks/{task['id']}/complete", None, token)
        assert status == 200
        updates = await updates_until(ws, 1)
        updates += [m for m in await collect(ws, 1.5) if m.get("type") not in CONTROL]
        assert [u["type"] for u in updates] == ["completed"], updates
        await ws.close()

    with TodoServer(data_dir=data) as server:
        asyncio.run(second_life(server))

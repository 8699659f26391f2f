"""`todo serve` with the chat in LLM mode (TODO_LLM_* set), against a scripted
OpenAI-compatible server (aiohttp on loopback): the model's tool calls act on the user's
tasks, the reply confirms with weekdays, the stream sends events, and a dead model falls back
to the offline engine."""
import asyncio
import json
import threading
import urllib.request
from pathlib import Path

import pytest
from aiohttp import web

from todo_server import TodoServer, free_port, todo_binary

pytestmark = pytest.mark.skipif(not Path(todo_binary()).exists(), reason="build the todo binary first (swift build)")


class ScriptedModel:
    """Answers each Chat Completions request with the next scripted message."""

    def __init__(self, script):
        self.script = list(script)
        self.requests = []
        self.port = free_port()
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()

    async def completions(self, request):
        self.requests.append({"auth": request.headers.get("Authorization"), "body": await request.json()})
        message = self.script.pop(0) if self.script else {"role": "assistant", "content": "(script exhausted)"}
        return web.json_response({"id": "x", "object": "chat.completion", "choices": [{"index": 0, "message": message, "finish_reason": "stop"}]})

    def __enter__(self):
        def serve():
            asyncio.set_event_loop(self.loop)
            app = web.Application()
            app.router.add_post("/v1/chat/completions", self.completions)
            self.runner = web.AppRunner(app)
            self.loop.run_until_complete(self.runner.setup())
            self.loop.run_until_complete(web.TCPSite(self.runner, "127.0.0.1", self.port).start())
            self.ready.set()
            self.loop.run_forever()

        self.thread = threading.Thread(target=serve, daemon=True)
        self.thread.start()
        assert self.ready.wait(10)
        return self

    def __exit__(self, *exc):
        asyncio.run_coroutine_threadsafe(self.runner.cleanup(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)

    @property
    def env(self):
        return {"TODO_LLM_BASE_URL": f"http://127.0.0.1:{self.port}/v1", "TODO_LLM_API_KEY": "sk-test", "TODO_LLM_MODEL": "scripted"}


def tool_call(name, arguments):
    return {"role": "assistant", "content": None, "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": name, "arguments": json.dumps(arguments)}}]}


def stream(server, body, token):
    request = urllib.request.Request(server.base + "/api/v1/chat/stream", data=json.dumps(body).encode(), method="POST")
    request.add_header("Content-Type", "application/json")
    request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.headers["Content-Type"].startswith("text/event-stream")
        text = response.read().decode()
    events = []
    for block in text.split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line)
        if "data" in lines:
            events.append((lines.get("event"), json.loads(lines["data"])))
    return events


def test_llm_mode_acts_through_the_tools():
    script = [tool_call("add_task", {"title": "Dentist", "due": "2030-03-05T14:30", "tags": ["health"]}), {"role": "assistant", "content": "Booked."}]
    with ScriptedModel(script) as model, TodoServer("--store", "memory", env=model.env) as server:
        assert "chat uses a language model" in server.read_log()
        token = server.sign_up("llm@example.com", timeZone="Europe/Paris")
        status, _, reply = server.call("POST", "/api/v1/chat", {"message": "dentist on march 5 2030 at 2:30pm"}, token=token)
        assert status == 200, reply
        assert reply["reply"] == "Booked.\n\nAdded “Dentist” — Tue 5 Mar 2030 at 14:30, #health."
        assert [a["kind"] for a in reply["actions"]] == ["created"]
        status, _, task = server.call("GET", f"/api/v1/tasks/{reply['actions'][0]['taskId']}", token=token)
        assert (task["title"], task["due"], task["tags"]) == ("Dentist", "2030-03-05T14:30:00", ["health"])
        assert model.requests[0]["auth"] == "Bearer sk-test"
        assert model.requests[0]["body"]["model"] == "scripted"
        assert model.requests[1]["body"]["messages"][-1]["role"] == "tool"

        model.script += [tool_call("complete_task", {"taskId": task["id"]}), {"role": "assistant", "content": "Done."}]
        events = stream(server, {"message": "I went to the dentist", "conversationId": reply["conversationId"]}, token)
        assert [name for name, _ in events] == ["action", "reply", "done"]
        assert events[0][1]["kind"] == "completed"
        assert events[2][1]["reply"] == "Done.\n\nMarked “Dentist” done."
        assert server.call("GET", f"/api/v1/tasks/{task['id']}", token=token)[2]["status"] == "completed"


def test_a_dead_model_falls_back_to_the_offline_engine():
    env = {"TODO_LLM_BASE_URL": f"http://127.0.0.1:{free_port()}/v1", "TODO_LLM_API_KEY": "sk-test", "TODO_LLM_MODEL": "gone", "TODO_LLM_RETRIES": "1"}
    with TodoServer("--store", "memory", env=env) as server:
        token = server.sign_up("fallback@example.com")
        status, _, reply = server.call("POST", "/api/v1/chat", {"message": "buy milk on dec 12 2030"}, token=token)
        assert status == 200, reply
        assert reply["reply"].startswith("The language model is unavailable (the model could not be reached")
        assert reply["reply"].endswith("so the offline engine answered: Added “buy milk” — Thu 12 Dec 2030.")
        assert [a["kind"] for a in reply["actions"]] == ["created"]


def test_half_an_llm_configuration_stops_the_server():
    server = TodoServer("--store", "memory", env={"TODO_LLM_BASE_URL": "http://127.0.0.1:1/v1"})
    with pytest.raises(RuntimeError) as failed:
        with server:
            pass
    assert "TODO_LLM_API_KEY" in str(failed.value)

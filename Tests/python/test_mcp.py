"""The task tool set over MCP, driven by the official Python MCP client (`mcp`): over
streamable HTTP against `todo serve` (/mcp) and over stdio against `todo mcp` (which relays
to the same server). Every tool is called and its effect is checked through the REST API."""
import datetime as dt
import json
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from zoneinfo import ZoneInfo

import anyio
import httpx2
import pytest
from mcp.client.session import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client
from mcp.client.streamable_http import streamable_http_client

from todo_server import TodoServer, todo_binary

pytestmark = pytest.mark.skipif(not Path(todo_binary()).exists(), reason="build the todo binary first (swift build)")

TOOLS = {"add_task", "list_tasks", "complete_task", "update_task", "delete_task", "reopen_task", "snooze_task"}
ZONE = "Europe/Berlin"
WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def ahead(days: int) -> tuple[dt.date, str, str]:
    """The date `days` after today in the user's zone, its weekday's name ("friday") and its
    short form ("Fri"). 'next <weekday>' is that date for 2 to 7 days ahead (tomorrow's
    weekday is asked back, so tests never use it)."""
    day = dt.datetime.now(ZoneInfo(ZONE)).date() + dt.timedelta(days=days)
    return day, day.strftime("%A").lower(), WEEKDAYS[day.weekday()]


def personal_token(server: TodoServer) -> str:
    login = server.sign_up(f"mcp-{uuid.uuid4().hex[:8]}@example.com", timeZone=ZONE)
    status, _, created = server.call("POST", "/api/v1/auth/tokens", {"name": "mcp client"}, token=login)
    assert status == 201, created
    return created["token"]


def payload(result) -> dict:
    assert len(result.content) == 1 and result.content[0].type == "text"
    return json.loads(result.content[0].text)


async def exercise(session: ClientSession, server: TodoServer, token: str) -> None:
    init = await session.initialize()
    assert init.server_info.name == "todo"
    assert init.capabilities.tools is not None

    listed = await session.list_tools()
    assert {tool.name for tool in listed.tools} == TOOLS
    add = next(tool for tool in listed.tools if tool.name == "add_task")
    properties = add.input_schema["properties"]
    assert {"title", "due", "timeZone", "priority", "tags", "reminders", "recurrence"} <= set(properties)
    assert set(properties["recurrence"]["properties"]) == {"rrule", "anchor"}
    assert add.input_schema["required"] == ["title"]

    # add_task with the due in words: the server resolves it in the user's zone.
    friday, friday_name, friday_short = ahead(3)
    result = await session.call_tool("add_task", {
        "title": "Board deck", "due": f"next {friday_name} 5pm", "priority": "high", "tags": ["work"],
        "reminders": [{"minutesBefore": 30}],
    })
    assert not result.is_error, result.content
    added = payload(result)
    task = added["task"]
    assert task["due"] == f"{friday.isoformat()}T17:00:00"
    assert f"{friday_short} {friday.day} " in added["message"] and "at 17:00" in added["message"], added["message"]
    status, _, rest = server.call("GET", f"/api/v1/tasks/{task['id']}", token=token)
    assert status == 200
    assert (rest["title"], rest["priority"], rest["tags"]) == ("Board deck", "high", ["work"])
    assert rest["reminders"][0]["minutesBefore"] == 30

    # A recurring task with its own zone.
    result = await session.call_tool("add_task", {
        "title": "Gym", "due": "2026-12-01T18:30", "timeZone": "America/New_York",
        "recurrence": {"rrule": "FREQ=WEEKLY;BYDAY=TU,FR", "anchor": "schedule"},
    })
    assert not result.is_error, result.content
    gym = payload(result)["task"]
    status, _, rest = server.call("GET", f"/api/v1/tasks/{gym['id']}", token=token)
    assert rest["recurrence"] == {"rrule": "FREQ=WEEKLY;BYDAY=TU,FR", "anchor": "schedule"}
    assert rest["timeZone"] == "America/New_York"

    # list_tasks with the API's filter language.
    listed = payload(await session.call_tool("list_tasks", {"filter": "#work"}))
    assert [item["id"] for item in listed["tasks"]] == [task["id"]]
    assert listed["timeZone"] == ZONE
    assert listed["tasks"][0]["when"].startswith(f"{friday_short} {friday.day} ")

    # update_task: a new due in words and a priority.
    monday, monday_name, monday_short = ahead(5)
    result = await session.call_tool("update_task", {"taskId": task["id"], "due": f"next {monday_name} 9am", "priority": "p1"})
    assert not result.is_error, result.content
    assert f"{monday_short} {monday.day} " in payload(result)["message"]
    status, _, rest = server.call("GET", f"/api/v1/tasks/{task['id']}", token=token)
    assert (rest["due"], rest["priority"]) == (f"{monday.isoformat()}T09:00:00", "urgent")

    # snooze_task arms a reminder some minutes from now.
    result = await session.call_tool("snooze_task", {"taskId": task["id"], "minutes": 15})
    assert not result.is_error, result.content
    assert "remind you again" in payload(result)["message"]

    # complete_task and reopen_task, seen through the REST API.
    result = await session.call_tool("complete_task", {"taskId": task["id"]})
    assert not result.is_error, result.content
    assert server.call("GET", f"/api/v1/tasks/{task['id']}", token=token)[2]["status"] == "completed"
    result = await session.call_tool("reopen_task", {"taskId": task["id"]})
    assert not result.is_error, result.content
    assert server.call("GET", f"/api/v1/tasks/{task['id']}", token=token)[2]["status"] == "open"

    # delete_task: gone from the REST API.
    result = await session.call_tool("delete_task", {"taskId": gym["id"]})
    assert not result.is_error, result.content
    assert server.call("GET", f"/api/v1/tasks/{gym['id']}", token=token)[0] == 404

    # Failures are tool errors with the API's precise message.
    result = await session.call_tool("add_task", {"title": "Impossible", "due": "2026-02-30"})
    assert result.is_error and "2026-02-30" in payload(result)["error"]
    result = await session.call_tool("complete_task", {"taskId": "t_nope"})
    assert result.is_error and "404" in payload(result)["error"]
    result = await session.call_tool("add_task", {"title": "x", "due": "whenever you like"})
    assert result.is_error and "is not a date" in payload(result)["error"]
    result = await session.call_tool("add_task", {"title": "x", "colour": "red"})
    assert result.is_error and "colour" in payload(result)["error"]


def test_mcp_over_streamable_http():
    with TodoServer("--store", "memory") as server:
        token = personal_token(server)

        async def main():
            headers = {"Authorization": f"Bearer {token}"}
            async with httpx2.AsyncClient(headers=headers, timeout=30) as http:
                async with streamable_http_client(server.base + "/mcp", http_client=http) as (read, write):
                    async with ClientSession(read, write) as session:
                        await exercise(session, server, token)

        anyio.run(main)


def test_mcp_endpoint_refuses_missing_and_bad_tokens():
    with TodoServer("--store", "memory") as server:
        body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "tools/list"}).encode()
        for authorization in [None, "Bearer not-a-token", "Bearer todo_pat_unknown"]:
            request = urllib.request.Request(server.base + "/mcp", data=body, method="POST")
            request.add_header("Content-Type", "application/json")
            request.add_header("Accept", "application/json, text/event-stream")
            if authorization:
                request.add_header("Authorization", authorization)
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(request, timeout=10)
            assert refused.value.code == 401
            assert refused.value.headers["Content-Type"] == "application/problem+json"
            assert json.loads(refused.value.read())["status"] == 401


def test_mcp_over_stdio_relays_to_the_server():
    with TodoServer("--store", "memory") as server:
        token = personal_token(server)
        parameters = StdioServerParameters(command=todo_binary(), args=["mcp", "--server", server.base], env={"TODO_API_TOKEN": token})

        async def main():
            async with stdio_client(parameters) as (read, write):
                async with ClientSession(read, write) as session:
                    await exercise(session, server, token)

        anyio.run(main)


def test_mcp_over_stdio_reports_an_unreachable_server():
    parameters = StdioServerParameters(command=todo_binary(), args=["mcp", "--server", "http://127.0.0.1:9"], env={"TODO_API_TOKEN": "todo_pat_x"})

    async def main():
        async with stdio_client(parameters) as (read, write):
            async with ClientSession(read, write, read_timeout_seconds=30) as session:
                with pytest.raises(Exception) as failed:
                    await session.initialize()
                assert "could not be reached" in str(failed.value)

    anyio.run(main)


def test_mcp_over_stdio_reports_a_refused_token():
    with TodoServer("--store", "memory") as server:
        parameters = StdioServerParameters(command=todo_binary(), args=["mcp", "--server", server.base], env={"TODO_API_TOKEN": "todo_pat_revoked"})

        async def main():
            async with stdio_client(parameters) as (read, write):
                async with ClientSession(read, write, read_timeout_seconds=30) as session:
                    with pytest.raises(Exception) as failed:
                        await session.initialize()
                    assert "answered 401" in str(failed.value), str(failed.value)

        anyio.run(main)

"""Fixtures of the browser suite: the real `todo serve` binary on loopback (memory store),
Debian's chromium driven by Playwright (never a downloaded browser), a fixed zone, and
helpers to sign up through the API and open the app signed in."""
import json
import os
import sys
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "python"))
from todo_server import TodoServer, free_port, http_call  # noqa: E402,F401

ZONE = "Europe/Berlin"
CHROMIUM = os.environ.get("TODO_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(os.environ.get("TODO_WEB_ARTIFACTS", Path(__file__).resolve().parents[2] / ".build" / "web-artifacts"))


@pytest.fixture(scope="session")
def server():
    with TodoServer("--store", "memory") as running:
        yield running


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-dev-shm-usage"])
        yield launched
        launched.close()


class Session:
    """A signed-up user: its token and API helpers against the server."""

    def __init__(self, server, token, user):
        self.server = server
        self.token = token
        self.user = user

    def call(self, method, path, body=None, headers=None):
        return http_call(self.server.base, method, "/api/v1" + path, body, self.token, headers)

    def create(self, **fields):
        status, _, task = self.call("POST", "/tasks", fields)
        assert status == 201, task
        return task

    def tasks(self, filter_text="open"):
        import urllib.parse
        status, _, page = self.call("GET", "/tasks?limit=500&filter=" + urllib.parse.quote(filter_text))
        assert status == 200, page
        return page["items"]


def sign_up(server, zone=ZONE) -> Session:
    email = f"web-{uuid.uuid4().hex[:10]}@example.com"
    status, _, reply = http_call(server.base, "POST", "/api/v1/auth/signup", {"email": email, "password": "correct horse battery", "timeZone": zone})
    assert status == 201, reply
    return Session(server, reply["token"], reply["user"])


@pytest.fixture
def user(server) -> Session:
    return sign_up(server)


def new_context(browser, dark=False, **options):
    context = browser.new_context(
        timezone_id=ZONE, locale="en-GB", viewport={"width": 1280, "height": 860},
        color_scheme="dark" if dark else "light", service_workers="block", **options,
    )
    return context


def open_signed_in(context, server, session: Session, path="/today"):
    """A page of the app with the session in localStorage, as the sign-in form leaves it."""
    page = context.new_page()
    page.console_messages = []
    page.on("console", lambda message: page.console_messages.append(message))
    page.goto(server.base + "/signin")
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", ["todo.session", json.dumps({"token": session.token, "user": session.user})])
    page.goto(server.base + path)
    page.wait_for_selector("todo-app #view [data-loaded='true']")
    return page


def csp_violations(page):
    return [message.text for message in page.console_messages if "Content Security Policy" in message.text or "Refused to" in message.text]


def screenshot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))

"""The web app in Debian's chromium against the real server: sign up and in, each view's
content, axe in light and dark, no CSP violation, screenshots of every view."""
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import ZONE, csp_violations, new_context, open_signed_in, screenshot

AXE = Axe()


def local(days=0, hour=None, minute=0):
    day = datetime.now(ZoneInfo(ZONE)).date() + timedelta(days=days)
    return day.isoformat() if hour is None else f"{day.isoformat()}T{hour:02d}:{minute:02d}"


def violations(page):
    """Every axe violation, whatever its impact (the app has none)."""
    results = AXE.run(page)
    return [(v["id"], v["impact"], [node["target"] for node in v["nodes"]][:3]) for v in results.response["violations"]]


def test_sign_up_then_sign_in_through_the_forms(server, browser):
    context = new_context(browser)
    page = context.new_page()
    page.goto(server.base + "/")
    page.wait_for_url("**/signin")
    assert violations(page) == []
    page.get_by_role("link", name="Create an account").click()
    page.wait_for_url("**/signup")
    email = f"form-{datetime.now().timestamp():.0f}@example.com"
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_label("Time zone").fill(ZONE)
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url("**/today")
    page.get_by_role("heading", name="Today", exact=True).wait_for()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/signin")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill("wrong password!")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("alert").filter(has_text="wrong e-mail address or password").wait_for()
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/today")
    context.close()


@pytest.fixture
def stocked(user):
    """A user with an overdue task, two today, one later this fortnight, two without a date."""
    user.create(title="Renew passport", due=local(-2, 10), priority="urgent", tags=["admin"])
    user.create(title="Call the plumber", due=local(0, 23, 59), priority="high", tags=["home"])
    user.create(title="Buy milk", due=local(0), tags=["errand"])
    user.create(title="Dentist", due=local(3, 15), tags=["health"])
    user.create(title="Read a book", priority="low")
    user.create(title="کتاب خریدنا", tags=["urdu"])
    return user


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_every_view_shows_its_tasks_and_passes_axe(server, browser, stocked, dark):
    theme = "dark" if dark else "light"
    context = new_context(browser, dark=dark)
    page = open_signed_in(context, server, stocked, "/today")
    view = page.locator("#view")

    overdue = page.get_by_role("region", name="Overdue (1)")
    overdue.get_by_text("Renew passport").wait_for()
    today = page.locator("section[aria-labelledby='today-heading']")
    today.get_by_text("Call the plumber").wait_for()
    today.get_by_text("Buy milk").wait_for()
    assert view.get_by_text("Dentist").count() == 0
    assert view.get_by_text("Read a book").count() == 0
    assert violations(page) == [], "today"
    screenshot(page, f"today-{theme}")

    page.keyboard.press("g")
    page.keyboard.press("i")
    page.wait_for_url("**/inbox")
    page.wait_for_selector("todo-inbox[data-loaded='true']")
    view.get_by_text("Read a book").wait_for()
    urdu = view.get_by_text("کتاب خریدنا")
    assert urdu.get_attribute("dir") == "auto"
    assert urdu.evaluate("(element) => getComputedStyle(element).direction") == "rtl"
    assert view.get_by_text("Buy milk").count() == 0
    assert violations(page) == [], "inbox"
    screenshot(page, f"inbox-{theme}")

    page.get_by_role("link", name="Upcoming").click()
    page.wait_for_selector("todo-upcoming[data-loaded='true']")
    days = page.locator("section.day")
    assert days.count() == 14
    day3 = page.locator(f"section.day[data-day='{local(3)}']")
    day3.get_by_text("Dentist").wait_for()
    assert violations(page) == [], "upcoming"
    screenshot(page, f"upcoming-{theme}")

    page.get_by_role("link", name="Board").click()
    page.wait_for_selector("todo-board[data-loaded='true']")
    page.locator("section.column[data-priority='urgent']").get_by_text("Renew passport").wait_for()
    page.locator("section.column[data-priority='low']").get_by_text("Read a book").wait_for()
    assert violations(page) == [], "board"
    screenshot(page, f"board-{theme}")

    page.get_by_role("link", name="Tags").click()
    page.wait_for_selector("todo-tags[data-loaded='true']")
    home = page.locator(".tag-list li", has_text="#home")
    assert "1 open" in home.inner_text()
    assert violations(page) == [], "tags"
    home.get_by_role("link").click()
    page.wait_for_url("**/search?filter=%23home")
    page.wait_for_selector("todo-search[data-loaded='true']")
    view.get_by_text("Call the plumber").wait_for()
    assert page.locator("#filter-input").input_value() == "#home"

    page.get_by_role("link", name="Completed").click()
    page.wait_for_selector("todo-completed[data-loaded='true']")
    assert violations(page) == [], "completed"
    assert csp_violations(page) == []
    context.close()


def test_a_bad_filter_shows_the_servers_message_inline(server, browser, stocked):
    context = new_context(browser)
    page = open_signed_in(context, server, stocked)
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "filter-input"
    page.keyboard.type("due before: someday &")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?filter=*")
    status, _, problem = stocked.call("GET", "/tasks?filter=due%20before%3A%20someday%20%26")
    assert status == 400
    error = page.locator("#filter-error")
    error.filter(has_text=problem["detail"]).wait_for()
    assert page.locator("#filter-input").get_attribute("aria-invalid") == "true"
    # Kept in the URL: a reload shows the same filter and message.
    page.reload()
    page.locator("#filter-error").filter(has_text=problem["detail"]).wait_for()
    page.locator("#filter-input").fill("#errand")
    page.keyboard.press("Enter")
    page.wait_for_selector("todo-search[data-loaded='true']")
    page.locator("#view").get_by_text("Buy milk").wait_for()
    assert page.locator("#filter-error").inner_text() == ""
    context.close()


def test_narrow_screen_and_shortcut_sheet(server, browser, stocked):
    context = new_context(browser)
    page = open_signed_in(context, server, stocked)
    page.set_viewport_size({"width": 360, "height": 780})
    page.locator("#view").get_by_text("Call the plumber").wait_for()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px at 360px"
    screenshot(page, "today-360px")
    page.keyboard.press("?")
    page.get_by_role("dialog", name="Keyboard shortcuts").wait_for()
    assert violations(page) == []
    page.keyboard.press("Escape")
    page.get_by_role("dialog", name="Keyboard shortcuts").wait_for(state="hidden")
    context.close()


def test_reschedule_overdue_lists_then_moves_keeping_the_time(server, browser, stocked):
    context = new_context(browser)
    page = open_signed_in(context, server, stocked)
    page.get_by_role("button", name="Reschedule to today").click()
    dialog = page.get_by_role("dialog", name="Reschedule overdue tasks")
    dialog.wait_for()
    assert "1 overdue task" in dialog.inner_text() and "Renew passport" in dialog.inner_text()
    dialog.get_by_role("button", name="Move to today").click()
    page.locator(".toast", has_text="Moved 1 task to today").wait_for()
    [task] = stocked.tasks("search: passport")
    _, _, record = stocked.call("GET", f"/tasks/{task['id']}")
    assert record["due"].startswith(local(0, 10))
    context.close()


def test_board_moves_a_card_by_keyboard_and_by_drag(server, browser, stocked):
    context = new_context(browser)
    page = open_signed_in(context, server, stocked, "/board")
    page.locator("section.column[data-priority='low']").get_by_role("button", name="Read a book", exact=True).focus()
    page.keyboard.press("Shift+ArrowLeft")
    page.locator("section.column[data-priority='medium']").get_by_text("Read a book").wait_for()
    [task] = stocked.tasks("search: book")
    assert task["priority"] == "medium"
    assert page.evaluate("document.activeElement.textContent") == "Read a book"
    # Drop = PATCH.
    page.locator("li.task", has_text="Renew passport").drag_to(page.locator("section.column[data-priority='high']"))
    page.locator("section.column[data-priority='high']").get_by_text("Renew passport").wait_for()
    [passport] = stocked.tasks("search: passport")
    assert passport["priority"] == "high"
    context.close()

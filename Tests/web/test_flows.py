"""Flows through the web app against the real server: quick add with live highlighting,
drawer edits and the 412 conflict dialog, keyboard reschedule and completion, the chat
panel (streaming, chips, Yes/No, Undo), live updates from another browser and from the
API, the reminder toast, the response headers and the offline indicator."""
import re
import time
import urllib.request
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from conftest import ZONE, TodoServer, csp_violations, new_context, open_signed_in, screenshot, sign_up


def local(days=0, hour=None, minute=0):
    day = datetime.now(ZoneInfo(ZONE)).date() + timedelta(days=days)
    return day.isoformat() if hour is None else f"{day.isoformat()}T{hour:02d}:{minute:02d}"


def test_quick_add_highlights_what_it_understood_and_creates_that(server, browser, user):
    context = new_context(browser)
    page = open_signed_in(context, server, user)
    page.keyboard.press("q")
    box = page.get_by_role("textbox", name="New task")
    assert page.evaluate("document.activeElement.id") == "quick-add-input"
    box.press_sequentially("pay rent tomorrow at 9am #home p2", delay=5)
    mirror = page.locator(".quick-add .mirror")
    mirror.locator("mark.hl-tag", has_text="#home").wait_for()
    assert mirror.locator("mark.hl-priority").inner_text() == "p2"
    assert mirror.locator("mark.hl-date").inner_text() == "tomorrow"
    assert mirror.locator("mark.hl-time").inner_text() == "at 9am"
    preview = page.locator("#quick-add-preview")
    preview.filter(has_text=re.compile(r"^Will add “pay rent” — .* at 09:00, priority high, #home\.$")).wait_for()
    screenshot(page, "quick-add")
    box.press("Enter")
    page.get_by_role("dialog", name="Quick add").wait_for(state="hidden")
    page.locator(".toast", has_text="Added “pay rent”").wait_for()
    [task] = user.tasks()
    status, _, record = user.call("GET", f"/tasks/{task['id']}")
    assert record["title"] == "pay rent"
    assert record["tags"] == ["home"]
    assert record["priority"] == "high"
    assert record["due"].startswith(local(1, 9))
    assert csp_violations(page) == []
    context.close()


def test_drawer_edits_and_a_lost_update_opens_the_conflict_dialog(server, browser, user):
    task = user.create(title="Water the plants", due=local(1, 8), tags=["home"])
    context = new_context(browser)
    page = open_signed_in(context, server, user, "/upcoming")
    page.locator("#view").get_by_role("button", name="Water the plants", exact=True).click()
    drawer = page.get_by_role("dialog", name="Water the plants", exact=True)
    drawer.wait_for()
    drawer.get_by_label("Notes").fill("the ferns too")
    drawer.get_by_label("Priority").select_option("medium")
    drawer.get_by_role("button", name="Save").click()
    page.locator(".toast", has_text="Saved “Water the plants”").wait_for()
    _, _, saved = user.call("GET", f"/tasks/{task['id']}")
    assert saved["notes"] == "the ferns too" and saved["priority"] == "medium"

    page.locator("#view").get_by_role("button", name="Water the plants", exact=True).click()
    drawer = page.get_by_role("dialog", name="Water the plants", exact=True)
    drawer.get_by_label("Title").fill("Water the garden")
    # Someone else changes the task meanwhile.
    status, _, _ = user.call("PATCH", f"/tasks/{task['id']}", {"title": "Water all plants"})
    assert status == 200
    drawer.get_by_role("button", name="Save").click()
    conflict = page.get_by_role("dialog", name="This task changed elsewhere")
    conflict.wait_for()
    assert "Water all plants" in conflict.inner_text()
    conflict.get_by_role("button", name="Apply my change").click()
    page.locator(".toast", has_text="Saved").last.wait_for()
    _, _, final = user.call("GET", f"/tasks/{task['id']}")
    assert final["title"] == "Water the garden"
    context.close()


def test_keyboard_reschedule_complete_and_undo(server, browser, user):
    task = user.create(title="Send the invoice", due=local(1, 14, 15))
    context = new_context(browser)
    page = open_signed_in(context, server, user, "/upcoming")
    page.locator(f"section.day[data-day='{local(1)}']").get_by_text("Send the invoice").wait_for()
    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.textContent") == "Send the invoice"
    page.keyboard.press("Shift+ArrowDown")
    page.locator(f"section.day[data-day='{local(2)}']").get_by_text("Send the invoice").wait_for()
    _, _, moved = user.call("GET", f"/tasks/{task['id']}")
    assert moved["due"].startswith(local(2, 14, 15)), "a day later at the same wall-clock time"
    assert page.evaluate("document.activeElement.textContent") == "Send the invoice", "focus stays on the moved task"
    page.keyboard.press("x")
    page.locator(".toast", has_text="Completed “Send the invoice”").wait_for()
    _, _, done = user.call("GET", f"/tasks/{task['id']}")
    assert done["status"] == "completed"
    page.locator("body").press("Control+z")
    page.locator(".toast", has_text="Reopened “Send the invoice”").wait_for()
    _, _, reopened = user.call("GET", f"/tasks/{task['id']}")
    assert reopened["status"] == "open"
    context.close()


def test_chat_streams_chips_confirms_and_undoes(server, browser, user):
    user.create(title="Buy stamps", tags=["errand"])
    user.create(title="Post the letter", tags=["errand"])
    context = new_context(browser)
    page = open_signed_in(context, server, user)
    chat = page.locator("todo-chat")
    page.keyboard.press("m")
    page.keyboard.type("call mom tomorrow at 5pm")
    page.keyboard.press("Enter")
    chip = chat.locator(".chip", has_text="Added: call mom")
    chip.wait_for()
    assert "Added “call mom” —" in chat.locator(".bubble-bot").last.inner_text()
    assert len(user.tasks("search: call")) == 1
    chat.get_by_role("button", name="Undo", exact=True).click()
    chat.locator(".bubble-bot").last.wait_for()
    page.wait_for_function("() => document.querySelectorAll('todo-chat .bubble-bot').length === 2 && !document.querySelector('todo-chat [aria-busy]')")
    assert user.tasks("search: call") == []

    chat.get_by_role("textbox", name="Message").fill("delete everything tagged errand")
    chat.get_by_role("button", name="Send").click()
    yes = chat.get_by_role("button", name="Yes", exact=True)
    yes.wait_for()
    chat.get_by_role("button", name="No", exact=True).wait_for()
    screenshot(page, "chat-confirmation")
    assert len(user.tasks("#errand")) == 2
    yes.click()
    page.wait_for_function("() => document.querySelectorAll('todo-chat .chip').length >= 3")
    assert user.tasks("#errand") == []
    assert csp_violations(page) == []
    context.close()


def test_live_updates_reach_a_second_browser_and_reminders_toast(server, browser, user):
    first = new_context(browser)
    second = new_context(browser)
    watcher = open_signed_in(second, server, user, "/today")
    watcher.locator(".connection[data-state='live']").wait_for()
    # From the API (as curl would).
    user.create(title="Made with curl", due=local(0, 23, 50))
    watcher.locator("#view").get_by_text("Made with curl").wait_for(timeout=5000)
    # From another browser.
    actor = open_signed_in(first, server, user, "/inbox")
    actor.keyboard.press("q")
    actor.get_by_role("textbox", name="New task").fill("Made in another tab today")
    actor.locator(".quick-add .mirror mark.hl-date").wait_for()
    actor.keyboard.press("Enter")
    watcher.locator("#view").get_by_text("Made in another tab").wait_for(timeout=5000)
    # A reminder a few seconds from now arrives as a toast with Snooze and Open.
    at = (datetime.now(timezone.utc) + timedelta(seconds=3)).isoformat(timespec="seconds").replace("+00:00", "Z")
    user.create(title="Stretch", due=local(0, 23, 55), reminders=[{"at": at}])
    toast = watcher.locator(".toast-reminder", has_text="Reminder: Stretch")
    toast.wait_for(timeout=15000)
    toast.get_by_role("button", name="Snooze 10 min").wait_for()
    toast.get_by_role("button", name="Open").click()
    watcher.get_by_role("dialog", name="Stretch", exact=True).wait_for()
    first.close()
    second.close()


def test_headers_caching_and_offline_indicator(browser):
    with TodoServer("--store", "memory") as own:
        with urllib.request.urlopen(own.base + "/") as response:
            headers = response.headers
            page_html = response.read().decode()
        policy = headers["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy and "connect-src 'self'" in policy
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "no-referrer"
        assert headers["Cache-Control"] == "no-cache"
        asset = re.search(r'src="(/assets/[0-9a-f]{16}/js/app\.js)"', page_html).group(1)
        with urllib.request.urlopen(own.base + asset) as response:
            assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
            assert response.headers["Content-Type"] == "text/javascript; charset=utf-8"
            etag = response.headers["ETag"]
        request = urllib.request.Request(own.base + asset, headers={"If-None-Match": etag})
        try:
            urllib.request.urlopen(request)
            raise AssertionError("expected 304")
        except urllib.error.HTTPError as error:
            assert error.code == 304

        session = sign_up(own)
        context = browser.new_context(timezone_id=ZONE, locale="en-GB")
        page = open_signed_in(context, own, session)
        page.locator(".connection[data-state='live']").wait_for()
        # The service worker takes the shell.
        page.wait_for_function("() => navigator.serviceWorker.controller !== null || navigator.serviceWorker.ready.then(() => true)")
        own.__exit__(None, None, None)
        page.locator(".connection[data-state='offline']").wait_for(timeout=10000)
        assert page.locator(".connection").inner_text() == "Offline"
        page.reload()
        page.locator(".offline-banner").wait_for(timeout=10000)
        screenshot(page, "offline")
        context.close()


def test_drag_to_another_day_keeps_the_time(server, browser, user):
    task = user.create(title="Pick up the parcel", due=local(1, 11, 40))
    context = new_context(browser)
    page = open_signed_in(context, server, user, "/upcoming")
    row = page.locator("li.task", has_text="Pick up the parcel")
    row.drag_to(page.locator(f"section.day[data-day='{local(4)}']"))
    page.locator(f"section.day[data-day='{local(4)}']").get_by_text("Pick up the parcel").wait_for()
    _, _, moved = user.call("GET", f"/tasks/{task['id']}")
    assert moved["due"].startswith(local(4, 11, 40))
    context.close()


def test_a_recurring_task_in_the_drawer_pauses_resumes_and_skips(server, browser, user):
    task = user.create(title="Water the ferns", due=local(1, 8), recurrence={"rrule": "FREQ=DAILY"})
    context = new_context(browser)
    page = open_signed_in(context, server, user, "/upcoming")
    page.locator("#view").get_by_role("button", name="Water the ferns", exact=True).first.click()
    drawer = page.get_by_role("dialog", name="Water the ferns", exact=True)
    repeats = drawer.get_by_role("region", name="Repeats")
    repeats.get_by_text("every day").wait_for()
    assert re.search(r"Next: \d{4}-\d\d-\d\d 08:00 · \d{4}-\d\d-\d\d 08:00 · \d{4}-\d\d-\d\d 08:00", repeats.inner_text())
    repeats.get_by_role("button", name="Pause series").click()
    page.locator(".toast", has_text="Series paused.").wait_for()
    repeats = page.get_by_role("dialog", name="Water the ferns", exact=True).get_by_role("region", name="Repeats")
    repeats.get_by_role("button", name="Resume series").click()
    page.locator(".toast", has_text="Series resumed.").wait_for()
    page.get_by_role("dialog", name="Water the ferns", exact=True).get_by_role("button", name="Skip this one").click()
    page.locator(".toast", has_text="Skipped one “Water the ferns”").wait_for()
    open_tasks = [t for t in user.tasks("search: ferns")]
    assert len(open_tasks) == 1
    _, _, next_one = user.call("GET", f"/tasks/{open_tasks[0]['id']}")
    assert next_one["due"].startswith(local(2, 8)), "skipped to the day after"
    context.close()


def test_a_dropped_socket_resumes_after_the_last_update(server, browser, user):
    context = new_context(browser)
    page = open_signed_in(context, server, user, "/inbox")
    sent, received = [], []

    def watch(socket):
        socket.on("framesent", lambda payload: sent.append(payload))
        socket.on("framereceived", lambda payload: received.append(payload))

    page.on("websocket", watch)
    page.locator(".connection[data-state='live']").wait_for()
    # A first update gives the client a resume point.
    user.create(title="Before the drop")
    page.locator("#view").get_by_text("Before the drop").wait_for()
    # Dropped, with the client's backoff at 2 s so the next update happens while it is down.
    page.evaluate("(() => { const live = document.querySelector('todo-app').live; live.retry = 2; live.socket.close(); })()")
    page.locator(".connection[data-state='offline']").wait_for()
    user.create(title="While the socket was down")
    page.locator("#view").get_by_text("While the socket was down").wait_for(timeout=10000)
    page.locator(".connection[data-state='live']").wait_for()
    auths = [frame for frame in sent if '"auth"' in frame]
    assert auths and '"after"' in auths[-1], "the reconnect resumes after the last update"
    readies = [frame for frame in received if '"ready"' in frame]
    assert re.search(r'"resumed":\s*[1-9]', readies[-1]), readies[-1]
    context.close()


def test_editing_the_series_or_only_this_occurrence(server, browser, user):
    task = user.create(title="Stand-up", due=local(1, 9, 30), recurrence={"rrule": "FREQ=DAILY"})
    context = new_context(browser)
    page = open_signed_in(context, server, user, "/upcoming")
    page.locator("#view").get_by_role("button", name="Stand-up", exact=True).first.click()
    drawer = page.get_by_role("dialog", name="Stand-up", exact=True)
    drawer.get_by_label("Notes").fill("only tomorrow: in room 4")
    drawer.get_by_role("button", name="Save").click()
    page.locator(".toast", has_text="Saved “Stand-up”").wait_for()
    _, _, this_one = user.call("GET", f"/tasks/{task['id']}")
    assert this_one["notes"] == "only tomorrow: in room 4"
    _, _, series = user.call("GET", f"/series/{this_one['seriesId']}")
    assert series["notes"] == "", "this occurrence only"

    page.locator("#view").get_by_role("button", name="Stand-up", exact=True).first.click()
    drawer = page.get_by_role("dialog", name="Stand-up", exact=True)
    drawer.get_by_label("Priority").select_option("high")
    drawer.get_by_role("radio", name="the whole series").check()
    drawer.get_by_role("button", name="Save").click()
    page.locator(".toast", has_text="Saved").last.wait_for()
    page.wait_for_function("() => !document.querySelector('dialog.drawer[open]')")
    _, _, series = user.call("GET", f"/series/{this_one['seriesId']}")
    assert series["priority"] == "high"
    context.close()

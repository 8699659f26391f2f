

def test_kill_9_during_webhook_retries_loses_and_doubles_nothing(tmp_path, smtp_server, webhook_receiver):
    """The process is killed (SIGKILL) while a webhook delivery waits for its retry; the next
    process on the same data directory retries it from the durable schedule. The receiver
    accepts one delivery id once; one e-mail; the in-app message once; nothing is lost."""
    controller, mail, cert = smtp_server
    WebhookSink.failures = 1
    env = {
        "TODO_SMTP_URL": f"smtp://localhost:{controller.port}",
        "TODO_SMTP_CA_FILE": str(cert),
        "TODO_NOTIFY_BACKOFF_MS": "3000",
        "TODO_NOTIFY_ALLOW_PRIVATE_WEBHOOKS": "1",
    }
    data = str(tmp_path / "data")
    try:
        with TodoServer(env=env, data_dir=data) as server:
            token = server.sign_up("crash@example.com")
            status, _, saved = server.call("PUT", "/api/v1/notifications/preferences", {
                "channels": {"inApp": True, "webhook": True, "email": True},
                "webhook": {"url": webhook_receiver, "secret": SECRET}, "email": {"address": "crash@example.com"},
            }, token=token)
            assert status == 200, saved
            remind_at = (datetime.now(timezone.utc) + timedelta(seconds=3)).replace(microsecond=0)
            status, _, task = server.call("POST", "/api/v1/tasks", {"title": "Survive a crash", "reminders": [{"id": "r1", "at": remind_at.strftime("%Y-%m-%dT%H:%M:%SZ")}]}, token=token)
            assert status == 201, task
            assert wait_for(lambda: len(WebhookSink.hits) == 1 and len(mail.messages) == 1, timeout=30), server.read_log()
            time.sleep(0.3)  # the failed attempt's outcome and its retry reminder are saved
            server.process.kill()
            server.process.wait()

        with TodoServer(env=env, data_dir=data) as server:
            def log():
                return server.call("GET", "/api/v1/notifications/deliveries", token=token)[2]["items"]

            assert wait_for(lambda: len(log()) == 3 and all(item["status"] == "delivered" for item in log()), timeout=40), (log(), server.read_log())
            time.sleep(1.5)
            assert len({hit["headers"]["todo-delivery-id"] for hit in WebhookSink.hits}) == 1
            assert len(WebhookSink.hits) == 2  # one refused before the crash, one accepted after
            assert all(verify_signature(hit) for hit in WebhookSink.hits)
            assert len(mail.messages) == 1
            items = {item["channel"]: item for item in log()}
            assert items["webhook"]["attempts"] == 2 and items["email"]["attempts"] == 1 and items["in-app"]["attempts"] == 1
    finally:
        WebhookSink.failures = 2

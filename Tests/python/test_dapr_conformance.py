"""Differential conformance of our Dapr host against the official Dapr Python SDK.

The same scenario (dapr_conformance_harness.run_scenario) runs through two stacks, each behind
its own recording fake sidecar (dapr_fake_sidecar.FakeSidecar):

  sdk:   the official SDK's FastAPI actor app (sdk_demo_actor_app.py) + its HTTP actor client
  swift: DaprConformanceApp serve (DaprHost) + DaprConformanceApp invoke (DaprSidecarClient)

and the tests compare the wire traffic: paths, methods, status codes, relevant headers and
JSON bodies (semantically). Each scenario runs twice, without and with API tokens
(DAPR_API_TOKEN / APP_API_TOKEN). Where the SDK departs from the documented protocol
(shared/dapr-protocol-notes.md), our side follows the protocol and the test asserts the
difference explicitly (look for "SDK differs"). docs/dapr-conformance.md summarizes.
"""

from __future__ import annotations

import asyncio
import base64
import json
from datetime import datetime, timedelta, timezone

import pytest

from dapr_conformance_harness import ACTOR_ID, ACTOR_TYPE, APP_TOKEN, DAPR_TOKEN, DATA, free_port, patched_environment, run_scenario
from dapr_fake_sidecar import MISSING, FakeSidecar, parse_go_duration, parse_period, parse_rfc3339

MODES = ["plain", "tokens"]
# daprd's routes (pkg/http/api_actors.go) accept these methods:
INVOKE_METHODS = {"GET", "POST", "PUT", "DELETE"}
WRITE_METHODS = {"POST", "PUT"}  # state transaction, reminder and timer registration


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    cache: dict = {}

    def get(stack: str, mode: str):
        key = (stack, mode)
        if key not in cache:
            cache[key] = run_scenario(stack, mode == "tokens", tmp_path_factory.mktemp(f"{stack}-{mode}"))
        return cache[key]

    return get


@pytest.fixture(params=MODES)
def pair(request, runs):
    """(sdk run, swift run) for one token mode."""
    return runs("sdk", request.param), runs("swift", request.param)


def body(exchange):
    value = exchange.json
    assert value is not MISSING, f"{exchange.describe()}: body is not JSON: {exchange.body!r}"
    return value


def media_type(headers: dict) -> str:
    return headers.get("content-type", "").split(";")[0].strip()


def seconds(text: str) -> float:
    """A period or relative due time in seconds, as daprd reads it."""
    go = parse_go_duration(text)
    if go is not None:
        return go
    period = parse_period(text)
    assert not period.calendar and period.repeats is None, text
    return period.seconds


def same_turn(step, saved):
    """The save belongs to the turn of the step's (single) call into the app."""
    (into_app,) = step.to_app()
    assert saved.turn == into_app.seq, f"{saved.describe()} was not made inside the turn {into_app.describe()}"


# ---------------------------------------------------------------------------------------------
# The fake sidecar, checked with the official SDK


@pytest.mark.parametrize("mode", MODES)
def test_the_official_sdk_runs_the_scenario_against_the_fake(runs, mode):
    sdk = runs("sdk", mode)
    # The fake read the SDK's /dapr/config as daprd would and found DemoActor.
    assert sdk["config"].result.status == 200
    assert sdk.config_problems == []
    assert sdk.config["entities"] == [ACTOR_TYPE]
    # The SDK client got what the SDK app answered, through the fake.
    assert sdk["get_empty"].result.value is None
    assert sdk["set_data"].result.ok
    assert sdk["get_data"].result.value == DATA
    assert sdk["reactivate_get"].result.value == DATA
    assert sdk["fire_reminder"].result.status == 200
    assert sdk["fire_timer"].result.status == 200
    assert sdk["deactivate"].result.status == 200
    # Everything the SDK sent the sidecar in the ordinary steps was accepted.
    refused = [
        e.describe()
        for name in ("startup", "client_setup", "get_empty", "set_data", "get_data", "set_reminder", "set_timer", "fire_reminder", "fire_timer", "unset_timer", "unset_reminder", "reactivate_get", "set_timer_again")
        for e in sdk[name].to_sidecar(include_health=True)
        if not 200 <= e.status < 300
    ]
    assert refused == []
    # The SDK's state writes all happened inside turns, so the fake's turn rule holds for it.
    for e in sdk.exchanges:
        if e.direction == "to_sidecar" and e.path.endswith("/state") and e.status == 204:
            assert e.turn is not None
    assert {key: json.loads(value) for key, value in sdk.state[(ACTOR_TYPE, ACTOR_ID)].items()} == {
        "mydata": DATA,
        "reminder_fired": "demo_reminder",
        "timer_fired": {"timer": "state"},
    }
    # The SDK client surfaces the fake's error codes.
    assert (sdk["save_outside_turn"].result.status, sdk["save_outside_turn"].result.error_code) == (400, "ERR_ACTOR_INSTANCE_MISSING")
    assert (sdk["unknown_method"].result.status, sdk["unknown_method"].result.error_code) == (500, "ERR_ACTOR_INVOKE_METHOD")


def test_the_fake_validates_schedules_like_the_scheduler():
    """Registration bodies sent with the SDK's own HTTP actor client: periods with calendar
    parts and R0 are refused (the Scheduler's `@every` schedules), plain durations pass."""
    from dapr.clients import DaprActorHttpClient
    from dapr.clients.exceptions import DaprHttpError
    from dapr.serializers import DefaultJSONSerializer

    serializer = DefaultJSONSerializer()
    # What the SDK itself produces for one day: hours, never P1D.
    assert serializer.serialize({"p": timedelta(days=1)}) == '{"p":"24h0m0s0ms0\\u03bcs"}'.encode()
    soon = (datetime.now(timezone.utc) + timedelta(hours=2)).astimezone(timezone(timedelta(hours=2))).isoformat()
    accepted = [
        {"dueTime": "0h0m5s0ms0\u03bcs", "period": "0h0m10s0ms0\u03bcs", "data": "cmVtaW5kZXJfc3RhdGU="},
        {"dueTime": "2030-01-01T09:00:00Z", "period": "24h"},
        {"dueTime": soon, "period": "PT24H"},
        {"dueTime": "1m", "period": "R5/PT1H"},
        {"dueTime": "PT1M", "period": "", "ttl": "PT2H"},
        {"dueTime": "1s", "period": None},
    ]
    refused = [
        {"dueTime": "1s", "period": "P1D"},
        {"dueTime": "1s", "period": "P1M"},
        {"dueTime": "1s", "period": "P1Y"},
        {"dueTime": "1s", "period": "P2W"},
        {"dueTime": "1s", "period": "P1DT1H"},
        {"dueTime": "1s", "period": "R3/P1D"},
        {"dueTime": "1s", "period": "R0/PT1H"},
        {"dueTime": "1s", "period": "1d"},
        {"dueTime": "tomorrow", "period": "1h"},
        {"dueTime": "2030-01-01T09:00:00", "period": "1h"},  # no UTC offset
        {"dueTime": "PT2H", "ttl": "2020-01-01T00:00:00Z"},  # expired before it is due
    ]
    with FakeSidecar(free_port()) as sidecar, patched_environment({"DAPR_HTTP_PORT": str(sidecar.port), "DAPR_HEALTH_TIMEOUT": "5"}):
        client = DaprActorHttpClient(serializer, timeout=10)

        async def register(kind: str, name: str, payload: dict):
            data = json.dumps(payload).encode()
            if kind == "reminder":
                await client.register_reminder(ACTOR_TYPE, "v", name, data)
            else:
                await client.register_timer(ACTOR_TYPE, "v", name, data)

        for index, payload in enumerate(accepted):
            asyncio.run(register("reminder", f"ok{index}", payload))
        for index, payload in enumerate(refused):
            with pytest.raises(DaprHttpError) as failure:
                asyncio.run(register("reminder", f"bad{index}", payload))
                pytest.fail(f"accepted {payload}")
            assert (failure.value.status_code, failure.value.error_code) == (400, "ERR_ACTOR_REMINDER_CREATE"), payload
        with pytest.raises(DaprHttpError) as failure:
            asyncio.run(register("timer", "daily", {"dueTime": "1s", "period": "P1D", "callback": "Tick"}))
        assert (failure.value.status_code, failure.value.error_code) == (400, "ERR_ACTOR_TIMER_CREATE")
        assert sorted(name for (_, _, name) in sidecar.snapshot_reminders()) == [f"ok{i}" for i in range(len(accepted))]


def test_the_fake_reads_durations_and_instants_as_daprd_does():
    assert parse_go_duration("1h0m0s0ms0\u03bcs") == 3600
    assert parse_go_duration("0h1m30s") == 90
    assert parse_go_duration("1500ms") == 1.5
    assert parse_go_duration("1.5h") == 5400
    assert parse_go_duration("PT1H") is None and parse_go_duration("") is None and parse_go_duration("10") is None
    assert parse_period("PT1H30M").seconds == 5400
    assert parse_period("R2/PT1S").repeats == 2
    assert parse_period("P1DT2H").calendar == {"days": 1.0}
    assert parse_rfc3339("2026-01-15T08:00:00.123Z") == datetime(2026, 1, 15, 8, 0, 0, 123000, tzinfo=timezone.utc)
    assert parse_rfc3339("2026-01-15T08:00:00") is None


# ---------------------------------------------------------------------------------------------
# The same scenario through both stacks


def test_both_stacks_end_in_the_same_state(pair):
    sdk, swift = pair

    def decoded(run):
        return {key: json.loads(value) for key, value in run.state[(ACTOR_TYPE, ACTOR_ID)].items()}

    assert decoded(sdk) == decoded(swift) == {"mydata": DATA, "reminder_fired": "demo_reminder", "timer_fired": {"timer": "state"}}
    assert sdk.reminders == swift.reminders == {}
    for run in pair:
        assert not [line for line in run.app_log.splitlines() if "Traceback" in line or "Fatal error" in line], run.app_log


def test_dapr_config_has_the_same_meaning(pair):
    sdk, swift = pair
    configs = {}
    for run in pair:
        exchange = run["config"].result
        assert (exchange.method, exchange.path, exchange.status) == ("GET", "/dapr/config", 200)
        assert media_type(exchange.response_headers) == "application/json"
        assert run.config_problems == []
        configs[run.stack] = exchange.response_json

    def meaning(config: dict) -> dict:
        def settings(entry: dict) -> dict:
            return {
                "actorIdleTimeout": parse_go_duration(entry["actorIdleTimeout"]),
                "drainOngoingCallTimeout": parse_go_duration(entry["drainOngoingCallTimeout"]),
                "drainRebalancedActors": entry["drainRebalancedActors"],
                "reentrancy": entry["reentrancy"],
            }
        return {
            "entities": sorted(config["entities"]),
            **settings(config),
            "entitiesConfig": sorted(([sorted(e["entities"]), settings(e)] for e in config["entitiesConfig"]), key=str),
        }

    assert meaning(configs["sdk"]) == meaning(configs["swift"]) == {
        "entities": [ACTOR_TYPE],
        "actorIdleTimeout": 3600.0,
        "drainOngoingCallTimeout": 60.0,
        "drainRebalancedActors": True,
        "reentrancy": {"enabled": False, "maxStackDepth": 32},
        "entitiesConfig": [[[ACTOR_TYPE], {"actorIdleTimeout": 3600.0, "drainOngoingCallTimeout": 60.0, "drainRebalancedActors": True, "reentrancy": {"enabled": False, "maxStackDepth": 32}}]],
    }
    # SDK differs: it still sends actorScanInterval (daprd ignores it since 1.14, our host
    # omits it), spells durations with ms/μs parts ("1h0m0s0ms0μs", Go reads both), and
    # labels the body "application/json; utf-8".
    assert configs["sdk"]["actorScanInterval"] == "0h0m30s0ms0\u03bcs" and "actorScanInterval" not in configs["swift"]
    assert configs["sdk"]["actorIdleTimeout"] == "1h0m0s0ms0\u03bcs" and configs["swift"]["actorIdleTimeout"] == "1h0m0s"
    assert sdk["config"].result.response_headers["content-type"] == "application/json; utf-8"
    assert swift["config"].result.response_headers["content-type"] == "application/json"


@pytest.mark.parametrize(
    "step,method_name,sent",
    [
        ("get_empty", "GetMyData", MISSING),
        ("set_data", "SetMyData", DATA),
        ("get_data", "GetMyData", MISSING),
        ("set_reminder", "SetReminder", True),
        ("set_timer", "SetTimer", True),
        ("unset_timer", "SetTimer", False),
        ("unset_reminder", "SetReminder", False),
        ("reactivate_get", "GetMyData", MISSING),
    ],
)
def test_invocations_are_forwarded_alike(pair, step, method_name, sent):
    sdk, swift = pair
    calls = {}
    for run in pair:
        call = run[step].one("to_sidecar", f"/method/{method_name}")
        forwarded = run[step].one("to_app", f"/method/{method_name}")
        # Client -> sidecar: the documented route, the actor id percent-encoded.
        assert call.segments == ["v1.0", "actors", ACTOR_TYPE, ACTOR_ID, "method", method_name]
        assert "/demo%201/" in call.path
        assert call.method in INVOKE_METHODS
        assert media_type(call.headers) == "application/json"
        # Sidecar -> app: PUT, same body; the app answers exactly 200.
        assert (forwarded.method, forwarded.segments) == ("PUT", ["actors", ACTOR_TYPE, ACTOR_ID, "method", method_name])
        assert forwarded.body == call.body
        assert forwarded.status == 200 and call.status == 200
        assert "x-daprerrorresponseheader" not in forwarded.response_headers
        assert run[step].result.ok
        if sent is MISSING:
            assert call.body == b""
        else:
            assert body(call) == sent
        calls[run.stack] = call
    # SDK differs: its client invokes with POST, ours with PUT (daprd routes both).
    assert (calls["sdk"].method, calls["swift"].method) == ("POST", "PUT")
    # Results: the same JSON where there is one.
    results = {run.stack: run[step].result for run in pair}
    if step.startswith("get") or step == "reactivate_get":
        expected = None if step == "get_empty" else DATA
        assert results["sdk"].value == results["swift"].value == expected
    else:
        # SDK differs: a method without a result answers "null"; ours answers an empty 200
        # body like the .NET SDK. daprd passes either through.
        assert (results["sdk"].raw, results["swift"].raw) == (b"null", b"")


def test_state_is_read_and_saved_alike(pair):
    sdk, swift = pair
    for run in pair:
        # A key that was never written: 204, and the actor sees no value.
        read = run["get_empty"].one("to_sidecar", "/state/")
        assert (read.method, read.segments, read.status) == ("GET", ["v1.0", "actors", ACTOR_TYPE, ACTOR_ID, "state", "mydata"], 204)
        same_turn(run["get_empty"], read)
        # After deactivation the value is read back from the sidecar: 200 with the JSON.
        reread = run["reactivate_get"].one("to_sidecar", "/state/")
        assert (reread.method, reread.status) == ("GET", 200) and reread.response_json == DATA
        # Reads never write.
        assert run["get_data"].none("to_sidecar", "/state")
    saves = {}
    for run in pair:
        save = run["set_data"].one("to_sidecar", "/state", WRITE_METHODS)
        assert save.segments == ["v1.0", "actors", ACTOR_TYPE, ACTOR_ID, "state"]
        assert save.status == 204
        assert media_type(save.headers) == "application/json"
        same_turn(run["set_data"], save)
        # The save is the last sidecar call of the turn, before the app answers.
        assert save.finished <= run["set_data"].one("to_app", "/method/SetMyData").finished
        saves[run.stack] = save
    assert body(saves["sdk"]) == body(saves["swift"]) == [{"operation": "upsert", "request": {"key": "mydata", "value": DATA}}]
    # SDK differs: it saves with PUT, we save with POST (daprd routes both).
    assert (saves["sdk"].method, saves["swift"].method) == ("PUT", "POST")


def test_reminder_registration(pair):
    sdk, swift = pair
    registrations = {}
    for run in pair:
        step = run["set_reminder"]
        register = step.one("to_sidecar", "/reminders/")
        assert register.segments == ["v1.0", "actors", ACTOR_TYPE, ACTOR_ID, "reminders", "demo_reminder"]
        assert register.method in WRITE_METHODS and register.status == 204  # the fake's Scheduler rules accepted it
        assert media_type(register.headers) == "application/json"
        same_turn(step, register)
        payload = body(register)
        # Due in 5 s, every 10 s, whatever the spelling.
        due = parse_rfc3339(payload["dueTime"])
        delay = (due - datetime.fromtimestamp(register.started, timezone.utc)).total_seconds() if due else seconds(payload["dueTime"])
        assert 3.0 <= delay <= 5.5, payload
        assert seconds(payload["period"]) == 10
        registrations[run.stack] = (register, payload)
    (sdk_register, sdk_body), (swift_register, swift_body) = registrations["sdk"], registrations["swift"]
    # Ours: the documented protocol. An absolute RFC 3339 due time in UTC, a plain duration,
    # and the reminder data as JSON.
    assert swift_body["dueTime"].endswith("Z") and parse_rfc3339(swift_body["dueTime"]) is not None
    assert swift_body["period"] == "0h0m10s"
    assert swift_body["data"] == "reminder_state"
    assert set(swift_body) == {"dueTime", "period", "data"}
    # SDK differs: the data must be bytes and goes out base64-encoded (daprd stores the JSON
    # string and hands it back as is); the due time is relative; the body also carries
    # "reminderName" (daprd ignores it; the name is in the path); it registers with PUT.
    assert base64.b64decode(sdk_body["data"]).decode() == swift_body["data"]
    assert sdk_body["dueTime"] == "0h0m5s0ms0\u03bcs" and sdk_body["period"] == "0h0m10s0ms0\u03bcs"
    assert sdk_body["reminderName"] == "demo_reminder"
    assert (sdk_register.method, swift_register.method) == ("PUT", "POST")


def test_our_client_reads_the_reminder_back(runs):
    swift = runs("swift", "plain")
    read = swift["swift_get_reminder"].one("to_sidecar", "/reminders/")
    assert (read.method, read.status) == ("GET", 200)
    reminder = swift["swift_get_reminder"].result.value
    registered = body(swift["set_reminder"].one("to_sidecar", "/reminders/"))
    assert reminder["name"] == "demo_reminder"
    assert reminder["data"] == "reminder_state"
    assert reminder["periodSeconds"] == 10
    assert abs((parse_rfc3339(reminder["dueTime"]) - parse_rfc3339(registered["dueTime"])).total_seconds()) < 0.002


def test_timer_registration(pair):
    sdk, swift = pair
    registrations = {}
    for run in pair:
        register = run["set_timer"].one("to_sidecar", "/timers/")
        assert register.segments == ["v1.0", "actors", ACTOR_TYPE, ACTOR_ID, "timers", "demo_timer"]
        assert register.method in WRITE_METHODS and register.status == 204
        same_turn(run["set_timer"], register)
        payload = body(register)
        registrations[run.stack] = (register, {**payload, "dueTime": seconds(payload["dueTime"]), "period": seconds(payload["period"])})
    assert registrations["sdk"][1] == registrations["swift"][1] == {"callback": "TimerCallback", "data": {"timer": "state"}, "dueTime": 5.0, "period": 10.0}
    # SDK differs: durations as "0h0m5s0ms0μs" (ours "0h0m5s"), registered with PUT.
    assert body(registrations["sdk"][0])["dueTime"] == "0h0m5s0ms0\u03bcs" and body(registrations["swift"][0])["dueTime"] == "0h0m5s"
    assert (registrations["sdk"][0].method, registrations["swift"][0].method) == ("PUT", "POST")


def test_reminder_callback(pair):
    for run in pair:
        step = run["fire_reminder"]
        callback = step.one("to_app", "/method/remind/")
        assert (callback.method, callback.segments) == ("PUT", ["actors", ACTOR_TYPE, ACTOR_ID, "method", "remind", "demo_reminder"])
        # What the Scheduler sends: the registered data unchanged, empty dueTime and period.
        registered = body(run["set_reminder"].one("to_sidecar", "/reminders/"))
        assert body(callback) == {"data": registered["data"], "dueTime": "", "period": ""}
        assert callback.status == 200 and "x-daprerrorresponseheader" not in callback.response_headers
        save = step.one("to_sidecar", "/state", WRITE_METHODS)
        same_turn(step, save)
        assert body(save) == [{"operation": "upsert", "request": {"key": "reminder_fired", "value": "demo_reminder"}}]
        assert save.status == 204


def test_timer_callback(pair):
    sdk, swift = pair
    requests = {}
    for run in pair:
        step = run["fire_timer"]
        callback = step.one("to_app", "/method/timer/")
        assert (callback.method, callback.segments) == ("PUT", ["actors", ACTOR_TYPE, ACTOR_ID, "method", "timer", "demo_timer"])
        assert callback.status == 200
        save = step.one("to_sidecar", "/state", WRITE_METHODS)
        same_turn(step, save)
        assert body(save) == [{"operation": "upsert", "request": {"key": "timer_fired", "value": {"timer": "state"}}}]
        requests[run.stack] = body(callback)
    assert requests["sdk"] == requests["swift"] == {"callback": "TimerCallback", "data": {"timer": "state"}, "dueTime": "", "period": ""}


def test_timer_fired_with_an_empty_callback(pair):
    """dapr/dapr#10088: a timer fired on another host can arrive with an empty callback. We
    dispatch by the timer name in the URL (the callback this process registered)."""
    sdk, swift = pair
    for run in pair:
        assert body(run["fire_timer_empty_callback"].result)["callback"] == ""
    swift_step = swift["fire_timer_empty_callback"]
    assert swift_step.result.status == 200
    assert body(swift_step.one("to_sidecar", "/state", WRITE_METHODS)) == [{"operation": "upsert", "request": {"key": "timer_fired", "value": {"timer": "state"}}}]
    # SDK differs: it looks the callback up by the body's `callback` and fails (500), which
    # daprd counts as a failed timer.
    sdk_step = sdk["fire_timer_empty_callback"]
    assert sdk_step.result.status == 500
    assert "has no attribute ''" in sdk_step.result.response_json["message"]
    assert sdk_step.none("to_sidecar", "/state")


def test_unregistering(pair):
    for run in pair:
        for step, kind, name in (("unset_timer", "timers", "demo_timer"), ("unset_reminder", "reminders", "demo_reminder")):
            delete = run[step].one("to_sidecar", f"/{kind}/")
            assert (delete.method, delete.segments, delete.status) == ("DELETE", ["v1.0", "actors", ACTOR_TYPE, ACTOR_ID, kind, name], 204)
            assert delete.body == b""
            same_turn(run[step], delete)


def test_deactivation(pair):
    sdk, swift = pair
    for run in pair:
        step = run["deactivate"]
        (delete,) = step.to_app()
        assert (delete.method, delete.segments, delete.status) == ("DELETE", ["actors", ACTOR_TYPE, ACTOR_ID], 200)
        # Deactivation saves nothing and calls nothing.
        assert step.to_sidecar() == []
        # The next call activates a fresh instance that reads its state again (above, in
        # test_state_is_read_and_saved_alike).
    # daprd only checks the status. SDK differs in the body: a JSON message; ours is empty.
    assert sdk["deactivate"].result.response_json == {"message": f"deactivated actor: {ACTOR_TYPE}.{ACTOR_ID}"}
    assert swift["deactivate"].result.response_body == b""


def test_actor_errors(pair):
    """A method that fails (here: a malformed argument) must reach the caller as an error and
    save nothing."""
    sdk, swift = pair
    for run in pair:
        step = run["bad_payload"]
        assert step.none("to_sidecar", "/state")
        assert not step.result.ok
    # Ours, as the protocol says: the app answers 200 with X-DaprErrorResponseHeader and a
    # problem+json body; daprd relays that reply as is; our client raises the problem.
    forwarded = swift["bad_payload"].one("to_app", "/method/SetMyData")
    assert forwarded.status == 200 and forwarded.response_headers.get("x-daprerrorresponseheader")
    assert media_type(forwarded.response_headers) == "application/problem+json"
    relayed = swift["bad_payload"].one("to_sidecar", "/method/SetMyData")
    assert relayed.status == 200 and relayed.response_headers.get("x-daprerrorresponseheader")
    assert relayed.response_json == forwarded.response_json
    assert forwarded.response_json["status"] == 400 and forwarded.response_json["title"] == "Bad Request"
    assert swift["bad_payload"].result.problem == {k: forwarded.response_json[k] for k in ("status", "title", "detail")}
    # SDK differs: its app answers 500 {"message", "errorCode": "UNKNOWN"}, which daprd turns
    # into 500 ERR_ACTOR_INVOKE_METHOD for the caller.
    sdk_forwarded = sdk["bad_payload"].one("to_app", "/method/SetMyData")
    assert sdk_forwarded.status == 500 and sdk_forwarded.response_json["errorCode"] == "UNKNOWN"
    assert (sdk["bad_payload"].result.status, sdk["bad_payload"].result.error_code) == (500, "ERR_ACTOR_INVOKE_METHOD")
    # Across the stacks: our client reports the SDK app's failure with daprd's error code...
    assert (sdk["cross_bad_payload"].result.status, sdk["cross_bad_payload"].result.error_code) == (500, "ERR_ACTOR_INVOKE_METHOD")
    # ...but SDK differs: its client ignores X-DaprErrorResponseHeader and returns our
    # problem body as if it were the method's result.
    cross = swift["cross_bad_payload"]
    assert cross.result.ok and cross.result.value["status"] == 400
    assert cross.one("to_sidecar", "/method/SetMyData").response_headers.get("x-daprerrorresponseheader")


def test_unknown_method(pair):
    sdk, swift = pair
    for run in pair:
        step = run["unknown_method"]
        call = step.one("to_sidecar", "/method/NoSuchMethod")
        assert call.status == 500 and call.response_json["errorCode"] == "ERR_ACTOR_INVOKE_METHOD"
        assert (step.result.status, step.result.error_code) == (500, "ERR_ACTOR_INVOKE_METHOD")
    # Ours: 404, which daprd treats as a permanent "method not found" (no retries).
    assert swift["unknown_method"].one("to_app", "/method/NoSuchMethod").status == 404
    assert "actor method not found" in swift["unknown_method"].result.message
    # SDK differs: 500, an ordinary failure that daprd's resiliency policy may retry.
    assert sdk["unknown_method"].one("to_app", "/method/NoSuchMethod").status == 500


def test_state_writes_outside_a_turn_are_refused(pair):
    for run in pair:
        step = run["save_outside_turn"]
        save = step.one("to_sidecar", "/state", WRITE_METHODS)
        assert save.turn is None
        assert (save.status, save.response_json["errorCode"]) == (400, "ERR_ACTOR_INSTANCE_MISSING")
        assert (step.result.status, step.result.error_code) == (400, "ERR_ACTOR_INSTANCE_MISSING")
    assert "outside" not in pair[0].state[(ACTOR_TYPE, ACTOR_ID)]


def test_clients_and_apps_interoperate(pair):
    sdk, swift = pair
    # Our client against the SDK app and the SDK client against ours read the same value.
    assert sdk["cross_get"].result.value == swift["cross_get"].result.value == DATA
    assert sdk["cross_set_data"].result.ok and swift["cross_set_data"].result.ok
    assert body(sdk["cross_set_data"].one("to_sidecar", "/state", WRITE_METHODS)) == body(swift["cross_set_data"].one("to_sidecar", "/state", WRITE_METHODS))
    # SDK differs: its RPC-style proxy decodes every reply as JSON, so a void method of ours
    # (empty 200 body, as the protocol allows) fails to decode; against its own app ("null")
    # it returns None.
    assert sdk["sdk_rpc_void_method"].result is None
    assert isinstance(swift["sdk_rpc_void_method"].result, json.JSONDecodeError)
    assert swift["sdk_rpc_void_method"].one("to_app", "/method/SetMyData").status == 200


def test_api_tokens(runs):
    for stack in ("sdk", "swift"):
        tokens, plain = runs(stack, "tokens"), runs(stack, "plain")
        # DAPR_API_TOKEN: every request to the sidecar carries it, health probes included;
        # none does when it is unset.
        deliberate = {e.seq for name in ("client_wrong_token", "client_without_token") for e in tokens[name].exchanges}
        to_sidecar = [e for e in tokens.exchanges if e.direction == "to_sidecar" and e.seq not in deliberate]
        assert to_sidecar and all(e.headers.get("dapr-api-token") == DAPR_TOKEN for e in to_sidecar), [e.describe() for e in to_sidecar if e.headers.get("dapr-api-token") != DAPR_TOKEN]
        assert not [e.describe() for e in plain.exchanges if "dapr-api-token" in e.headers]
        # A wrong or missing token is refused with 401 by the sidecar, and both clients say so.
        for name in ("client_wrong_token", "client_without_token"):
            assert tokens[name].result.status == 401 and not tokens[name].result.ok
            assert {e.status for e in tokens[name].to_sidecar()} == {401}
        # APP_API_TOKEN: the sidecar sends it on every call into the app.
        without = {e.seq for name in ("app_call_without_token", "app_config_without_token", "app_healthz_without_token") for e in tokens[name].exchanges}
        into_app = [e for e in tokens.exchanges if e.direction == "to_app" and e.seq not in without]
        assert into_app and all(e.headers.get("dapr-api-token") == APP_TOKEN for e in into_app)
        assert tokens["app_healthz_without_token"].result.status == 200
    swift, sdk = runs("swift", "tokens"), runs("sdk", "tokens")
    # Ours checks it on every Dapr route but /healthz (401 with problem details).
    for name in ("app_call_without_token", "app_config_without_token"):
        assert swift[name].result.status == 401
        assert swift[name].result.response_json["title"] == "Unauthorized"
    # SDK differs: the FastAPI actor extension does not check APP_API_TOKEN at all.
    assert sdk["app_call_without_token"].result.status == 200
    assert sdk["app_config_without_token"].result.status == 200


def test_trace_context_is_propagated_by_our_host(pair):
    sdk, swift = pair
    for step in ("set_data", "get_empty", "fire_reminder", "fire_timer", "set_reminder"):
        into_app = swift[step].to_app()[0]
        trace = into_app.headers["traceparent"]
        made = swift[step].to_sidecar()
        made = [e for e in made if e.turn == into_app.seq]
        assert made and all(e.headers.get("traceparent") == trace for e in made), step
        # SDK differs: the FastAPI actor app does not forward traceparent on its sidecar calls.
        assert not any("traceparent" in e.headers for e in sdk[step].to_sidecar() if e.turn is not None)


def test_callback_routes_the_sdk_does_not_serve(pair):
    sdk, swift = pair
    # Reminder names may contain "/": ours routes remind/** and hands the whole name over.
    slash = swift["fire_reminder_slash_name"]
    assert slash.result.status == 200
    assert body(slash.one("to_sidecar", "/state", WRITE_METHODS)) == [{"operation": "upsert", "request": {"key": "reminder_fired", "value": "daily/09:00"}}]
    # SDK differs: its route takes one path segment, so such a reminder is a 404.
    assert sdk["fire_reminder_slash_name"].result.status == 404
    # Methods also accept POST (the docs' examples use it); SDK differs: PUT only (405).
    assert swift["app_post_method"].result.status == 200 and swift["app_post_method"].result.response_json == DATA
    assert sdk["app_post_method"].result.status == 405


def test_our_publish_follows_the_documented_protocol(runs):
    """Only against the documentation: the SDK publishes over gRPC, never over HTTP."""
    from dapr.clients import DaprClient
    from dapr.clients.grpc.client import DaprGrpcClient

    assert issubclass(DaprClient, DaprGrpcClient) and hasattr(DaprGrpcClient, "publish_event")
    for mode in MODES:
        swift = runs("swift", mode)
        step = swift["swift_publish"]
        publish = step.one("to_sidecar", "/publish/")
        assert (publish.method, publish.segments, publish.status) == ("POST", ["v1.0", "publish", "pubsub", "task-events"], 204)
        assert publish.raw_query == "metadata.partitionKey=user%207"
        assert publish.query == {"metadata.partitionKey": ["user 7"]}
        assert media_type(publish.headers) == "application/cloudevents+json"
        event = body(publish)
        assert event["id"] == step.result.raw.decode()
        assert {k: event[k] for k in ("specversion", "type", "source", "datacontenttype", "topic", "pubsubname")} == {
            "specversion": "1.0", "type": "com.dapr.event.sent", "source": "demo", "datacontenttype": "application/json", "topic": "task-events", "pubsubname": "pubsub",
        }
        assert event["data"] == {"taskId": "t1", "title": DATA["text"]}
        assert swift.published[0]["metadata"] == {"partitionKey": "user 7"}


def test_our_client_reads_metadata(runs):
    swift = runs("swift", "tokens")
    read = swift["swift_metadata"].one("to_sidecar", "/metadata")
    assert (read.method, read.status) == ("GET", 200)
    metadata = swift["swift_metadata"].result.value
    assert metadata["actorRuntime"]["activeActors"] == [{"type": ACTOR_TYPE, "count": 1}]
    assert metadata["id"] == "demo"

"""A recording fake of daprd's HTTP API, for the Dapr conformance suite.

It implements just enough of the sidecar for an actor app and an actor client, following
`shared/dapr-protocol-notes.md` and daprd's sources (paths in the notes):

* app side, called by the fake: ``GET /dapr/config`` (once, like daprd at start),
  ``PUT /actors/{type}/{id}/method/{method}`` (forwarded invocations),
  ``PUT /actors/{type}/{id}/method/remind/{name}`` and ``.../timer/{name}`` (fired on request,
  with the empty ``dueTime``/``period`` the Scheduler sends), ``DELETE /actors/{type}/{id}``;
* client side, served by the fake under ``/v1.0``: actor invocation (relaying an actor error
  that the app marked with ``X-DaprErrorResponseHeader`` as it is, and a 404 or any other
  non-200 as ``500 ERR_ACTOR_INVOKE_METHOD``), actor state get (200/204) and the
  transactional save (204, or ``400 ERR_ACTOR_INSTANCE_MISSING`` outside a turn), reminders
  (register/get/delete, validated as the Scheduler does: no year/month/week/day parts, no
  ``R0``), timers (register/delete), publish (204, ``metadata.partitionKey`` recorded),
  metadata, health;
* outages on request (:meth:`FakeSidecar.fail_for`): for a while, publishing answers
  ``500 ERR_PUBSUB_PUBLISH_MESSAGE`` (the broker is unreachable), actor state
  ``500 ERR_ACTOR_STATE_GET`` / ``ERR_ACTOR_STATE_TRANSACTION_SAVE`` (the state store is down,
  or only refuses writes),
  reminders ``500 ERR_ACTOR_REMINDER_CREATE`` / ``_GET`` / ``_DELETE`` (the Scheduler is
  unreachable): what daprd answers when the component behind it fails;
* ``dapr-api-token``: required on every ``/v1.0`` route but health when the fake has an API
  token (``DAPR_API_TOKEN`` of the app), sent on every call to the app when it has an app
  token (``APP_API_TOKEN``).

Every request in both directions is recorded as an :class:`Exchange` (method, raw path,
query, headers, body, JSON body, and the reply) so tests can compare wire traffic.

The server runs on its own asyncio loop in a background thread (aiohttp, which the Dapr
Python SDK already depends on), so synchronous tests and subprocess apps can use it.
"""

from __future__ import annotations

import asyncio
import json
import re
import secrets
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Optional
from urllib.parse import parse_qs, quote, unquote, urlsplit

import aiohttp
from aiohttp import web

API_PREFIX = "v1.0"
ERROR_HEADER = "x-daprerrorresponseheader"
TOKEN_HEADER = "dapr-api-token"
# Headers of a caller's invocation that daprd hands on to the app (it copies the caller's
# headers as metadata; the API token is stripped by its authentication middleware).
FORWARDED_HEADERS = ("content-type", "traceparent", "tracestate", "dapr-reentrancy-id")

MISSING = object()


# ---------------------------------------------------------------------------------------------
# Durations and times as daprd reads them


_GO_UNITS = {"ns": 1e-9, "us": 1e-6, "\u00b5s": 1e-6, "\u03bcs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}
_GO_PART = re.compile(r"(\d+\.?\d*|\.\d+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h)")
_ISO = re.compile(
    r"^P(?:(?P<years>\d+)Y)?(?:(?P<months>\d+)M)?(?:(?P<weeks>\d+)W)?(?:(?P<days>\d+)D)?"
    r"(?:T(?:(?P<hours>\d+(?:\.\d+)?)H)?(?:(?P<minutes>\d+(?:\.\d+)?)M)?(?:(?P<seconds>\d+(?:\.\d+)?)S)?)?$"
)
_REPEAT = re.compile(r"^R(?P<count>\d*)/(?P<rest>.+)$")


def parse_go_duration(text: str) -> Optional[float]:
    """Seconds of a Go duration (`time.ParseDuration`), or None when it is not one."""
    if not isinstance(text, str) or not text:
        return None
    body = text
    sign = 1.0
    if body[0] in "+-":
        sign = -1.0 if body[0] == "-" else 1.0
        body = body[1:]
    if body == "0":
        return 0.0
    position = 0
    total = 0.0
    while position < len(body):
        match = _GO_PART.match(body, position)
        if not match:
            return None
        total += float(match.group(1)) * _GO_UNITS[match.group(2)]
        position = match.end()
    return sign * total if position else None


@dataclass
class ParsedPeriod:
    seconds: float
    calendar: dict  # years, months, weeks, days that are not zero
    repeats: Optional[int]  # None: unlimited


def parse_period(text: str) -> ParsedPeriod:
    """A reminder/timer period as dapr/kit's ParseDuration reads it: a Go duration, an ISO 8601
    duration, or either behind `R<n>/`. Raises ValueError for anything else."""
    repeats: Optional[int] = None
    rest = text
    repeat = _REPEAT.match(text)
    if repeat:
        repeats = int(repeat.group("count")) if repeat.group("count") else None
        rest = repeat.group("rest")
    go = parse_go_duration(rest)
    if go is not None:
        return ParsedPeriod(go, {}, repeats)
    iso = _ISO.match(rest)
    if iso and rest not in ("P", "PT") and not rest.endswith("T"):
        parts = {name: float(value) for name, value in iso.groupdict().items() if value is not None}
        calendar = {name: parts[name] for name in ("years", "months", "weeks", "days") if parts.get(name)}
        seconds = parts.get("hours", 0.0) * 3600 + parts.get("minutes", 0.0) * 60 + parts.get("seconds", 0.0)
        return ParsedPeriod(seconds, calendar, repeats)
    raise ValueError(f"unsupported duration format {text!r}")


def parse_rfc3339(text: str) -> Optional[datetime]:
    """An RFC 3339 instant (with an offset, as Go's time.RFC3339 requires), or None."""
    if not isinstance(text, str) or not re.match(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$", text):
        return None
    normalized = text.replace("Z", "+00:00")
    match = re.match(r"^(.*T\d{2}:\d{2}:\d{2})\.(\d+)(.*)$", normalized)
    if match:  # Python reads at most 6 fractional digits
        normalized = f"{match.group(1)}.{match.group(2)[:6].ljust(6, '0')}{match.group(3)}"
    try:
        return datetime.fromisoformat(normalized)
    except ValueError:
        return None


def due_instant(text: str, now: datetime) -> datetime:
    """When a `dueTime` (empty, RFC 3339, Go or ISO duration) falls, from `now`."""
    if text == "":
        return now
    instant = parse_rfc3339(text)
    if instant is not None:
        return instant
    period = parse_period(text)
    if period.calendar or period.repeats is not None:
        raise ValueError(f"a due time cannot repeat or have calendar parts: {text!r}")
    return now + timedelta(seconds=period.seconds)


def validate_schedule(body: dict, *, kind: str, now: datetime) -> dict:
    """Checks dueTime/period/ttl as daprd with the Scheduler does; returns what was parsed.
    Raises ValueError with daprd-like wording."""
    parsed: dict[str, Any] = {}
    for name in ("dueTime", "period", "ttl"):
        value = body.get(name)
        if value is not None and not isinstance(value, str):
            raise ValueError(f"{name} must be a string")
    due_text = body.get("dueTime") or ""
    period_text = body.get("period") or ""  # daprd reads a JSON null as ""
    ttl_text = body.get("ttl") or ""
    try:
        parsed["due"] = due_instant(due_text, now)
    except ValueError as error:
        raise ValueError(f"error parsing {kind} due time: {error}") from None
    if period_text:
        try:
            period = parse_period(period_text)
        except ValueError as error:
            raise ValueError(f"invalid {kind} period: parse error: {error}") from None
        if period.repeats == 0:
            raise ValueError(f"invalid {kind} period: has zero repetitions")
        if period.calendar:
            # The Scheduler turns periods into `@every <duration>` schedules; calendar parts
            # have no fixed length and are refused.
            raise ValueError(f"invalid {kind} period {period_text!r}: periods with year, month, week or day parts are not supported by the Scheduler; use hours (24h, PT24H)")
        parsed["period_seconds"] = period.seconds
        parsed["repeats"] = period.repeats
    else:
        parsed["period_seconds"] = None
        parsed["repeats"] = None
    if ttl_text:
        try:
            expires = due_instant(ttl_text, parsed["due"])
        except ValueError as error:
            raise ValueError(f"error parsing {kind} TTL: {error}") from None
        if expires < now or expires < parsed["due"]:
            raise ValueError(f"{kind} has already expired: dueTime: {due_text} TTL: {ttl_text}")
        parsed["expires"] = expires
    return parsed


# ---------------------------------------------------------------------------------------------
# Recording


@dataclass
class Exchange:
    """One HTTP request and its reply, in either direction.

    direction: "to_sidecar" (the app or a client called the fake) or "to_app" (the fake called
    the app). `turn` is the seq of the "to_app" exchange that was in progress for the same actor
    when a "to_sidecar" request arrived (the turn it belongs to), else None.
    """

    seq: int
    direction: str
    method: str
    path: str  # raw, still percent-encoded, without the query
    query: dict  # decoded: name -> [values]
    headers: dict  # lower-cased names
    body: bytes
    started: float
    status: Optional[int] = None
    response_headers: dict = field(default_factory=dict)
    response_body: bytes = b""
    error: Optional[str] = None
    turn: Optional[int] = None
    finished: Optional[float] = None
    raw_query: str = ""

    @property
    def json(self) -> Any:
        return _json_or_missing(self.body)

    @property
    def response_json(self) -> Any:
        return _json_or_missing(self.response_body)

    @property
    def segments(self) -> list:
        return [unquote(part) for part in self.path.strip("/").split("/")]

    def describe(self) -> str:
        arrow = "->app" if self.direction == "to_app" else "->sidecar"
        return f"#{self.seq} {arrow} {self.method} {self.path} => {self.status}"


def _json_or_missing(data: bytes) -> Any:
    if not data:
        return MISSING
    try:
        return json.loads(data)
    except ValueError:
        return MISSING


def _lower_headers(headers) -> dict:
    result: dict[str, str] = {}
    for name, value in headers.items():
        key = name.lower()
        result[key] = value if key not in result else result[key] + ", " + value
    return result


def new_traceparent() -> str:
    return f"00-{secrets.token_hex(16)}-{secrets.token_hex(8)}-01"


# ---------------------------------------------------------------------------------------------
# The fake


class FakeSidecar:
    def __init__(
        self,
        app_port: int,
        *,
        app_id: str = "demo",
        api_token: Optional[str] = None,
        app_token: Optional[str] = None,
        app_timeout: float = 10.0,
    ) -> None:
        self.app_port = app_port
        self.app_id = app_id
        self.api_token = api_token or None
        self.app_token = app_token or None
        self.app_timeout = app_timeout
        self.port: Optional[int] = None

        self._lock = threading.Lock()
        self._exchanges: list[Exchange] = []
        self._seq = 0

        # Sidecar state, touched only on the loop thread (read elsewhere under _lock copies).
        self.hosted_types: set = set()
        self.app_config: Any = None
        self.config_problems: list = []
        self.state: dict = {}  # (type, id) -> {key: json text}
        self.reminders: dict = {}  # (type, id, name) -> record
        self.timers: dict = {}  # (type, id, name) -> record
        self.published: list = []
        self.active: set = set()  # (type, id)
        self._turn_locks: dict = {}  # (type, id) -> asyncio.Lock
        self._turns: dict = {}  # (type, id) -> seq of the to_app exchange of the turn
        self._outages: dict = {}  # "publish" | "state" | "reminders" -> monotonic end
        self.refused: list = []  # (kind, raw path) of every request an outage refused

        self._loop: Optional[asyncio.AbstractEventLoop] = None
        self._thread: Optional[threading.Thread] = None
        self._runner: Optional[web.AppRunner] = None
        self._session: Optional[aiohttp.ClientSession] = None
        self._stopped = threading.Event()

    # -- lifecycle ------------------------------------------------------------------------

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 10.0) -> "FakeSidecar":
        ready = threading.Event()
        failure: list = []

        def run() -> None:
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            self._loop = loop
            try:
                loop.run_until_complete(self._start_server())
            except BaseException as error:  # reported to start()
                failure.append(error)
                ready.set()
                loop.close()
                return
            ready.set()
            try:
                loop.run_forever()
            finally:
                loop.run_until_complete(self._stop_server())
                loop.close()
                self._stopped.set()

        self._thread = threading.Thread(target=run, name="fake-daprd", daemon=True)
        self._thread.start()
        if not ready.wait(timeout):
            raise RuntimeError("the fake sidecar did not start in time")
        if failure:
            raise RuntimeError(f"the fake sidecar failed to start: {failure[0]!r}")
        return self

    def stop(self, timeout: float = 10.0) -> None:
        if self._loop is None or self._thread is None:
            return
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout)
        self._loop = None

    def __enter__(self) -> "FakeSidecar":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    async def _start_server(self) -> None:
        app = web.Application(client_max_size=16 << 20)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
        self._session = aiohttp.ClientSession(
            timeout=aiohttp.ClientTimeout(total=self.app_timeout),
            # The app sees exactly the headers the fake chose, no client defaults.
            skip_auto_headers=("User-Agent", "Accept", "Accept-Encoding", "Content-Type"),
        )

    async def _stop_server(self) -> None:
        if self._session is not None:
            await self._session.close()
        if self._runner is not None:
            await self._runner.cleanup()

    def _run(self, coroutine, timeout: float):
        if self._loop is None:
            raise RuntimeError("the fake sidecar is not running")
        future = asyncio.run_coroutine_threadsafe(coroutine, self._loop)
        return future.result(timeout)

    # -- recording ------------------------------------------------------------------------

    def _record(self, exchange_args: dict) -> Exchange:
        with self._lock:
            self._seq += 1
            exchange = Exchange(seq=self._seq, started=time.time(), **exchange_args)
            self._exchanges.append(exchange)
            return exchange

    def exchanges(self, direction: Optional[str] = None, since: int = 0) -> list:
        """Recorded exchanges with seq > since, in the order their requests arrived or left."""
        with self._lock:
            return [e for e in self._exchanges if e.seq > since and (direction is None or e.direction == direction)]

    def mark(self) -> int:
        with self._lock:
            return self._seq

    def snapshot_state(self) -> dict:
        return self._run(self._copy(lambda: {key: dict(values) for key, values in self.state.items()}), 5)

    def snapshot_reminders(self) -> dict:
        return self._run(self._copy(lambda: {key: dict(value) for key, value in self.reminders.items()}), 5)

    def snapshot_timers(self) -> dict:
        return self._run(self._copy(lambda: {key: dict(value) for key, value in self.timers.items()}), 5)

    def snapshot_published(self) -> list:
        return self._run(self._copy(lambda: [dict(value) for value in self.published]), 5)

    @staticmethod
    async def _copy(read):
        return read()

    # -- outages ---------------------------------------------------------------------------

    # "state-save": reads work, transactions fail (a Redis that refuses writes).
    OUTAGE_KINDS = ("publish", "state", "state-save", "reminders")

    def fail_for(self, seconds: float, *kinds: str) -> None:
        """For `seconds`, the components behind these routes fail as daprd reports it (see the
        module docstring); `kinds` are among OUTAGE_KINDS, all of them when none is given."""
        kinds = kinds or self.OUTAGE_KINDS
        unknown = set(kinds) - set(self.OUTAGE_KINDS)
        if unknown:
            raise ValueError(f"unknown outage kinds {sorted(unknown)}")
        with self._lock:
            for kind in kinds:
                self._outages[kind] = time.monotonic() + seconds

    def recover(self) -> None:
        with self._lock:
            self._outages.clear()

    def _outage(self, kind: str) -> bool:
        with self._lock:
            return self._outages.get(kind, 0.0) > time.monotonic()

    def _refuse(self, kind: str, raw_path: str, code: str, message: str):
        with self._lock:
            self.refused.append((kind, raw_path))
        return _error(500, code, message)

    # -- calls to the app (what daprd does on its own) -------------------------------------

    def fetch_app_config(self, timeout: float = 10.0) -> Exchange:
        """`GET /dapr/config`, as daprd does once at start; non-200 means no actors."""
        return self._run(self._fetch_app_config(), timeout)

    def fire_reminder(self, actor_type: str, actor_id: str, name: str, timeout: float = 15.0) -> Exchange:
        """Delivers a registered reminder now, the way the Scheduler does (empty dueTime/period)."""
        return self._run(self._fire(actor_type, actor_id, name, kind="remind", callback=None), timeout)

    def fire_timer(self, actor_type: str, actor_id: str, name: str, *, callback: Optional[str] = None, timeout: float = 15.0) -> Exchange:
        """Delivers a registered timer now. `callback` overrides the registered one (a timer
        fired on another host can arrive with an empty callback, dapr/dapr#10088)."""
        return self._run(self._fire(actor_type, actor_id, name, kind="timer", callback=callback), timeout)

    def deliver_reminder(self, actor_type: str, actor_id: str, name: str, data: Any = MISSING, timeout: float = 15.0) -> Exchange:
        """Delivers a reminder callback this sidecar has no record of (as for a reminder another
        replica registered before placement moved the actor here), with the given data."""
        return self._run(self._deliver(actor_type, actor_id, name, kind="remind", callback=None, data=data), timeout)

    def deactivate(self, actor_type: str, actor_id: str, timeout: float = 15.0) -> Exchange:
        """`DELETE /actors/{type}/{id}`, as daprd does for an idle or rebalanced actor."""
        return self._run(self._deactivate(actor_type, actor_id), timeout)

    def call_app(self, method: str, path: str, body: bytes = b"", headers: Optional[dict] = None, *, with_token: bool = True, timeout: float = 15.0) -> Exchange:
        """Any request to the app, recorded like the others (for the token checks)."""
        return self._run(self._call_app(method, path, body, dict(headers or {}), with_token=with_token), timeout)

    async def _call_app(self, method: str, path: str, body: bytes, headers: dict, *, with_token: bool = True, turn_of=None) -> Exchange:
        headers = {name.lower(): value for name, value in headers.items()}
        if with_token and self.app_token:
            headers[TOKEN_HEADER] = self.app_token
        split = urlsplit(path)
        exchange = self._record(dict(
            direction="to_app", method=method, path=split.path, query=parse_qs(split.query), raw_query=split.query,
            headers=headers, body=body,
        ))
        if turn_of is not None:
            self._turns[turn_of] = exchange.seq
        url = f"http://127.0.0.1:{self.app_port}{path}"
        try:
            async with self._session.request(method, url, data=body if body else None, headers=headers) as response:
                data = await response.read()
                exchange.status = response.status
                exchange.response_headers = _lower_headers(response.headers)
                exchange.response_body = data
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            exchange.error = f"{type(error).__name__}: {error}"
        finally:
            exchange.finished = time.time()
        return exchange

    async def _fetch_app_config(self) -> Exchange:
        exchange = await self._call_app("GET", "/dapr/config", b"", {})
        self.hosted_types = set()
        self.app_config = None
        self.config_problems = []
        if exchange.status != 200:
            self.config_problems.append(f"status {exchange.status}: the app hosts no actors")
            return exchange
        config = exchange.response_json
        if not isinstance(config, dict):
            self.config_problems.append("the body is not a JSON object")
            return exchange
        self.app_config = config
        self.config_problems = check_app_config(config)
        entities = config.get("entities")
        if isinstance(entities, list):
            self.hosted_types = {entity for entity in entities if isinstance(entity, str)}
        return exchange

    def _turn_lock(self, key) -> asyncio.Lock:
        lock = self._turn_locks.get(key)
        if lock is None:
            lock = self._turn_locks[key] = asyncio.Lock()
        return lock

    async def _turn(self, actor_type: str, actor_id: str, method_path: str, body: bytes, headers: dict) -> Exchange:
        """One call into an actor under the turn lock daprd holds; activates it on the way."""
        key = (actor_type, actor_id)
        async with self._turn_lock(key):
            self.active.add(key)
            headers = dict(headers)
            headers.setdefault("traceparent", new_traceparent())
            try:
                return await self._call_app("PUT", f"/actors/{_seg(actor_type)}/{_seg(actor_id)}/method/{method_path}", body, headers, turn_of=key)
            finally:
                self._turns.pop(key, None)

    async def _fire(self, actor_type: str, actor_id: str, name: str, *, kind: str, callback: Optional[str]) -> Exchange:
        store = self.reminders if kind == "remind" else self.timers
        record = store.get((actor_type, actor_id, name))
        if record is None:
            raise KeyError(f"no {('reminder' if kind == 'remind' else 'timer')} {actor_type}/{actor_id}/{name} is registered")
        if kind == "timer" and callback is None:
            callback = record.get("callback") or ""
        return await self._deliver(actor_type, actor_id, name, kind=kind, callback=callback, data=record.get("data", MISSING))

    async def _deliver(self, actor_type: str, actor_id: str, name: str, *, kind: str, callback: Optional[str], data: Any) -> Exchange:
        body: dict[str, Any] = {}
        if kind == "timer":
            body["callback"] = callback or ""
        if data is not MISSING and data is not None:
            body["data"] = data  # daprd omits an empty data field
        body["dueTime"] = ""
        body["period"] = ""
        payload = json.dumps(body, separators=(",", ":")).encode()
        # Names may contain "/": daprd puts them in the path as they are.
        return await self._turn(actor_type, actor_id, f"{kind}/{quote(name, safe='/')}", payload, {"content-type": "application/json"})

    async def _deactivate(self, actor_type: str, actor_id: str) -> Exchange:
        key = (actor_type, actor_id)
        async with self._turn_lock(key):
            exchange = await self._call_app("DELETE", f"/actors/{_seg(actor_type)}/{_seg(actor_id)}", b"", {})
            if exchange.status == 200:
                self.active.discard(key)
                # Timers die with the activation.
                for timer in [timer for timer in self.timers if timer[:2] == key]:
                    del self.timers[timer]
            return exchange

    # -- the sidecar's HTTP API ------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        body = await request.read()
        raw = request.rel_url.raw_path
        exchange = self._record(dict(
            direction="to_sidecar", method=request.method, path=raw, query=parse_qs(request.rel_url.raw_query_string),
            raw_query=request.rel_url.raw_query_string,
            headers=_lower_headers(request.headers), body=body,
        ))
        try:
            status, headers, reply = await self._dispatch(request.method, raw, exchange)
        except Exception as error:  # a bug in the fake must show, not hang the caller
            status, headers, reply = 500, {"content-type": "text/plain"}, f"fake sidecar failure: {error!r}".encode()
        exchange.status = status
        exchange.response_headers = {name.lower(): value for name, value in headers.items()}
        exchange.response_body = reply
        exchange.finished = time.time()
        response = web.Response(status=status, body=reply if reply else None)
        for name, value in headers.items():
            response.headers[name] = value
        return response

    async def _dispatch(self, method: str, raw_path: str, exchange: Exchange):
        parts = [unquote(part) for part in raw_path.strip("/").split("/")]
        if not parts or parts[0] != API_PREFIX:
            return _error(404, "ERR_NOT_FOUND", f"no route for {raw_path}")
        route = parts[1:]

        if route[:1] == ["healthz"]:
            # Health is reachable without the token (daprd excludes it from API authentication).
            if method == "GET" and route in (["healthz"], ["healthz", "outbound"]):
                return 204, {}, b""
            return _error(404, "ERR_NOT_FOUND", f"no route for {raw_path}")

        if self.api_token and exchange.headers.get(TOKEN_HEADER) != self.api_token:
            return 401, {"content-type": "text/plain; charset=utf-8"}, b"invalid api token\n"

        if route == ["metadata"] and method == "GET":
            return _json(200, self._metadata())

        if route[:1] == ["publish"] and len(route) >= 3:
            if method != "POST":
                return _error(405, "ERR_METHOD_NOT_ALLOWED", f"{method} is not allowed on publish")
            if self._outage("publish"):
                topic = "/".join(route[2:])
                return self._refuse("publish", raw_path, "ERR_PUBSUB_PUBLISH_MESSAGE", f"error when publish to topic {topic} in pubsub {route[1]}: kafka: client has run out of available brokers to talk to")
            return self._publish(route[1], "/".join(route[2:]), exchange)

        if route[:1] == ["actors"] and len(route) >= 4:
            actor_type, actor_id, operation = route[1], route[2], route[3]
            key = (actor_type, actor_id)
            if self._turns.get(key) is not None:
                exchange.turn = self._turns[key]
            if operation == "method" and len(route) == 5 and method in ("GET", "POST", "PUT", "DELETE"):
                return await self._invoke(actor_type, actor_id, route[4], exchange)
            if operation == "state" and (self._outage("state") or (method != "GET" and self._outage("state-save"))):
                code = "ERR_ACTOR_STATE_GET" if method == "GET" else "ERR_ACTOR_STATE_TRANSACTION_SAVE"
                return self._refuse("state", raw_path, code, "error performing actor state operation: dial tcp 10.0.0.7:6379: connect: connection refused")
            if operation == "reminders" and self._outage("reminders"):
                code = {"GET": "ERR_ACTOR_REMINDER_GET", "DELETE": "ERR_ACTOR_REMINDER_DELETE"}.get(method, "ERR_ACTOR_REMINDER_CREATE")
                return self._refuse("reminders", raw_path, code, "error from scheduler: rpc error: code = Unavailable desc = connection refused")
            if operation == "state" and len(route) == 5 and method == "GET":
                return self._get_state(key, route[4])
            if operation == "state" and len(route) == 4 and method in ("POST", "PUT"):
                return self._transaction(key, exchange)
            if operation == "reminders" and len(route) == 5:
                name = route[4]
                if method in ("POST", "PUT"):
                    return self._register(self.reminders, "reminder", (actor_type, actor_id, name), exchange)
                if method == "GET":
                    return self._get_reminder((actor_type, actor_id, name))
                if method == "DELETE":
                    self.reminders.pop((actor_type, actor_id, name), None)
                    return 204, {}, b""
            if operation == "timers" and len(route) == 5:
                name = route[4]
                if method in ("POST", "PUT"):
                    return self._register(self.timers, "timer", (actor_type, actor_id, name), exchange)
                if method == "DELETE":
                    self.timers.pop((actor_type, actor_id, name), None)
                    return 204, {}, b""
            return _error(405, "ERR_METHOD_NOT_ALLOWED", f"{method} {raw_path} is not an actor route")

        return _error(404, "ERR_NOT_FOUND", f"no route for {raw_path}")

    async def _invoke(self, actor_type: str, actor_id: str, method_name: str, exchange: Exchange):
        if actor_type not in self.hosted_types:
            return _error(500, "ERR_ACTOR_INVOKE_METHOD", f"error invoke actor method: did not find address for actor {actor_type}/{actor_id}")
        headers = {name: exchange.headers[name] for name in FORWARDED_HEADERS if name in exchange.headers}
        headers.setdefault("content-type", "application/json")
        forwarded = await self._turn(actor_type, actor_id, _seg(method_name), exchange.body, headers)
        if forwarded.status is None:
            return _error(500, "ERR_ACTOR_INVOKE_METHOD", f"error invoke actor method: {forwarded.error}")
        if forwarded.status == 404:
            return _error(500, "ERR_ACTOR_INVOKE_METHOD", f"error invoke actor method: actor method not found: {method_name}")
        if forwarded.status != 200:
            text = forwarded.response_body.decode("utf-8", "replace")
            return _error(500, "ERR_ACTOR_INVOKE_METHOD", f"error invoke actor method: error from actor service: ({forwarded.status}) {text}")
        # 200, with or without X-DaprErrorResponseHeader: the app's reply goes back as it is
        # (an actor error keeps the app's status, 200, its headers and its body).
        reply_headers = {}
        for name, value in forwarded.response_headers.items():
            if name in ("content-length", "date", "server", "transfer-encoding", "connection"):
                continue
            reply_headers[name] = value
        return forwarded.status, reply_headers, forwarded.response_body

    def _get_state(self, key, state_key: str):
        value = self.state.get(key, {}).get(state_key)
        if value is None:
            return 204, {}, b""
        return 200, {"content-type": "application/json"}, value.encode()

    def _transaction(self, key, exchange: Exchange):
        if exchange.turn is None:
            # daprd refuses writes for an actor that is not active on this sidecar; the fake
            # is stricter and accepts them only while a call into that actor is in progress.
            return _error(400, "ERR_ACTOR_INSTANCE_MISSING", f"actor instance is missing: {key[0]}/{key[1]} is not in a turn on this sidecar")
        operations = exchange.json
        if not isinstance(operations, list):
            return _error(400, "ERR_MALFORMED_REQUEST", "the transaction body must be a JSON array")
        staged = dict(self.state.get(key, {}))
        for operation in operations:
            if not isinstance(operation, dict) or not isinstance(operation.get("request"), dict):
                return _error(400, "ERR_MALFORMED_REQUEST", f"malformed operation {operation!r}")
            request = operation["request"]
            state_key = request.get("key")
            if not isinstance(state_key, str) or not state_key:
                return _error(400, "ERR_MALFORMED_REQUEST", f"operation without a key: {operation!r}")
            if operation.get("operation") == "upsert":
                if "value" not in request:
                    return _error(400, "ERR_MALFORMED_REQUEST", f"upsert without a value: {operation!r}")
                staged[state_key] = json.dumps(request["value"], separators=(",", ":"))
            elif operation.get("operation") == "delete":
                staged.pop(state_key, None)
            else:
                return _error(400, "ERR_ACTOR_STATE_TRANSACTION_SAVE", f"operation type {operation.get('operation')!r} not supported")
        self.state[key] = staged
        return 204, {}, b""

    def _register(self, store: dict, kind: str, key, exchange: Exchange):
        code = "ERR_ACTOR_REMINDER_CREATE" if kind == "reminder" else "ERR_ACTOR_TIMER_CREATE"
        body = exchange.json
        if not isinstance(body, dict):
            return _error(400, "ERR_MALFORMED_REQUEST", f"the {kind} body must be a JSON object")
        try:
            parsed = validate_schedule(body, kind=kind, now=datetime.now(timezone.utc))
        except ValueError as error:
            return _error(400, code, str(error))
        record = {"body": body, "method": exchange.method, "registered": exchange.seq, **parsed}
        if "data" in body:
            record["data"] = body["data"]
        if kind == "timer":
            record["callback"] = body.get("callback") or ""
        store[key] = record
        return 204, {}, b""

    def _get_reminder(self, key):
        record = self.reminders.get(key)
        if record is None:
            return _error(404, "ERR_ACTOR_REMINDER_GET", f"reminder {key[2]} not found")
        reply = {
            "actorType": key[0],
            "actorId": key[1],
            "dueTime": record["body"].get("dueTime") or "",
            "period": record["body"].get("period") or "",
        }
        if record.get("data") is not None:
            reply["data"] = record["data"]
        if record["body"].get("ttl"):
            reply["ttl"] = record["body"]["ttl"]
        return _json(200, reply)

    def _publish(self, pubsub: str, topic: str, exchange: Exchange):
        content_type = exchange.headers.get("content-type", "application/json").split(";")[0].strip()
        if content_type in ("application/json", "application/cloudevents+json") and exchange.json is MISSING:
            return _error(400, "ERR_PUBSUB_CLOUD_EVENTS_SER", "the body is not JSON")
        metadata = {name[len("metadata."):]: values[-1] for name, values in exchange.query.items() if name.startswith("metadata.")}
        self.published.append({
            "pubsub": pubsub, "topic": topic, "contentType": content_type, "metadata": metadata,
            "body": exchange.json, "seq": exchange.seq,
        })
        return 204, {}, b""

    def _metadata(self) -> dict:
        counts: dict[str, int] = {}
        for actor_type, _ in self.active:
            counts[actor_type] = counts.get(actor_type, 0) + 1
        active = [{"type": actor_type, "count": counts.get(actor_type, 0)} for actor_type in sorted(self.hosted_types)]
        return {
            "id": self.app_id,
            "runtimeVersion": "fake",
            "actors": active,  # the deprecated alias the dashboard reads
            "actorRuntime": {"runtimeStatus": "RUNNING", "activeActors": active, "hostReady": True, "placement": "placement: connected"},
            "components": [
                {"name": "statestore", "type": "state.in-memory", "version": "v1"},
                {"name": "pubsub", "type": "pubsub.in-memory", "version": "v1"},
            ],
            "appConnectionProperties": {"port": self.app_port, "protocol": "http", "channelAddress": "127.0.0.1"},
        }


def check_app_config(config: dict) -> list:
    """What daprd would not accept in an app's `/dapr/config` (pkg/config/app_configuration.go):
    entities must be strings; durations must be Go durations; per-type entries must name their
    types. Returns the problems found."""
    problems = []
    entities = config.get("entities")
    if not isinstance(entities, list) or not all(isinstance(entity, str) for entity in entities):
        problems.append("entities must be a list of strings")

    def check_settings(settings: dict, where: str) -> None:
        for name in ("actorIdleTimeout", "drainOngoingCallTimeout", "actorScanInterval"):
            if name in settings and parse_go_duration(settings[name]) is None:
                problems.append(f"{where}.{name} is not a Go duration: {settings[name]!r}")
        if "drainRebalancedActors" in settings and not isinstance(settings["drainRebalancedActors"], bool):
            problems.append(f"{where}.drainRebalancedActors must be a boolean")
        reentrancy = settings.get("reentrancy")
        if reentrancy is not None:
            if not isinstance(reentrancy, dict) or not isinstance(reentrancy.get("enabled"), bool):
                problems.append(f"{where}.reentrancy must be an object with a boolean 'enabled'")
            elif "maxStackDepth" in reentrancy and not isinstance(reentrancy["maxStackDepth"], int):
                problems.append(f"{where}.reentrancy.maxStackDepth must be an integer")

    check_settings(config, "config")
    for index, entry in enumerate(config.get("entitiesConfig") or []):
        if not isinstance(entry, dict) or not isinstance(entry.get("entities"), list) or not entry["entities"]:
            problems.append(f"entitiesConfig[{index}] must name its entities")
            continue
        check_settings(entry, f"entitiesConfig[{index}]")
        for entity in entry["entities"]:
            if isinstance(entities, list) and entity not in entities:
                problems.append(f"entitiesConfig[{index}] configures {entity!r}, which is not in entities")
    return problems


def _seg(text: str) -> str:
    return quote(text, safe="")


def _json(status: int, value: Any):
    return status, {"content-type": "application/json"}, json.dumps(value, separators=(",", ":")).encode()


def _error(status: int, code: str, message: str):
    return _json(status, {"errorCode": code, "message": message})

"""Several recording fake sidecars that behave as one Dapr deployment, for end-to-end tests
of the services as separate processes (`todo serve --target <app-id> --runtime dapr`).

What the mesh adds to each :class:`FakeSidecar`:

* placement: an actor call for a type another app hosts is forwarded to that app's sidecar,
  which runs the turn under its own lock and keeps the actor's state;
* pub/sub: a publish is wrapped in the CloudEvent Dapr builds (with the publish request's
  ``traceparent`` as its ``traceparent``/``traceid``) and delivered, with that ``traceparent``
  header, to every app whose
  ``/dapr/subscribe`` lists the topic, on the route it names — ``duplicates`` times each (at
  least once, as Kafka redelivers after a lost acknowledgement; a body published as
  ``application/cloudevents+json`` is the envelope itself, as in daprd), in order per subscriber and
  partition key, retried on RETRY or an error and sent to the dead-letter topic after
  ``max_attempts``;
* reminders fire by themselves when due (one-shot reminders are deleted after they fired,
  as the Scheduler does);
* a broker outage (:meth:`FakeDaprMesh.broker_outage`): every sidecar's publish fails for a
  while, as one Kafka cluster behind all of them would.
"""
from __future__ import annotations

import asyncio
import json
import secrets
import threading
import time
from datetime import datetime, timedelta, timezone
from typing import Optional

from dapr_fake_sidecar import FakeSidecar, _error, new_traceparent


class MeshSidecar(FakeSidecar):
    def __init__(self, mesh: "FakeDaprMesh", app_port: int, *, app_id: str) -> None:
        super().__init__(app_port, app_id=app_id)
        self.mesh = mesh
        self.subscriptions: list = []
        self.deliveries: list = []  # (topic, cloud event id, status) per attempt
        self._delivery_locks: dict = {}
        self._ticker: Optional[asyncio.Task] = None

    # -- placement ------------------------------------------------------------------------

    async def _invoke(self, actor_type, actor_id, method_name, exchange):
        if actor_type in self.hosted_types:
            return await super()._invoke(actor_type, actor_id, method_name, exchange)
        host = self.mesh.host_of(actor_type)
        if host is None:
            return _error(500, "ERR_ACTOR_INVOKE_METHOD", f"error invoke actor method: did not find address for actor {actor_type}/{actor_id}")
        future = asyncio.run_coroutine_threadsafe(host._invoke(actor_type, actor_id, method_name, exchange), host._loop)
        return await asyncio.wrap_future(future)

    # -- pub/sub --------------------------------------------------------------------------

    def _publish(self, pubsub, topic, exchange):
        reply = super()._publish(pubsub, topic, exchange)
        if reply[0] == 204:
            record = self.published[-1]
            event = {
                "specversion": "1.0", "id": secrets.token_hex(16), "source": self.app_id,
                "type": "com.dapr.event.sent", "datacontenttype": "application/json",
                "time": datetime.now(timezone.utc).isoformat(),
            }
            if record["contentType"] == "application/cloudevents+json" and isinstance(record["body"], dict):
                # A published CloudEvent is the envelope itself (its id survives); daprd fills
                # in what is missing and sets where it was published.
                event.update(record["body"])
            else:
                event["data"] = record["body"]
            event.update(topic=topic, pubsubname=pubsub, **self._publish_trace(exchange))
            self.mesh.fan_out(pubsub, topic, record["metadata"].get("partitionKey", ""), event)
        return reply

    @staticmethod
    def _publish_trace(exchange) -> dict:
        """The trace attributes daprd stamps on every published CloudEvent, its own envelope or
        the app's (components-contrib pubsub/envelope.go, FromCloudEvent and
        NewCloudEventsEnvelope overwrite `traceid`, `traceparent` and `tracestate`): the context
        of the publish request. daprd's would be its own span under the app's `traceparent`;
        this fake exports no spans, so it takes the app's header as it is (same trace, and
        the consumer's span hangs under the app's publish span), or a new trace without one."""
        traceparent = exchange.headers.get("traceparent") or new_traceparent()
        return {"traceid": traceparent, "traceparent": traceparent, "tracestate": exchange.headers.get("tracestate", "")}

    @staticmethod
    def _delivery_headers(event: dict) -> dict:
        """What daprd sends with a delivery over HTTP (pkg/runtime/subscription/postman/http:
        it continues the CloudEvent's `traceparent`, else `traceid`, in a `pubsub/<topic>`
        span and sends that span's context as `traceparent`). Without spans of its own the
        fake sends the event's context unchanged."""
        headers = {"content-type": "application/cloudevents+json"}
        traceparent = event.get("traceparent") or event.get("traceid")
        if isinstance(traceparent, str) and traceparent:
            headers["traceparent"] = traceparent
            if isinstance(event.get("tracestate"), str) and event["tracestate"]:
                headers["tracestate"] = event["tracestate"]
        return headers

    async def deliver(self, subscription: dict, key: str, event: dict) -> None:
        """Delivers one event to this app as daprd does, `duplicates` times, in order per key."""
        lock = self._delivery_locks.setdefault((subscription["topic"], key), asyncio.Lock())
        async with lock:
            for _ in range(self.mesh.duplicates):
                await self._deliver_once(subscription, event)

    async def _deliver_once(self, subscription: dict, event: dict) -> None:
        body = json.dumps(event, separators=(",", ":")).encode()
        for attempt in range(1, self.mesh.max_attempts + 1):
            exchange = await self._call_app("POST", subscription["route"], body, self._delivery_headers(event))
            status = None
            if exchange.status is not None and 200 <= exchange.status < 300:
                reply = exchange.response_json if exchange.response_body else {}
                status = (reply or {}).get("status", "SUCCESS") if isinstance(reply, dict) else "SUCCESS"
            elif exchange.status == 404:
                status = "DROP"
            self.deliveries.append((subscription["topic"], event["id"], status or f"HTTP {exchange.status or exchange.error}"))
            if status in ("SUCCESS", "DROP"):
                return
            await asyncio.sleep(min(0.05 * 2 ** attempt, 1.0))
        if subscription.get("deadLetterTopic"):
            dead = dict(event, topic=subscription["deadLetterTopic"])
            self.mesh.fan_out(subscription["pubsubname"], subscription["deadLetterTopic"], "", dead)

    # -- reminders that fire by themselves ------------------------------------------------

    async def _tick(self) -> None:
        while True:
            await asyncio.sleep(0.05)
            now = datetime.now(timezone.utc)
            for key, record in list(self.reminders.items()):
                if record["due"] > now or record.get("firing"):
                    continue
                record["firing"] = True
                asyncio.ensure_future(self._fire_due(key, record))

    async def _fire_due(self, key, record) -> None:
        actor_type, actor_id, name = key
        try:
            exchange = await self._fire(actor_type, actor_id, name, kind="remind", callback=None)
        finally:
            record["firing"] = False
        if self.reminders.get(key) is not record:
            return  # re-registered or deleted during the callback
        if exchange.status != 200:
            record["due"] = datetime.now(timezone.utc) + timedelta(seconds=1)
        elif record["period_seconds"]:
            record["due"] = record["due"] + timedelta(seconds=record["period_seconds"])
        else:
            del self.reminders[key]

    async def _start_ticking(self) -> None:
        self._ticker = asyncio.ensure_future(self._tick())

    def stop(self, timeout: float = 10.0) -> None:
        if self._loop is not None and self._ticker is not None:
            self._loop.call_soon_threadsafe(self._ticker.cancel)
        super().stop(timeout)

    async def _load_subscriptions(self) -> None:
        exchange = await self._call_app("GET", "/dapr/subscribe", b"", {})
        entries = exchange.response_json if exchange.status == 200 else []
        self.subscriptions = [
            {"pubsubname": e["pubsubname"], "topic": e["topic"], "route": e["routes"]["default"], "deadLetterTopic": e.get("deadLetterTopic")}
            for e in entries or []
        ]


class FakeDaprMesh:
    # Pub/sub components that are the same Kafka cluster under another name (the
    # websocket-service's `pubsub-broadcast` differs only in its consumer group).
    SAME_BROKER = {"pubsub-broadcast": "pubsub"}

    def __init__(self, *, duplicates: int = 2, max_attempts: int = 20) -> None:
        self.sidecars: dict[str, MeshSidecar] = {}
        self.duplicates = duplicates
        self.max_attempts = max_attempts
        self._lock = threading.Lock()

    def add(self, app_id: str, app_port: int) -> MeshSidecar:
        sidecar = MeshSidecar(self, app_port, app_id=app_id).start()
        self.sidecars[app_id] = sidecar
        return sidecar

    def connect(self, app_id: str) -> None:
        """After the app is up: read its actor types and subscriptions, as daprd does at start,
        and start firing its reminders."""
        sidecar = self.sidecars[app_id]
        sidecar.fetch_app_config()
        sidecar._run(sidecar._load_subscriptions(), 15)
        sidecar._run(sidecar._start_ticking(), 15)

    def host_of(self, actor_type: str) -> Optional[MeshSidecar]:
        for sidecar in self.sidecars.values():
            if actor_type in sidecar.hosted_types:
                return sidecar
        return None

    def fan_out(self, pubsub: str, topic: str, key: str, event: dict) -> None:
        for sidecar in self.sidecars.values():
            for subscription in sidecar.subscriptions:
                broker = self.SAME_BROKER.get(subscription["pubsubname"], subscription["pubsubname"])
                if broker == self.SAME_BROKER.get(pubsub, pubsub) and subscription["topic"] == topic and sidecar._loop is not None:
                    asyncio.run_coroutine_threadsafe(sidecar.deliver(subscription, key, event), sidecar._loop)

    def broker_outage(self, seconds: float) -> None:
        """Kafka is unreachable for `seconds`: every publish answers 500 ERR_PUBSUB_PUBLISH_MESSAGE."""
        for sidecar in self.sidecars.values():
            sidecar.fail_for(seconds, "publish")

    def stop(self) -> None:
        for sidecar in self.sidecars.values():
            sidecar.stop()

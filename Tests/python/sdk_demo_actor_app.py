"""The reference app of the Dapr conformance suite, written with the official Dapr Python SDK.

It hosts `DemoActor` with the SDK's FastAPI actor extension (`dapr.ext.fastapi.DaprActor`) and
mirrors the Swift `DemoActor` (Sources/ActorRuntimeTesting/DemoActor.swift) method for method:

  GetMyData      -> the JSON stored under "mydata", or null
  SetMyData(x)   -> stores x under "mydata"
  SetReminder(b) -> registers "demo_reminder" (due in 5 s, every 10 s, data "reminder_state")
                    or unregisters it
  SetTimer(b)    -> registers "demo_timer" (due in 5 s, every 10 s, data {"timer": "state"},
                    callback TimerCallback) or unregisters it
  TimerCallback(x) -> stores x under "timer_fired"
  reminder callback -> stores the reminder's name under "reminder_fired"

The actor runtime configuration matches the Swift conformance app's: idle timeout 1 h, drain
timeout 60 s, drain rebalanced actors, reentrancy off, and one per-type entry repeating them.

Run: APP_PORT=… DAPR_HTTP_PORT=… [DAPR_API_TOKEN=…] python sdk_demo_actor_app.py
"""

from __future__ import annotations

import os
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Optional

import uvicorn
from dapr.actor import Actor, ActorInterface, Remindable, actormethod
from dapr.actor.runtime.config import ActorReentrancyConfig, ActorRuntimeConfig, ActorTypeConfig
from dapr.actor.runtime.runtime import ActorRuntime
from dapr.ext.fastapi import DaprActor
from fastapi import FastAPI


class DemoActorInterface(ActorInterface):
    @actormethod(name="GetMyData")
    async def get_my_data(self) -> object: ...

    @actormethod(name="SetMyData")
    async def set_my_data(self, data: object) -> None: ...

    @actormethod(name="SetReminder")
    async def set_reminder(self, enabled: bool) -> None: ...

    @actormethod(name="SetTimer")
    async def set_timer(self, enabled: bool) -> None: ...

    @actormethod(name="TimerCallback")
    async def TimerCallback(self, data: object) -> None: ...


class DemoActor(Actor, DemoActorInterface, Remindable):
    async def get_my_data(self) -> object:
        _, value = await self._state_manager.try_get_state("mydata")
        return value

    async def set_my_data(self, data: object) -> None:
        # Saved by the runtime at the end of the turn, as the Swift host does.
        await self._state_manager.set_state("mydata", data)

    async def set_reminder(self, enabled: bool) -> None:
        if enabled:
            await self.register_reminder("demo_reminder", b"reminder_state", timedelta(seconds=5), timedelta(seconds=10))
        else:
            await self.unregister_reminder("demo_reminder")

    async def set_timer(self, enabled: bool) -> None:
        if enabled:
            # The SDK names the callback after the Python method (`callback.__name__`), so the
            # method is called TimerCallback to put the same name on the wire as the Swift actor.
            await self.register_timer("demo_timer", self.TimerCallback, {"timer": "state"}, timedelta(seconds=5), timedelta(seconds=10))
        else:
            await self.unregister_timer("demo_timer")

    async def TimerCallback(self, data: object) -> None:
        await self._state_manager.set_state("timer_fired", data)

    async def receive_reminder(self, name: str, state: bytes, due_time: timedelta, period: timedelta, ttl: Optional[timedelta] = None) -> None:
        await self._state_manager.set_state("reminder_fired", name)


def runtime_config() -> ActorRuntimeConfig:
    idle, drain = timedelta(hours=1), timedelta(seconds=60)
    return ActorRuntimeConfig(
        actor_idle_timeout=idle,
        drain_ongoing_call_timeout=drain,
        drain_rebalanced_actors=True,
        reentrancy=ActorReentrancyConfig(enabled=False),
        actor_type_configs=[
            ActorTypeConfig(
                "DemoActor",
                actor_idle_timeout=idle,
                drain_ongoing_call_timeout=drain,
                drain_rebalanced_actors=True,
                reentrancy=ActorReentrancyConfig(enabled=False),
            )
        ],
    )


@asynccontextmanager
async def lifespan(app: FastAPI):
    ActorRuntime.set_actor_config(runtime_config())
    await actor.register_actor(DemoActor)
    yield


app = FastAPI(title="DemoActor (Dapr Python SDK)", lifespan=lifespan)
actor = DaprActor(app)


if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(os.environ["APP_PORT"]), log_level="warning", access_log=False)

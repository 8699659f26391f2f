// Live updates over /ws: authenticate with the first message (browsers cannot set headers),
// resume after the last update seen, dedupe by id, refetch on reset, reconnect with backoff.
import { session } from "./api.js";
import { store } from "./store.js";

const LAST_KEY = "todo.lastUpdate";

export class LiveConnection {
  constructor({ onUpdate, onReminder, onReset }) {
    this.onUpdate = onUpdate;
    this.onReminder = onReminder;
    this.onReset = onReset;
    this.seen = new Set();
    this.seenOrder = [];
    this.retry = 0;
    this.socket = null;
    this.stopped = false;
  }

  get lastId() { return localStorage.getItem(LAST_KEY); }

  start() {
    this.stopped = false;
    this.connect();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.heartbeat);
    this.socket?.close(1000, "signed out");
    this.socket = null;
  }

  connect() {
    const token = session.token;
    if (!token || this.stopped) return;
    store.set({ connection: "connecting" });
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const socket = new WebSocket(`${scheme}://${location.host}/ws`);
    this.socket = socket;
    socket.addEventListener("open", () => {
      const hello = { type: "auth", token };
      if (this.lastId) hello.after = this.lastId;
      socket.send(JSON.stringify(hello));
    });
    socket.addEventListener("message", (event) => this.receive(event.data));
    socket.addEventListener("close", (event) => {
      if (this.socket !== socket) return;
      clearInterval(this.heartbeat);
      store.set({ connection: "offline" });
      if (event.code === 4401) {
        document.dispatchEvent(new CustomEvent("todo:signed-out"));
        return;
      }
      if (this.stopped) return;
      const wait = Math.min(10_000, 500 * 2 ** this.retry);
      this.retry += 1;
      this.timer = setTimeout(() => this.connect(), wait);
    });
  }

  receive(text) {
    let message;
    try { message = JSON.parse(text); } catch { return; }
    switch (message.type) {
      case "ready":
        this.retry = 0;
        store.set({ connection: "live" });
        clearInterval(this.heartbeat);
        this.heartbeat = setInterval(() => this.socket?.readyState === WebSocket.OPEN && this.socket.send('{"type":"ping"}'), 25_000);
        // Whatever happened while the socket was down and is not buffered came through reset;
        // a fresh start refetches once so nothing is stale.
        if (!message.resumed) this.onReset?.("connected");
        return;
      case "reset":
        localStorage.removeItem(LAST_KEY);
        this.onReset?.("reset");
        return;
      case "pong":
      case "error":
        return;
    }
    if (!message.id || this.seen.has(message.id)) return;
    this.seen.add(message.id);
    this.seenOrder.push(message.id);
    if (this.seenOrder.length > 500) this.seen.delete(this.seenOrder.shift());
    localStorage.setItem(LAST_KEY, message.id);
    if (message.type === "reminder") this.onReminder?.(message);
    else this.onUpdate?.(message);
  }
}

// The chat panel over POST /api/v1/chat/stream (Server-Sent Events read from the fetch
// body): actions appear as chips the moment they are done, then the reply; a question that
// waits for a yes gets Yes/No buttons, and a turn that changed tasks gets Undo.
import { session } from "./api.js";
import { h } from "./dom.js";
import { store } from "./store.js";

const verbs = { created: "Added", updated: "Updated", completed: "Completed", reopened: "Reopened", deleted: "Deleted" };

/** A microphone drawn in SVG (no emoji font needed, nothing inline for the CSP to block). */
function microphoneIcon() {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  for (const [name, value] of Object.entries({ viewBox: "0 0 24 24", width: "18", height: "18", "aria-hidden": "true", focusable: "false", class: "icon" })) svg.setAttribute(name, value);
  for (const d of ["M12 3a3 3 0 0 0-3 3v6a3 3 0 0 0 6 0V6a3 3 0 0 0-3-3z", "M5 11a7 7 0 0 0 14 0", "M12 18v3"]) {
    const path = document.createElementNS(ns, "path");
    path.setAttribute("d", d);
    svg.append(path);
  }
  return svg;
}

class ChatPanel extends HTMLElement {
  connectedCallback() {
    this.conversationId = sessionStorage.getItem("todo.conversation") || undefined;
    this.log = h("div", { class: "chat-log", role: "log", "aria-live": "polite", "aria-label": "Conversation" },
      h("p", { class: "chat-hint" }, "Try “call mom tomorrow at 6pm”, “what’s overdue?” or “delete everything tagged errand”."));
    this.input = h("input", { id: "chat-input", type: "text", autocomplete: "off", dir: "auto", maxlength: "2000", placeholder: "Ask or tell…" });
    const Recognition = window.SpeechRecognition || window.webkitSpeechRecognition;
    this.mic = Recognition ? h("button", { type: "button", class: "secondary mic", "aria-label": "Speak a message", onclick: () => this.listen(Recognition) }, microphoneIcon()) : null;
    this.form = h("form", { class: "chat-form", onsubmit: (event) => { event.preventDefault(); this.send(this.input.value); } },
      h("label", { for: "chat-input", class: "visually-hidden" }, "Message"),
      this.input, this.mic, h("button", { type: "submit", class: "primary" }, "Send"));
    this.append(h("section", { class: "chat", "aria-labelledby": "chat-title" }, h("h2", { id: "chat-title" }, "Assistant"), this.log, this.form));
  }

  listen(Recognition) {
    const recognition = new Recognition();
    recognition.lang = document.documentElement.lang || "en";
    recognition.interimResults = false;
    recognition.addEventListener("result", (event) => { this.input.value = event.results[0][0].transcript; this.input.focus(); });
    recognition.start();
  }

  bubble(kind, text) {
    const item = h("div", { class: `bubble bubble-${kind}` }, h("p", { dir: "auto" }, text));
    this.log.append(item);
    this.log.scrollTop = this.log.scrollHeight;
    return item;
  }

  async send(raw) {
    const message = raw.trim();
    if (!message || this.busy) return;
    this.busy = true;
    this.input.value = "";
    for (const stale of this.log.querySelectorAll(".choices")) stale.remove();
    this.bubble("user", message);
    const answer = this.bubble("bot", "…");
    answer.setAttribute("aria-busy", "true");
    const text = answer.querySelector("p");
    const chips = h("div", { class: "chips" });
    answer.append(chips);
    let done = null;
    try {
      const response = await fetch("/api/v1/chat/stream", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "text/event-stream", Authorization: `Bearer ${session.token}`, "Idempotency-Key": crypto.randomUUID() },
        body: JSON.stringify({ message, conversationId: this.conversationId }),
      });
      if (!response.ok) {
        const problem = await response.json().catch(() => ({}));
        throw new Error(problem.detail || `HTTP ${response.status}`);
      }
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        const { value, done: finished } = await reader.read();
        if (value) buffer += value;
        let end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: ?(.*)$/m.exec(frame)?.[1];
          const data = frame.split("\n").filter((line) => line.startsWith("data:")).map((line) => line.slice(5).trimStart()).join("\n");
          if (!event || !data) continue;
          const payload = JSON.parse(data);
          if (event === "action") chips.append(this.chip(payload));
          else if (event === "reply") text.textContent = payload.text;
          else if (event === "done") done = payload;
          else if (event === "error") throw new Error(payload.detail || "the chat failed");
        }
        if (finished) break;
      }
    } catch (error) {
      text.textContent = `Sorry — ${error.message}`;
      answer.classList.add("bubble-error");
    } finally {
      answer.removeAttribute("aria-busy");
      this.busy = false;
    }
    if (done) {
      this.conversationId = done.conversationId;
      sessionStorage.setItem("todo.conversation", done.conversationId);
      text.textContent = done.reply;
      if (done.actions.length) store.touch("chat");
      const choices = h("div", { class: "choices" });
      if (/reply yes to confirm/i.test(done.reply)) {
        choices.append(h("button", { type: "button", class: "primary", onclick: () => this.send("yes") }, "Yes"),
          h("button", { type: "button", class: "secondary", onclick: () => this.send("no") }, "No"));
      } else if (done.actions.length) {
        choices.append(h("button", { type: "button", class: "secondary", onclick: () => this.send("undo") }, "Undo"));
      }
      if (choices.childElementCount) answer.append(choices);
    }
    this.log.scrollTop = this.log.scrollHeight;
  }

  chip(action) {
    const label = `${verbs[action.kind] || action.kind}: ${action.title}`;
    if (action.kind === "deleted") return h("span", { class: "chip", dir: "auto" }, label);
    return h("button", { type: "button", class: "chip", dir: "auto", onclick: () => document.dispatchEvent(new CustomEvent("todo:open", { detail: { id: action.taskId } })) }, label);
  }
}

customElements.define("todo-chat", ChatPanel);

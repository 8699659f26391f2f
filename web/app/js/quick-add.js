// Quick add (q): as the user types, POST /parse reads the text in their zone; the words it
// understood are highlighted in a mirror of the input and the preview says, in the chat's
// wording, what will be created.
import { api, ApiError } from "./api.js";
import { debounce, h } from "./dom.js";
import { createTask } from "./tasks.js";
import { toast } from "./toasts.js";

const kindWords = { date: "date", time: "time", recurrence: "repeat", reminder: "reminder", priority: "priority", tag: "tag", zone: "time zone" };

class QuickAdd extends HTMLElement {
  connectedCallback() {
    this.dialog = h("dialog", { class: "quick-add", "aria-labelledby": "quick-add-title" });
    this.input = h("input", { id: "quick-add-input", type: "text", autocomplete: "off", dir: "auto", placeholder: "pay rent on the 1st of every month at 9am #home p2", "aria-describedby": "quick-add-preview" });
    this.mirror = h("div", { class: "mirror", "aria-hidden": "true", dir: "auto" });
    this.preview = h("p", { id: "quick-add-preview", class: "preview", "aria-live": "polite" }, "Type a task; dates, times, repeats, reminders, priorities and #tags are understood.");
    this.legend = h("p", { class: "legend", "aria-hidden": "true" });
    const form = h("form", { method: "dialog", onsubmit: (event) => { event.preventDefault(); this.submit(); } },
      h("h2", { id: "quick-add-title" }, "Quick add"),
      h("label", { for: "quick-add-input", class: "visually-hidden" }, "New task"),
      h("div", { class: "field-mirror" }, this.mirror, this.input),
      this.legend, this.preview,
      h("div", { class: "actions" },
        h("button", { type: "button", class: "secondary", onclick: () => this.dialog.close() }, "Cancel"),
        h("button", { type: "submit", class: "primary" }, "Add task")));
    this.dialog.append(form);
    this.append(this.dialog);
    this.input.addEventListener("input", () => { this.renderMirror([]); this.parse(); });
    this.parse = debounce(() => this.read(), 120);
    this.result = null;
  }

  open(text = "") {
    this.input.value = text;
    this.renderMirror([]);
    this.dialog.showModal();
    this.input.focus();
    if (text) this.read();
  }

  async read() {
    const text = this.input.value;
    if (!text.trim()) {
      this.result = null;
      this.preview.textContent = "Type a task; dates, times, repeats, reminders, priorities and #tags are understood.";
      this.dataset.state = "empty";
      return;
    }
    try {
      const result = await api("/parse", { method: "POST", body: { text } });
      if (this.input.value !== text) return;
      this.result = { text, ...result };
      this.renderMirror(result.spans);
      this.preview.textContent = result.clarification && !result.tasks.length ? result.clarification : result.preview;
      this.dataset.state = "parsed";
    } catch (error) {
      this.preview.textContent = error instanceof ApiError ? error.message : String(error);
      this.dataset.state = "error";
    }
  }

  /** The text again, with each understood stretch in a mark (offsets are UTF-16, as JS). */
  renderMirror(spans) {
    const text = this.input.value;
    const nodes = [];
    let at = 0;
    const kinds = new Set();
    for (const span of spans) {
      if (span.start < at || span.end > text.length) continue;
      nodes.push(text.slice(at, span.start));
      nodes.push(h("mark", { class: `hl hl-${span.kind}`, dataset: { kind: span.kind } }, text.slice(span.start, span.end)));
      kinds.add(span.kind);
      at = span.end;
    }
    nodes.push(text.slice(at));
    this.mirror.replaceChildren(...nodes);
    this.legend.replaceChildren(...[...kinds].map((kind) => h("span", { class: `hl hl-${kind}` }, kindWords[kind])));
  }

  async submit() {
    const text = this.input.value.trim();
    if (!text) return;
    let result = this.result?.text === this.input.value ? this.result : null;
    if (!result) {
      try { result = await api("/parse", { method: "POST", body: { text } }); } catch { result = null; }
    }
    // The fields the engine read, exactly as the chat would create them; the text as a
    // title when it read nothing.
    const parsed = result?.tasks?.length ? result.tasks : [{ title: text, priority: "none", tags: [], reminders: [] }];
    try {
      for (const task of parsed) {
        const body = { title: task.title, priority: task.priority, tags: task.tags };
        if (task.due) body.due = task.due;
        if (task.timeZone) body.timeZone = task.timeZone;
        if (task.recurrence) body.recurrence = task.recurrence;
        if (task.reminders?.length) body.reminders = task.reminders.map((reminder) => (reminder.at ? { at: reminder.at } : { minutesBefore: reminder.minutesBefore }));
        const created = await createTask(body);
        toast(`Added “${created.title}”.`, { action: "Open", run: () => document.dispatchEvent(new CustomEvent("todo:open", { detail: { id: created.id } })) });
      }
      this.dialog.close();
    } catch (error) {
      this.preview.textContent = error.message;
    }
  }
}

customElements.define("todo-quick-add", QuickAdd);

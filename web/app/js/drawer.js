// The task drawer: every field of one task, its reminders, and for a recurring task the
// rule in words, the next three dates, skip, pause/resume, and this-occurrence vs series.
import { api, ApiError } from "./api.js";
import { ruleWords } from "./dates.js";
import { h } from "./dom.js";
import { store } from "./store.js";
import { patchTask } from "./tasks.js";
import { toast } from "./toasts.js";

function minutesWords(minutes) {
  if (minutes === 0) return "at the due time";
  if (minutes % 1440 === 0) return `${minutes / 1440} ${minutes === 1440 ? "day" : "days"} before`;
  if (minutes % 60 === 0) return `${minutes / 60} ${minutes === 60 ? "hour" : "hours"} before`;
  return `${minutes} minutes before`;
}

class TaskDrawer extends HTMLElement {
  connectedCallback() {
    this.dialog = h("dialog", { class: "drawer", "aria-labelledby": "drawer-title" });
    this.append(this.dialog);
    this.dialog.addEventListener("close", () => { this.task = null; });
  }

  async open(id) {
    try {
      this.task = await api(`/tasks/${encodeURIComponent(id)}`);
    } catch (error) {
      toast(error instanceof ApiError && error.status === 404 ? "That task no longer exists." : error.message, { kind: "error" });
      return;
    }
    this.series = null;
    this.occurrences = [];
    if (this.task.recurrence) {
      const [series, occurrences] = await Promise.allSettled([
        this.task.seriesId ? api(`/series/${encodeURIComponent(this.task.seriesId)}`) : Promise.reject(),
        api(`/tasks/${encodeURIComponent(id)}/occurrences`, { query: { count: 3 } }),
      ]);
      if (series.status === "fulfilled") this.series = series.value;
      if (occurrences.status === "fulfilled") this.occurrences = occurrences.value.items || occurrences.value || [];
    }
    this.render();
    if (!this.dialog.open) this.dialog.showModal();
    this.dialog.querySelector("#drawer-field-title")?.focus();
  }

  field(label, id, control) {
    control.id = id;
    return h("div", { class: "field" }, h("label", { for: id }, label), control);
  }

  render() {
    const task = this.task;
    this.reminders = [...task.reminders];
    const title = h("input", { type: "text", value: task.title, dir: "auto", required: true, maxlength: "500" });
    const notes = h("textarea", { rows: "4", dir: "auto", maxlength: "10000" });
    notes.value = task.notes || "";
    const due = h("input", { type: "text", value: task.due ? task.due.slice(0, 16) : "", placeholder: "YYYY-MM-DD or YYYY-MM-DDTHH:MM", inputmode: "numeric" });
    const zone = h("input", { type: "text", value: task.timeZone || "", placeholder: `${store.user?.timeZone || "UTC"} (yours)` });
    const priority = h("select", {}, ["none", "low", "medium", "high", "urgent"].map((name) => h("option", { value: name, selected: task.priority === name ? true : null }, name)));
    const tags = h("input", { type: "text", value: task.tags.join(" "), placeholder: "home errand", dir: "auto" });
    const reminderList = h("ul", { class: "reminders" });
    const renderReminders = () => {
      reminderList.replaceChildren(...this.reminders.map((reminder, index) => h("li", {},
        h("span", {}, reminder.at ? new Date(reminder.at).toLocaleString("en-GB", { timeZone: task.timeZone || store.user?.timeZone || "UTC", dateStyle: "medium", timeStyle: "short" }) : minutesWords(reminder.minutesBefore ?? 0)),
        h("button", { type: "button", class: "link", "aria-label": `Remove reminder ${index + 1}`, onclick: () => { this.reminders.splice(index, 1); renderReminders(); } }, "Remove"))));
      if (!this.reminders.length) reminderList.append(h("li", { class: "empty" }, "No reminders."));
    };
    renderReminders();
    const minutes = h("input", { type: "number", min: "0", max: "525600", value: "30", class: "short" });
    const addReminder = h("button", { type: "button", class: "secondary", onclick: () => { this.reminders.push({ minutesBefore: Number(minutes.value) || 0 }); renderReminders(); } }, "Add reminder");
    const rrule = h("input", { type: "text", value: task.recurrence?.rrule || "", placeholder: "FREQ=WEEKLY;BYDAY=MO" });
    const scope = task.seriesId ? h("fieldset", { class: "scope" }, h("legend", {}, "Apply title, notes, priority and tags to"),
      h("label", {}, h("input", { type: "radio", name: "scope", value: "this", checked: true }), " this occurrence"),
      h("label", {}, h("input", { type: "radio", name: "scope", value: "series" }), " the whole series")) : null;

    const recurrence = task.recurrence ? h("section", { class: "recurrence", "aria-label": "Repeats" },
      h("h3", {}, "Repeats"),
      h("p", { class: "rule-words" }, `${ruleWords(task.recurrence.rrule)}${task.recurrence.anchor === "completion" ? ", counted from completion" : ""}`),
      this.occurrences.length ? h("p", { class: "next-dates" }, "Next: ", this.occurrences.slice(0, 3).map((occurrence) => occurrence.due.replace("T", " ").slice(0, 16)).join(" · ")) : null,
      this.series ? h("p", {}, `Series ${this.series.status}${this.series.missedCount ? ` · ${this.series.missedCount} missed` : ""}`) : null,
      ...(task.warnings || []).map((warning) => h("p", { class: "warning", role: "note" }, warning)),
      h("div", { class: "actions" },
        task.status === "open" ? h("button", { type: "button", class: "secondary", onclick: () => this.skip() }, "Skip this one") : null,
        this.series?.status === "active" ? h("button", { type: "button", class: "secondary", onclick: () => this.seriesCommand("pause") }, "Pause series") : null,
        this.series?.status === "paused" ? h("button", { type: "button", class: "secondary", onclick: () => this.seriesCommand("resume") }, "Resume series") : null)) : null;

    const form = h("form", { onsubmit: (event) => { event.preventDefault(); this.save({ title, notes, due, zone, priority, tags, rrule }); } },
      h("div", { class: "drawer-head" },
        h("h2", { id: "drawer-title", dir: "auto" }, task.title),
        h("button", { type: "button", class: "link", "aria-label": "Close", onclick: () => this.dialog.close() }, "Close")),
      h("p", { class: "drawer-status" }, `${task.status === "completed" ? "Completed" : "Open"} · version ${task.version}`),
      this.field("Title", "drawer-field-title", title),
      this.field("Notes", "drawer-field-notes", notes),
      h("div", { class: "row" }, this.field("Due", "drawer-field-due", due), this.field("Time zone", "drawer-field-zone", zone)),
      h("div", { class: "row" }, this.field("Priority", "drawer-field-priority", priority), this.field("Tags", "drawer-field-tags", tags)),
      h("section", { "aria-label": "Reminders" }, h("h3", {}, "Reminders"), reminderList,
        h("div", { class: "row inline" }, this.field("Minutes before", "drawer-field-minutes", minutes), addReminder)),
      this.field("Repeat rule (RRULE)", "drawer-field-rrule", rrule),
      recurrence, scope,
      h("p", { class: "problem", role: "alert", id: "drawer-problem" }),
      h("div", { class: "actions" },
        h("button", { type: "button", class: "danger", onclick: () => this.remove() }, "Delete"),
        task.status === "open"
          ? h("button", { type: "button", class: "secondary", onclick: () => this.command("complete") }, "Complete")
          : h("button", { type: "button", class: "secondary", onclick: () => this.command("reopen") }, "Reopen"),
        h("button", { type: "submit", class: "primary" }, "Save")));
    this.dialog.replaceChildren(form);
  }

  async save({ title, notes, due, zone, priority, tags, rrule }) {
    const task = this.task;
    const patch = {};
    const clear = [];
    const tagList = tags.value.split(/[\s,]+/).map((tag) => tag.replace(/^#/, "")).filter(Boolean);
    if (title.value !== task.title) patch.title = title.value;
    if (notes.value !== (task.notes || "")) patch.notes = notes.value;
    if (priority.value !== task.priority) patch.priority = priority.value;
    if (tagList.join(" ") !== task.tags.join(" ")) patch.tags = tagList;
    const dueValue = due.value.trim();
    if (dueValue !== (task.due ? task.due.slice(0, 16) : "")) { if (dueValue) patch.due = dueValue; else clear.push("due"); }
    const zoneValue = zone.value.trim();
    if (zoneValue !== (task.timeZone || "")) { if (zoneValue) patch.timeZone = zoneValue; else clear.push("timeZone"); }
    if (JSON.stringify(this.reminders) !== JSON.stringify(task.reminders)) patch.reminders = this.reminders.map(({ at, minutesBefore }) => (at ? { at } : { minutesBefore }));
    const ruleValue = rrule.value.trim();
    if (ruleValue !== (task.recurrence?.rrule || "")) { if (ruleValue) patch.recurrence = { rrule: ruleValue, anchor: task.recurrence?.anchor || "schedule" }; else clear.push("recurrence"); }
    if (clear.length) patch.clear = clear;
    const problem = this.dialog.querySelector("#drawer-problem");
    try {
      const toSeries = this.dialog.querySelector('input[name="scope"]:checked')?.value === "series";
      if (toSeries && task.seriesId) {
        const seriesPatch = {};
        for (const key of ["title", "notes", "priority", "tags"]) if (key in patch) { seriesPatch[key] = patch[key]; delete patch[key]; }
        if (Object.keys(seriesPatch).length) await api(`/series/${encodeURIComponent(task.seriesId)}`, { method: "PATCH", body: seriesPatch });
      }
      if (Object.keys(patch).length) await patchTask(task.id, task.version, patch, task.title);
      store.touch("saved");
      toast(`Saved “${title.value}”.`);
      this.dialog.close();
    } catch (error) {
      problem.textContent = error.message;
    }
  }

  async command(name) {
    try {
      await api(`/tasks/${encodeURIComponent(this.task.id)}/${name}`, { method: "POST" });
      store.touch(name);
      toast(`${name === "complete" ? "Completed" : "Reopened"} “${this.task.title}”.`);
      this.dialog.close();
    } catch (error) { this.dialog.querySelector("#drawer-problem").textContent = error.message; }
  }

  async skip() {
    try {
      const reply = await api(`/tasks/${encodeURIComponent(this.task.id)}/skip`, { method: "POST" });
      store.touch("skipped");
      toast(`Skipped one “${this.task.title}”${reply?.due ? `; next ${reply.due.replace("T", " ").slice(0, 16)}` : ""}.`);
      await this.open(reply?.id || this.task.id);
    } catch (error) { this.dialog.querySelector("#drawer-problem").textContent = error.message; }
  }

  async seriesCommand(name) {
    try {
      await api(`/series/${encodeURIComponent(this.task.seriesId)}/${name}`, { method: "POST" });
      toast(name === "pause" ? "Series paused." : "Series resumed.");
      store.touch(name);
      await this.open(this.task.id);
    } catch (error) { this.dialog.querySelector("#drawer-problem").textContent = error.message; }
  }

  async remove() {
    const task = this.task;
    try {
      await api(`/tasks/${encodeURIComponent(task.id)}`, { method: "DELETE" });
      store.touch("deleted");
      toast(`Deleted “${task.title}”.`);
      this.dialog.close();
    } catch (error) { this.dialog.querySelector("#drawer-problem").textContent = error.message; }
  }
}

customElements.define("todo-drawer", TaskDrawer);

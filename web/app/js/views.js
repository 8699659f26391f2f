// The views: each a custom element (light DOM) that asks the server for its tasks with the
// filter language and refetches when the store says something changed.
import { api, ApiError, listAll } from "./api.js";
import { addDays, dayKey, dayLabel, summaryDue, todayKey } from "./dates.js";
import { announce, debounce, h } from "./dom.js";
import { store } from "./store.js";
import { taskList, taskRow } from "./task-row.js";
import { moveToDay, patchTask } from "./tasks.js";
import { toast } from "./toasts.js";

class TaskView extends HTMLElement {
  connectedCallback() {
    this.classList.add("view");
    this.unsubscribe = store.subscribe((change) => { if ("revision" in change) this.refresh(); });
    this.refresh = debounce(() => this.load(), 80);
    this.load();
  }
  disconnectedCallback() { this.unsubscribe?.(); }
  get zone() { return store.user?.timeZone || "UTC"; }

  async load() {
    try {
      const content = await this.content();
      const focused = document.activeElement?.closest?.(".task")?.dataset.id;
      this.replaceChildren(...[content].flat());
      if (focused) this.querySelector(`.task[data-id="${CSS.escape(focused)}"] .task-title`)?.focus();
      this.dataset.loaded = "true";
    } catch (error) {
      this.replaceChildren(this.problem(error));
      this.dataset.loaded = "true";
    }
  }

  problem(error) {
    return h("p", { class: "problem", role: "alert" }, error instanceof ApiError ? error.message : String(error));
  }

  empty(text) { return h("p", { class: "empty" }, text); }
}

class TodayView extends TaskView {
  async content() {
    const [overdue, today] = await Promise.all([listAll("overdue & open", "due"), listAll("today & open & !overdue", "due,priority:desc")]);
    const parts = [];
    if (overdue.length) {
      parts.push(h("section", { class: "group", "aria-labelledby": "overdue-heading" },
        h("div", { class: "group-head" },
          h("h2", { id: "overdue-heading" }, `Overdue (${overdue.length})`),
          h("button", { type: "button", class: "secondary", onclick: () => this.reschedule() }, "Reschedule to today")),
        taskList(overdue, this.zone, { overdue: true })));
    }
    parts.push(h("section", { class: "group", "aria-labelledby": "today-heading" },
      h("h2", { id: "today-heading" }, `Today · ${dayLabel(todayKey(this.zone))}`),
      today.length ? taskList(today, this.zone) : this.empty("Nothing else due today.")));
    return parts;
  }

  /** A dry run first (which tasks, listed), then the change once the user confirms. */
  async reschedule() {
    const overdue = await listAll("overdue & open", "due");
    if (!overdue.length) return;
    const dialog = document.querySelector("#reschedule-dialog");
    const list = dialog.querySelector("ul");
    list.replaceChildren(...overdue.map((task) => h("li", { dir: "auto" }, task.title)));
    dialog.querySelector("[data-count]").textContent = `${overdue.length} overdue ${overdue.length === 1 ? "task" : "tasks"}`;
    dialog.returnValue = "";
    dialog.showModal();
    await new Promise((resolve) => dialog.addEventListener("close", resolve, { once: true }));
    if (dialog.returnValue !== "confirm") return;
    const today = todayKey(this.zone);
    let moved = 0;
    for (const task of overdue) {
      try { await moveToDay(task.id, today); moved += 1; } catch (error) { toast(`“${task.title}”: ${error.message}`, { kind: "error" }); }
    }
    toast(`Moved ${moved} ${moved === 1 ? "task" : "tasks"} to today, at the same times.`);
    store.touch("rescheduled");
  }
}

class InboxView extends TaskView {
  async content() {
    const tasks = await listAll("no date & open", "priority:desc,created");
    return tasks.length ? taskList(tasks, this.zone) : this.empty("The inbox is empty: every open task has a date.");
  }
}

class UpcomingView extends TaskView {
  async content() {
    const today = todayKey(this.zone);
    const tasks = await listAll("open & due after: yesterday & due before: +14 days", "due,priority:desc");
    const byDay = new Map();
    for (let offset = 0; offset < 14; offset += 1) byDay.set(addDays(today, offset), []);
    for (const task of tasks) {
      const key = summaryDue(task, this.zone)?.key;
      byDay.get(key)?.push(task);
    }
    const days = [...byDay.keys()];
    const hint = h("p", { class: "hint", id: "upcoming-hint" }, "Drag a task to another day, or focus it and press Shift+↓ / Shift+↑ to move it a day. The time of day stays.");
    const grid = h("div", { class: "days" });
    for (const [key, dayTasks] of byDay) {
      const list = taskList(dayTasks, this.zone, { draggable: true });
      const section = h("section", { class: "day", dataset: { day: key }, "aria-label": dayLabel(key) },
        h("h2", {}, key === today ? `Today · ${dayLabel(key)}` : dayLabel(key)), list);
      section.addEventListener("dragover", (event) => { event.preventDefault(); section.classList.add("is-target"); });
      section.addEventListener("dragleave", () => section.classList.remove("is-target"));
      section.addEventListener("drop", (event) => {
        event.preventDefault();
        section.classList.remove("is-target");
        const id = event.dataTransfer.getData("text/x-todo-task");
        if (id) this.move(id, key);
      });
      grid.append(section);
    }
    grid.addEventListener("dragstart", (event) => {
      const row = event.target.closest?.(".task");
      if (row) { event.dataTransfer.setData("text/x-todo-task", row.dataset.id); event.dataTransfer.effectAllowed = "move"; }
    });
    grid.addEventListener("keydown", (event) => {
      if (!event.shiftKey || !["ArrowDown", "ArrowUp"].includes(event.key)) return;
      const row = event.target.closest?.(".task");
      if (!row) return;
      event.preventDefault();
      const index = days.indexOf(row.closest(".day").dataset.day) + (event.key === "ArrowDown" ? 1 : -1);
      if (index >= 0 && index < days.length) this.move(row.dataset.id, days[index]);
    });
    return [hint, grid];
  }

  async move(id, day) {
    try {
      const task = await moveToDay(id, day);
      announce(`Moved “${task.title}” to ${dayLabel(day)}.`);
      toast(`Moved “${task.title}” to ${dayLabel(day)}.`);
      await this.load();
      this.querySelector(`.task[data-id="${CSS.escape(id)}"] .task-title`)?.focus();
    } catch (error) {
      toast(`Could not move the task: ${error.message}`, { kind: "error" });
    }
  }
}

const priorities = [["urgent", "P1 · urgent"], ["high", "P2 · high"], ["medium", "P3 · medium"], ["low", "P4 · low"], ["none", "No priority"]];

class BoardView extends TaskView {
  async content() {
    const tasks = await listAll("open", "priority:desc,due");
    const board = h("div", { class: "board" });
    const names = priorities.map(([name]) => name);
    for (const [name, label] of priorities) {
      const column = h("section", { class: "column", dataset: { priority: name }, "aria-label": label },
        h("h2", {}, label), taskList(tasks.filter((task) => task.priority === name), this.zone, { draggable: true }));
      column.addEventListener("dragover", (event) => { event.preventDefault(); column.classList.add("is-target"); });
      column.addEventListener("dragleave", () => column.classList.remove("is-target"));
      column.addEventListener("drop", (event) => {
        event.preventDefault();
        column.classList.remove("is-target");
        const id = event.dataTransfer.getData("text/x-todo-task");
        if (id) this.setPriority(id, name);
      });
      board.append(column);
    }
    board.addEventListener("dragstart", (event) => {
      const row = event.target.closest?.(".task");
      if (row) event.dataTransfer.setData("text/x-todo-task", row.dataset.id);
    });
    board.addEventListener("keydown", (event) => {
      if (!event.shiftKey || !["ArrowLeft", "ArrowRight"].includes(event.key)) return;
      const row = event.target.closest?.(".task");
      if (!row) return;
      event.preventDefault();
      const index = names.indexOf(row.closest(".column").dataset.priority) + (event.key === "ArrowRight" ? 1 : -1);
      if (index >= 0 && index < names.length) this.setPriority(row.dataset.id, names[index]);
    });
    return [h("p", { class: "hint" }, "Drag a card to another column, or focus it and press Shift+← / Shift+→."), board];
  }

  async setPriority(id, priority) {
    const row = this.querySelector(`.task[data-id="${CSS.escape(id)}"]`);
    const title = row?.querySelector(".task-title")?.textContent || "the task";
    try {
      await patchTask(id, Number(row?.dataset.version), { priority }, title);
      announce(`“${title}” is now ${priority}.`);
      await this.load();
      this.querySelector(`.task[data-id="${CSS.escape(id)}"] .task-title`)?.focus();
    } catch (error) {
      toast(`Could not change the priority: ${error.message}`, { kind: "error" });
    }
  }
}

class TagsView extends TaskView {
  async content() {
    const tags = await api("/tags");
    if (!tags.length) return this.empty("No tags yet. Add one with #name in quick add.");
    return h("ul", { class: "tag-list" }, tags.map((tag) => h("li", {},
      h("a", { href: `/search?filter=${encodeURIComponent(`#${tag.tag}`)}`, "data-nav": "", dir: "auto" }, `#${tag.tag}`),
      h("span", { class: "count" }, `${tag.openCount} open · ${tag.count} in all`))));
  }
}

class SearchView extends TaskView {
  async content() {
    const filter = new URLSearchParams(location.search).get("filter") || "";
    const input = document.querySelector("#filter-input");
    if (input && document.activeElement !== input) input.value = filter;
    try {
      const tasks = await listAll(filter || "open", "due,priority:desc");
      document.querySelector("#filter-error").textContent = "";
      input?.removeAttribute("aria-invalid");
      return [h("p", { class: "hint" }, filter ? `Tasks matching “${filter}”` : "Open tasks"),
        tasks.length ? taskList(tasks, this.zone) : this.empty("No task matches.")];
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) {
        document.querySelector("#filter-error").textContent = error.message;
        input?.setAttribute("aria-invalid", "true");
        return this.empty("Fix the filter to see tasks.");
      }
      throw error;
    }
  }
}

class CompletedView extends TaskView {
  async content() {
    const reply = await api("/audit", { query: { type: "completed", limit: 100 } });
    const seen = new Set();
    const items = reply.items.filter((item) => !seen.has(item.taskId) && seen.add(item.taskId)).reverse();
    items.sort((a, b) => b.occurredAt.localeCompare(a.occurredAt));
    if (!items.length) return this.empty("Nothing completed yet.");
    return h("ul", { class: "tasks history" }, items.map((item) => h("li", { class: "task is-done" },
      h("span", { class: "task-body" },
        h("button", { type: "button", class: "task-title", dir: "auto", onclick: () => document.dispatchEvent(new CustomEvent("todo:open", { detail: { id: item.taskId } })) }, item.title || item.taskId),
        h("span", { class: "task-meta" }, `completed ${dayLabel(dayKey(item.occurredAt, this.zone))} at ${new Intl.DateTimeFormat("en-GB", { timeZone: this.zone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date(item.occurredAt))}`)))));
  }
}

customElements.define("todo-today", TodayView);
customElements.define("todo-inbox", InboxView);
customElements.define("todo-upcoming", UpcomingView);
customElements.define("todo-board", BoardView);
customElements.define("todo-tags", TagsView);
customElements.define("todo-search", SearchView);
customElements.define("todo-completed", CompletedView);

export const views = {
  "/today": { tag: "todo-today", title: "Today", key: "t" },
  "/inbox": { tag: "todo-inbox", title: "Inbox", key: "i" },
  "/upcoming": { tag: "todo-upcoming", title: "Upcoming", key: "u" },
  "/board": { tag: "todo-board", title: "Board", key: "b" },
  "/tags": { tag: "todo-tags", title: "Tags", key: "l" },
  "/completed": { tag: "todo-completed", title: "Completed", key: "c" },
  "/search": { tag: "todo-search", title: "Filter", key: "f" },
};
export { taskRow };

// One task in a list: a complete button, the title (opens the drawer) and its details.
import { h } from "./dom.js";
import { summaryDue } from "./dates.js";
import { completeTask } from "./tasks.js";

const priorityWords = { urgent: "P1 urgent", high: "P2 high", medium: "P3 medium", low: "P4 low" };

export function taskRow(task, zone, { draggable = false, overdue = false } = {}) {
  const due = summaryDue(task, zone);
  const row = h("li", { class: `task priority-${task.priority}${task.status === "completed" ? " is-done" : ""}`, dataset: { id: task.id, version: String(task.version) }, draggable: draggable ? "true" : null });
  const done = task.status === "completed";
  const check = h("button", {
    type: "button", class: "check", "aria-label": done ? `“${task.title}” is completed` : `Complete “${task.title}”`,
    disabled: done ? true : null,
    onclick: () => completeTask(task, row),
  }, h("span", { class: "check-mark", "aria-hidden": "true" }));
  const title = h("button", {
    type: "button", class: "task-title", dir: "auto",
    onclick: () => document.dispatchEvent(new CustomEvent("todo:open", { detail: { id: task.id } })),
  }, task.title);
  const meta = h("span", { class: "task-meta" },
    due ? h("span", { class: overdue ? "due is-overdue" : "due" }, due.words) : null,
    task.recurring ? h("span", { class: "recurring", title: "repeats" }, "↻ repeats") : null,
    priorityWords[task.priority] ? h("span", { class: `badge badge-${task.priority}` }, priorityWords[task.priority]) : null,
    ...task.tags.map((tag) => h("a", { class: "tag", href: `/search?filter=${encodeURIComponent(`#${tag}`)}`, "data-nav": "" }, `#${tag}`)),
  );
  row.append(check, h("span", { class: "task-body" }, title, meta));
  return row;
}

export function taskList(tasks, zone, options = {}) {
  const list = h("ul", { class: "tasks" });
  for (const task of tasks) list.append(taskRow(task, zone, options));
  return list;
}

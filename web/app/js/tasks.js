// Task commands shared by every view: each edit sends If-Match with the version the view
// showed, and a 412 opens the conflict dialog; creates carry an Idempotency-Key.
import { api, ApiError } from "./api.js";
import { store } from "./store.js";
import { toast } from "./toasts.js";

/** Asks the user what to do about a lost update; resolves "mine" or "theirs". */
export function resolveConflict(title, current) {
  const dialog = document.querySelector("#conflict-dialog");
  dialog.querySelector("[data-title]").textContent = title;
  dialog.querySelector("[data-version]").textContent = String(current?.version ?? "?");
  dialog.querySelector("[data-theirs]").textContent = current ? describeRecord(current) : "";
  dialog.returnValue = "";
  dialog.showModal();
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => resolve(dialog.returnValue === "mine" ? "mine" : "theirs"), { once: true });
  });
}

function describeRecord(task) {
  const bits = [`“${task.title}”`];
  if (task.due) bits.push(`due ${task.due.replace("T", " ").slice(0, 16)}`);
  if (task.priority && task.priority !== "none") bits.push(`priority ${task.priority}`);
  if (task.tags?.length) bits.push(task.tags.map((tag) => `#${tag}`).join(" "));
  return bits.join(", ");
}

/** PATCH with If-Match; on 412 the user chooses: retry on the new version, or keep theirs. */
export async function patchTask(id, version, patch, title = "this task") {
  try {
    const task = await api(`/tasks/${encodeURIComponent(id)}`, { method: "PATCH", body: patch, ifMatch: version });
    store.touch("patched");
    return task;
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 412) throw error;
    const current = await api(`/tasks/${encodeURIComponent(id)}`);
    const choice = await resolveConflict(current.title || title, current);
    if (choice !== "mine") {
      store.touch("conflict");
      toast(`Kept the other change to “${current.title}”.`);
      return current;
    }
    const task = await api(`/tasks/${encodeURIComponent(id)}`, { method: "PATCH", body: patch, ifMatch: current.version });
    store.touch("patched");
    return task;
  }
}

const undoStack = [];

/** Completes at once on screen, then on the server; a toast and Ctrl+Z undo it. */
export async function completeTask(summary, row) {
  row?.classList.add("is-done");
  try {
    const reply = await api(`/tasks/${encodeURIComponent(summary.id)}/complete`, { method: "POST" });
    undoStack.push(summary);
    const next = reply?.nextOccurrenceId ? " The next occurrence is on the list." : "";
    toast(`Completed “${summary.title}”.${next}`, { action: "Undo", run: () => undoComplete(summary) });
    store.touch("completed");
  } catch (error) {
    row?.classList.remove("is-done");
    toast(`Could not complete “${summary.title}”: ${error.message}`, { kind: "error" });
  }
}

export async function undoComplete(summary = undoStack.pop()) {
  if (!summary) return;
  const index = undoStack.indexOf(summary);
  if (index >= 0) undoStack.splice(index, 1);
  try {
    await api(`/tasks/${encodeURIComponent(summary.id)}/reopen`, { method: "POST" });
    toast(`Reopened “${summary.title}”.`);
    store.touch("reopened");
  } catch (error) {
    toast(`Could not reopen “${summary.title}”: ${error.message}`, { kind: "error" });
  }
}

export function undoLast() { return undoComplete(); }

/** Moves a task to another day at the same wall-clock time (in the task's zone). */
export async function moveToDay(id, day) {
  const task = await api(`/tasks/${encodeURIComponent(id)}`);
  const time = task.due && task.due.length > 10 ? task.due.slice(10) : "";
  const moved = await patchTask(id, task.version, { due: `${day}${time}` }, task.title);
  return moved;
}

export async function createTask(body) {
  const task = await api("/tasks", { method: "POST", body, idempotent: true });
  store.touch("created");
  return task;
}

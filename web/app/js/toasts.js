// Toasts in a polite live region: what just happened, with one action (Undo, Snooze, Open).

export function toast(message, { action, run, secondAction, secondRun, kind = "info", timeout = 8000 } = {}) {
  const region = document.querySelector("#toasts");
  if (!region) return;
  const item = document.createElement("div");
  item.className = `toast toast-${kind}`;
  item.setAttribute("role", kind === "error" ? "alert" : "status");
  const text = document.createElement("span");
  text.setAttribute("dir", "auto");
  text.textContent = message;
  item.append(text);
  const close = () => item.remove();
  for (const [label, handler] of [[action, run], [secondAction, secondRun]]) {
    if (!label) continue;
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = label;
    button.addEventListener("click", () => { close(); handler?.(); });
    item.append(button);
  }
  const dismiss = document.createElement("button");
  dismiss.type = "button";
  dismiss.className = "toast-close";
  dismiss.setAttribute("aria-label", "Dismiss");
  dismiss.textContent = "×";
  dismiss.addEventListener("click", close);
  item.append(dismiss);
  region.append(item);
  if (timeout) setTimeout(close, timeout);
  return item;
}

// The app shell: sign-in, navigation (history API, real paths), the header's filter bar,
// connection indicator and theme, keyboard shortcuts, live updates and the service worker.
import { api, ApiError, session } from "./api.js";
import { h } from "./dom.js";
import { LiveConnection } from "./live.js";
import { store } from "./store.js";
import { undoLast } from "./tasks.js";
import { toast } from "./toasts.js";
import { views } from "./views.js";
import "./quick-add.js";
import "./drawer.js";
import "./chat.js";

const THEME_KEY = "todo.theme";

function applyTheme(theme) {
  if (theme === "light" || theme === "dark") document.documentElement.dataset.theme = theme;
  else delete document.documentElement.dataset.theme;
}
applyTheme(localStorage.getItem(THEME_KEY));

const shortcuts = [
  ["q", "Quick add a task"], ["/", "Filter tasks"], ["m", "Message the assistant"],
  ["g t", "Go to Today"], ["g i", "Go to Inbox"], ["g u", "Go to Upcoming"], ["g b", "Go to Board"], ["g l", "Go to Tags"], ["g c", "Go to Completed"],
  ["j / k", "Next / previous task"], ["x", "Complete the focused task"], ["e", "Open the focused task"],
  ["Shift+↑↓ / ←→", "Move a task a day (Upcoming) or a priority (Board)"], ["Ctrl+Z", "Undo the last completion"],
  ["?", "This sheet"], ["Esc", "Close a dialog"],
];

class TodoApp extends HTMLElement {
  connectedCallback() {
    this.live = new LiveConnection({
      onUpdate: () => store.touch("live"),
      onReset: () => store.touch("reset"),
      onReminder: (message) => this.reminder(message),
    });
    document.addEventListener("todo:signed-out", () => this.signOut("Your session ended; sign in again."));
    document.addEventListener("todo:open", (event) => this.querySelector("todo-drawer").open(event.detail.id));
    document.addEventListener("todo:offline", (event) => this.setOffline(event.detail));
    window.addEventListener("offline", () => this.setOffline(true));
    window.addEventListener("popstate", () => this.route());
    this.addEventListener("click", (event) => {
      const link = event.target.closest("a[data-nav]");
      if (!link || event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
      event.preventDefault();
      this.navigate(link.getAttribute("href"));
    });
    document.addEventListener("keydown", (event) => this.key(event));
    store.subscribe((change) => { if ("connection" in change) this.showConnection(); });
    if ("serviceWorker" in navigator) navigator.serviceWorker.register("/sw.js").catch(() => {});
    this.start();
  }

  async start() {
    if (!session.token) return this.route();
    try {
      store.user = await api("/me");
      session.save({ token: session.token, user: store.user });
    } catch (error) {
      if (error instanceof ApiError && error.status === 0 && session.user) {
        store.user = session.user; // offline: the shell with what we know
      } else {
        session.clear();
        return this.route();
      }
    }
    this.renderShell();
    this.live.start();
    this.route();
  }

  renderShell() {
    const nav = h("nav", { class: "nav", "aria-label": "Views" }, h("ul", {}, ["/today", "/inbox", "/upcoming", "/board", "/tags", "/completed"].map((path) =>
      h("li", {}, h("a", { href: path, "data-nav": "", "aria-keyshortcuts": `g ${views[path].key}` }, views[path].title)))));
    const filterInput = h("input", { id: "filter-input", type: "search", name: "filter", placeholder: "Filter: today | overdue, #home & p1 …", autocomplete: "off", "aria-describedby": "filter-error", "aria-keyshortcuts": "/" });
    const filter = h("form", { class: "filter", role: "search", onsubmit: (event) => { event.preventDefault(); this.navigate(`/search?filter=${encodeURIComponent(filterInput.value)}`); } },
      h("label", { for: "filter-input", class: "visually-hidden" }, "Filter tasks"), filterInput,
      h("p", { id: "filter-error", class: "filter-error", role: "alert" }));
    const theme = h("select", { id: "theme-select", onchange: (event) => { localStorage.setItem(THEME_KEY, event.target.value); applyTheme(event.target.value); } },
      [["system", "System"], ["light", "Light"], ["dark", "Dark"]].map(([value, label]) => h("option", { value, selected: (localStorage.getItem(THEME_KEY) || "system") === value ? true : null }, label)));
    this.connection = h("span", { class: "connection", role: "status", "aria-live": "polite" });
    this.offlineBanner = h("p", { class: "offline-banner", role: "status", hidden: store.offline ? null : true }, "You are offline: the server cannot be reached. Changes need the server.");
    this.replaceChildren(
      h("header", { class: "top" },
        h("a", { class: "brand", href: "/today", "data-nav": "" }, h("img", { src: document.querySelector('link[rel="icon"]').href, alt: "", width: "24", height: "24" }), "todo"),
        filter,
        h("div", { class: "tools" },
          this.connection,
          h("button", { type: "button", class: "primary", "aria-keyshortcuts": "q", onclick: () => this.querySelector("todo-quick-add").open() }, "+ Add"),
          h("label", { for: "theme-select", class: "visually-hidden" }, "Theme"), theme,
          h("button", { type: "button", class: "secondary", "aria-label": "Keyboard shortcuts", "aria-keyshortcuts": "?", onclick: () => this.querySelector("#shortcuts-dialog").showModal() }, "?"),
          h("button", { type: "button", class: "secondary", onclick: () => this.signOut() }, "Sign out"))),
      this.offlineBanner,
      h("div", { class: "layout" },
        nav,
        h("main", { id: "main", tabindex: "-1" }, h("h1", { id: "view-title" }), h("div", { id: "view" })),
        h("aside", { class: "side", "aria-label": "Assistant" }, h("todo-chat"))),
      h("div", { id: "toasts", class: "toasts", "aria-live": "polite" }),
      h("p", { id: "announcer", class: "visually-hidden", role: "status" }),
      h("todo-quick-add"), h("todo-drawer"),
      ...this.dialogs());
    this.showConnection();
  }

  dialogs() {
    const conflict = h("dialog", { id: "conflict-dialog", "aria-labelledby": "conflict-title" },
      h("form", { method: "dialog" },
        h("h2", { id: "conflict-title" }, "This task changed elsewhere"),
        h("p", {}, "“", h("span", { "data-title": "", dir: "auto" }), "” was changed since you opened it (now version ", h("span", { "data-version": "" }), ")."),
        h("p", { class: "theirs" }, "Now: ", h("span", { "data-theirs": "", dir: "auto" })),
        h("div", { class: "actions" },
          h("button", { value: "theirs", class: "secondary" }, "Keep their version"),
          h("button", { value: "mine", class: "primary" }, "Apply my change"))));
    const reschedule = h("dialog", { id: "reschedule-dialog", "aria-labelledby": "reschedule-title" },
      h("form", { method: "dialog" },
        h("h2", { id: "reschedule-title" }, "Reschedule overdue tasks"),
        h("p", {}, "This moves ", h("span", { "data-count": "" }), " to today, keeping each one’s time of day:"),
        h("ul", { class: "plain" }),
        h("div", { class: "actions" },
          h("button", { value: "cancel", class: "secondary" }, "Cancel"),
          h("button", { value: "confirm", class: "primary" }, "Move to today"))));
    const sheet = h("dialog", { id: "shortcuts-dialog", "aria-labelledby": "shortcuts-title" },
      h("form", { method: "dialog" },
        h("h2", { id: "shortcuts-title" }, "Keyboard shortcuts"),
        h("dl", { class: "shortcuts" }, shortcuts.map(([keys, what]) => [h("dt", {}, h("kbd", {}, keys)), h("dd", {}, what)])),
        h("div", { class: "actions" }, h("button", { class: "primary" }, "Close"))));
    return [conflict, reschedule, sheet];
  }

  showConnection() {
    if (!this.connection) return;
    const words = { live: "Live", connecting: "Connecting…", offline: "Offline" }[store.connection];
    this.connection.textContent = words;
    this.connection.dataset.state = store.connection;
  }

  setOffline(offline) {
    if (store.offline === offline) return;
    store.set({ offline });
    if (this.offlineBanner) this.offlineBanner.hidden = !offline;
    document.documentElement.classList.toggle("is-offline", offline);
  }

  navigate(path) {
    history.pushState(null, "", path);
    this.route();
  }

  route() {
    const path = location.pathname;
    if (!session.token || !store.user) {
      if (path !== "/signin" && path !== "/signup") history.replaceState(null, "", "/signin");
      return this.renderAuth(location.pathname === "/signup");
    }
    if (!this.querySelector("#view")) this.renderShell();
    const view = views[path] || views["/today"];
    if (!views[path]) history.replaceState(null, "", "/today");
    document.title = `${view.title} · todo`;
    this.querySelector("#view-title").textContent = view.title;
    for (const link of this.querySelectorAll(".nav a")) {
      if (link.getAttribute("href") === location.pathname) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    }
    if (location.pathname !== "/search") this.querySelector("#filter-error").textContent = "";
    this.querySelector("#view").replaceChildren(h(view.tag));
  }

  renderAuth(signUp) {
    this.live.stop();
    const email = h("input", { id: "auth-email", type: "email", autocomplete: "email", required: true });
    const password = h("input", { id: "auth-password", type: "password", autocomplete: signUp ? "new-password" : "current-password", required: true, minlength: "8" });
    const zone = h("input", { id: "auth-zone", type: "text", value: Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC" });
    const problem = h("p", { class: "problem", role: "alert" });
    const form = h("form", { class: "auth", onsubmit: async (event) => {
      event.preventDefault();
      problem.textContent = "";
      try {
        const body = { email: email.value, password: password.value };
        if (signUp) body.timeZone = zone.value;
        const reply = await api(signUp ? "/auth/signup" : "/auth/login", { method: "POST", body });
        session.save({ token: reply.token, user: reply.user });
        store.user = reply.user;
        history.replaceState(null, "", "/today");
        this.renderShell();
        this.live.start();
        this.route();
      } catch (error) {
        problem.textContent = error.message;
      }
    } },
      h("h1", {}, signUp ? "Create your account" : "Sign in"),
      h("div", { class: "field" }, h("label", { for: "auth-email" }, "E-mail"), email),
      h("div", { class: "field" }, h("label", { for: "auth-password" }, "Password (8 characters or more)"), password),
      signUp ? h("div", { class: "field" }, h("label", { for: "auth-zone" }, "Time zone"), zone) : null,
      problem,
      h("button", { type: "submit", class: "primary" }, signUp ? "Sign up" : "Sign in"),
      h("p", {}, signUp ? "Have an account? " : "New here? ",
        h("a", { href: signUp ? "/signin" : "/signup", "data-nav": "" }, signUp ? "Sign in" : "Create an account")));
    this.replaceChildren(h("main", { id: "main", class: "auth-page" }, h("div", { class: "auth-brand", "aria-hidden": "true" }, "todo"), form));
  }

  signOut(message) {
    session.clear();
    store.user = null;
    this.live.stop();
    this.replaceChildren();
    history.replaceState(null, "", "/signin");
    this.route();
    if (message) this.querySelector(".problem").textContent = message;
  }

  reminder(message) {
    const reminder = message.reminder || {};
    toast(`Reminder: ${reminder.title || "a task"}`, {
      kind: "reminder", timeout: 0,
      action: "Snooze 10 min", run: () => api(`/tasks/${encodeURIComponent(message.taskId)}/snooze`, { method: "POST", body: { minutes: 10 } }).then(() => toast("Snoozed for 10 minutes.")).catch((error) => toast(error.message, { kind: "error" })),
      secondAction: "Open", secondRun: () => this.querySelector("todo-drawer").open(message.taskId),
    });
  }

  key(event) {
    const target = event.target;
    const typing = target.closest?.("input, textarea, select, [contenteditable]");
    if (document.querySelector("dialog[open]") || !store.user) return;
    if ((event.ctrlKey || event.metaKey) && event.key === "z" && !typing) {
      event.preventDefault();
      undoLast();
      return;
    }
    if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
    if (this.pendingG) {
      this.pendingG = false;
      const entry = Object.entries(views).find(([, view]) => view.key === event.key);
      if (entry) { event.preventDefault(); this.navigate(entry[0]); this.querySelector("#main").focus(); }
      return;
    }
    const rows = [...this.querySelectorAll("#view .task-title")];
    const current = rows.indexOf(document.activeElement);
    switch (event.key) {
      case "g": this.pendingG = true; setTimeout(() => { this.pendingG = false; }, 1500); break;
      case "q": event.preventDefault(); this.querySelector("todo-quick-add").open(); break;
      case "/": event.preventDefault(); this.querySelector("#filter-input").focus(); break;
      case "m": event.preventDefault(); this.querySelector("#chat-input").focus(); break;
      case "?": event.preventDefault(); this.querySelector("#shortcuts-dialog").showModal(); break;
      case "j": if (rows.length) { event.preventDefault(); rows[Math.min(rows.length - 1, current + 1)].focus(); } break;
      case "k": if (rows.length) { event.preventDefault(); rows[Math.max(0, current - 1)].focus(); } break;
      case "x": if (current >= 0) { event.preventDefault(); target.closest(".task").querySelector(".check")?.click(); } break;
      case "e": if (current >= 0) { event.preventDefault(); target.click(); } break;
      default: return;
    }
  }
}

customElements.define("todo-app", TodoApp);

// The service worker: caches the app shell (the page and its versioned assets) so the app
// opens without the server, and says so. It never caches the API, the socket or the MCP
// endpoint: tasks always come from the server.
const VERSION = "__VERSION__";
const SHELL = "__SHELL__";
const CACHE = `todo-shell-${VERSION}`;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((name) => name.startsWith("todo-shell-") && name !== CACHE).map((name) => caches.delete(name))))
      .then(() => self.clients.claim())
  );
});

const neverCached = ["/api/", "/ws", "/mcp", "/healthz", "/readyz", "/metrics"];

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (neverCached.some((prefix) => url.pathname.startsWith(prefix))) return;
  if (request.mode === "navigate") {
    // The page: the network first (it names the current assets), the cached shell offline.
    event.respondWith(fetch(request).catch(() => caches.match("/", { cacheName: CACHE })));
    return;
  }
  if (url.pathname.startsWith("/assets/")) {
    event.respondWith(caches.match(request, { cacheName: CACHE }).then((hit) => hit || fetch(request)));
  }
});

// The REST API under /api/v1: the session's bearer token, JSON bodies, problem+json errors
// as exceptions that carry the server's words, If-Match and Idempotency-Key.

const SESSION_KEY = "todo.session";

export const session = {
  read() {
    try { return JSON.parse(localStorage.getItem(SESSION_KEY)) || null; } catch { return null; }
  },
  get token() { return this.read()?.token || null; },
  get user() { return this.read()?.user || null; },
  save(value) { localStorage.setItem(SESSION_KEY, JSON.stringify(value)); },
  clear() { localStorage.removeItem(SESSION_KEY); },
};

/** A refusal from the server (problem details), or the network being gone (status 0). */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || (status === 0 ? "The server cannot be reached." : `HTTP ${status}`));
    this.status = status;
    this.problem = problem;
  }
}

export async function api(path, { method = "GET", body, query, ifMatch, idempotent = false, signal } = {}) {
  const headers = { Accept: "application/json, application/problem+json" };
  const token = session.token;
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (ifMatch !== undefined) headers["If-Match"] = `"${ifMatch}"`;
  if (idempotent) headers["Idempotency-Key"] = crypto.randomUUID();
  let url = `/api/v1${path}`;
  if (query) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== null && value !== "") params.set(key, value);
    const text = params.toString();
    if (text) url += `?${text}`;
  }
  let response;
  try {
    response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
  } catch (error) {
    if (error.name === "AbortError") throw error;
    document.dispatchEvent(new CustomEvent("todo:offline", { detail: true }));
    throw new ApiError(0, null);
  }
  document.dispatchEvent(new CustomEvent("todo:offline", { detail: false }));
  if (response.status === 204) return null;
  const type = response.headers.get("content-type") || "";
  const data = type.includes("json") ? await response.json() : await response.text();
  if (!response.ok) {
    if (response.status === 401 && token && !path.startsWith("/auth/")) document.dispatchEvent(new CustomEvent("todo:signed-out"));
    throw new ApiError(response.status, typeof data === "object" ? data : { detail: String(data) });
  }
  return data;
}

/** Every page of a list (the views show at most a few hundred tasks). */
export async function listAll(filter, sort) {
  const items = [];
  let cursor;
  for (let page = 0; page < 10; page += 1) {
    const reply = await api("/tasks", { query: { filter, sort, limit: 500, cursor } });
    items.push(...reply.items);
    if (!reply.nextCursor) break;
    cursor = reply.nextCursor;
  }
  return items;
}

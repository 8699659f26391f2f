// A tiny store: the signed-in user, the connection state and a change counter that views
// watch. Views ask the server for their own lists (the filter language runs there), and
// refetch when a live update says something changed.

const listeners = new Set();

export const store = {
  user: null,
  connection: "connecting", // connecting | live | offline
  offline: false,
  revision: 0,
  /** The last version of each task this client has seen (for If-Match and dedupe). */
  versions: new Map(),

  set(changes) {
    Object.assign(this, changes);
    for (const listener of listeners) listener(changes);
  },
  /** Something about tasks changed: every view refetches (debounced by the views). */
  touch(reason = "change") {
    this.revision += 1;
    for (const listener of listeners) listener({ revision: this.revision, reason });
  },
  subscribe(listener) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

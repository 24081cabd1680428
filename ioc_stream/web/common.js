// Shared by every page: DOM/SVG builders (text only, never innerHTML), authenticated fetch, the SSE reader, formatting.

const TOKEN_KEY = "ioc.token";
const SVG_NS = "http://www.w3.org/2000/svg";

/** Build an element; string children become text nodes, so untrusted text can never become markup. */
export function h(tag, attrs = {}, ...children) {
  return build(document.createElement(tag), attrs, children);
}

/** Build an SVG element the same way. */
export function s(tag, attrs = {}, ...children) {
  return build(document.createElementNS(SVG_NS, tag), attrs, children);
}

function build(el, attrs, children) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else if (key === "dataset") Object.assign(el.dataset, value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Replace an element's children. */
export function fill(el, ...children) {
  el.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return el;
}

/** The bearer token: from #token=... (wall screens), else this tab's sessionStorage. */
export function token() {
  const m = location.hash.match(/token=([^&]+)/);
  if (m) sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(m[1]));
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(value) {
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
}

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function authHeaders(extra = {}) {
  const t = token();
  return t ? { ...extra, Authorization: `Bearer ${t}` } : extra;
}

/** fetch() with the token; JSON in and out; non-2xx raises ApiError carrying the server's message. */
export async function api(path, { method = "GET", body } = {}) {
  const res = await fetch(path, {
    method,
    headers: authHeaders(body ? { "Content-Type": "application/json" } : {}),
    body: body ? JSON.stringify(body) : undefined,
  });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) {
    const detail = typeof data.detail === "string" ? data.detail : JSON.stringify(data.detail ?? res.statusText);
    throw new ApiError(res.status, detail);
  }
  return data;
}

/**
 * Follow /api/alerts/stream with fetch() (so the Authorization header goes along), resuming with
 * Last-Event-ID after every disconnect. Handlers: alert(a), reset(), state("live"|"down"), denied(err).
 */
export function followAlerts(lastId, handlers) {
  let cursor = lastId;
  let stopped = false;
  const controller = new AbortController();
  async function once() {
    const headers = authHeaders(cursor !== null && cursor !== undefined ? { "Last-Event-ID": String(cursor) } : {});
    const res = await fetch("/api/alerts/stream", { headers, signal: controller.signal, cache: "no-store" });
    if (res.status === 401 || res.status === 403) throw new ApiError(res.status, (await res.json()).detail);
    if (!res.ok) throw new ApiError(res.status, res.statusText);
    handlers.state?.("live");
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let cut;
      while ((cut = buffer.search(/\r?\n\r?\n/)) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut).replace(/^\r?\n\r?\n/, "");
        dispatch(block);
      }
    }
  }
  function dispatch(block) {
    let event = "message", data = "", id = null;
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith(":")) continue;
      const i = line.indexOf(":");
      const field = i < 0 ? line : line.slice(0, i);
      const val = i < 0 ? "" : line.slice(i + 1).replace(/^ /, "");
      if (field === "event") event = val;
      else if (field === "data") data += (data ? "\n" : "") + val;
      else if (field === "id") id = val;
    }
    if (id !== null) cursor = id;
    if (event === "alert" && data) handlers.alert?.(JSON.parse(data));
    else if (event === "reset") handlers.reset?.();
  }
  (async () => {
    let delay = 500;
    while (!stopped) {
      try {
        await once();
        delay = 500;
      } catch (err) {
        if (stopped) return;
        if (err instanceof ApiError && (err.status === 401 || err.status === 403)) {
          handlers.denied?.(err);
          return;
        }
      }
      handlers.state?.("down");
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 8000);
    }
  })();
  return { stop() { stopped = true; controller.abort(); } };
}

/** Keep a map of alerts current: initial list, then the stream; `render()` after every change. */
export function liveAlerts({ query = "limit=500", onChange, onState, onDenied }) {
  const alerts = new Map();
  let follower = null;
  async function load() {
    const list = await api(`/api/alerts?${query}`);
    alerts.clear();
    for (const a of list.alerts) alerts.set(a.alert_id, a);
    onChange(alerts, null);
    return list.seq;
  }
  async function start() {
    const seq = await load();
    follower?.stop();
    follower = followAlerts(seq, {
      alert(a) { alerts.set(a.alert_id, a); onChange(alerts, a.alert_id); },
      reset() { start().catch(() => onState?.("down")); },
      state: onState,
      denied: onDenied,
    });
  }
  return { alerts, start, put(a) { alerts.set(a.alert_id, a); onChange(alerts, a.alert_id); } };
}

export const LIVE = new Set(["OPEN", "ESCALATED"]);

/** Open alerts first, by priority, then newest detection. */
export function byUrgency(a, b) {
  const live = Number(LIVE.has(b.status) && !b.resolved_at) - Number(LIVE.has(a.status) && !a.resolved_at);
  return live || a.priority - b.priority || Date.parse(b.detected_at) - Date.parse(a.detected_at);
}

export function hhmm(iso) {
  const d = new Date(iso);
  return `${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")}Z`;
}

/** 45 s, 12 min, 3 h 05 */
export function duration(seconds) {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  return `${Math.floor(s / 3600)} h ${String(Math.round((s % 3600) / 60)).padStart(2, "0")}`;
}

export function ago(iso) {
  return duration((Date.now() - Date.parse(iso)) / 1000);
}

export function label(category) {
  return category.replaceAll("_", " ").toLowerCase();
}

/** A small toast at the bottom right. */
export function toast(message, kind = "error") {
  document.querySelector(".toast")?.remove();
  const el = h("div", { class: `toast ${kind}`, role: "status", "data-testid": "toast" }, message);
  document.body.append(el);
  setTimeout(() => el.remove(), 6000);
}

export function markConnection(el, state) {
  el.dataset.state = state;
  el.textContent = state === "live" ? "live" : "reconnecting…";
}

/** "ops feed silent since 14:05Z" while the newest judgement was made without the ops feed, else null.
 *  The worker flags an alert version (ops_feed_silent) judged while ops ran more than its idle allowance
 *  behind the posts: "ops has not reported it" then holds only up to ops_feed_as_of. */
export function opsFeedSilence(alerts) {
  let newest = null;
  for (const a of alerts.values()) {
    if (a.kind === "CONNECTION_RISK") continue;
    if (!newest || Date.parse(a.updated_at) > Date.parse(newest.updated_at)) newest = a;
  }
  if (!newest || !newest.ops_feed_silent) return null;
  return newest.ops_feed_as_of ? `ops feed silent since ${hhmm(newest.ops_feed_as_of)}` : "ops feed silent: nothing read yet";
}

/** Show or hide a banner element with opsFeedSilence's words. */
export function markOpsFeed(el, alerts) {
  const words = opsFeedSilence(alerts);
  el.hidden = !words;
  el.textContent = words || "";
}

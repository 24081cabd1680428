// Liaison console: live alert list, evidence and timeline of the selected alert, ack/resolve/notes, keyboard-first.

import { ApiError, LIVE, ago, api, byUrgency, fill, h, hhmm, duration, label, liveAlerts, markConnection, setToken, toast, token } from "./common.js";
import { timelineSvg } from "./charts.js";

const $ = (id) => document.getElementById(id);
const ui = { list: $("alerts"), detail: $("detail"), filter: $("filter"), status: $("status"), conn: $("conn"), who: $("who") };
let me = null;
let selected = null;
let flashed = new Set();
let feed = null;

function title(a) {
  return a.flight ? `${a.flight}${a.station ? " · " + a.station : ""}` : `${a.station} station`;
}

function visible(alerts) {
  const words = ui.filter.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const status = ui.status.value;
  return [...alerts.values()]
    .filter((a) => (status === "all" ? true : status === "live" ? LIVE.has(a.status) && !a.resolved_at : a.status === status))
    .filter((a) => words.every((w) => [a.flight, a.station, a.category, label(a.category), a.status].some((f) => f && f.toLowerCase().includes(w))))
    .sort(byUrgency);
}

function row(a) {
  const chips = [];
  if (a.resolved_at) chips.push(h("span", { class: "chip acked" }, "resolved"));
  else if (a.acked_at) chips.push(h("span", { class: "chip acked" }, `ack ${a.acked_by}`));
  if (a.evidence.some((e) => e.loyalty_id_masked)) chips.push(h("span", { class: "chip customer" }, "customer"));
  return h("li", {
    class: flashed.has(a.alert_id) ? "alert-row flash" : "alert-row",
    role: "option", id: `row-${a.alert_id}`, "data-alert-id": a.alert_id, "aria-selected": String(a.alert_id === selected),
    onclick: () => select(a.alert_id),
  },
    h("span", { class: "prio", "data-p": a.priority, title: `priority ${a.priority}` }, `P${a.priority}`),
    h("span", { class: "title" }, title(a), " ", h("span", { class: "muted" }, label(a.category))),
    h("span", { class: "age" }, h("span", { class: "status", "data-s": a.status }, a.status)),
    h("span", { class: "sub" }, `${ago(a.detected_at)} ago · ${a.authors} author${a.authors === 1 ? "" : "s"} · `, ...chips, a.explanation),
  );
}

function renderList() {
  const items = visible(feed.alerts);
  fill(ui.list, items.length ? items.map(row) : h("li", { class: "empty" }, "No alerts match. The bridge is quiet."));
  flashed = new Set();
  document.getElementById(`row-${selected}`)?.scrollIntoView({ block: "nearest" });
}

function fact(k, v, cls) {
  return h("div", { class: "fact" }, h("div", { class: "k" }, k), h("div", { class: cls ? `v ${cls}` : "v" }, v));
}

const REPORT_LABEL = { first_hand: "first-hand", relayed: "relayed", question: "question", talk: "talk" };
const REPORT_TITLE = {
  first_hand: "the poster is there",
  relayed: "passes on what others report now",
  question: "asks; does not count",
  talk: "talks about a topic; does not count",
};
function post(e) {
  return h("li", { class: "post", "data-post-id": e.post_id },
    h("div", { class: "meta" },
      h("span", { class: "author" }, `@${e.author}`),
      h("span", { title: e.created_at }, `${hhmm(e.created_at)} · ${ago(e.created_at)} ago`),
      h("span", { class: "chip" }, e.lang),
      e.channel === "direct" ? h("span", { class: "chip" }, "direct message") : null,
      e.loyalty_id_masked ? h("span", { class: "chip customer", "data-testid": "customer" }, `customer ${e.loyalty_id_masked}`) : null,
      e.onboard ? h("span", { class: "chip onboard" }, "onboard") : null,
      e.report ? h("span", { class: `chip report ${e.report}`, "data-testid": "report", title: REPORT_TITLE[e.report] || "" }, REPORT_LABEL[e.report] || e.report) : null,
      e.counted_as && e.primary_category && e.counted_as !== e.primary_category
        ? h("span", { class: "chip", "data-testid": "counted-as", title: "the post's primary category is another one" }, `counted as ${label(e.counted_as)}, primary ${label(e.primary_category)}`)
        : null,
      e.station ? h("span", { class: "chip" }, e.station) : null,
      h("span", { class: "muted mono" }, e.post_id),
    ),
    h("div", { class: "text" }, e.excerpt),
    h("div", {}, ...e.cues.map((c) => h("span", { class: "chip", title: "cue" }, c))),
  );
}

async function renderDetail() {
  const a = feed.alerts.get(selected);
  if (!a) return fill(ui.detail, h("p", { class: "empty" }, "Select an alert."));
  let d;
  try {
    d = await api(`/api/alerts/${encodeURIComponent(a.alert_id)}`);
  } catch (err) {
    return toast(err.message);
  }
  if (d.alert.alert_id !== selected) return;
  const x = d.alert;
  const lead = d.lead_time_s;
  const customers = [...new Set(x.evidence.map((e) => e.loyalty_id_masked).filter(Boolean))];
  const readOnly = me && !me.can_act;
  const btn = (text, key, fn, done) => h("button", {
    class: "btn primary", type: "button", "data-action": text.toLowerCase(), "aria-disabled": String(Boolean(readOnly || done)),
    title: readOnly ? `${me.role} tokens may not act` : null, onclick: fn,
  }, text, h("kbd", {}, key));
  const note = h("textarea", {
    id: "note", rows: 1, placeholder: "Add a note for the log… (Enter to add, Shift+Enter for a new line)", "aria-label": "Note",
    onkeydown: (ev) => { if (ev.key === "Enter" && !ev.shiftKey) { ev.preventDefault(); act("notes", note.value); } },
  });
  const draft = document.getElementById("note");
  if (draft && ui.detail.dataset.shown === x.alert_id) {
    note.value = draft.value;  // a live update must not eat a half-typed note
    if (document.activeElement === draft) queueMicrotask(() => note.focus());
  }
  ui.detail.dataset.shown = x.alert_id;
  fill(ui.detail,
    h("h1", {}, h("span", { class: "prio", "data-p": x.priority }, `P${x.priority}`), title(x), h("span", { class: "muted" }, label(x.category)),
      h("span", { class: "status", "data-s": x.status, "data-testid": "status" }, x.status)),
    h("p", { class: "why" }, x.explanation),
    customers.length ? h("p", {}, ...customers.map((c) => h("span", { class: "chip customer", "data-testid": "customer-badge" }, `loyalty customer ${c}`))) : null,
    h("div", { class: "facts" },
      fact("First post", [hhmm(x.first_reported_at), h("small", {}, `${ago(x.first_reported_at)} ago`)]),
      fact("Detected", hhmm(x.detected_at)),
      fact("Authors", String(x.authors)),
      lead !== null ? fact("Lead time", lead >= 0 ? `${duration(lead)} ahead` : `ops ${duration(-lead)} first`, "lead")
        : fact("Ops", `silent ${ago(x.first_reported_at)}`, "silent"),
      fact("Severity", x.severity),
      fact("Acknowledged", x.acked_at ? `${x.acked_by} ${hhmm(x.acked_at)}` : "—"),
    ),
    h("div", { class: "actions" },
      btn("Ack", "a", () => act("ack"), x.acked_at), btn("Resolve", "r", () => act("resolve"), x.resolved_at),
      h("form", { class: "note-form", onsubmit: (ev) => { ev.preventDefault(); act("notes", note.value); } },
        note, h("button", { class: "btn", type: "submit" }, "Add note", h("kbd", {}, "n"))),
    ),
    h("div", { class: "section" }, "Timeline"),
    h("div", { class: "timeline" }, timelineSvg(d)),
    h("div", { class: "section" }, `Evidence · ${x.evidence.length} post${x.evidence.length === 1 ? "" : "s"}`),
    h("ul", { class: "evidence" }, x.evidence.map(post)),
    x.notes.length ? h("div", { class: "section" }, "Notes") : null,
    x.notes.length ? h("ul", { class: "notes" }, x.notes.map((n) => h("li", {}, h("b", {}, n.by), ` · ${hhmm(n.at)} — `, n.text))) : null,
  );
}

function select(id) {
  if (!id) return;
  selected = id;
  for (const el of ui.list.querySelectorAll(".alert-row")) el.setAttribute("aria-selected", String(el.dataset.alertId === id));
  document.getElementById(`row-${id}`)?.scrollIntoView({ block: "nearest" });
  renderDetail();
}

function move(step) {
  const ids = visible(feed.alerts).map((a) => a.alert_id);
  if (!ids.length) return;
  const i = ids.indexOf(selected);
  select(ids[Math.max(0, Math.min(ids.length - 1, i < 0 ? 0 : i + step))]);
}

async function act(kind, text) {
  if (!selected) return;
  if (kind === "notes" && !text?.trim()) return document.getElementById("note")?.focus();
  const body = kind === "notes" ? { text: text.trim(), action_id: crypto.randomUUID() } : undefined;
  try {
    const res = await api(`/api/alerts/${encodeURIComponent(selected)}/${kind}`, { method: "POST", body });
    if (kind === "notes") document.getElementById("note").value = "";
    feed.put(res.alert);
    toast(kind === "notes" ? "Note added" : kind === "ack" ? "Acknowledged" : "Resolved", "info");
  } catch (err) {
    toast(err instanceof ApiError ? `Refused (${err.status}): ${err.message}` : String(err));
  }
}

document.addEventListener("keydown", (ev) => {
  const typing = ev.target.matches("input, textarea, select");
  if (ev.key === "Escape" && typing) return ev.target.blur();
  if (typing || ev.ctrlKey || ev.metaKey || ev.altKey) return;
  const keys = { j: () => move(1), k: () => move(-1), a: () => act("ack"), r: () => act("resolve"), n: () => document.getElementById("note")?.focus(), "/": () => ui.filter.focus() };
  if (keys[ev.key]) {
    ev.preventDefault();
    keys[ev.key]();
  }
});

function askToken(message = "") {
  $("login").classList.remove("hidden");
  $("login-error").textContent = message;
  $("token").focus();
}

$("login-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  setToken($("token").value.trim());
  $("login").classList.add("hidden");
  boot();
});
$("logout").addEventListener("click", () => { setToken(null); location.reload(); });
ui.filter.addEventListener("input", renderList);
ui.status.addEventListener("change", renderList);

async function boot() {
  try {
    me = await api("/api/me");
  } catch (err) {
    return askToken(err instanceof ApiError && err.status === 401 ? "That token was not accepted." : String(err.message || err));
  }
  fill(ui.who, "signed in as ", h("b", {}, me.user), ` (${me.role})`);
  feed = liveAlerts({
    onChange(alerts, changed) {
      if (changed) flashed.add(changed);
      renderList();
      if (!selected) select(visible(alerts)[0]?.alert_id);
      else if (changed === selected || changed === null) renderDetail();
    },
    onState: (state) => markConnection(ui.conn, state),
    onDenied: (err) => askToken(err.message),
  });
  await feed.start();
}

if (token()) boot();
else askToken();
setInterval(() => feed && renderList(), 30_000);

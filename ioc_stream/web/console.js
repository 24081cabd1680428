// Liaison console: live alert list (by unit and kind), evidence and timeline of the selected alert, the authors'
// history with their customer badge, ack/resolve/notes, keyboard-first.

import { ApiError, LIVE, ago, api, byUrgency, fill, h, hhmm, duration, label, liveAlerts, markConnection, markOpsFeed, setToken, toast, token } from "./common.js";
import { timelineSvg } from "./charts.js";

const $ = (id) => document.getElementById(id);
const ui = {
  list: $("alerts"), detail: $("detail"), filter: $("filter"), status: $("status"), unit: $("unit"), kind: $("kind"),
  author: $("author"), conn: $("conn"), who: $("who"),
};
const KIND_LABEL = { SOCIAL_FIRST: "passengers first", STATION_SURGE: "station surge", CONNECTION_RISK: "connection risk" };
let me = null;
let selected = null;
let flashed = new Set();
let feed = null;

function title(a) {
  return a.flight ? `${a.flight}${a.station ? " · " + a.station : ""}` : `${a.station} station`;
}

function visible(alerts) {
  const words = ui.filter.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const status = ui.status.value, unit = ui.unit.value, kind = ui.kind.value;
  return [...alerts.values()]
    .filter((a) => (status === "all" ? true : status === "live" ? LIVE.has(a.status) && !a.resolved_at : a.status === status))
    .filter((a) => (!unit || (a.units || []).includes(unit)) && (!kind || a.kind === kind))
    .filter((a) => words.every((w) => [a.flight, a.station, a.category, label(a.category), a.status, a.unit].some((f) => f && f.toLowerCase().includes(w))))
    .sort(byUrgency);
}

/** "ORD→DFW 16:05–18:30 · 738": a scheduled leg in its airports' local times. */
function legText(leg) {
  const local = (iso) => iso.slice(11, 16);
  return `${leg.origin}→${leg.destination} ${local(leg.departure)}–${local(leg.arrival)} · ${leg.aircraft}`;
}

function customerChip(c, testid = "customer") {
  return h("span", { class: "chip customer", "data-testid": testid, title: c.masked ? "loyalty id masked for your role" : "loyalty id" },
    `${c.tier ? c.tier + " " : "customer "}${c.loyalty_id}`);
}

function row(a) {
  const chips = [];
  if (a.resolved_at) chips.push(h("span", { class: "chip acked" }, "resolved"));
  else if (a.acked_at) chips.push(h("span", { class: "chip acked" }, `ack ${a.acked_by}`));
  if (a.evidence.some((e) => e.loyalty_id_masked)) chips.push(h("span", { class: "chip customer" }, "customer"));
  if (a.kind === "CONNECTION_RISK") chips.push(h("span", { class: "chip risk", "data-testid": "kind" }, "connection risk"));
  for (const u of a.units || []) chips.push(h("span", { class: "chip unit", "data-testid": "unit" }, u));
  return h("li", {
    class: flashed.has(a.alert_id) ? "alert-row flash" : "alert-row",
    role: "option", id: `row-${a.alert_id}`, "data-alert-id": a.alert_id, "aria-selected": String(a.alert_id === selected),
    onclick: () => select(a.alert_id),
  },
    h("span", { class: "prio", "data-p": a.priority, title: `priority ${a.priority}` }, `P${a.priority}`),
    h("span", { class: "title" }, title(a), " ", h("span", { class: "muted" }, label(a.category))),
    h("span", { class: "age" }, h("span", { class: "status", "data-s": a.status }, a.status)),
    h("span", { class: "sub" }, `${ago(a.detected_at)} ago · `,
      a.kind === "CONNECTION_RISK" ? "ops feed · " : `${a.authors} author${a.authors === 1 ? "" : "s"} · `, ...chips, a.explanation),
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
function post(e, customers) {
  const known = customers[e.author];
  return h("li", { class: "post", "data-post-id": e.post_id },
    h("div", { class: "meta" },
      h("button", { class: "author", type: "button", title: "Earlier posts and alerts of this author", onclick: () => openAuthor(e.author) }, `@${e.author}`),
      known ? customerChip(known) : null,
      h("span", { title: e.created_at }, `${hhmm(e.created_at)} · ${ago(e.created_at)} ago`),
      h("span", { class: "chip" }, e.lang),
      e.channel === "direct" ? h("span", { class: "chip" }, "direct message") : null,
      e.loyalty_id_masked && !known ? h("span", { class: "chip customer", "data-testid": "customer" }, `customer ${e.loyalty_id_masked}`) : null,
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
  const linked = d.customers || {};
  const unlinked = [...new Set(x.evidence.filter((e) => !linked[e.author]).map((e) => e.loyalty_id_masked).filter(Boolean))];
  const risk = x.kind === "CONNECTION_RISK";
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
    Object.keys(linked).length || unlinked.length ? h("p", {},
      ...Object.entries(linked).map(([handle, c]) => h("button", { class: "chip-button", type: "button", onclick: () => openAuthor(handle) }, customerChip(c, "customer-badge"), `@${handle}`)),
      ...unlinked.map((c) => h("span", { class: "chip customer", "data-testid": "customer-badge" }, `loyalty customer ${c}`))) : null,
    h("div", { class: "facts" },
      risk ? fact("Ops reported", [hhmm(x.first_reported_at), h("small", {}, `${ago(x.first_reported_at)} ago`)])
        : fact("First post", [hhmm(x.first_reported_at), h("small", {}, `${ago(x.first_reported_at)} ago`)]),
      risk ? null : fact("Detected", hhmm(x.detected_at)),
      risk ? null : fact("Authors", String(x.authors)),
      risk ? fact("Kind", "connection risk", "risk")
        : lead !== null ? fact("Lead time", lead >= 0 ? `${duration(lead)} ahead` : `ops ${duration(-lead)} first`, "lead")
        : fact("Ops", `silent ${ago(x.first_reported_at)}`, "silent"),
      x.leg ? fact("Leg", legText(x.leg)) : null,
      x.units?.length ? fact(x.unit ? "Unit" : "Units", x.units.join(", ")) : null,
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
    x.evidence.length ? h("ul", { class: "evidence" }, x.evidence.map((e) => post(e, linked)))
      : h("p", { class: "muted" }, "No posts: the ops feed alone raised it."),
    x.notes.length ? h("div", { class: "section" }, "Notes") : null,
    x.notes.length ? h("ul", { class: "notes" }, x.notes.map((n) => h("li", {}, h("b", {}, n.by), ` · ${hhmm(n.at)} — `, n.text))) : null,
  );
}

async function openAuthor(handle) {
  let a;
  try {
    a = await api(`/api/authors/${encodeURIComponent(handle)}`);
  } catch (err) {
    return toast(err.message);
  }
  const mine = (x) => h("li", { class: "history-alert", "data-alert-id": x.alert_id, onclick: () => { closeAuthor(); select(x.alert_id); } },
    h("span", { class: "prio", "data-p": x.priority }, `P${x.priority}`), " ",
    h("b", {}, x.flight || x.station), " ", h("span", { class: "muted" }, label(x.category)), " ",
    h("span", { class: "status", "data-s": x.status }, x.status), " ", h("span", { class: "muted" }, `${hhmm(x.detected_at)} · ${ago(x.detected_at)} ago`));
  const earlier = (p) => h("li", { class: "post", "data-post-id": p.post_id },
    h("div", { class: "meta" },
      h("span", { title: p.created_at }, `${p.created_at.slice(0, 10)} ${hhmm(p.created_at)} · ${ago(p.created_at)} ago`),
      h("span", { class: "chip" }, p.lang),
      p.channel === "direct" ? h("span", { class: "chip" }, "direct message") : null,
      p.category !== "NONE" ? h("span", { class: "chip" }, label(p.category)) : null,
      ...p.flights.map((f) => h("span", { class: "chip" }, f)), ...p.stations.map((st) => h("span", { class: "chip" }, st))),
    h("div", { class: "text" }, p.excerpt));
  fill(ui.author,
    h("header", {}, h("h2", {}, `@${a.handle}`), h("button", { class: "btn", type: "button", "data-action": "close", onclick: closeAuthor }, "Close", h("kbd", {}, "Esc"))),
    a.customer ? h("p", { "data-testid": "history-customer" }, customerChip(a.customer, "history-badge"),
      a.customer.masked ? h("span", { class: "muted" }, " the loyalty id is shown in full to the liaison role only") : null)
      : h("p", { class: "muted" }, "No loyalty id linked to this handle."),
    h("div", { class: "section" }, `Alerts · ${a.alerts.length}`),
    a.alerts.length ? h("ul", { class: "history-alerts" }, a.alerts.map(mine)) : h("p", { class: "muted" }, "None."),
    h("div", { class: "section" }, `Earlier posts · ${a.posts.length}`),
    a.posts.length ? h("ul", { class: "evidence" }, a.posts.map(earlier)) : h("p", { class: "muted" }, "None read yet."),
  );
  ui.author.classList.remove("hidden");
  ui.author.querySelector('[data-action="close"]').focus();
}

function closeAuthor() {
  ui.author.classList.add("hidden");
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
  if (ev.key === "Escape" && !ui.author.classList.contains("hidden")) return closeAuthor();
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
ui.kind.addEventListener("change", renderList);
ui.unit.addEventListener("change", () => { showUnit(); renderList(); });

/** The unit chosen here is in the address (console?unit=...), and the wall link shows that unit too. */
function showUnit() {
  const unit = ui.unit.value;
  const url = new URL(location.href);
  if (unit) url.searchParams.set("unit", unit);
  else url.searchParams.delete("unit");
  history.replaceState(null, "", url);
  $("wall-link").href = unit ? `/wall?unit=${encodeURIComponent(unit)}` : "/wall";
}

async function loadUnits() {
  const wanted = new URLSearchParams(location.search).get("unit") || "";
  const units = await api("/api/units");
  fill(ui.unit, h("option", { value: "" }, "All units"), units.map((u) => h("option", { value: u.name }, u.name)));
  if (wanted && !units.some((u) => u.name === wanted)) ui.unit.append(h("option", { value: wanted }, wanted));
  ui.unit.value = wanted;
  showUnit();
}

async function boot() {
  try {
    me = await api("/api/me");
  } catch (err) {
    return askToken(err instanceof ApiError && err.status === 401 ? "That token was not accepted." : String(err.message || err));
  }
  fill(ui.who, "signed in as ", h("b", {}, me.user), ` (${me.role})`);
  await loadUnits().catch((err) => toast(`Units: ${err.message}`));
  feed = liveAlerts({
    onChange(alerts, changed) {
      markOpsFeed(document.getElementById("opsfeed"), alerts);
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

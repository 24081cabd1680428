// Weekly scorecard: GET /api/scorecard?week=... as tiles and tables (the figures `ioc-stream report weekly` writes);
// the week is in the address (/scorecard?week=2026-W47), ◀ ▶ step a week.

import { api, duration, fill, h, label, token } from "./common.js";

const root = document.getElementById("card");
const weekEl = document.getElementById("week");
const spanEl = document.getElementById("span");

const secs = (v) => (v === null || v === undefined ? "—" : duration(v));
const pct = (share) => `${(share * 100).toFixed(1)}%`;

function kpi(k, v, small, testid) {
  return h("div", { class: "kpi", "data-testid": testid }, h("div", { class: "k" }, k), h("div", { class: "v" }, v, small ? h("small", {}, ` ${small}`) : null));
}

function panel(title, body, cls = "") {
  return h("section", { class: `chart ${cls}` }, h("h2", {}, title), body);
}

function table(head, rows, empty = "none this week") {
  return h("table", { class: "figures" },
    h("tr", {}, head.map(([text, cls]) => h("th", { class: cls }, text))),
    rows.length ? rows : h("tr", {}, h("td", { colspan: head.length, class: "muted" }, empty)));
}

function counts(title, byKey) {
  const rows = Object.entries(byKey).map(([k, n]) => h("tr", {}, h("td", {}, label(k)), h("td", { class: "n" }, String(n))));
  return table([[title], ["alerts", "n"]], rows);
}

function growth(title, rows, name = (k) => k) {
  return table([[title], ["week before → this", "n"], ["change", "n"]], rows.map((g) => h("tr", {},
    h("td", {}, name(g.key)),
    h("td", { class: "n" }, `${g.previous_week} → ${g.this_week}`),
    h("td", { class: "n" }, g.change_pct === null ? "new" : `${g.change_pct > 0 ? "+" : ""}${Math.round(g.change_pct)}%`))));
}

/** "2026-W47" of the week `days` from the given one. */
function shift(week, days) {
  const [y, w] = week.split("-W").map(Number);
  const jan4 = new Date(Date.UTC(y, 0, 4));
  const monday = new Date(jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * 86400e3 + (w - 1) * 7 * 86400e3 + days * 86400e3);
  const thursday = new Date(monday.getTime() + 3 * 86400e3);
  const year = thursday.getUTCFullYear();
  const first = new Date(Date.UTC(year, 0, 4));
  const firstMonday = first.getTime() - ((first.getUTCDay() + 6) % 7) * 86400e3;
  return `${year}-W${String(Math.floor((monday.getTime() - firstMonday) / (7 * 86400e3)) + 1).padStart(2, "0")}`;
}

async function show(week) {
  let c;
  try {
    c = await api(`/api/scorecard${week ? `?week=${encodeURIComponent(week)}` : ""}`);
  } catch (err) {
    if (week) weekEl.value = week;
    spanEl.textContent = "";
    return fill(root, h("div", { class: "chart wide", "data-testid": "refused" }, `No scorecard: ${err.message}`));
  }
  weekEl.value = c.week;
  history.replaceState(null, "", `/scorecard?week=${c.week}${location.hash}`);
  spanEl.textContent = `${c.since.slice(0, 10)} – ${c.until.slice(0, 10)}`;
  const stories = c.top_stories.map((s) => h("tr", { "data-alert-id": s.alert_id },
    h("td", {}, h("span", { class: s.kind === "CONNECTION_RISK" ? "chip risk" : "chip" }, label(s.kind))),
    h("td", {}, h("b", {}, s.subject)), h("td", {}, label(s.category)),
    h("td", {}, h("span", { class: "status", "data-s": s.status }, s.status)),
    h("td", { class: "n" }, String(s.authors)), h("td", { class: "n" }, secs(s.lead_time_s)), h("td", {}, s.explanation)));
  fill(root,
    kpi("Mentions", c.mentions.toLocaleString("en-US"), null, "mentions"),
    kpi("Geotagged", pct(c.geotagged_share), String(c.geotagged), "geotagged"),
    kpi("Alerts", String(c.alerts.total), null, "alerts"),
    kpi("Lead time p50", secs(c.lead_time_s.p50), `p90 ${secs(c.lead_time_s.p90)} · ${c.lead_time_s.n} confirmed`, "lead"),
    kpi("Response p50", secs(c.response_time_s.p50), `p90 ${secs(c.response_time_s.p90)} · ${c.response_time_s.n} acked`, "response"),
    panel("Alerts by kind", counts("kind", c.alerts.by_kind)),
    panel("Alerts by status", counts("status", c.alerts.by_status)),
    panel("Top stories", table([["kind"], ["flight / station"], ["category"], ["status"], ["authors", "n"], ["lead time", "n"], ["why"]], stories), "wide"),
    panel("Bubbled up: categories", growth("category", c.bubbled_up.categories, label)),
    panel("Bubbled up: stations", growth("station", c.bubbled_up.stations)),
  );
}

document.getElementById("prev").addEventListener("click", () => show(shift(weekEl.value, -7)));
document.getElementById("next").addEventListener("click", () => show(shift(weekEl.value, 7)));
weekEl.addEventListener("change", () => weekEl.value && show(weekEl.value));
document.getElementById("pick").addEventListener("submit", (ev) => { ev.preventDefault(); show(weekEl.value); });

token();
show(new URLSearchParams(location.search).get("week"));

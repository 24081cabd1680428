// Bridge wall: open alerts by priority in type readable across the room; no controls, updates itself.
// /wall?unit=DFW%20narrowbody shows one unit's alerts only (a flight's unit, or a station alert of its hubs).

import { LIVE, ago, byUrgency, fill, h, label, liveAlerts, markConnection, markOpsFeed } from "./common.js";

const grid = document.getElementById("grid");
const count = document.getElementById("count");
const conn = document.getElementById("conn");
const clock = document.getElementById("clock");
const opsfeed = document.getElementById("opsfeed");
const unit = new URLSearchParams(location.search).get("unit");
let feed = null;

if (unit) {
  document.getElementById("unit").textContent = unit;
  document.title = `IOC · Bridge wall · ${unit}`;
}

function card(a) {
  return h("article", { class: "card", "data-p": a.priority, "data-alert-id": a.alert_id },
    h("div", { class: "line1" },
      h("span", { class: "prio", "data-p": a.priority }, `P${a.priority}`),
      h("span", { class: "what" }, a.flight ?? a.station),
      h("span", { class: "cat" }, label(a.category).toUpperCase()),
      h("span", { class: "muted" }, a.flight ? a.station ?? "" : "station-wide"),
    ),
    h("div", { class: "line2" },
      a.kind === "CONNECTION_RISK"
        ? h("span", { class: "ahead" }, `connection at risk · ops reported ${ago(a.first_reported_at)} ago`)
        : h("span", { class: "ahead" }, `ops silent ${ago(a.first_reported_at)}`),
      a.kind === "CONNECTION_RISK" ? null : h("span", {}, `${a.authors} passenger${a.authors === 1 ? "" : "s"}`),
      unit ? null : (a.units || []).map((u) => h("span", { class: "chip unit" }, u)),
      h("span", { class: "status", "data-s": a.status }, a.status),
      a.acked_by ? h("span", { class: "chip acked" }, `liaison: ${a.acked_by}`) : h("span", { class: "muted" }, "not yet acknowledged"),
    ),
    h("div", { class: "why" }, a.explanation),
  );
}

function render(alerts) {
  markOpsFeed(opsfeed, alerts);
  const open = [...alerts.values()]
    .filter((a) => LIVE.has(a.status) && !a.resolved_at && (!unit || (a.units || []).includes(unit)))
    .sort(byUrgency);
  fill(count, h("b", {}, String(open.length)), ` open alert${open.length === 1 ? "" : "s"}`);
  fill(grid, open.length ? open.map(card) : h("div", { class: "quiet" }, "No open alerts. Ops feeds are ahead of social."));
}

function tick() {
  const d = new Date();
  clock.textContent = `${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")}Z`;
  if (feed) render(feed.alerts);
}

feed = liveAlerts({
  query: `status=OPEN&status=ESCALATED&limit=200${unit ? `&unit=${encodeURIComponent(unit)}` : ""}`,
  onChange: render,
  onState: (state) => markConnection(conn, state),
  onDenied: (err) => fill(grid, h("div", { class: "quiet" }, `Not authorised: ${err.message}. Open /wall#token=<bridge token>.`)),
});
feed.start().catch((err) => fill(grid, h("div", { class: "quiet" }, `Cannot load alerts: ${err.message}. Open /wall#token=<bridge token>.`)));
tick();
setInterval(tick, 15_000);

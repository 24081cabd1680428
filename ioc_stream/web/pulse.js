// Social pulse: the last 24 h of mentions and alerts in small inline-SVG charts; refreshes every 30 s.

import { api, duration, fill, h, hhmm, label, token } from "./common.js";
import { hourColumns, rankBars } from "./charts.js";

const root = document.getElementById("pulse");
const windowEl = document.getElementById("window");

function kpi(k, v, small) {
  return h("div", { class: "kpi" }, h("div", { class: "k" }, k), h("div", { class: "v" }, v, small ? h("small", {}, ` ${small}`) : null));
}

function chart(title, svg, cls = "") {
  return h("section", { class: `chart ${cls}` }, h("h2", {}, title), svg);
}

const secs = (v) => (v === null || v === undefined ? "—" : duration(v));

async function refresh() {
  let p;
  try {
    p = await api("/api/pulse");
  } catch (err) {
    return fill(root, h("div", { class: "chart wide" }, `Cannot load the pulse: ${err.message}. Open /pulse#token=<token> or sign in on the console.`));
  }
  windowEl.textContent = `last 24 h · ${hhmm(p.since)} – ${hhmm(p.until)}`;
  const statuses = ["OPEN", "ESCALATED", "CONFIRMED", "RETRACTED", "EXPIRED"].map((s) => ({ key: s, count: p.alerts_by_status[s] ?? 0 }));
  fill(root,
    kpi("Mentions", p.mentions.toLocaleString("en-US")),
    kpi("Geotagged", `${(p.geotagged_share * 100).toFixed(1)}%`, `${p.geotagged}`),
    kpi("Open alerts", String(p.alerts_open)),
    kpi("Lead time median", secs(p.lead_time_median_s)),
    kpi("Lead time p90", secs(p.lead_time_p90_s)),
    kpi("Alert → ack median", secs(p.ack_median_s)),
    chart("Mentions per hour (UTC)", hourColumns(p.per_hour), "wide"),
    chart("Top categories", rankBars(p.top_categories, label), "third"),
    chart("Top stations", rankBars(p.top_stations), "third"),
    chart("Alerts by status", rankBars(statuses, (k) => k.toLowerCase()), "third"),
    chart("Top flights", rankBars(p.top_flights, undefined, 680)),
    chart("Languages", rankBars(p.languages, (k) => ({ en: "English", es: "Spanish", pt: "Portuguese" })[k] ?? k, 680)),
  );
}

token();
refresh();
setInterval(refresh, 30_000);

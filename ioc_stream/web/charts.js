// Inline-SVG charts: the alert timeline (posts vs ops, lead time drawn), hourly columns and ranked bars.

import { duration, hhmm, s } from "./common.js";

const LANES = [
  ["social", "Passengers", 34],
  ["ops", "Ops feed", 78],
  ["people", "Bridge", 118],
];
const MARK = { post: "post", detected: "detected", ops_occurred: "ops", ops_reported: "ops", ack: "people", resolve: "people", note: "people" };

/** The timeline of one alert: a lane per side, a mark per moment, the lead (or the silence so far) as a bracket. */
export function timelineSvg(detail, now = Date.now()) {
  const W = 900, L = 96, R = 24, H = 150;
  const times = detail.timeline.map((t) => Date.parse(t.at));
  const first = Date.parse(detail.alert.first_reported_at);
  const reported = detail.alert.ops_event ? Date.parse(detail.alert.ops_event.reported_at) : null;
  const t0 = Math.min(first, ...times);
  const t1 = Math.max(reported ?? now, ...times, t0 + 60_000);
  const x = (t) => L + ((t - t0) / (t1 - t0)) * (W - L - R);
  const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "Timeline of posts versus ops events" });
  for (const [, name, y] of LANES) {
    svg.append(s("line", { class: "lane", x1: L, x2: W - R, y1: y, y2: y }), s("text", { x: 8, y: y + 4 }, name));
  }
  const laneY = Object.fromEntries(LANES.map(([k, , y]) => [k, y]));
  detail.timeline.forEach((t) => {
    const cx = x(Date.parse(t.at)), y = laneY[t.side];
    const title = s("title", {}, `${hhmm(t.at)} ${t.label}`);
    if (t.kind === "detected") svg.append(s("path", { class: "detected", d: `M${cx} ${y - 9} l7 9 l-7 9 l-7 -9 z` }, title));
    else if (t.kind === "ops_reported") svg.append(s("rect", { class: "ops", x: cx - 6, y: y - 6, width: 12, height: 12 }, title));
    else svg.append(s("circle", { class: MARK[t.kind], cx, cy: y, r: t.kind === "ops_occurred" ? 4 : 6, opacity: t.kind === "ops_occurred" ? 0.6 : 1 }, title));
  });
  const y = 56;
  if (reported !== null) {
    const lead = detail.lead_time_s ?? (reported - first) / 1000;
    svg.append(
      s("line", { class: "lead", x1: x(first), x2: x(reported), y1: y, y2: y }),
      s("line", { class: "lead", x1: x(first), x2: x(first), y1: y - 5, y2: y + 5 }),
      s("line", { class: "lead", x1: x(reported), x2: x(reported), y1: y - 5, y2: y + 5 }),
      s("text", { class: "lead-label", x: (x(first) + x(reported)) / 2, y: y - 6, "text-anchor": "middle" },
        lead >= 0 ? `passengers ${duration(lead)} ahead of ops` : `ops knew ${duration(-lead)} earlier`),
    );
  } else {
    svg.append(
      s("line", { class: "silent", x1: x(first), x2: x(t1), y1: y, y2: y }),
      s("text", { class: "silent-label", x: (x(first) + x(t1)) / 2, y: y - 6, "text-anchor": "middle" }, `ops silent for ${duration((now - first) / 1000)}`),
    );
  }
  svg.append(s("text", { x: L, y: H - 6 }, hhmm(new Date(t0).toISOString())), s("text", { x: W - R, y: H - 6, "text-anchor": "end" }, hhmm(new Date(t1).toISOString())));
  return svg;
}

/** Columns, one per hour; the highest gets a value label. */
export function hourColumns(perHour) {
  const W = 900, H = 190, B = 22, T = 18;
  const max = Math.max(1, ...perHour.map((p) => p.mentions));
  const bw = W / perHour.length;
  const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "Mentions per hour, last 24 hours" });
  perHour.forEach((p, i) => {
    const h = ((H - B - T) * p.mentions) / max;
    const hot = p.mentions === max && max > 0;
    svg.append(s("rect", { class: hot ? "bar hot" : "bar", x: i * bw + 3, y: H - B - h, width: bw - 6, height: Math.max(h, p.mentions ? 1 : 0), rx: 2 },
      s("title", {}, `${hhmm(p.hour)}: ${p.mentions} mentions`)));
    if (hot) svg.append(s("text", { class: "val", x: i * bw + bw / 2, y: H - B - h - 4, "text-anchor": "middle" }, String(p.mentions)));
    if (i % 3 === 0) svg.append(s("text", { x: i * bw + bw / 2, y: H - 6, "text-anchor": "middle" }, hhmm(p.hour).slice(0, 2)));
  });
  return svg;
}

/** Horizontal bars for a ranked list of {key, count}; `W` is the drawing width (wider panels, same type size). */
export function rankBars(items, format = (k) => k, W = 440) {
  const row = 26, L = 150;
  const H = Math.max(row, items.length * row) + 4;
  const max = Math.max(1, ...items.map((i) => i.count));
  const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, role: "img" });
  items.forEach((item, i) => {
    const y = i * row + 4;
    const w = ((W - L - 50) * item.count) / max;
    svg.append(
      s("text", { x: L - 8, y: y + 15, "text-anchor": "end" }, format(item.key)),
      s("rect", { class: i === 0 ? "bar hot" : "bar", x: L, y, width: Math.max(w, 2), height: row - 8, rx: 2 }),
      s("text", { class: "val", x: L + w + 6, y: y + 15 }, String(item.count)),
    );
  });
  if (!items.length) svg.append(s("text", { x: 8, y: 18 }, "no data yet"));
  return svg;
}

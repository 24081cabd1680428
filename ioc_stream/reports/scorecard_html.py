"""The weekly scorecard as one self-contained HTML page: inline style, no script, no external asset, text escaped."""

from __future__ import annotations

from html import escape

from ioc_stream.reports.formatting import change, duration, percent
from ioc_stream.reports.scorecard import Growth, Scorecard

_STYLE = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f4f6f9;color:#1b2430}
main{max-width:1040px;margin:0 auto;padding:28px}
h1{font-size:26px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 10px;color:#33435a}
.sub{color:#5b6b80;margin:0 0 20px}
.tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:12px}
.tile{background:#fff;border-radius:8px;padding:12px 14px;box-shadow:0 1px 2px #0001}
.tile b{display:block;font-size:26px;color:#0b3d91}.tile span{color:#5b6b80;font-size:13px}
table{width:100%;border-collapse:collapse;background:#fff;border-radius:8px;overflow:hidden;box-shadow:0 1px 2px #0001}
th,td{text-align:left;padding:7px 10px;border-bottom:1px solid #e6eaf0;vertical-align:top}
th{background:#eef2f7;font-size:13px;color:#33435a}td.n{text-align:right;white-space:nowrap}
.cols{display:grid;grid-template-columns:1fr 1fr;gap:16px;align-items:start}
.bar{height:8px;background:#d9480f;border-radius:4px;min-width:2px}
.kind{font-size:12px;padding:1px 6px;border-radius:4px;background:#e7f0ff;color:#0b3d91;white-space:nowrap}
.kind.STATION_SURGE{background:#fff1e6;color:#9a3b00}.none{color:#5b6b80;font-style:italic}
"""


def _counts(title: str, counts: dict[str, int]) -> str:
    rows = "".join(f"<tr><td>{escape(k)}</td><td class=n>{n}</td></tr>" for k, n in counts.items())
    return f"<table><tr><th>{escape(title)}</th><th class=n>alerts</th></tr>{rows or _empty(2)}</table>"


def _empty(columns: int) -> str:
    return f"<tr><td colspan={columns} class=none>none this week</td></tr>"


def _growth(title: str, rows: list[Growth]) -> str:
    widest = max((g.change for g in rows), default=1)
    body = "".join(
        f"<tr><td>{escape(g.key)}</td><td class=n>{g.previous_week} → {g.this_week}</td>"
        f"<td class=n>{change(g.change_pct)}</td>"
        f"<td style='width:35%'><div class=bar style='width:{100 * g.change / widest:.0f}%'></div></td></tr>"
        for g in rows
    )
    head = f"<tr><th>{escape(title)}</th><th class=n>week before → this</th><th class=n>change</th><th></th></tr>"
    return f"<table>{head}{body or _empty(4)}</table>"


def render_html(card: Scorecard) -> str:
    """The page for `card`: key figures, alerts by kind and status, the top stories, what bubbled up."""
    tiles = [
        (f"{card.mentions:,}", "mentions"),
        (percent(card.geotagged_share), f"geotagged ({card.geotagged:,})"),
        (str(card.alerts.total), "alerts"),
        (
            duration(card.lead_time_s.p50),
            f"lead time p50 (p90 {duration(card.lead_time_s.p90)}, {card.lead_time_s.n} confirmed)",
        ),
        (
            duration(card.response_time_s.p50),
            f"response time p50 (p90 {duration(card.response_time_s.p90)}, {card.response_time_s.n} acknowledged)",
        ),
    ]
    stories = "".join(
        f"<tr><td><span class='kind {s.kind.value}'>{escape(s.kind.value.replace('_', ' ').lower())}</span></td>"
        f"<td>{escape(s.subject)}</td><td>{escape(s.category.value)}</td><td>{escape(s.status.value)}</td>"
        f"<td class=n>{s.authors}</td><td class=n>{duration(s.lead_time_s)}</td><td>{escape(s.explanation)}</td></tr>"
        for s in card.top_stories
    )
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        "<meta name=viewport content='width=device-width,initial-scale=1'>"
        f"<title>Weekly scorecard {escape(card.week)}</title>"
        f"<style>{_STYLE}</style></head><body><main>"
        f"<h1>Weekly scorecard {escape(card.week)}</h1>"
        f"<p class=sub>{card.since:%a %d %b %Y %H:%M} – {card.until:%a %d %b %Y %H:%M}"
        f" ({escape(card.since.strftime('%Z') or 'UTC')})</p>"
        "<div class=tiles>"
        + "".join(f"<div class=tile><b>{escape(v)}</b><span>{escape(k)}</span></div>" for v, k in tiles)
        + "</div>"
        "<h2>Alerts</h2><div class=cols>"
        + _counts("by kind", card.alerts.by_kind)
        + _counts("by status", card.alerts.by_status)
        + "</div>"
        "<h2>Top stories</h2><table><tr><th>kind</th><th>flight / station</th><th>category</th><th>status</th>"
        f"<th class=n>authors</th><th class=n>lead time</th><th>why</th></tr>{stories or _empty(7)}</table>"
        "<h2>Bubbled up against the week before</h2><div class=cols>"
        + _growth("category", card.bubbled_up.categories)
        + _growth("station", card.bubbled_up.stations)
        + "</div>"
        "</main></body></html>\n"
    )

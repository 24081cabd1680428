"""Generate the Grafana dashboards in deploy/grafana/dashboards/ from one compact panel list each.

The JSON files are checked in (Grafana provisions them as they are); this script is their source,
so a panel is one line of PromQL here instead of sixty lines of JSON. Regenerate after an edit:

    python deploy/grafana/build_dashboards.py          # write
    python deploy/grafana/build_dashboards.py --check  # exit 1 if a checked-in file drifted
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

OUT = Path(__file__).resolve().parent / "dashboards"
DS = {"type": "prometheus", "uid": "${datasource}"}
WORKER = 'job="ioc-stream-worker"'


@dataclass
class Panel:
    """One panel: its PromQL targets as (expr, legend) pairs; `instant` for single-value panels."""

    title: str
    kind: str
    targets: list[tuple[str, str]]
    unit: str = "short"
    width: int = 12
    height: int = 8
    instant: bool = False
    interval: str | None = None
    description: str = ""
    options: dict = field(default_factory=dict)
    fmt: str = "time_series"


@dataclass
class Variable:
    """A query variable over one label of one metric (multi-select, 'All' means any value)."""

    name: str
    metric: str
    label: str


def _variable_json(var: Variable) -> dict:
    query = f"label_values({var.metric}, {var.label})"
    return {
        "type": "query",
        "name": var.name,
        "label": var.label.capitalize(),
        "datasource": DS,
        "query": {"query": query, "refId": f"var-{var.name}"},
        "definition": query,
        "includeAll": True,
        "allValue": ".*",
        "multi": True,
        "refresh": 2,
        "sort": 1,
        "current": {"selected": True, "text": ["All"], "value": ["$__all"]},
    }


def _panel_json(panel: Panel, pid: int, x: int, y: int) -> dict:
    targets = []
    for i, (expr, legend) in enumerate(panel.targets):
        target = {"refId": chr(ord("A") + i), "datasource": DS, "expr": expr, "legendFormat": legend}
        target.update({"instant": True, "range": False} if panel.instant else {"instant": False, "range": True})
        if panel.fmt != "time_series":
            target["format"] = panel.fmt
        targets.append(target)
    out = {
        "id": pid,
        "type": panel.kind,
        "title": panel.title,
        "description": panel.description,
        "datasource": DS,
        "gridPos": {"x": x, "y": y, "w": panel.width, "h": panel.height},
        "targets": targets,
        "fieldConfig": {"defaults": {"unit": panel.unit}, "overrides": []},
        "options": panel.options,
    }
    if panel.interval:
        out["interval"] = panel.interval
    return out


def dashboard(uid: str, title: str, description: str, variables: list[Variable], panels: list[Panel]) -> dict:
    """The dashboard JSON model: panels laid out left to right, wrapping at Grafana's 24 columns."""
    x = y = row_height = 0
    laid_out = []
    for pid, panel in enumerate(panels, start=1):
        if x + panel.width > 24:
            x, y, row_height = 0, y + row_height, 0
        laid_out.append(_panel_json(panel, pid, x, y))
        x, row_height = x + panel.width, max(row_height, panel.height)
    datasource = {"type": "datasource", "name": "datasource", "label": "Data source", "query": "prometheus"}
    return {
        "uid": uid,
        "title": title,
        "description": description,
        "tags": ["ioc-stream"],
        "timezone": "utc",
        "schemaVersion": 39,
        "version": 1,
        "editable": True,
        "graphTooltip": 1,
        "refresh": "30s",
        "time": {"from": "now-24h", "to": "now"},
        "templating": {"list": [datasource, *(_variable_json(v) for v in variables)]},
        "annotations": {"list": []},
        "links": [{"type": "dashboards", "tags": ["ioc-stream"], "asDropdown": False, "title": "ioc-stream"}],
        "panels": laid_out,
    }


def _quantiles(metric: str, window: str, qs: tuple[float, ...] = (0.5, 0.9)) -> list[tuple[str, str]]:
    return [
        (f"histogram_quantile({q}, sum by (le) (rate({metric}_bucket[{window}])))", f"p{round(q * 100)}") for q in qs
    ]


MENTIONS = 'ioc_mentions_total{lang=~"$lang"}'
STACKED = {"legend": {"displayMode": "table", "placement": "right"}, "tooltip": {"mode": "multi"}}
BARS = {"displayMode": "gradient", "orientation": "horizontal", "reduceOptions": {"calcs": ["lastNotNull"]}}


def social_pulse() -> dict:
    """What passengers are saying: volume, where, about which flights, which categories."""
    return dashboard(
        "ioc-social-pulse",
        "ioc-stream / Social pulse",
        "Volume and shape of the social-mention stream, for the social-media liaison and management.",
        [
            Variable("lang", "ioc_mentions_total", "lang"),
            Variable("station", "ioc_mentions_by_station_total", "station"),
        ],
        [
            Panel(
                "Mentions in range",
                "stat",
                [(f"sum(increase({MENTIONS}[$__range]))", "mentions")],
                width=6,
                instant=True,
            ),
            Panel(
                "Geotagged share",
                "stat",
                [
                    (
                        "sum(increase(ioc_mentions_geotagged_total[$__range])) / sum(increase(ioc_mentions_total[$__range]))",  # noqa: E501 - one PromQL query reads best whole
                        "geotagged",
                    )
                ],
                unit="percentunit",
                width=6,
                instant=True,
                description="Posts that carried coordinates, of all enriched posts.",
            ),
            Panel(
                "Mentions by language",
                "piechart",
                [(f"sum by (lang) (increase({MENTIONS}[$__range]))", "{{lang}}")],
                width=12,
                instant=True,
            ),
            Panel(
                "Mentions per minute",
                "timeseries",
                [(f"sum by (lang) (rate({MENTIONS}[$__rate_interval])) * 60", "{{lang}}")],
                unit="short",
                width=24,
                options=STACKED,
            ),
            Panel(
                "Top stations",
                "bargauge",
                [
                    (
                        'topk(10, sum by (station) (increase(ioc_mentions_by_station_total{station=~"$station"}[$__range])))',  # noqa: E501 - one PromQL query reads best whole
                        "{{station}}",
                    )
                ],
                instant=True,
                options=BARS,
            ),
            Panel(
                "Top flights",
                "bargauge",
                [("topk(10, sum by (flight) (increase(ioc_mentions_by_flight_total[$__range])))", "{{flight}}")],
                instant=True,
                options=BARS,
            ),
            Panel(
                "Categories by hour",
                "timeseries",
                [
                    (
                        'sum by (category) (increase(ioc_mentions_total{lang=~"$lang", category!="NONE"}[$__interval]))',  # noqa: E501 - one PromQL query reads best whole
                        "{{category}}",
                    )
                ],
                interval="1h",
                width=12,
                options={**STACKED, "drawStyle": "bars"},
                description="Mentions per hour by incident category (posts with no category left out).",
            ),
            Panel(
                "Geotagged share over time",
                "timeseries",
                [
                    (
                        "sum(rate(ioc_mentions_geotagged_total[$__rate_interval])) / sum(rate(ioc_mentions_total[$__rate_interval]))",  # noqa: E501 - one PromQL query reads best whole
                        "geotagged",
                    )
                ],
                unit="percentunit",
            ),
        ],
    )


def bridge_alerts() -> dict:
    """How the bridge is doing: what is open, how much earlier passengers were, how alerts ended."""
    final = 'status=~"CONFIRMED|RETRACTED|EXPIRED"'
    return dashboard(
        "ioc-bridge-alerts",
        "ioc-stream / Bridge alerts",
        "Social-first alerts to the ops bridge: open now, outcomes, lead time over the ops feeds, ops-first cases.",
        [],
        [
            Panel("Open alerts", "stat", [("sum(ioc_open_alerts)", "open")], width=6, instant=True),
            Panel(
                "Median lead time",
                "stat",
                [("histogram_quantile(0.5, sum by (le) (increase(ioc_lead_time_seconds_bucket[$__range])))", "median")],
                unit="s",
                width=6,
                instant=True,
                description="How long before the ops feed passengers reported it (confirmed social-first alerts).",
            ),
            Panel(
                "Social-first share",
                "stat",
                [
                    (
                        "sum(increase(ioc_lead_time_seconds_count[$__range])) / (sum(increase(ioc_lead_time_seconds_count[$__range]))"  # noqa: E501 - one PromQL query reads best whole
                        " + sum(increase(ioc_ops_first_total[$__range])))",
                        "social first",
                    )
                ],
                unit="percentunit",
                width=6,
                instant=True,
                description="Confirmed incidents passengers reported first, of those ops and social both saw.",
            ),
            Panel(
                "Alert outcomes",
                "piechart",
                [(f"sum by (status) (increase(ioc_alerts_total{{{final}}}[$__range]))", "{{status}}")],
                width=6,
                instant=True,
                description="Confirmed by an ops event, retracted by the liaison, or expired unconfirmed.",
            ),
            Panel("Open alerts by kind", "timeseries", [("sum by (kind) (ioc_open_alerts)", "{{kind}}")]),
            Panel(
                "Outcomes over time",
                "timeseries",
                [(f"sum by (status) (increase(ioc_alerts_total{{{final}}}[$__rate_interval]))", "{{status}}")],
                options={**STACKED, "drawStyle": "bars"},
            ),
            Panel(
                "Lead-time distribution",
                "heatmap",
                [("sum by (le) (increase(ioc_lead_time_seconds_bucket[$__rate_interval]))", "{{le}}")],
                unit="s",
                fmt="heatmap",
                options={"calculate": False, "yAxis": {"unit": "s"}, "cellGap": 1},
            ),
            Panel(
                "Lead time percentiles", "timeseries", _quantiles("ioc_lead_time_seconds", "$__rate_interval"), unit="s"
            ),
            Panel(
                "Ops first, by category",
                "timeseries",
                [("sum by (category) (increase(ioc_ops_first_total[$__rate_interval]))", "{{category}}")],
                options={**STACKED, "drawStyle": "bars"},
                description="Posts about something the ops feed already had: no alert raised (the feeds were fast).",
            ),
            Panel(
                "Ops-first lag percentiles",
                "timeseries",
                _quantiles("ioc_ops_first_lag_seconds", "$__rate_interval"),
                unit="s",
                description="When ops knew first: how long after the ops event the first post came.",
            ),
        ],
    )


def pipeline_health() -> dict:
    """Whether the pipeline keeps up: throughput, detection latency, lag, dead letters, workers."""
    return dashboard(
        "ioc-pipeline-health",
        "ioc-stream / Pipeline health",
        "Throughput, detection latency, consumer lag and dead letters of the ioc-stream workers.",
        [],
        [
            Panel(
                "Workers up",
                "stat",
                [(f"sum(up{{{WORKER}}})", "scraped"), ("sum(ioc_worker_up)", "assigned")],
                width=6,
                instant=True,
            ),
            Panel("Total consumer lag", "stat", [("sum(ioc_consumer_lag)", "lag")], width=6, instant=True),
            Panel(
                "Dead letters in range",
                "stat",
                [("sum(increase(ioc_deadletters_total[$__range]))", "dead letters")],
                width=6,
                instant=True,
            ),
            Panel(
                "Detection latency p95",
                "stat",
                [
                    (
                        "histogram_quantile(0.95, sum by (le) (increase(ioc_detection_latency_seconds_bucket[$__range])))",  # noqa: E501 - one PromQL query reads best whole
                        "p95",
                    )
                ],
                unit="s",
                width=6,
                instant=True,
            ),
            Panel(
                "Throughput by agent",
                "timeseries",
                [("sum by (agent) (rate(ioc_events_processed_total[$__rate_interval]))", "{{agent}}")],
                unit="ops",
            ),
            Panel(
                "Ops events by type",
                "timeseries",
                [("sum by (type) (rate(ioc_ops_events_total[$__rate_interval]))", "{{type}}")],
                unit="ops",
                options=STACKED,
            ),
            Panel(
                "Detection latency",
                "timeseries",
                _quantiles("ioc_detection_latency_seconds", "$__rate_interval", (0.5, 0.95, 0.99)),
                unit="s",
                description="Wall time from a post entering Kafka to its alert leaving the worker.",
            ),
            Panel(
                "Consumer lag by topic",
                "timeseries",
                [("sum by (topic) (ioc_consumer_lag)", "{{topic}}"), ("max(ioc_consumer_lag)", "worst partition")],
            ),
            Panel(
                "Dead letters by reason",
                "timeseries",
                [("sum by (reason) (increase(ioc_deadletters_total[$__rate_interval]))", "{{reason}}")],
                options={**STACKED, "drawStyle": "bars"},
            ),
            Panel("Correlation state keys", "timeseries", [("sum by (table) (ioc_table_keys)", "{{table}}")]),
            Panel(
                "Late events by input",
                "timeseries",
                [
                    (
                        "sum by (input, reason) (increase(ioc_late_events_total[$__rate_interval]))",
                        "{{input}} {{reason}}",
                    )
                ],
                description="dropped: older than the kept watermark (an input more than IOC_CORRELATION__RETENTION_S "
                "behind the other); after_judgement: ops events that came after their alerts were judged, still "
                "applied (a lagging ops feed catching up).",
            ),
            Panel(
                "Input event-time lag",
                "timeseries",
                [("max by (input) (ioc_input_event_time_lag_seconds)", "{{input}}")],
                unit="s",
                description="Wall time minus the latest event time read, per input. One input far above the other "
                "is silent (alert IocInputSilent); the bridge sees 'ops feed silent since ...'.",
            ),
        ],
    )


DASHBOARDS = {"social-pulse": social_pulse, "bridge-alerts": bridge_alerts, "pipeline-health": pipeline_health}


def render() -> dict[str, str]:
    """File name -> JSON text of every dashboard."""
    return {f"{name}.json": json.dumps(build(), indent=2, sort_keys=True) + "\n" for name, build in DASHBOARDS.items()}


def main(argv: list[str]) -> int:
    """Write the dashboards, or with --check report the ones that drifted from this source."""
    drifted = []
    for name, text in render().items():
        target = OUT / name
        if "--check" in argv:
            if not target.exists() or target.read_text() != text:
                drifted.append(str(target))
        else:
            OUT.mkdir(parents=True, exist_ok=True)
            target.write_text(text)
    if drifted:
        print("dashboards drifted from build_dashboards.py: " + ", ".join(drifted), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

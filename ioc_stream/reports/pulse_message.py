"""The daily Social Pulse as a message: the 24 h pulse (hot topics, top flights and stations, alerts, lead times)
rendered once into a digest, then as plain text and HTML for e-mail and as Slack or Teams webhook JSON (pure)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from email.message import EmailMessage
from html import escape
from typing import Any, Literal

from ioc_stream.alerts.store import LIVE, utc
from ioc_stream.alerts.timeline import lead_time_s
from ioc_stream.models import Alert
from ioc_stream.reports.formatting import duration, percent
from ioc_stream.reports.pulse import Count, Pulse

Style = Literal["slack", "teams"]


def _topic(key: str) -> str:
    return key.replace("_", " ").lower()


@dataclass(frozen=True, slots=True)
class Digest:
    """What the message says, before it is written for a channel: a title, figure lines, ranked lists, alert lines."""

    title: str
    window: str
    mentions: int
    open_alerts: int
    figures: tuple[str, ...]
    lists: tuple[tuple[str, tuple[Count, ...]], ...]
    alerts: tuple[str, ...]


def _alert_line(a: Alert) -> str:
    lead = lead_time_s(a)
    ahead = f", passengers {duration(lead)} ahead of ops" if a.status == "CONFIRMED" and lead is not None else ""
    return f"P{a.priority} {a.flight or a.station} {_topic(a.category.value)}, {a.status.value}{ahead}: {a.explanation}"


def digest(pulse: Pulse, alerts: Iterable[Alert], top: int = 5) -> Digest:
    """The pulse and the alerts of its window, ranked: live alerts first, then by priority and size."""
    since = utc(pulse.since)
    recent = [a for a in alerts if utc(a.updated_at) >= since]
    recent.sort(key=lambda a: (a.status not in LIVE, a.priority, -a.authors, utc(a.detected_at), a.alert_id))
    by_status = ", ".join(f"{n} {s.lower()}" for s, n in sorted(pulse.alerts_by_status.items())) or "none"
    return Digest(
        title=f"Social Pulse {pulse.until:%d %b %Y}",
        window=f"last 24 h: {pulse.since:%d %b %H:%M} – {pulse.until:%d %b %H:%M} UTC",
        mentions=pulse.mentions,
        open_alerts=pulse.alerts_open,
        figures=(
            f"{pulse.mentions:,} mentions ({percent(pulse.geotagged_share)} geotagged)",
            f"{sum(pulse.alerts_by_status.values())} alerts ({by_status}); {pulse.alerts_open} open now",
            f"lead time p50 {duration(pulse.lead_time_median_s)}, p90 {duration(pulse.lead_time_p90_s)}; "
            f"first acknowledgement p50 {duration(pulse.ack_median_s)}",
        ),
        lists=(
            ("Hot topics", tuple(Count(key=_topic(c.key), count=c.count) for c in pulse.top_categories[:top])),
            ("Top flights", tuple(pulse.top_flights[:top])),
            ("Top stations", tuple(pulse.top_stations[:top])),
        ),
        alerts=tuple(_alert_line(a) for a in recent[:top]),
    )


def _ranked(counts: tuple[Count, ...]) -> str:
    return " · ".join(f"{c.key} {c.count:,}" for c in counts) or "none"


@dataclass(frozen=True, slots=True)
class PulseMessage:
    """The pulse as an e-mail: subject, plain text and HTML bodies."""

    subject: str
    text: str
    html: str

    def email(self, sender: str, recipients: list[str]) -> EmailMessage:
        """A multipart/alternative message (text first, HTML preferred by mail readers)."""
        msg = EmailMessage()
        msg["Subject"], msg["From"], msg["To"] = self.subject, sender, ", ".join(recipients)
        msg.set_content(self.text)
        msg.add_alternative(self.html, subtype="html")
        return msg


def message(d: Digest) -> PulseMessage:
    """The e-mail of a digest."""
    hot = d.lists[0][1]
    subject = f"{d.title}: {d.mentions:,} mentions, {d.open_alerts} open alerts" + (
        f", hot: {hot[0].key}" if hot else ""
    )
    text = (
        "\n".join(
            [
                f"{d.title} ({d.window})",
                "",
                *d.figures,
                "",
                *(f"{name}: {_ranked(counts)}" for name, counts in d.lists),
                "",
                "Alerts:" if d.alerts else "Alerts: none in the last 24 h",
                *(f"  {line}" for line in d.alerts),
            ]
        )
        + "\n"
    )
    rows = "".join(
        f"<tr><th align=left style='padding:4px 12px 4px 0'>{escape(name)}</th><td>{escape(_ranked(counts))}</td></tr>"
        for name, counts in d.lists
    )
    alerts = (
        "".join(f"<li style='margin:4px 0'>{escape(line)}</li>" for line in d.alerts)
        or "<li>none in the last 24 h</li>"
    )
    html = (
        "<!doctype html><html><body style='font-family:system-ui,Segoe UI,Roboto,sans-serif;color:#1b2430'>"
        f"<h2 style='margin:0'>{escape(d.title)}</h2><p style='color:#5b6b80;margin:2px 0 12px'>{escape(d.window)}</p>"
        + "".join(f"<p style='margin:2px 0'>{escape(f)}</p>" for f in d.figures)
        + f"<table style='margin:12px 0'>{rows}</table><h3 style='margin:8px 0'>Alerts</h3>"
        + f"<ul>{alerts}</ul></body></html>\n"
    )
    return PulseMessage(subject=subject, text=text, html=html)


def _slack_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def webhook_payload(d: Digest, style: Style) -> dict[str, Any]:
    """The chat post of a digest: Slack blocks (with a text fallback) or a Teams Adaptive Card message."""
    lists = [f"*{name}:* {_ranked(counts)}" for name, counts in d.lists]
    alerts = [f"• {line}" for line in d.alerts] or ["No alerts in the last 24 h."]
    if style == "slack":
        e = _slack_escape
        return {
            "text": e(f"{d.title}: {d.figures[0]}"),
            "blocks": [
                {"type": "header", "text": {"type": "plain_text", "text": d.title}},
                {"type": "context", "elements": [{"type": "mrkdwn", "text": e(d.window)}]},
                {"type": "section", "text": {"type": "mrkdwn", "text": e("\n".join(d.figures))}},
                {"type": "section", "text": {"type": "mrkdwn", "text": e("\n".join(lists))}},
                {"type": "section", "text": {"type": "mrkdwn", "text": e("*Alerts*\n" + "\n".join(alerts))}},
            ],
        }
    body = [
        {"type": "TextBlock", "text": d.title, "size": "Large", "weight": "Bolder", "wrap": True},
        {"type": "TextBlock", "text": d.window, "isSubtle": True, "spacing": "None", "wrap": True},
        *({"type": "TextBlock", "text": f, "wrap": True} for f in d.figures),
        {"type": "FactSet", "facts": [{"title": name, "value": _ranked(counts)} for name, counts in d.lists]},
        {"type": "TextBlock", "text": "Alerts", "weight": "Bolder", "wrap": True},
        *({"type": "TextBlock", "text": line, "wrap": True, "spacing": "Small"} for line in alerts),
    ]
    card = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": body,
    }
    return {
        "type": "message",
        "attachments": [{"contentType": "application/vnd.microsoft.card.adaptive", "content": card}],
    }

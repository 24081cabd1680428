"""Curated word tables shipped under ioc_stream/data, and the prefix-tree regexes that find them fast."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from importlib.resources import files

__all__ = ["data_lines", "fold", "lowered", "reversed_trie_pattern", "spaced", "trie_pattern"]


def data_lines(name: str) -> Iterator[str]:
    """Non-blank, non-comment lines of the data file `name` (UTF-8), stripped."""
    for line in files("ioc_stream").joinpath("data", name).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            yield line


def fold(text: str) -> str:
    """Case- and accent-insensitive key: "São Paulo" and "SAO PAULO" -> "sao paulo"; curly quotes straightened."""
    text = text.replace("\u2019", "'").lower()
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


#: The only characters for which `str.lower` disagrees with how `re.IGNORECASE` compares ASCII letters.
_LOWER_FIXES = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})


def lowered(text: str) -> str:
    """`text` lowercased character for character (same length), so that a case-sensitive pattern of
    lowercase words run on it finds what the same pattern with `re.IGNORECASE` finds in `text`
    (case-insensitive matching in `re` is several times slower)."""
    return text.lower() if text.isascii() else text.translate(_LOWER_FIXES).lower()


def trie_pattern(words: Iterable[str]) -> str:
    """One regex alternation for `words`, shared prefixes factored out, longest match tried first.

    Python's `re` tries alternatives one by one; a prefix tree makes a few hundred names cost
    about as much as a handful.
    """
    root: dict = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _emit(root)


def spaced(pattern: str) -> str:
    """Let each (escaped) space in a word pattern match any run of whitespace."""
    return pattern.replace(r"\ ", r"\s+")


def reversed_trie_pattern(words: Iterable[str]) -> str:
    """`trie_pattern` of the words spelled backwards: finds them in a reversed post, ending where they start."""
    return trie_pattern(word[::-1] for word in words)


def _emit(node: dict) -> str:
    final = "" in node
    alts = [re.escape(ch) + _emit(child) for ch, child in sorted(node.items()) if ch]
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    if not final:
        return body
    return f"(?:{body})?" if len(alts) > 1 or len(body) > 1 else body + "?"

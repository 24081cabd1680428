"""Curated word tables shipped under ioc_stream/data, and what finds them in a post fast.

Python's `re` tries a pattern at every character of a post, which for a long alternation of names
costs tens of microseconds. Here a post's words are split out at C speed instead (`bytes.translate`
and `split`), looked up in a set, and a pattern is tried only where one of its key words stands.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

__all__ = [
    "KeyWords",
    "capitals",
    "data_lines",
    "fold",
    "is_word_char",
    "key_word",
    "lowered",
    "reversed_trie_pattern",
    "scan",
    "spaced",
    "trie_pattern",
    "unaccented",
    "words",
]

_WORD = re.compile(r"\w+")
#: bytes.translate tables: ASCII word characters lowercased (resp. capitals A-Z kept), every other byte a space.
_ASCII_WORDS = bytes(
    ord(chr(c).lower()) if chr(c).isascii() and (chr(c).isalnum() or c == 0x5F) else 0x20 for c in range(256)
)
_CAPITALS = bytes(c if 0x41 <= c <= 0x5A else 0x20 for c in range(256))


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


#: Accented lower-case Latin letters and their base letter: one character for one, so spans stay put.
_UNACCENT = str.maketrans(
    "áàâãäåéèêëíìîïóòôõöúùûüçñý",
    "aaaaaaeeeeiiiiooooouuuucny",
)


def unaccented(low: str) -> str:
    """A lower-cased text with its accents dropped, character for character ("avión" -> "avion").

    Posts in Spanish and Portuguese drop accents as often as they keep them ("medico", "avion",
    "nao"); cues and texts both pass through this, so either spelling matches, and a match's span
    is the same in the original text.
    """
    return low if low.isascii() else low.translate(_UNACCENT)


def lowered(text: str) -> str:
    """`text` lowercased character for character (same length), so that a case-sensitive pattern of
    lowercase words run on it finds what the same pattern with `re.IGNORECASE` finds in `text`
    (case-insensitive matching in `re` is several times slower)."""
    if not text.isascii() and ("\u0130" in text or "\u0131" in text or "\u017f" in text):
        text = text.translate(_LOWER_FIXES)
    return text.lower()


def is_word_char(ch: str) -> bool:
    """What `\\w` matches in a `str` pattern."""
    return ch.isalnum() or ch == "_"


def words(text: str) -> list[str]:
    """The words of `text.lower()`: its maximal runs of `\\w` (C speed for ASCII text)."""
    if text.isascii():
        return text.encode().translate(_ASCII_WORDS).decode().split()
    return _WORD.findall(text.lower())


def capitals(text: str) -> list[str]:
    """The maximal runs of capitals A-Z in `text` ("DFW-LAX" -> ["DFW", "LAX"])."""
    return text.encode().translate(_CAPITALS).decode().split()


def key_word(phrase: str) -> tuple[str, int]:
    """The longest word of `phrase` (the first, if several) and where it starts."""
    m = max(_WORD.finditer(phrase), key=lambda m: len(m.group()))
    return m.group(), m.start()


@dataclass(frozen=True, slots=True)
class KeyWords:
    """Phrases indexed by one word each (their longest): where that word stands, the phrase may start
    at a known offset before it. Finds the places worth trying a phrase pattern, at C speed. Phrases
    made of one-letter words ("D.C.") would be found everywhere by a word: they are looked for whole."""

    offsets: dict[str, tuple[int, ...]]
    keys: frozenset[str]
    literals: tuple[str, ...]

    @classmethod
    def of(cls, phrases: Iterable[str]) -> KeyWords:
        """Index `phrases` by their key words."""
        offsets: dict[str, set[int]] = {}
        literals = []
        for phrase in phrases:
            key, offset = key_word(phrase)
            if len(key) > 1:
                offsets.setdefault(key, set()).add(offset)
            else:
                literals.append(phrase)
        return cls({k: tuple(sorted(v)) for k, v in offsets.items()}, frozenset(offsets), tuple(sorted(literals)))

    def starts(self, present: Collection[str], haystack: str) -> set[int]:
        """Where a phrase may start in `haystack`, whose words are `present` (or those worth a look): every place
        a key word among them stands as a whole word, less its offsets, and every place a literal phrase
        stands. Includes every real start."""
        starts: set[int] = set()
        for phrase in self.literals:
            i = haystack.find(phrase)
            while i >= 0:
                starts.add(i)
                i = haystack.find(phrase, i + 1)
        if self.keys.isdisjoint(present):
            return starts
        end = len(haystack)
        for key in self.keys.intersection(present):
            i = haystack.find(key)
            while i >= 0:
                j = i + len(key)
                if not (i and is_word_char(haystack[i - 1])) and not (j < end and is_word_char(haystack[j])):
                    starts.update(p for off in self.offsets[key] if (p := i - off) >= 0)
                i = haystack.find(key, j)
        return starts


def scan(pattern: re.Pattern[str], haystack: str, starts: Iterable[int]) -> list[re.Match[str]]:
    """What `pattern.finditer(haystack)` finds, trying the pattern only at `starts`, which must include
    every position where a match can begin (the pattern never matches empty)."""
    found = []
    taken = 0
    for p in sorted(starts):
        if p >= taken and (m := pattern.match(haystack, p)):
            found.append(m)
            taken = m.end()
    return found


def trie_pattern(words: Iterable[str]) -> str:
    """One regex alternation for `words`, shared prefixes factored out, longest match tried first.

    Python's `re` tries alternatives one by one; a prefix tree makes a few hundred names cost
    about as much as a handful.
    """
    root: dict[str, Any] = {}
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


def _emit(node: dict[str, Any]) -> str:
    final = "" in node
    alts = [re.escape(ch) + _emit(child) for ch, child in sorted(node.items()) if ch]
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    if not final:
        return body
    return f"(?:{body})?" if len(alts) > 1 or len(body) > 1 else body + "?"

"""Many weighted phrases compiled into one regex, so a post is scanned once however big the lexicon.

Each cue is a small regex (plain words, ``\\w*`` stems, ``(?:a|b)`` choices, no capturing groups)
that carries effects: ``(key, weight)`` pairs. The cues are merged into a single alternation
shaped like a trie over their literal prefixes, so at each word start the regex engine compares
one character per branch instead of trying every cue. Where two cues start at the same place,
the one with the longer literal prefix is tried first ("cancel my booking" before "cancel\\w*"),
and matches never overlap, so a phrase consumes the words it explains.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping

__all__ = ["CueMatcher", "Effects"]

#: What one cue does when it matches: (key, weight) pairs.
Effects = tuple[tuple[str, float], ...]

_META = frozenset(".^$*+?{}[]\\|()")
_QUANT = frozenset("*+?{")
_GROUP = re.compile(r"\(\?P<c\d+_\d+>")


def _leading_alternatives(pattern: str) -> list[str]:
    """Spell out a leading ``(?:a|b)`` group, so each alternative gets its own literal prefix.

    ``(?:stuck|sitting) on the tarmac`` becomes ``stuck on the tarmac`` and ``sitting on the
    tarmac``; in the trie both then outrank a shorter cue such as ``stuck`` at the same place.
    """
    if not pattern.startswith("(?:"):
        return [pattern]
    depth, cut, alternatives = 0, 3, []
    for i in range(3, len(pattern)):
        ch = pattern[i]
        if ch == "\\":
            continue
        if ch == "(" and pattern[i - 1] != "\\":
            depth += 1
        elif ch == ")" and pattern[i - 1] != "\\":
            if depth == 0:
                alternatives.append(pattern[cut:i])
                rest = pattern[i + 1 :]
                if rest[:1] in _QUANT:
                    return [pattern]  # an optional or repeated group has no fixed prefix
                return [x for alt in alternatives for x in _leading_alternatives(alt + rest)]
            depth -= 1
        elif ch == "|" and depth == 0 and pattern[i - 1] != "\\":
            alternatives.append(pattern[cut:i])
            cut = i + 1
    return [pattern]


def _literal_prefix(pattern: str) -> tuple[str, str]:
    """Split a cue into its leading plain characters and the regex rest."""
    i = 0
    while i < len(pattern) and pattern[i] not in _META:
        i += 1
    if i < len(pattern) and pattern[i] in _QUANT and i > 0:
        i -= 1  # the last plain character is quantified ("bags?"): it belongs to the rest
    return pattern[:i], pattern[i:]


class _Node:
    __slots__ = ("children", "leaves")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.leaves: list[tuple[str, str]] = []  # (regex rest, group name)

    def emit(self) -> str:
        parts = [re.escape(ch) + child.emit() for ch, child in sorted(self.children.items())]
        for rest, name in sorted(self.leaves, key=lambda leaf: -len(leaf[0])):
            parts.append(f"(?P<{name}>{rest})")
        return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"


class CueMatcher:
    """Finds every non-overlapping cue in a lower-cased text with one regex scan.

    >>> m = CueMatcher({"delay\\\\w*": {"DELAY": 2.0}, "not": {"NEG": 1.0}})
    >>> [(text, effects) for text, _, effects in m.scan("not delayed")]
    [('not', (('NEG', 1.0),)), ('delayed', (('DELAY', 2.0),))]
    """

    __slots__ = ("effects", "patterns", "resolver", "scanner")

    def __init__(self, cues: Mapping[str, Mapping[str, float]] | Iterable[tuple[str, Mapping[str, float]]]):
        items = cues.items() if isinstance(cues, Mapping) else cues
        merged: dict[str, dict[str, float]] = {}
        for pattern, effects in items:
            if re.compile(pattern).groups:
                raise ValueError(f"cue {pattern!r} has a capturing group; use (?:...)")
            slot = merged.setdefault(pattern, {})
            for key, weight in effects.items():
                slot[key] = slot.get(key, 0.0) + weight
        root = _Node()
        self.effects: dict[str, Effects] = {}
        #: The cue each group name stands for, as written in the lexicon.
        self.patterns: dict[str, str] = {}
        for i, (pattern, effects) in enumerate(merged.items()):
            for j, spelled in enumerate(_leading_alternatives(pattern)):
                name = f"c{i}_{j}"
                self.effects[name] = tuple(effects.items())
                self.patterns[name] = pattern
                prefix, rest = _literal_prefix(spelled)
                node = root
                for ch in prefix:
                    node = node.children.setdefault(ch, _Node())
                node.leaves.append((rest, name))
        body = root.emit() if merged else "(?!)"
        #: The combined pattern with one named group per cue: ``resolver.match(low, start).lastgroup``
        #: names the cue found at `start`, ``effects[name]`` its effects.
        self.resolver = re.compile(rf"(?<!\w){body}(?!\w)")
        # The same pattern without groups finds where cues are about ten times faster: with
        # hundreds of groups the engine saves and restores capture marks at every branch.
        # A leading \d+ is spelled \d\d* so a branch is rejected on its first character.
        plain = _GROUP.sub("(?:", body).replace("(?:\\d+", "(?:\\d\\d*")
        #: Group-free scanner: ``finditer`` gives the spans of all cues, in order.
        self.scanner = re.compile(rf"(?<!\w){plain}(?!\w)")

    def scan(self, low: str) -> Iterator[tuple[str, int, Effects]]:
        """Yield ``(matched text, start, effects)`` for each cue in `low` (already lower-cased)."""
        effects, resolve = self.effects, self.resolver.match
        for m in self.scanner.finditer(low):
            start = m.start()
            yield m.group(), start, effects[resolve(low, start).lastgroup]  # type: ignore[union-attr,index]

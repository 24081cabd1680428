"""Many weighted phrases compiled into one regex, so a post is scanned once however big the lexicon.

Each cue is a small regex (plain words, ``\\w*`` stems, ``(?:a|b)`` choices, no capturing groups)
that carries effects: ``(key, weight)`` pairs. The cues are merged into a single alternation
shaped like a trie over their literal prefixes, so at each word start the regex engine compares
one character per branch instead of trying every cue. Where two cues start at the same place,
the one with the longer literal prefix is tried first ("cancel my booking" before "cancel\\w*"),
and matches never overlap, so a phrase consumes the words it explains.

The order in which the alternatives are tried (a depth-first walk of the trie) *is* the
semantics; everything below is about doing that search fast in Python's ``re`` without
changing it:

- the scanner has no groups (hundreds of groups make every match expensive) and starts with the
  character *before* a cue (``(?<!\\w)`` would send the engine into the trie at every position;
  a leading separator class lets it skip ahead in C to the next non-word character);
- every alternative starts with something the engine can reject on one character (a leading
  ``(?:a|b)`` or ``x?`` is spelled out in place, in the same order);
- which cue matched is looked up by the matched text where that is unambiguous (no lookaround
  in reach), otherwise a named-group regex over just the cues sharing the match's first
  character decides, exactly as the full alternation would.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping

__all__ = ["CueMatcher", "Effects"]

#: What one cue does when it matches: (key, weight) pairs.
Effects = tuple[tuple[str, float], ...]

_META = frozenset(".^$*+?{}[]\\|()")
_QUANT = frozenset("*+?{")
#: Non-word ASCII characters: in an ASCII text, exactly the characters ``\W`` matches.
_ASCII_SEPARATOR = r"[\x00-\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\x7f]"
#: How many alternatives one cue may be spelled out into (beyond that it stays as written).
_MAX_SPELLED = 64
#: How many texts a finite cue may stand for to get exact-text lookups.
_MAX_TEXTS = 512
#: Regex pieces whose match depends on the text around a cue.
_CONTEXTUAL = ("(?=", "(?!", "(?<", "\\b", "\\B", "^", "$")


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


def _item_end(fragment: str, i: int) -> int:
    """End of the regex item starting at `i`: a group, a class, an escape or one character."""
    ch = fragment[i]
    if ch == "\\":
        return i + 2
    if ch == "[":
        j = i + 1
        if fragment[j : j + 1] == "^":
            j += 1
        if fragment[j : j + 1] == "]":
            j += 1
        while fragment[j] != "]":
            j += 2 if fragment[j] == "\\" else 1
        return j + 1
    if ch == "(":
        depth, j = 0, i
        while True:
            c = fragment[j]
            if c == "\\":
                j += 2
                continue
            if c == "[":
                j = _item_end(fragment, j)
                continue
            if c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
                if depth == 0:
                    return j + 1
            j += 1
    return i + 1


def _split_alternatives(fragment: str) -> list[str]:
    """The top-level ``|`` alternatives of a regex fragment."""
    parts, cut, i = [], 0, 0
    while i < len(fragment):
        if fragment[i] == "|":
            parts.append(fragment[cut:i])
            cut = i + 1
            i += 1
        else:
            i = _item_end(fragment, i)
    parts.append(fragment[cut:])
    return parts


def _spell_out(fragment: str) -> list[str]:
    """Equivalent alternatives, in the order the engine would try them, each rejectable on its first character.

    ``(?:a|b)r`` is ``ar|br``, ``x?r`` is ``xr|r`` (greedy), ``x+r`` is ``xx*r``: the same
    strings, tried in the same order, but the engine's branch loop can skip an alternative whose
    first character differs without entering it.
    """
    out: list[str] = []
    for alternative in _split_alternatives(fragment):
        out.extend(_spell_head(alternative))
        if len(out) > _MAX_SPELLED:
            return [fragment]
    return out


def _spell_head(alternative: str) -> list[str]:
    spelled = _spell_head_unbounded(alternative)
    return spelled if len(spelled) <= _MAX_SPELLED else [alternative]


def _spell_head_unbounded(alternative: str) -> list[str]:
    if not alternative or alternative[0] in "^$.|)" or alternative.startswith(("(?=", "(?!", "(?<")):
        return [alternative]
    if alternative[0] == "\\" and alternative[1:2] in set("0123456789xuUNgpPk"):
        return [alternative]  # numeric or named escapes: leave them be
    end = _item_end(alternative, 0)
    head, quant, tail = alternative[:end], alternative[end : end + 1], alternative[end + 1 :]
    greedy = tail[:1] not in ("?", "+")
    group = head.startswith("(?:")
    if quant == "?" and greedy:
        with_head = [g + tail for g in _split_alternatives(head[3:-1])] if group else [head + tail]
        return [x for alt in [*with_head, tail] for x in _spell_head(alt)]
    if quant == "+" and greedy and not group:
        return [head + head + "*" + tail]
    if quant in _QUANT:
        return [alternative]
    if group:
        rest = alternative[end:]
        return [x for g in _split_alternatives(head[3:-1]) for x in _spell_head(g + rest)]
    return [alternative]


class _Infinite(Exception):
    """A cue stands for too many texts to list."""


#: Stand-ins for open-ended pieces when listing the texts a cue stands for: common word endings
#: for ``\\w*``, common counts for ``\\d+``. Only affects how many matches are looked up
#: directly; any other text goes through the resolvers with the same result.
_ENDINGS = (
    "",
    "s",
    "es",
    "ed",
    "d",
    "ing",
    "er",
    "ers",
    "ly",
    "ion",
    "ions",
    "ation",
    "ations",
    "ment",
    "led",
    "ling",
    "ful",
    "o",
    "os",
    "a",
    "as",
    "ado",
    "ados",
    "ada",
    "adas",
    "ar",
    "aron",
    "ou",
    "am",
    "ción",
    "ciones",
    "ção",
    "ções",
    "ndo",
    "do",
    "da",
    "ido",
    "ida",
)
_COUNTS = tuple(str(n) for n in (*range(1, 13), 15, 20, 24, 30, 40, 45))


def _head(alternative: str) -> tuple[str, int] | None:
    """The one character an alternative must start with (or ``\\d`` for any digit), and how many
    characters spell it (``\\-`` and ``-`` are the same head), if it has such a head."""
    if not alternative or alternative[0] in "^$.|()[":
        return None
    size = 2 if alternative[0] == "\\" else 1
    if alternative[size : size + 1] in _QUANT:
        return None
    if size == 1:
        return alternative[0], 1
    if alternative[1] == "d":
        return "\\d", 2
    return (alternative[1], 2) if not alternative[1].isalnum() else None


def _overlap(a: str | None, b: str | None) -> bool:
    """Whether alternatives starting with heads `a` and `b` could start on the same character."""
    if a is None or b is None or a == b:
        return True
    if "\\d" in (a, b):
        return bool(re.fullmatch(r"\d", b if a == "\\d" else a))
    return False


def _merge(alternatives: list[str]) -> list[str]:
    """Factor out shared first items, moving an alternative only past ones that cannot start alike.

    ``\\d\\d* hours|not moving|\\d mins`` becomes ``\\d(?:\\d* hours|mins)|not moving``: the same
    order for any one character, one branch check instead of two.
    """
    buckets: list[tuple[str | None, list[str]]] = []
    for alternative in alternatives:
        spelled = _head(alternative)
        head = spelled[0] if spelled else None
        for bucket_head, members in reversed(buckets):
            if head is not None and bucket_head == head:
                members.append(alternative)
                break
            if _overlap(bucket_head, head):
                buckets.append((head, [alternative]))
                break
        else:
            buckets.append((head, [alternative]))
    merged = []
    for head, members in buckets:
        if head is None or len(members) == 1:
            merged += members
            continue
        tails = _merge([t for member in members for t in _spell_out(member[_head(member)[1] :])])  # type: ignore[index]
        single = len(tails) == 1 and len(_split_alternatives(tails[0])) == 1
        spelled_head = head if head == "\\d" else re.escape(head)
        merged.append(spelled_head + (tails[0] if single else "(?:" + "|".join(tails) + ")"))
    return merged


def _texts(fragment: str) -> list[str]:
    """Texts a cue (regex fragment) stands for, open-ended pieces replaced by `_ENDINGS`/`_COUNTS`.

    Raises `_Infinite` for lookarounds, unusual pieces, or more than `_MAX_TEXTS` texts.
    """
    out: list[str] = []
    for alternative in _split_alternatives(fragment):
        out.extend(_texts_in_sequence(alternative))
    return out


def _texts_in_sequence(sequence: str) -> list[str]:
    texts, i = [""], 0
    while i < len(sequence):
        end = _item_end(sequence, i)
        head, quant = sequence[i:end], sequence[end : end + 1]
        if quant in _QUANT and quant != "{":
            end += 2 if sequence[end + 1 : end + 2] in ("?", "+") else 1
        elif quant == "{":
            raise _Infinite
        if head.startswith("(?:"):
            choices = _texts(head[3:-1])
        elif head == "\\w" and quant in ("*", "+"):
            choices = list(_ENDINGS if quant == "*" else _ENDINGS[1:])
            quant = ""
        elif head == "\\d":
            choices = list(_COUNTS) if quant in ("*", "+") else [str(d) for d in range(10)]
            quant = "" if quant in ("*", "+") else quant
        elif head.startswith("\\") and not head[1].isalnum():
            choices = [head[1]]
        elif head.startswith("[") and not any(c in head[1:-1] for c in "^\\") and "-" not in head[2:-2]:
            choices = list(head[1:-1])
        elif head[0] in _META:
            raise _Infinite  # lookarounds, classes like \\w, anchors
        else:
            choices = [head]
        if quant == "?":
            choices.append("")
        elif quant in _QUANT:
            raise _Infinite
        texts = [a + b for a in texts for b in choices]
        if len(texts) > _MAX_TEXTS:
            raise _Infinite
        i = end
    return texts


class _Node:
    __slots__ = ("children", "leaves")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.leaves: list[tuple[str, str]] = []  # (regex rest, group name), in trial order once frozen

    def freeze(self) -> None:
        """Put every node's own cues in the order they are tried (longer rest first), once the trie is complete."""
        self.leaves.sort(key=lambda leaf: -len(leaf[0]))
        for child in self.children.values():
            child.freeze()

    def emit(self, named: bool) -> str:
        """The alternation for this subtree: children first (by character), then own cues."""
        parts = [re.escape(ch) + child.emit(named) for ch, child in sorted(self.children.items())]
        if named:
            parts += [f"(?P<{name}>{rest})" for rest, name in self.leaves]
        else:
            parts += _merge([spelled for rest, _ in self.leaves for spelled in _spell_out(rest)])
        if len(parts) == 1 and (named or len(_split_alternatives(parts[0])) == 1):
            return parts[0]
        return "(?:" + "|".join(parts) + ")"


class CueMatcher:
    """Finds every non-overlapping cue in a lower-cased text with one regex scan.

    >>> m = CueMatcher({"delay\\\\w*": {"DELAY": 2.0}, "not": {"NEG": 1.0}})
    >>> [(text, effects) for text, _, effects in m.scan("not delayed")]
    [('not', (('NEG', 1.0),)), ('delayed', (('DELAY', 2.0),))]
    """

    __slots__ = ("_ascii", "_exact", "_resolvers", "_root", "_unicode", "effects", "patterns")

    def __init__(self, cues: Mapping[str, Mapping[str, float]] | Iterable[tuple[str, Mapping[str, float]]]):
        items = cues.items() if isinstance(cues, Mapping) else cues
        merged: dict[str, dict[str, float]] = {}
        for pattern, effects in items:
            if re.compile(pattern).groups:
                raise ValueError(f"cue {pattern!r} has a capturing group; use (?:...)")
            slot = merged.setdefault(pattern, {})
            for key, weight in effects.items():
                slot[key] = slot.get(key, 0.0) + weight
        root = self._root = _Node()
        #: Effects of each cue, by group name (one name per spelling of a cue).
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
        root.freeze()
        # A leading \d+ is spelled \d\d* so a branch is rejected on its first character.
        body = root.emit(named=False).replace("(?:\\d+", "(?:\\d\\d*") if merged else "(?!)"
        # Scanned text gets a leading space; a match starts at the separator before its cue.
        self._ascii = re.compile(rf"{_ASCII_SEPARATOR}{body}(?!\w)").search
        self._unicode = re.compile(rf"\W{body}(?!\w)").search  # for texts with non-ASCII characters
        self._resolvers = self._build_resolvers()
        self._exact = self._build_exact()

    def reference(self) -> re.Pattern[str]:
        """The plain one-regex form (one named group per cue): slow, and the definition of a match.

        ``finditer(low)`` gives the cues, ``m.lastgroup`` which one; `find` returns the same.
        """
        body = self._root.emit(named=True) if self.patterns else "(?!)"
        return re.compile(rf"(?<!\w){body}(?!\w)")

    def find(self, low: str) -> list[tuple[int, int, str, str]]:
        """``(start, end, matched text, group name)`` of each cue in `low` (already lower-cased), in order."""
        padded = " " + low
        search = self._ascii if padded.isascii() else self._unicode
        exact, resolvers = self._exact, self._resolvers
        found = []
        m = search(padded)
        while m is not None:
            start, end = m.span()  # in `low`: the cue starts where its separator is in `padded`
            end -= 1
            text = low[start:end]
            name = exact.get(text)
            if name is None:
                branch = resolvers.get(text[0])
                resolved = (branch and branch.match(low, start)) or resolvers[""].match(low, start)
                name = resolved.lastgroup  # type: ignore[union-attr]
                assert name is not None  # the scanner matched here, so one of the cues does
            found.append((start, end, text, name))
            # Resume at the match's last character: if it is a separator, a cue may follow it.
            m = search(padded, end)
        return found

    def scan(self, low: str) -> Iterator[tuple[str, int, Effects]]:
        """Yield ``(matched text, start, effects)`` for each cue in `low` (already lower-cased)."""
        effects = self.effects
        for start, _, text, name in self.find(low):
            yield text, start, effects[name]

    def _build_resolvers(self) -> dict[str, re.Pattern[str]]:
        """Per first character: a named-group regex over the cues of that branch of the trie, in
        the full alternation's order; under ``""`` the root's own cues, which come after every
        branch (`find` tries the branch, then those)."""

        def compile_(alternatives: list[str]) -> re.Pattern[str]:
            return re.compile("(?:" + "|".join(alternatives) + r")(?!\w)" if alternatives else "(?!)")

        resolvers = {
            ch: compile_([re.escape(ch) + child.emit(named=True)]) for ch, child in self._root.children.items()
        }
        resolvers[""] = compile_([f"(?P<{name}>{rest})" for rest, name in self._root.leaves])
        return resolvers

    def _build_exact(self) -> dict[str, str]:
        """Matched text -> group name, for the texts the cues stand for (`_texts`) whose cue does
        not depend on what surrounds the match.

        The engine takes the first cue, in trie order, that matches at a place. When the scanner
        matched exactly `text` there, that is the first cue that can match all of `text`: an
        earlier one that can would have been taken, and one that took something else would have
        changed the match. That is what the resolver's ``fullmatch(text)`` finds, unless a cue
        with a lookaround comes first on the way: then context decides, and the text is left out.
        """
        exact: dict[str, str] = {}
        for pattern in self.patterns.values():
            try:
                texts = _texts(pattern)
            except _Infinite:
                continue
            for text in texts:
                if not text or text in exact:
                    continue
                branch = self._resolvers.get(text[0])
                m = (branch and branch.fullmatch(text)) or self._resolvers[""].fullmatch(text)
                if m is not None and not self._context_decides(text, m.lastgroup):  # type: ignore[arg-type]
                    exact[text] = m.lastgroup  # type: ignore[assignment]
        return exact

    def _context_decides(self, text: str, winner: str) -> bool:
        """Whether a cue with a lookaround is tried before `winner` where `text` starts."""
        chain, node = [self._root], self._root
        for ch in text:
            child = node.children.get(ch)
            if child is None:
                break
            chain.append(child)
            node = child
        for node in reversed(chain):  # deeper cues are tried first
            for rest, name in node.leaves:
                if name == winner:
                    return False
                if any(mark in rest for mark in _CONTEXTUAL):
                    return True
        return True

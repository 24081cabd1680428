"""A post's words as the incident model reads them: unigrams and bigrams of canonical tokens.

Shared by the run-time scorer and the training command, so both see exactly the same features.
Tokens are runs of letters (with inner apostrophes: "can't"), runs of digits, "!" and "?". What
says nothing general about an incident is folded to one placeholder each, so the model learns
"cancelled _num" rather than one flight number, and nothing about the airline a post addresses:
links become ``_url``, @handles ``_handle``, digit runs ``_num`` ("2hrs" is "_num hrs") and
airline names ``_airline`` (a model fitted on five carriers' posts must not learn their names).
"""

from __future__ import annotations

import itertools
import re

from ioc_stream.enrich.wordlists import data_lines, fold

__all__ = ["AIRLINE", "HANDLE", "NUMBER", "URL", "display", "spans", "tokens", "word_features"]

URL, HANDLE, NUMBER, AIRLINE = "_url", "_handle", "_num", "_airline"
#: Links, handles, letter runs with inner apostrophes, digit runs, and the two marks that change a reading.
_TOKEN = re.compile(r"https?://\S+|@\w+|[^\W\d_]+(?:'[^\W\d_]+)*|\d+|[!?]")


def _airline_words() -> frozenset[str]:
    """Airline names of the carrier table as single tokens: "united", "jetblue", "usairways"...

    Multi-word names count joined up ("US Airways" as "usairways"), as hashtags and handles write
    them; their separate words ("us", "airways") stay ordinary words.
    """
    names: set[str] = set()
    for line in data_lines("carriers.csv"):
        for name in line.partition(",")[2].split("|"):
            key = fold(name)
            names.add(key.replace(" ", ""))
    return frozenset(n for n in names if n.isalpha() and len(n) > 2)


_AIRLINES = _airline_words()


def _canonical(token: str) -> str:
    """The placeholder a token folds to, or the token itself."""
    first = token[0]
    if first == "@":
        return HANDLE
    if first.isdigit():
        return NUMBER
    if first == "h" and token.startswith(("http://", "https://")):
        return URL
    if token in _AIRLINES:
        return AIRLINE
    return token


def tokens(low: str) -> list[str]:
    """The raw tokens of an already lowercased post, in order (the words a cue shows)."""
    return _TOKEN.findall(low)


def word_features(raw: list[str]) -> list[str]:
    """Canonical unigrams, then bigrams ("lost bag"), of the raw tokens, in order (repeats kept)."""
    canon = [_canonical(t) for t in raw]
    return canon + [a + " " + b for a, b in itertools.pairwise(canon)]


def spans(low: str) -> list[tuple[int, int]]:
    """Where each token of `tokens(low)` stands in `low`; found only for posts whose explanation shows words."""
    return [m.span() for m in _TOKEN.finditer(low)]


def display(feature_index: int, n_tokens: int, token_spans: list[tuple[int, int]], low: str) -> str:
    """The post's own words behind the `feature_index`-th entry of ``word_features`` of its `n_tokens` tokens."""
    if feature_index < n_tokens:  # a unigram
        start, end = token_spans[feature_index]
        return low[start:end]
    first = feature_index - n_tokens  # a bigram: the token at its place and the next
    (start, gap), (after, end) = token_spans[first], token_spans[first + 1]
    if after - gap <= 3 and not low[gap:after].strip(" -/'\""):
        return low[start:end]  # as written ("lost my", "2-hour")
    return low[start:gap] + " " + low[after:end]  # emoji or punctuation between: the two words only

"""Posts as X edits and deletes them: the latest version of an edit chain wins, a deleted chain is dropped."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from ioc_stream.ingest.x_v2 import Post, Removal
from ioc_stream.models import SocialMention


@dataclass
class Timeline:
    """Folds posts and removals in arrival order.

    `add` (live) says what to emit now: a post the first time its chain is seen, or a newer version
    of it; an older version, a repeat, or a post of a removed chain gives nothing. `mentions()`
    (offline) is the whole input's outcome: one mention per surviving chain, at its first place in the
    input, as its latest version says (at the time of its first version)."""

    _slot: dict[str, int] = field(default_factory=dict)
    _version: dict[str, int] = field(default_factory=dict)
    _chain_of: dict[str, str] = field(default_factory=dict)
    _sources: dict[str, frozenset[str]] = field(default_factory=dict)
    _removed: set[str] = field(default_factory=set)
    _first: dict[str, datetime] = field(default_factory=dict)
    _slots: list[SocialMention | None] = field(default_factory=list)

    def add(self, item: Post | Removal) -> SocialMention | None:
        """Apply one post or removal; the mention to emit now, if any."""
        if isinstance(item, Removal):
            self._remove(item.ids)
            return None
        if item.sources & self._removed:
            return None
        chain = item.chain
        for sid in item.sources:
            self._chain_of.setdefault(sid, chain)
        self._sources[chain] = self._sources.get(chain, frozenset()) | item.sources
        if chain in self._version and item.version <= self._version[chain]:
            return None
        self._version[chain] = item.version
        if chain in self._slot:
            first = self._first[chain]  # the passenger said it first then: the edit changes the words, not the time
            self._slots[self._slot[chain]] = item.mention.model_copy(
                update={"created_at": min(first, item.mention.created_at)}
            )
            return self._slots[self._slot[chain]]
        else:
            self._slot[chain] = len(self._slots)
            self._first[chain] = item.mention.created_at
            self._slots.append(item.mention)
        return item.mention

    def _remove(self, ids: frozenset[str]) -> None:
        """Mark these ids, their chains and their reposts removed."""
        gone = set(ids) | {self._chain_of[i] for i in ids if i in self._chain_of}
        gone |= {sid for chain in list(gone) for sid in self._sources.get(chain, ())}
        self._removed |= gone
        for chain, sources in self._sources.items():  # reposts of a removed post go with it
            if chain in gone or sources & gone:
                self._removed.add(chain)
                if chain in self._slot:
                    self._slots[self._slot[chain]] = None

    def mentions(self) -> list[SocialMention]:
        """Every surviving chain's latest version, in first-seen order."""
        return [m for m in self._slots if m is not None]

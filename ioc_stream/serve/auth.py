"""Bearer tokens -> principals with roles, compared in constant time, and a per-token write rate limit."""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """What a token may do: the bridge reads, the liaison reads and acts, admin does everything."""

    BRIDGE = "bridge"
    LIAISON = "liaison"
    ADMIN = "admin"

    @property
    def can_write(self) -> bool:
        return self in (Role.LIAISON, Role.ADMIN)


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: the user name recorded on actions, the role, and a rate-limit key."""

    user: str
    role: Role
    key: str


ANONYMOUS = Principal(user="anonymous", role=Role.BRIDGE, key="anonymous")


def _digest(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()


class TokenBook:
    """The configured tokens; lookups touch every entry with hmac.compare_digest (no early exit)."""

    def __init__(self, tokens: Mapping[str, str]):
        self._entries: list[tuple[bytes, Principal]] = []
        for token, spec in tokens.items():
            role_name, _, user = spec.partition(":")
            try:
                role = Role(role_name.strip().lower())
            except ValueError:
                raise ValueError(
                    f"token role must be bridge, liaison or admin (optionally role:user), got {spec!r}"
                ) from None
            if len(token) < 8:
                raise ValueError("tokens must be at least 8 characters long")
            digest = _digest(token)
            name = user.strip() or f"{role.value}-{digest.hex()[:6]}"
            if len(name) > 128:  # an action's `by` (models.AlertAction): refused here, not as a 500 on acting
                raise ValueError(f"token user names are at most 128 characters, got {len(name)}")
            self._entries.append((digest, Principal(user=name, role=role, key=digest.hex()[:16])))

    def __len__(self) -> int:
        return len(self._entries)

    def lookup(self, token: str) -> Principal | None:
        """The principal a token belongs to, or None; time does not depend on which entry matches."""
        wanted = _digest(token)
        found = None
        for digest, principal in self._entries:
            if hmac.compare_digest(digest, wanted):
                found = principal
        return found


def demo_tokens() -> dict[str, str]:
    """Fresh random tokens, one per role, for a demo started without configured tokens."""
    return {
        f"br-{secrets.token_urlsafe(18)}": "bridge:bridge",
        f"li-{secrets.token_urlsafe(18)}": "liaison:liaison",
        f"ad-{secrets.token_urlsafe(18)}": "admin:admin",
    }


class RateLimiter:
    """A token bucket per key: `per_minute` writes, refilled continuously; `check` says how long to wait."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic, max_keys: int = 10_000):
        self.capacity = float(max(per_minute, 1))
        self.rate = self.capacity / 60.0
        self._clock = clock
        self._max_keys = max_keys
        self._buckets: dict[str, tuple[float, float]] = {}

    def check(self, key: str) -> float:
        """Take one unit for `key`; 0.0 when allowed, else the seconds until one unit is available."""
        now = self._clock()
        level, last = self._buckets.get(key, (self.capacity, now))
        level = min(self.capacity, level + (now - last) * self.rate)
        if level >= 1.0:
            self._remember(key, (level - 1.0, now))
            return 0.0
        self._remember(key, (level, now))
        return (1.0 - level) / self.rate

    def _remember(self, key: str, value: tuple[float, float]) -> None:
        if key not in self._buckets and len(self._buckets) >= self._max_keys:
            self._buckets.pop(next(iter(self._buckets)))
        self._buckets[key] = value

    @staticmethod
    def retry_after(wait_s: float) -> str:
        """The Retry-After header value (whole seconds, at least 1)."""
        return str(max(1, math.ceil(wait_s)))

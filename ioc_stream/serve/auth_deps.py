"""FastAPI dependencies that turn the Authorization header into a Principal, enforce roles and rate-limit writes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from ioc_stream.metrics import API_DENIED
from ioc_stream.serve.auth import ANONYMOUS, Principal, RateLimiter, TokenBook

bearer = HTTPBearer(auto_error=False, description="A token from IOC_API__TOKENS (printed at start in the demo)")
_CHALLENGE = 'Bearer realm="ioc-stream"'


def _deny(status: int, reason: str, message: str, headers: dict[str, str] | None = None) -> HTTPException:
    API_DENIED.labels(reason=reason).inc()
    return HTTPException(status_code=status, detail=message, headers=headers)


def reader(request: Request, creds: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> Principal:
    """Anyone with a valid token (or nobody at all when anonymous_read is on) may read."""
    book: TokenBook = request.app.state.tokens
    if creds is None:
        if request.app.state.settings.api.anonymous_read:
            return ANONYMOUS
        raise _deny(
            401,
            "missing_token",
            "missing bearer token: send 'Authorization: Bearer <token>'",
            {"WWW-Authenticate": _CHALLENGE},
        )
    principal = book.lookup(creds.credentials)
    if principal is None:
        raise _deny(
            401, "bad_token", "invalid bearer token", {"WWW-Authenticate": f'{_CHALLENGE}, error="invalid_token"'}
        )
    return principal


def writer(request: Request, principal: Annotated[Principal, Depends(reader)]) -> Principal:
    """Only liaison and admin tokens may act, each at most write_rate_per_minute times a minute."""
    if principal is ANONYMOUS:
        raise _deny(
            401, "missing_token", "acting needs a liaison or admin bearer token", {"WWW-Authenticate": _CHALLENGE}
        )
    if not principal.role.can_write:
        raise _deny(
            403, "role", f"role '{principal.role.value}' may read but not act: a liaison or admin token is required"
        )
    limiter: RateLimiter = request.app.state.limiter
    wait = limiter.check(principal.key)
    if wait > 0:
        raise _deny(429, "rate_limit", "too many actions: slow down", {"Retry-After": RateLimiter.retry_after(wait)})
    return principal


Reader = Annotated[Principal, Depends(reader)]
Writer = Annotated[Principal, Depends(writer)]

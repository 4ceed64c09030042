"""Rate limits per client on the public API (the `limits` library, moving windows in memory).

One client could otherwise keep the machine busy for everyone: ten 20,000-character profiles in
parallel made an ordinary search take 25 s. Limits are per client address (web.client_address) and
per bucket; a client over its limit gets 429 with Retry-After, the rest are not slowed down. In
memory, so per web worker: a deployment with several workers divides by their number or puts a
limit in the reverse proxy (docs/threat-model.md).

Limits (JOBBCOACH_RATE_<BUCKET>, e.g. JOBBCOACH_RATE_PROFILE="5/minute"):
- profile: matching a whole CV costs up to a few seconds of CPU          10/minute
- match:   searches, ads, places, demand                                 120/minute
- chat:    widget messages and history reads (a person types slower)     60/minute
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from fastapi import HTTPException, Request
from limits import RateLimitItem, parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from jobbcoach_settings import get_settings
from web.client_address import client_address

DEFAULT_LIMITS = {"profile": "10/minute", "match": "120/minute", "chat": "60/minute"}

_storage = MemoryStorage()
_limiter = MovingWindowRateLimiter(_storage)


def limit_for(bucket: str) -> RateLimitItem:
    """The configured limit of a bucket; a value `limits` cannot read falls back to the default."""
    try:
        return parse(getattr(get_settings(), f"rate_{bucket}", None) or DEFAULT_LIMITS[bucket])
    except ValueError:
        return parse(DEFAULT_LIMITS[bucket])


class TooManyRequests(HTTPException):
    def __init__(self, retry_after: int) -> None:
        super().__init__(status_code=429, detail="För många förfrågningar. Vänta en stund och försök igen.",
                         headers={"Retry-After": str(retry_after)})


def per_client(bucket: str) -> Callable[[Request], None]:
    """A FastAPI dependency that counts this request against the client's limit in `bucket`."""

    def check(request: Request) -> None:
        item = limit_for(bucket)
        key = client_address(request)
        if not _limiter.hit(item, bucket, key):
            reset_at, _remaining = _limiter.get_window_stats(item, bucket, key)
            raise TooManyRequests(max(1, math.ceil(reset_at - time.time())))

    return check


def reset() -> None:
    """Forget every count (tests)."""
    _storage.reset()

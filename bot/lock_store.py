"""Rasa's Redis lock store, with its ticket bookkeeping made atomic across Rasa servers.

Rasa 3.6's RedisLockStore reads a conversation's ticket lock from Redis, changes it in Python and
writes it back. Two Rasa servers that take messages of the same conversation at the same moment
can both read the same lock and both write it: they may draw the same ticket number, both believe
it is their turn, process the conversation in parallel, and the second save of the SQL tracker
store then finds "no new events" and drops its turn (seen in tests/scale: one message of six
vanished). Here every read-modify-write of a lock (issuing a ticket, dropping expired tickets,
finishing a ticket and cleaning up) runs under a short Redis mutex of its own, so tickets are
unique and one conversation is processed by one server at a time.

Use it in endpoints.yml as `lock_store: {type: bot.lock_store.AtomicRedisLockStore, url: …, port: …}`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from redis.exceptions import LockNotOwnedError

MUTEX_SECONDS = 5.0  # a lock update takes a few Redis round trips; far below this


class AtomicRedisLockStore(RedisLockStore):
    """RedisLockStore whose ticket changes cannot interleave between processes."""

    def __init__(self, endpoint_config: Any = None, **kwargs: Any) -> None:
        if endpoint_config is not None:  # loaded by module path from endpoints.yml
            kwargs = {"host": endpoint_config.url or "localhost", **endpoint_config.kwargs}
        super().__init__(**kwargs)

    @contextmanager
    def _mutex(self, conversation_id: str) -> Iterator[None]:
        mutex = self.red.lock(f"{self.key_prefix}{conversation_id}:mutex", timeout=MUTEX_SECONDS,
                              blocking_timeout=MUTEX_SECONDS)
        if not mutex.acquire():
            raise LockError(f"Could not update the lock of conversation '{conversation_id}' in time.")
        try:
            yield
        finally:
            with suppress(LockNotOwnedError):  # expired already: Redis let it go by itself
                mutex.release()

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        with self._mutex(conversation_id):
            return super().issue_ticket(conversation_id, lock_lifetime)

    def update_lock(self, conversation_id: str) -> None:
        with self._mutex(conversation_id):
            super().update_lock(conversation_id)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        with self._mutex(conversation_id):
            super().cleanup(conversation_id, ticket_number)

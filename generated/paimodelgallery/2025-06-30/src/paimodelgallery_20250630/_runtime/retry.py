"""Retry policy: bounded attempts and time, exponential backoff with full jitter.

What is retried (each retry is re-signed with a fresh nonce/date and carries the signed
``x-acs-retry-attempts``/``x-acs-retry-delay`` headers, as the official SDK does):

* throttling errors - always (the server refused the work); ``Retry-After`` /
  ``x-acs-retry-after`` is honoured (capped by ``max_delay``);
* connect failures (``sent=False``) - always: the request never reached the server;
* 5xx and failures after the request may have been sent (read timeouts, broken
  connections) - only for idempotent calls: reads, or calls carrying a ``ClientToken``
  (generated once per logical call so every attempt reuses it).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from .errors import ConnectionError, ServerError, ThrottlingError, TimeoutError


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 3
    """Total attempts including the first; 1 disables retries."""
    base_delay: float = 0.2
    """Seconds; the backoff ceiling before attempt n+1 is ``base_delay * 2**(n-1)``."""
    max_delay: float = 20.0
    max_total_time: float = 60.0
    """Give up rather than start a wait that would end later than this after the call began."""
    retry_throttling: bool = True
    retry_server_errors: bool = True
    retry_connection_errors: bool = True
    rng: Callable[[], float] = field(default=random.random, compare=False, repr=False)

    @classmethod
    def disabled(cls) -> RetryPolicy:
        return cls(max_attempts=1)

    def backoff(self, attempts_done: int) -> float:
        """Full jitter: uniform in ``[0, min(max_delay, base_delay * 2**(attempts_done-1))]``."""
        ceiling = min(self.max_delay, self.base_delay * 2.0 ** max(0, attempts_done - 1))
        return self.rng() * ceiling

    def delay_before_retry(
        self, error: BaseException, attempts_done: int, idempotent: bool, elapsed: float
    ) -> float | None:
        """Seconds to sleep before the next attempt, or ``None`` to give up and raise."""
        if attempts_done >= self.max_attempts or not self._retryable(error, idempotent):
            return None
        retry_after: float | None = getattr(error, "retry_after", None)
        delay = retry_after if retry_after is not None else self.backoff(attempts_done)
        delay = min(max(0.0, delay), self.max_delay)
        if elapsed + delay > self.max_total_time:
            return None
        return delay

    def _retryable(self, error: BaseException, idempotent: bool) -> bool:
        if isinstance(error, ThrottlingError):
            return self.retry_throttling
        if isinstance(error, ServerError):
            return self.retry_server_errors and idempotent
        if isinstance(error, ConnectionError | TimeoutError):
            return self.retry_connection_errors and (idempotent or not error.sent)
        return False

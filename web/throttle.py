"""Login throttling that slows a guesser without locking the account's owner out.

Failed logins are counted in three tables, each a sliding window (an hour by default):

- per (account, client address): the owner mistyping, or one machine guessing one account.
  Five failures are free; then each attempt waits 1 s, 2 s, 4 s ... after the last failure, up
  to 15 minutes. A successful login clears this pair.
- per client address (any account): one machine trying many accounts. Twenty failures are
  free, then the same doubling wait up to 15 minutes. A success does not clear it (an insider
  could otherwise reset their address with their own account between guesses).
- per account (any address): many machines guessing one account. Ten failures are free, then
  a doubling wait that never exceeds a few seconds (5 s): the account is slowed to a guess every
  few seconds from the whole internet, but never locked. A browser that has logged in to the
  account before carries a signed "known device" cookie and skips this table, so a sustained
  distributed attack keeps the owner's usual browser unaffected.

So an attacker's failures from one address never refuse the owner on another address for more
than a few seconds (and not at all from a known browser), while the attacker's own address and
pair back off to one guess per 15 minutes. An attempt made while a wait runs is refused without
checking the password (it is not counted, so trying early never makes the wait longer).

Unknown user names are counted exactly like real ones, and a refusal answers with the same
page, status and argon2 work as a wrong password: nothing tells whether an account exists or
is being throttled. The tables are in memory (the web queue is one process); each keeps at most
`max_keys` keys, dropping the one idle longest. Client addresses come from `web.clientaddr`.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar

from itsdangerous import BadSignature, URLSafeTimedSerializer

Limit = Literal["account+client", "client", "account"]
K = TypeVar("K", bound=Hashable)
_MAX_STAMPS = 128
"""Failures kept per key: beyond these the wait is at its longest anyway."""


@dataclass(frozen=True)
class Backoff:
    free: int
    """Failures allowed before any wait."""
    first_wait: float
    longest_wait: float

    def wait_after(self, failures: int) -> float:
        """Seconds to wait after the last of `failures` recent failures."""
        if failures < self.free:
            return 0.0
        doublings = min(failures - self.free, 60)
        return float(min(self.longest_wait, self.first_wait * 2.0**doublings))


@dataclass(frozen=True)
class ThrottlePolicy:
    pair: Backoff = Backoff(free=5, first_wait=1.0, longest_wait=900.0)
    client: Backoff = Backoff(free=20, first_wait=1.0, longest_wait=900.0)
    account: Backoff = Backoff(free=10, first_wait=0.5, longest_wait=5.0)
    window_seconds: float = 3600.0
    """Failures older than this are forgotten."""
    max_keys: int = 50_000


class _FailureLog(Generic[K]):
    """Recent failure times per key (not thread-safe: LoginThrottle holds the lock)."""

    def __init__(self, window_seconds: float, max_keys: int) -> None:
        self._window = window_seconds
        self._max_keys = max_keys
        self._stamps: OrderedDict[K, deque[float]] = OrderedDict()

    def record(self, key: K, now: float) -> int:
        stamps = self._recent(key, now) or deque(maxlen=_MAX_STAMPS)
        stamps.append(now)
        self._stamps[key] = stamps
        self._stamps.move_to_end(key)
        while len(self._stamps) > self._max_keys:
            self._stamps.popitem(last=False)
        return len(stamps)

    def wait_left(self, key: K, backoff: Backoff, now: float) -> float:
        stamps = self._recent(key, now)
        if not stamps:
            return 0.0
        return max(0.0, stamps[-1] + backoff.wait_after(len(stamps)) - now)

    def forget(self, key: K) -> None:
        self._stamps.pop(key, None)

    def forget_where(self, test: Callable[[K], bool]) -> None:
        for key in [k for k in self._stamps if test(k)]:
            del self._stamps[key]

    def _recent(self, key: K, now: float) -> deque[float] | None:
        stamps = self._stamps.get(key)
        if stamps is None:
            return None
        while stamps and stamps[0] <= now - self._window:
            stamps.popleft()
        if not stamps:
            del self._stamps[key]
            return None
        return stamps


@dataclass
class LoginThrottle:
    """The three failure tables of the module docstring, behind one lock."""

    policy: ThrottlePolicy = field(default_factory=ThrottlePolicy)
    clock: Callable[[], float] = time.monotonic
    _pairs: _FailureLog[tuple[str, str]] = field(init=False)
    _clients: _FailureLog[str] = field(init=False)
    _accounts: _FailureLog[str] = field(init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)

    def __post_init__(self) -> None:
        window, keys = self.policy.window_seconds, self.policy.max_keys
        self._pairs = _FailureLog(window, keys)
        self._clients = _FailureLog(window, keys)
        self._accounts = _FailureLog(window, keys)

    def refusal(self, account: str, client: str, known_device: bool = False) -> Limit | None:
        """Which limit refuses an attempt now (None: check the password)."""
        now = self.clock()
        with self._lock:
            if self._pairs.wait_left((account, client), self.policy.pair, now) > 0:
                return "account+client"
            if self._clients.wait_left(client, self.policy.client, now) > 0:
                return "client"
            if not known_device and self._accounts.wait_left(account, self.policy.account, now) > 0:
                return "account"
        return None

    def failed(self, account: str, client: str) -> list[Limit]:
        """Count a failure; returns the limits it has just brought into force (for the log)."""
        now = self.clock()
        with self._lock:
            counts: list[tuple[Limit, int, Backoff]] = [
                ("account+client", self._pairs.record((account, client), now), self.policy.pair),
                ("client", self._clients.record(client, now), self.policy.client),
                ("account", self._accounts.record(account, now), self.policy.account),
            ]
        return [limit for limit, count, backoff in counts if count == backoff.free]

    def succeeded(self, account: str, client: str) -> None:
        with self._lock:
            self._pairs.forget((account, client))

    def forgive_account(self, account: str) -> None:
        """An administrator's unlock: the account's failures, from every address, are forgotten."""
        with self._lock:
            self._accounts.forget(account)
            self._pairs.forget_where(lambda key: key[0] == account)


KNOWN_DEVICE_COOKIE = "rtt_known"
KNOWN_DEVICE_PATH = "/login"
_KNOWN_DEVICE_MAX_IDS = 8


class KnownDevices:
    """The signed "known device" cookie: the ids of the accounts that logged in from a browser
    (the newest first, at most eight). It only exempts from the per-account table."""

    def __init__(self, secret_key: str, max_age_seconds: int) -> None:
        self._serializer = URLSafeTimedSerializer(secret_key, salt="rtt-known-device")
        self.max_age_seconds = max_age_seconds

    def user_ids(self, cookie: str | None) -> tuple[int, ...]:
        if not cookie:
            return ()
        try:
            raw: Any = self._serializer.loads(cookie, max_age=self.max_age_seconds)
        except BadSignature:
            return ()
        if not isinstance(raw, list):
            return ()
        return tuple(i for i in raw if isinstance(i, int) and not isinstance(i, bool))

    def with_user(self, cookie: str | None, user_id: int) -> str:
        ids = [user_id, *(i for i in self.user_ids(cookie) if i != user_id)]
        return self.dumps(ids[:_KNOWN_DEVICE_MAX_IDS])

    def dumps(self, ids: Iterable[int]) -> str:
        return self._serializer.dumps(list(ids))

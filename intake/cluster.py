"""This process as one of several `rtt run` workers on a shared database (issue 15).

A `Membership` registers the process as a worker, beats its heartbeat from a thread, and holds
the leases it wants: the one for each watched mailbox (`store.workers.mailbox_lease`) makes that process the
mailbox's leader, which alone watches the mailbox, tidies it, and runs the leader's periodic
jobs (`Daemon.leader_jobs`). Every worker claims messages and replies (`store.workers`), so the
work spreads. When a worker dies its heartbeat stops; after `lease_seconds` its claims and
leases lapse, and the next beat of another worker takes the lease over.

A worker that cannot reach the database steps down (stops acting as leader) before its lease
could lapse, so two leaders never act on old news for long; the work they share is idempotent
in any case (a message is stored once under its mailbox key, moved once, replied to once).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from store import workers
from store.workers import Claimant

log = logging.getLogger(__name__)


class Membership:
    def __init__(self, engine: Engine, lease_seconds: float, beat_seconds: float) -> None:
        self.engine = engine
        self.lease_seconds, self.beat_seconds = lease_seconds, beat_seconds
        host = socket.gethostname()
        self.host, self.pid = host[:255], os.getpid()
        self.id = f"{host[:40]}:{self.pid}:{uuid.uuid4().hex[:8]}"
        self.claimant = Claimant(self.id, lease_seconds)
        self._wanted: set[str] = set()
        self._held: set[str] = set()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._beaten = threading.Event()
        self._last_beat = 0.0
        self._failing = False
        self._thread: threading.Thread | None = None

    def start(self, exclusive: bool = False) -> None:
        """Register and start beating. `exclusive`: this process alone may use the store (SQLite
        under its lock file), so other worker rows are dead processes' and are forgotten now."""
        workers.register(self.engine, worker_id=self.id, host=self.host, pid=self.pid)
        if exclusive:
            gone = workers.forget_others(self.engine, self.id)
            if gone:
                log.info("forgot %d stopped worker(s): their claims lapse now", gone)
        self._last_beat = time.monotonic()
        self._thread = threading.Thread(target=self._run, name="rtt-heartbeat", daemon=True)
        self._thread.start()
        log.info("worker %s started (lease %.0fs)", self.id, self.lease_seconds)

    def want(self, name: str) -> None:
        """Try to hold this lease from now on (at once, then at every beat)."""
        with self._lock:
            self._wanted.add(name)
        self._beat()

    def leads(self, name: str) -> bool:
        """Whether this worker holds the lease and has beaten recently enough to be sure of it."""
        fresh = time.monotonic() - self._last_beat < self.lease_seconds - self.beat_seconds
        with self._lock:
            return fresh and name in self._held

    def held(self) -> set[str]:
        with self._lock:
            return set(self._held)

    def wait_for_beat(self, timeout: float) -> bool:
        """For tests and the scheduler: block until the next beat has run."""
        self._beaten.clear()
        return self._beaten.wait(timeout)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(self.beat_seconds + 5)
        with self._lock:
            self._held.clear()
        try:
            workers.retire(self.engine, self.id)
        except SQLAlchemyError as exc:
            log.warning("worker %s not retired (%s): its claims lapse in %.0fs",
                        self.id, type(exc).__name__, self.lease_seconds)

    def _run(self) -> None:
        while not self._stop.wait(self.beat_seconds):
            self._beat()

    def _beat(self) -> None:
        try:
            if not workers.beat(self.engine, self.id):
                workers.register(self.engine, worker_id=self.id, host=self.host, pid=self.pid)
            with self._lock:
                wanted = sorted(self._wanted)
            got = {n for n in wanted if workers.take_lease(self.engine, name=n, worker_id=self.id,
                                                           lease_seconds=self.lease_seconds)}
        except SQLAlchemyError as exc:
            if not self._failing:
                log.warning("worker %s cannot beat (%s): it steps down if this lasts", self.id,
                            type(exc).__name__)
            self._failing = True
            self._step_down_if_stale()
            return
        self._failing = False
        self._last_beat = time.monotonic()
        with self._lock:
            for name in got - self._held:
                log.info("worker %s now leads %s", self.id, name)
            for name in self._held - got:
                log.warning("worker %s no longer leads %s", self.id, name)
            self._held = got
        self._beaten.set()

    def _step_down_if_stale(self) -> None:
        if time.monotonic() - self._last_beat >= self.lease_seconds - self.beat_seconds:
            with self._lock:
                if self._held:
                    log.warning("worker %s steps down: no beat for %.0fs", self.id,
                                time.monotonic() - self._last_beat)
                self._held.clear()

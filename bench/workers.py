"""Benchmark of several `rtt run` on one PostgreSQL (issue 15): prints numbers, asserts nothing.

- scaling: the same backlog of N messages (the eight examples in turn) waiting in a real Dovecot
  mailbox, worked by 1, 2 and 3 processes: seconds from the first start to the last reply at a
  real SMTP listener (aiosmtpd), messages per second, and the ratio to one process; with the
  cores this machine lets the processes use (the target, 2 processes >= 1.8 x one, needs 2 free
  cores: the parse workers and PostgreSQL share them), and the cores each run used: CPU seconds
  per second of the `rtt run` processes with their parse workers, Dovecot, the PostgreSQL
  backends serving them and the bench's own aiosmtpd (if one process already uses most of the
  machine's cores, a second cannot double the rate);
- failover: two processes idle, the mailbox's leader killed with kill -9: seconds until the other
  holds the mailbox's lease, and until a message appended at the kill is answered.

usage: .venv/bin/python bench/workers.py [--backlog N] [--processes 1,2,3] [--failovers N]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.daemon import daemon_env, mix, stack, start_daemon, stop_daemon  # noqa: E402
from tests.mailflow.servers import (  # noqa: E402
    PG_ADMIN,
    Dovecot,
    SmtpServer,
    children_of,
    variant,
    wait_until,
)
from tests.mailflow.storecheck import leader_pid  # noqa: E402


def cores() -> str:
    usable = len(os.sched_getaffinity(0))
    load = os.getloadavg()[0]
    return f"{usable} usable cores (of {os.cpu_count()}), load average {load:.2f} at start"


def kill9(proc: subprocess.Popen[bytes]) -> None:
    workers = children_of(proc.pid)
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    for pid in workers:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def env(dovecot: Dovecot, smtp: SmtpServer, url: str, sub: Path) -> dict[str, str]:
    """bench/daemon.py's settings, and no flood grouping: the backlog repeats eight senders."""
    out = daemon_env(dovecot, smtp, url, sub)
    out.update(RTT_SENDER_FLOOD_THRESHOLD="1000000", RTT_REPLY_GLOBAL_LIMIT_PER_HOUR="1000000")
    return out


def _process_table() -> dict[int, tuple[int, int]]:
    """Every process's (parent pid, CPU ticks used: user + system), read from /proc."""
    out: dict[int, tuple[int, int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, ValueError, IndexError):
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                out[int(entry.name)] = (int(fields[1]), int(fields[11]) + int(fields[12]))
    return out


def _with_descendants(roots: set[int], table: dict[int, tuple[int, int]]) -> set[int]:
    found = set(roots) & set(table)
    grew = True
    while grew:
        more = {pid for pid, (parent, _) in table.items() if parent in found} - found
        found |= more
        grew = bool(more)
    return found


class CoreMeter:
    """Cores used while the backlog is worked, by group of processes: the `rtt run` processes
    with everything they start (parse workers, the fork server), Dovecot, the PostgreSQL backends
    serving them (found by their application_name), and this bench process (aiosmtpd receiving
    the replies). CPU time is sampled from /proc twice a second; a process that ends between two
    samples loses at most its last half second."""

    def __init__(self, app_name: str) -> None:
        self.app_name = app_name
        self.groups: dict[str, Callable[[dict[int, tuple[int, int]]], set[int]]] = {}
        self.first: dict[str, dict[int, int]] = {}
        self.last: dict[str, dict[int, int]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.started = self.ended = 0.0

    def watch(self, name: str, pids: Callable[[dict[int, tuple[int, int]]], set[int]]) -> None:
        self.groups[name] = pids

    def postgres_pids(self) -> set[int]:
        with contextlib.suppress(Exception), psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            rows = conn.execute("SELECT pid FROM pg_stat_activity WHERE application_name = %s",
                                (self.app_name,)).fetchall()
            return {int(r[0]) for r in rows}
        return set()

    def start(self) -> None:
        self.started = time.monotonic()
        self._sample()
        self._thread.start()

    def stop(self) -> None:
        self._sample()
        self.ended = time.monotonic()
        self._stop.set()
        self._thread.join(5)

    def _run(self) -> None:
        while not self._stop.wait(0.5):
            self._sample()

    def _sample(self) -> None:
        """A process seen in the first sample counts from what it had used then; one started
        later counts from zero."""
        table = _process_table()
        initial = not self.first
        for name, pids in self.groups.items():
            first, last = self.first.setdefault(name, {}), self.last.setdefault(name, {})
            for pid in pids(table):
                ticks = table.get(pid, (0, 0))[1]
                first.setdefault(pid, ticks if initial else 0)
                last[pid] = max(last.get(pid, 0), ticks)

    def cores(self) -> dict[str, float]:
        wall = max(self.ended - self.started, 1e-9)
        tick = os.sysconf("SC_CLK_TCK")
        return {name: sum(self.last[name][p] - self.first[name].get(p, 0) for p in self.last.get(name, {}))
                / tick / wall for name in self.groups}


def scaling(processes: int, count: int) -> tuple[float, dict[str, float]]:
    items = mix()
    messages = [variant(items[n % len(items)][0], n) for n in range(count)]
    expected = sum(1 for n in range(count) if items[n % len(items)][1])
    with stack("postgresql") as (dovecot, smtp, url, workdir):
        dovecot.append("attendance", "INBOX", messages)
        app_name = f"rtt-bench-{os.getpid()}-{processes}"
        url = f"{url}&application_name={app_name}"
        meter = CoreMeter(app_name)
        procs: list[subprocess.Popen[bytes]] = []
        meter.watch("rtt run + parse workers", lambda t: _with_descendants({p.pid for p in procs}, t))
        dovecot_pid = dovecot.proc.pid if dovecot.proc else -1
        meter.watch("Dovecot", lambda t: _with_descendants({dovecot_pid}, t))
        meter.watch("PostgreSQL backends", lambda t: meter.postgres_pids())
        meter.watch("bench (aiosmtpd)", lambda t: {os.getpid()})
        started = time.monotonic()
        meter.start()
        for n in range(processes):
            sub = workdir / f"w{n}"
            sub.mkdir()
            procs.append(start_daemon(env(dovecot, smtp, url, sub), sub))
        try:
            wait_until(lambda: len(smtp.received) >= expected, 1800, "the replies", interval=0.2)
            meter.stop()
            return time.monotonic() - started, meter.cores()
        finally:
            for p in procs:
                stop_daemon(p)


def failover() -> tuple[float, float]:
    answered = [raw for raw, replies in mix() if replies]
    with stack("postgresql") as (dovecot, smtp, url, workdir):
        procs = []
        for n in range(2):
            sub = workdir / f"w{n}"
            sub.mkdir()
            procs.append(start_daemon(env(dovecot, smtp, url, sub), sub))
        try:
            first = wait_until(lambda: leader_pid(url), 60, "a leader")
            dovecot.append("attendance", "INBOX", [variant(answered[0], 50_000)])
            wait_until(lambda: len(smtp.received) >= 1, 120, "the warm-up reply")
            leader = next(p for p in procs if p.pid == first)
            kill9(leader)
            killed = time.monotonic()
            dovecot.append("attendance", "INBOX", [variant(answered[1], 50_001)])
            wait_until(lambda: leader_pid(url) not in (None, first), 60, "another leader", interval=0.05)
            took_over = time.monotonic() - killed
            wait_until(lambda: len(smtp.received) >= 2, 120, "the reply after the kill", interval=0.05)
            return took_over, time.monotonic() - killed
        finally:
            for p in procs:
                if p.poll() is None:
                    stop_daemon(p)


def _exit_on_sigterm(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)  # the servers and daemons are stopped on the way out


def main() -> None:
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backlog", type=int, default=64, help="messages in the backlog")
    parser.add_argument("--processes", default="1,2,3")
    parser.add_argument("--failovers", type=int, default=2)
    args = parser.parse_args()
    print(cores())
    base: float | None = None
    for n in (int(x) for x in args.processes.split(",")):
        seconds, used = scaling(n, args.backlog)
        base = base or seconds
        print(f"{n} process(es), PostgreSQL, backlog {args.backlog}: {seconds:.1f} s, "
              f"{args.backlog / seconds:.2f} messages/s, {base / seconds:.2f} x one process", flush=True)
        parts = ", ".join(f"{name} {value:.2f}" for name, value in used.items())
        per_message = sum(used.values()) * seconds / args.backlog
        need = (f", so 1.8 x this rate needs {1.8 * args.backlog / seconds * per_message:.2f} cores"
                f" of the {len(os.sched_getaffinity(0))}" if seconds == base else "")
        print(f"  cores used: {sum(used.values()):.2f} in all ({parts}); {per_message:.3f} CPU s a message"
              f"{need}", flush=True)
    lease, reply = [], []
    for _ in range(args.failovers):
        a, b = failover()
        lease.append(a)
        reply.append(b)
    if not lease:
        return
    print(f"failover after kill -9 of the leader ({args.failovers} runs): mailbox taken over in "
          f"{statistics.median(lease):.1f} s median (max {max(lease):.1f}); a message sent at the kill "
          f"answered in {statistics.median(reply):.1f} s median (max {max(reply):.1f})")


if __name__ == "__main__":
    main()

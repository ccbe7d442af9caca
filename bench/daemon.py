"""Benchmark of `rtt run` (issue 3): prints numbers, asserts nothing.

- latency: a message appended to a real Dovecot, one at a time, until its reply reaches a real
  SMTP listener (aiosmtpd): median and p95, in seconds;
- backlog: N messages waiting in the mailbox when `rtt run` starts: messages per second until the
  last reply, against `rtt check` in-process on the same mix; the daemon's peak RSS and its RSS
  at 10/50/90 % of the backlog (flat memory means no growth with the backlog);
on SQLite and on PostgreSQL (127.0.0.1:5432, database `test`, a throwaway schema).

usage: .venv/bin/python bench/daemon.py [--latency N] [--backlog N] [--db sqlite,postgresql]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checking.pipeline import check_message  # noqa: E402
from config.settings import Settings  # noqa: E402
from tests.mailflow.servers import (  # noqa: E402
    Dovecot,
    SmtpServer,
    children_of,
    postgres_schema,
    variant,
    wait_until,
)

EXAMPLES = ROOT.parent / "shared" / "examples"
NO_REPLY = "example-06-out-of-office"


def mix() -> list[tuple[bytes, bool]]:
    """The eight examples, each with whether it gets a reply."""
    return [(p.read_bytes(), p.parent.name != NO_REPLY) for p in sorted(EXAMPLES.glob("*/message.eml"))]


def message_id(raw: bytes) -> str:
    for line in raw.split(b"\n"):
        if line.lower().startswith(b"message-id:"):
            return line.split(b":", 1)[1].strip().decode()
    raise ValueError("no Message-ID")


@contextmanager
def database(kind: str, workdir: Path) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite:///{workdir / 'rtt.sqlite3'}"
    else:
        with postgres_schema() as url:
            yield url


def daemon_env(dovecot: Dovecot, smtp: SmtpServer, db_url: str, workdir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RTT_")}
    env.update(
        RTT_DATA_DIR=str(workdir / "var"),
        RTT_DATABASE_URL=db_url,
        RTT_IMAP_HOST="127.0.0.1",
        RTT_IMAP_PORT=str(dovecot.port),
        RTT_IMAP_USER="attendance",
        RTT_IMAP_PASSWORD="secret",
        RTT_IMAP_TLS="none",
        RTT_SMTP_HOST="127.0.0.1",
        RTT_SMTP_PORT=str(smtp.port),
        RTT_SMTP_TLS="none",
        RTT_WEB_ENABLED="false",
        RTT_OCR_ENABLED="false",
        RTT_REPLY_RATE_LIMIT_PER_HOUR="100000",
        RTT_LOG_LEVEL="WARNING",
    )
    return env


@contextmanager
def stack(db: str) -> Iterator[tuple[Dovecot, SmtpServer, str, Path]]:
    workdir = Path(tempfile.mkdtemp(prefix="rtt-bench-"))
    dovecot, smtp = Dovecot(), SmtpServer()
    dovecot.add_user("attendance")
    dovecot.start()
    smtp.start()
    try:
        with database(db, workdir) as url:
            yield dovecot, smtp, url, workdir
    finally:
        smtp.stop()
        dovecot.cleanup()
        shutil.rmtree(workdir, ignore_errors=True)


def start_daemon(env: dict[str, str], workdir: Path) -> subprocess.Popen[bytes]:
    log = open(workdir / "daemon.log", "ab")  # noqa: SIM115
    return subprocess.Popen(
        [sys.executable, "-m", "rtt.cli", "run"], cwd=workdir, env=env, stdout=log, stderr=subprocess.STDOUT
    )


def stop_daemon(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    proc.wait(60)


def latency(db: str, runs: int) -> list[float]:
    answered = [raw for raw, replies in mix() if replies]
    out: list[float] = []
    with stack(db) as (dovecot, smtp, url, workdir):
        proc = start_daemon(daemon_env(dovecot, smtp, url, workdir), workdir)
        try:
            dovecot.append("attendance", "INBOX", [variant(answered[-1], 10_000)])  # warm-up
            wait_until(lambda: len(smtp.received) >= 1, 120, "the warm-up reply")
            for n in range(runs):
                raw = variant(answered[n % len(answered)], n)
                wanted, before = message_id(raw), len(smtp.received)
                started = time.monotonic()
                dovecot.append("attendance", "INBOX", [raw])
                got = wait_until(lambda b=before: smtp.received[b:] or None, 120, "a reply")
                assert got[0].message["In-Reply-To"].strip() == wanted
                out.append(got[0].at - started)
        finally:
            stop_daemon(proc)
    return out


def rss_kb(pid: int) -> int:
    """The resident memory of the daemon and the parse workers it started."""
    total = 0
    for one in (pid, *children_of(pid)):
        try:
            lines = Path(f"/proc/{one}/status").read_text().splitlines()
        except OSError:
            continue
        total += sum(int(line.split()[1]) for line in lines if line.startswith("VmRSS:"))
    return total


def backlog(db: str, count: int) -> dict[str, float]:
    items = mix()
    messages = [variant(items[n % len(items)][0], n) for n in range(count)]
    expected = sum(1 for n in range(count) if items[n % len(items)][1])
    with stack(db) as (dovecot, smtp, url, workdir):
        dovecot.append("attendance", "INBOX", messages)
        del messages
        started = time.monotonic()
        proc = start_daemon(daemon_env(dovecot, smtp, url, workdir), workdir)
        samples: list[tuple[int, int]] = []
        try:
            while len(smtp.received) < expected:
                samples.append((len(smtp.received), rss_kb(proc.pid)))
                if proc.poll() is not None:
                    raise RuntimeError(f"the daemon stopped: see {workdir / 'daemon.log'}")
                time.sleep(0.5)
            elapsed = time.monotonic() - started
        finally:
            stop_daemon(proc)
    return {"seconds": elapsed, "per_second": count / elapsed, **_rss_profile(samples, expected)}


def _rss_profile(samples: list[tuple[int, int]], expected: int) -> dict[str, float]:
    def at(fraction: float) -> float:
        wanted = fraction * expected
        return next((rss for done, rss in samples if done >= wanted), samples[-1][1]) / 1024

    return {
        "peak_mb": max(r for _, r in samples) / 1024,
        "rss10": at(0.1),
        "rss50": at(0.5),
        "rss90": at(0.9),
    }


def in_process_per_second(rounds: int) -> float:
    options = Settings(ocr_enabled=False).check_options()
    raws = [raw for raw, _ in mix()]
    check_message(raws[0], options)  # warm-up
    started = time.perf_counter()
    for _ in range(rounds):
        for raw in raws:
            check_message(raw, options)
    return rounds * len(raws) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--latency", type=int, default=30, help="messages for the latency test")
    parser.add_argument("--backlog", type=int, default=1000, help="messages in the backlog")
    parser.add_argument("--db", default="sqlite,postgresql")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of the 8 examples in-process")
    args = parser.parse_args()
    rate = in_process_per_second(args.rounds)
    print(f"rtt check in-process, same mix: {rate:.2f} messages/s ({1000 / rate:.0f} ms each)", flush=True)
    for db in args.db.split(","):
        if args.latency:
            report_latency(db, sorted(latency(db, args.latency)))
        if args.backlog:
            b = backlog(db, args.backlog)
            print(
                f"[{db}] backlog of {args.backlog}: {b['seconds']:.1f} s, {b['per_second']:.2f} messages/s "
                f"({b['per_second'] / rate:.2f}x in-process); daemon+workers RSS peak {b['peak_mb']:.0f} MB, "
                f"at 10/50/90 %: {b['rss10']:.0f}/{b['rss50']:.0f}/{b['rss90']:.0f} MB",
                flush=True,
            )


def report_latency(db: str, lat: list[float]) -> None:
    p95 = lat[min(len(lat) - 1, round(0.95 * len(lat)) - 1)]
    print(
        f"[{db}] arrival-to-reply over {len(lat)} messages: median {statistics.median(lat):.2f} s, "
        f"p95 {p95:.2f} s, max {lat[-1]:.2f} s",
        flush=True,
    )


if __name__ == "__main__":
    main()

"""Benchmark (issue 10, read once): the cost of the 1st and the 5th message of one thread
through `intake.process.process_message`, on the embedded defaults (SQLite, in-process).

The thread is one message (its plan attached) and four replies to it, each carrying the plan
again. Judging a case reads the snapshots of its earlier messages; with `--no-snapshots` the
snapshot lookup is disabled, so every earlier message is read again from its bytes (as before
issue 10). Prints numbers, asserts nothing.

usage: .venv/bin/python bench/thread_cost.py [MESSAGE.eml ...] [--runs N] [--no-snapshots]
"""

from __future__ import annotations

import argparse
import email.utils
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT = ROOT.parent / "shared" / "examples" / "example-01-complete-pdf" / "message.eml"


def reply_to(raw: bytes, first_id: str, n: int) -> bytes:
    """The same message as a reply in the thread: a new Message-ID, In-Reply-To the first."""
    head, sep, body = raw.partition(b"\r\n\r\n") if b"\r\n\r\n" in raw else raw.partition(b"\n\n")
    nl = b"\r\n" if sep == b"\r\n\r\n" else b"\n"
    lines = [ln for ln in head.split(nl) if not re.match(rb"(?i)(message-id|in-reply-to|references):", ln)]
    new_id = f"<bench-{n}-{time.time_ns()}@bench.invalid>".encode()
    first = first_id.encode()
    lines += [b"Message-ID: " + new_id, b"In-Reply-To: " + first, b"References: " + first]
    return nl.join(lines) + sep + body


def one_thread(path: Path, snapshots: bool) -> list[float]:
    import intake.process as process
    from config.settings import Settings
    from store.db import make_engine, upgrade_schema
    from store.messages import MessageKey, header_message_id, store_raw

    if not snapshots:
        process.load_snapshot = lambda session, sha256, version=None: None  # type: ignore[assignment]
    raw = path.read_bytes()
    first_id = header_message_id(raw) or email.utils.make_msgid()
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/rtt.sqlite3")
        upgrade_schema(engine)
        settings = Settings(data_dir=Path(tmp) / "data", sender_flood_threshold=100)
        costs = []
        for n in range(5):
            message = raw if n == 0 else reply_to(raw, first_id, n)
            row_id, _ = store_raw(engine, key=MessageKey("attendance", "INBOX", 1, str(n)), raw=message)
            start = time.perf_counter()
            result = process.process_message(engine, settings, row_id)
            costs.append((time.perf_counter() - start) * 1000)
            assert result.state == "done", result
        engine.dispose()
    return costs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("messages", nargs="*", type=Path, default=[DEFAULT])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-snapshots", action="store_true")
    args = parser.parse_args()
    mode = "snapshot lookup disabled (before)" if args.no_snapshots else "snapshots (after)"
    print(f"thread of 5 through intake.process on SQLite, {mode}; median of {args.runs} threads")
    for path in args.messages:
        runs = [one_thread(path, not args.no_snapshots) for _ in range(args.runs)]
        med = [statistics.median(r[i] for r in runs) for i in range(5)]
        print(
            f"{path.parent.name}: 1st {med[0]:.0f} ms, 5th {med[4]:.0f} ms "
            f"(5th/1st {med[4] / med[0]:.2f}); all: " + ", ".join(f"{m:.0f}" for m in med)
        )


if __name__ == "__main__":
    main()

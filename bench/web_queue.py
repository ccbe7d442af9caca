"""Benchmark: the server time of the queue page and a case page with 10,000 cases in the store,
on SQLite and on PostgreSQL (issue 4 aims at under 150 ms each).

    .venv/bin/python bench/web_queue.py [--db sqlite|postgresql|both] [--cases 10000] [--runs 30]

The server's own time is read from the `Server-Timing` header the app sets on every response.
PostgreSQL: a throwaway database is created next to RTT_BENCH_PG_URL's (default
postgresql+psycopg://postgres@127.0.0.1:5432/postgres) and dropped afterwards.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

import psycopg  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402
from sqlalchemy import select, text  # noqa: E402
from sqlalchemy.engine import Engine, make_url  # noqa: E402

from config.settings import Settings  # noqa: E402
from store.db import make_engine, session_scope, upgrade_schema  # noqa: E402
from store.models import Case  # noqa: E402
from tests.web import webseed  # noqa: E402
from web.app import create_app  # noqa: E402
from web.users import create_user  # noqa: E402

PG_URL = os.environ.get("RTT_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
PASSWORD = "bench-password-123"


@contextmanager
def sqlite_url() -> Iterator[str]:
    with tempfile.TemporaryDirectory() as tmp:
        yield f"sqlite:///{tmp}/bench.sqlite3"


@contextmanager
def postgres_url() -> Iterator[str]:
    base = make_url(PG_URL)
    name = f"rtt_web_bench_{os.getpid()}"
    admin = base.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def server_ms(client: TestClient, path: str, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        times.append(float(response.headers["server-timing"].split("dur=")[1]))
    return times


def login(client: TestClient) -> None:
    page = client.get("/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token
    client.post("/login", data={"username": "bench", "password": PASSWORD, "csrf_token": token.group(1)})


def settle(engine: Engine) -> None:
    """What the database's own housekeeping does soon after a bulk load: fresh statistics
    (and, on PostgreSQL, the visibility map that index-only scans use)."""
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    else:
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))


def run_one(label: str, url: str, cases: int, runs: int) -> None:
    engine: Engine = make_engine(url)
    upgrade_schema(engine)
    started = time.perf_counter()
    webseed.bulk_seed(engine, cases, datetime.now(UTC).date())
    with session_scope(engine) as session:
        create_user(session, "bench", PASSWORD, "officer")
        middle = session.execute(select(Case.id).order_by(Case.id).offset(cases // 2).limit(1)).scalar_one()  # type: ignore[arg-type]
    seeded = time.perf_counter() - started
    settle(engine)
    with tempfile.TemporaryDirectory() as data_dir:
        app = create_app(Settings(data_dir=Path(data_dir), web_secure_cookies=False), engine)
        with TestClient(app, base_url="http://127.0.0.1") as client:
            login(client)
            pages = {
                "queue (default)": "/",
                "queue (search + filters)": "/?q=khan&priority=high&status=all",
                "queue (page 20)": "/?status=all&page=20",
                "case page": f"/cases/{middle}",
            }
            print(
                f"\n{label}: {cases} cases seeded in {seeded:.1f} s; {runs} runs each after 3 warm-up runs"
                f" (load average {os.getloadavg()[0]:.1f})"
            )
            for name, path in pages.items():
                server_ms(client, path, 3)
                times = sorted(server_ms(client, path, runs))
                p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
                print(
                    f"  {name:26s} median {statistics.median(times):6.1f} ms   p95 {p95:6.1f} ms   "
                    f"max {times[-1]:6.1f} ms"
                )
    engine.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    if args.db in ("sqlite", "both"):
        with sqlite_url() as url:
            run_one("SQLite", url, args.cases, args.runs)
    if args.db in ("postgresql", "both"):
        with postgres_url() as url:
            run_one("PostgreSQL", url, args.cases, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())

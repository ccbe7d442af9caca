"""The engine and sessions: SQLite (WAL) by default, PostgreSQL by URL; same code for both."""

from __future__ import annotations

import fcntl
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import event, inspect, text
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, create_engine

from parsers.errors import RttError
from store import models  # noqa: F401  (registers the tables)


def make_engine(url: str) -> Engine:
    """An engine for the URL; for SQLite, the file's folder is made and WAL is switched on."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


MIGRATIONS = Path(__file__).resolve().parent / "migrations"
FIRST_REVISION = "0001"
_PG_MIGRATION_LOCK = 0x525454  # one migrator at a time on a shared PostgreSQL


def alembic_config(connection: Connection | None = None) -> Config:
    """The alembic configuration, with no ini file: the scripts ship inside this package."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def upgrade_schema(engine: Engine) -> None:
    """Bring the schema up to date: alembic `upgrade head`, in one transaction.

    A database made by the skeleton's `create_all` (tables, no alembic_version) is stamped
    with the first revision, which is the same schema, and then upgraded.
    """
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
        config = alembic_config(connection)
        tables = set(inspect(connection).get_table_names())
        if "raw_message" in tables and "alembic_version" not in tables:
            command.stamp(config, FIRST_REVISION)
        command.upgrade(config, "head")


def retry_at(attempts: int, first_delay: float, max_delay: float) -> datetime:
    """When to try again after `attempts` tries: the delay doubles each time, up to a cap."""
    delay = min(max_delay, first_delay * 2.0 ** max(attempts - 1, 0))
    return datetime.now(UTC) + timedelta(seconds=delay)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session that commits on success and rolls back on error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


class StoreInUse(RttError):
    """Another process already uses this SQLite store."""


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL; None for another database or an in-memory one."""
    if not url.startswith("sqlite"):
        return None
    path = url.split("///", 1)[-1].split("?", 1)[0]
    return Path(path) if path and path != ":memory:" else None


@contextmanager
def sole_user(url: str) -> Iterator[bool]:
    """For SQLite, hold `<file>.lock` (an flock, released by the kernel however the process ends)
    for as long as the block runs, or raise StoreInUse naming the holder: SQLite is the embedded
    store of one `rtt run`. Yields True for SQLite (this process is alone), False otherwise
    (PostgreSQL: any number of processes share it)."""
    path = sqlite_path(url)
    if path is None:
        yield False
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = path.with_name(path.name + ".lock")
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "unknown"
            raise StoreInUse(
                f"another rtt run (pid {holder}) is using the SQLite store {path}: SQLite serves one "
                "process; to run several, share a PostgreSQL database (RTT_DATABASE_URL=postgresql+psycopg://...)"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield True
    finally:
        os.close(fd)


def backup_sqlite(url: str, dest: Path) -> str:
    """Copy a SQLite store to `dest` with SQLite's online backup API, safe while `rtt run` uses it
    (a consistent copy as of one moment; writers go on meanwhile). Written to a partial file
    and checked (PRAGMA integrity_check) before it takes `dest`'s name, mode 0600. Returns the
    check's answer ("ok"); raises ValueError for a store that is not a SQLite file."""
    source = sqlite_path(url)
    if source is None or not source.exists():
        raise ValueError(f"not a SQLite store file: {url.split('@')[-1]}")
    partial = dest.with_name(dest.name + ".partial")
    partial.unlink(missing_ok=True)
    src = sqlite3.connect(source, timeout=30)
    dst = sqlite3.connect(partial)
    try:
        src.backup(dst, pages=4096, sleep=0.01)
        answer = str(dst.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        dst.close()
        src.close()
    if answer != "ok":
        raise ValueError(f"the copy failed its integrity check: {answer[:200]}")
    partial.chmod(0o600)
    os.replace(partial, dest)
    return answer

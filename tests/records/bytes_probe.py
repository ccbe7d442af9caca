"""Does a database still hold some bytes anywhere in its files?

SQLite: the database file with its write-ahead log, read as bytes. PostgreSQL: every page of
the schema's tables, their TOAST tables and indexes, read through the pageinspect extension
(`get_raw_page`, which needs a superuser: the tests' `postgres` is one), dead rows included."""

from __future__ import annotations

import time
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Engine

from records.compact import compact


def sqlite_files(engine: Engine) -> list[Path]:
    path = Path(str(engine.url.database))
    return [p for p in (path, Path(f"{path}-wal"), Path(f"{path}-journal")) if p.exists()]


def places_holding(engine: Engine, needle: bytes) -> list[str]:
    """Where the bytes are found: file names (SQLite) or relation names (PostgreSQL)."""
    if engine.dialect.name == "sqlite":
        return [p.name for p in sqlite_files(engine) if needle in p.read_bytes()]
    found: list[str] = []
    with engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        conn.execute(text("CREATE EXTENSION IF NOT EXISTS pageinspect SCHEMA public"))
        rels = conn.execute(text(
            "SELECT c.oid::regclass::text, pg_relation_size(c.oid) / current_setting('block_size')::int "
            "FROM pg_class c WHERE c.relkind IN ('r', 't', 'i') AND (c.relnamespace = "
            "current_schema()::regnamespace OR c.oid IN (SELECT reltoastrelid FROM pg_class t WHERE "
            "t.relnamespace = current_schema()::regnamespace) OR c.oid IN (SELECT i.indexrelid FROM "
            "pg_index i JOIN pg_class t ON t.reltoastrelid = i.indrelid WHERE t.relnamespace = "
            "current_schema()::regnamespace))")).all()
        for name, blocks in rels:
            for block in range(int(blocks)):
                query = text("SELECT public.get_raw_page(:r, :b)")
                page = conn.execute(query, {"r": name, "b": block}).scalar()
                if page is not None and needle in bytes(page):
                    found.append(name)
                    break
    return found


def gone_after_compaction(engine: Engine, needle: bytes, seconds: float = 60.0) -> list[str]:
    """Where the bytes still are once compaction has had its chance. On PostgreSQL a removed
    row's old version survives VACUUM FULL while a transaction older than the removal is open
    (other sessions share this test server): compact again until none is (as the next daily run
    does), for up to `seconds`."""
    deadline = time.monotonic() + seconds
    found = places_holding(engine, needle)
    while found and engine.dialect.name == "postgresql" and time.monotonic() < deadline:
        time.sleep(1.0)
        compact(engine)
        found = places_holding(engine, needle)
    return found

"""After a removal, the database gives the freed space back so the removed bytes are gone from
its files: SQLite is vacuumed (with secure_delete, its write-ahead log checkpointed and emptied),
PostgreSQL's tables are rewritten (VACUUM FULL: the old files, dead rows and all, are deleted).

What this cannot reach: backups, PostgreSQL's WAL segments until they are recycled, and the
filesystem's own free blocks."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Engine

TABLES = ("raw_message", "attachment", "parsed_snapshot", "outbound_reply", "case", "case_note",
          "case_participant", "requirement_result", "audit_event")


def compact(engine: Engine) -> None:
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            conn = conn.execution_options(isolation_level="AUTOCOMMIT")
            conn.exec_driver_sql("PRAGMA secure_delete=ON")
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.exec_driver_sql("VACUUM")
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        return
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn = conn.execution_options(isolation_level="AUTOCOMMIT")
            names = ", ".join(f'"{t}"' for t in TABLES)
            conn.execute(text(f"VACUUM FULL {names}"))

"""`rtt backup PATH`: a consistent copy of the SQLite store, taken while `rtt run` uses it
(SQLite's online backup API). A PostgreSQL store is backed up with pg_dump (README: "Backups
and restore"); this command then says so and copies nothing."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from config.settings import Settings
from store.db import backup_sqlite, sqlite_path

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_FAILED = 1


def add_parser(sub: Any) -> None:
    p = sub.add_parser("backup", help="copy the SQLite store while rtt run uses it")
    p.add_argument("dest", type=Path, help="the file to write (replaced only once the copy is checked)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    url = settings.resolved_database_url
    if sqlite_path(url) is None:
        print("rtt backup: the store is PostgreSQL: back it up with pg_dump "
              "(pg_dump --format=custom --file=rtt.dump DATABASE; see README, Backups and restore)",
              file=sys.stderr)
        return EXIT_USAGE
    dest: Path = args.dest
    if dest.resolve() == sqlite_path(url):
        print("rtt backup: the copy may not replace the store itself", file=sys.stderr)
        return EXIT_USAGE
    try:
        backup_sqlite(url, dest)
    except (ValueError, OSError) as exc:
        print(f"rtt backup: {exc}", file=sys.stderr)
        return EXIT_FAILED
    print(f"rtt backup: {dest} written and checked")
    return EXIT_OK

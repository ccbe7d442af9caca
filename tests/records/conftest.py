"""The records tests run on SQLite and PostgreSQL with the daemon tests' fixtures."""

from __future__ import annotations

from tests.mailflow.conftest import db_url, engine  # noqa: F401  (fixtures, reused)

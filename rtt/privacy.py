"""Safeguarding data kept private on this machine and out of the logs.

- Every `rtt` command runs with umask 077: the data folder, the SQLite file with its WAL and
  SHM, written replies and exports are readable by their owner only. `rtt run` checks the data
  folder at start and warns about anything looser (it does not change modes behind an
  operator's back).
- Log records from other people's code (mail-parser, pdfminer, extract-msg ...) may quote a
  message's subject or text: above DEBUG they are kept but their text is withheld. The
  product's own loggers log ids, counts and states only.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

PRIVATE_UMASK = 0o077
PRODUCT_LOGGERS = (
    "rtt", "parsers", "triage", "replies", "checking", "config", "store", "intake", "web", "sending",
    "mailconn", "retention", "records",
)
_SAFE_THIRD_PARTY = ("alembic.runtime.migration",)
"""Loggers known to say nothing about a message (schema upgrades)."""
_MAX_FILES_CHECKED = 10_000


def set_private_umask() -> None:
    os.umask(PRIVATE_UMASK)


def _is_ours(name: str) -> bool:
    return any(name == p or name.startswith(p + ".") for p in (*PRODUCT_LOGGERS, *_SAFE_THIRD_PARTY))


class WithholdForeignText(logging.Filter):
    """Above DEBUG, a record from another library keeps its level and logger but not its text."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno > logging.DEBUG and not _is_ours(record.name):
            exc = record.exc_info[0].__name__ if record.exc_info and record.exc_info[0] else None
            record.msg = "message text withheld (it may quote mail); RTT_LOG_LEVEL=DEBUG shows it" + (
                f" [{exc}]" if exc else ""
            )
            record.args = None
            record.exc_info = None
            record.exc_text = None
            record.stack_info = None
        return True


def install_log_filter(root: logging.Logger | None = None) -> None:
    """Put the filter on every handler of the root logger (where records are written)."""
    for handler in (root or logging.getLogger()).handlers:
        if not any(isinstance(f, WithholdForeignText) for f in handler.filters):
            handler.addFilter(WithholdForeignText())


def _walk(root: Path) -> Iterator[Path]:
    count = 0
    for dirpath, dirnames, filenames in os.walk(root):
        for name in [*dirnames, *filenames]:
            count += 1
            if count > _MAX_FILES_CHECKED:
                return
            yield Path(dirpath) / name


def loose_permissions(data_dir: Path) -> list[str]:
    """Paths under the data folder that others than the owner may read, write or enter."""
    if not data_dir.exists():
        return []
    loose = []
    for path in [data_dir, *_walk(data_dir)]:
        try:
            mode = path.lstat().st_mode
        except OSError:
            continue
        if stat.S_ISLNK(mode):
            continue
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            loose.append(f"{path} ({stat.filemode(mode)})")
    return loose


def make_private_dir(path: Path) -> None:
    """Create the folder (and parents) owner-only; an existing folder is left as it is."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)

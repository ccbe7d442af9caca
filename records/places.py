"""Where the product keeps files that hold a child's data, beside the database."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from store.erasure import Removed

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Places:
    maildir: Path
    """The embedded Maildir that is watched (a finished message sits in its cur/)."""
    outbox: Path
    """The outbox Maildir (replies written when there is no SMTP server or Graph)."""


def delete_files(places: Places, removed: Removed) -> int:
    """Delete the removed messages' and replies' files in our own Maildirs (a Maildir elsewhere
    is not touched). Returns how many files were deleted."""
    count = 0
    root = places.maildir.resolve()
    for mailbox, key in removed.maildir_files:
        if mailbox != f"maildir:{root}":
            continue
        base = key.split(":", 1)[0]
        count += _unlink([root / "new" / key, *(root / "cur").glob(f"{_glob_safe(base)}:*"),
                          root / "cur" / base])
    outbox = places.outbox.resolve()
    for name in removed.outbox_files:
        count += _unlink([outbox / "new" / name, outbox / "cur" / name,
                          *(outbox / "cur").glob(f"{_glob_safe(name)}:*")])
    return count


def _glob_safe(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[]" else c for c in name)


def _unlink(paths: list[Path]) -> int:
    count = 0
    for path in paths:
        try:
            path.unlink()
            count += 1
        except FileNotFoundError:
            continue
        except OSError as exc:
            log.warning("could not delete a removed message's file: %s", type(exc).__name__)
    return count

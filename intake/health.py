"""The daemon's health: whether the mailbox and the sender work, and if not why, kept in
`health.json` in the data folder (rewritten when something changes) for monitoring and for
`rtt doctor`; and a failure said once in the log, not at every retry.

Reasons are our own words (an error's kind, an OAuth2 error code), never a server's text or
a secret.
"""

from __future__ import annotations

import json
import logging
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

FILE_NAME = "health.json"


class Health:
    """Named parts ("mailbox", "sender"), each ok or failing with a reason since a time."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.parts: dict[str, dict[str, Any]] = {}

    def set(self, part: str, ok: bool, reason: str = "") -> bool:
        """Record the part's state; True when it changed (then the file is rewritten)."""
        old = self.parts.get(part)
        if old is not None and old["ok"] == ok and old["reason"] == reason:
            return False
        since = datetime.now(UTC).isoformat(timespec="seconds")
        self.parts[part] = {"ok": ok, "reason": reason, "since": since}
        self._write()
        return True

    def _write(self) -> None:
        if self.path is None:
            return
        tmp = self.path.with_suffix(".tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            overall = all(p["ok"] for p in self.parts.values())
            tmp.write_text(json.dumps({"ok": overall, **self.parts}, indent=1))
            os.replace(tmp, self.path)
        except OSError as exc:
            log.warning("health file %s not written: %s", self.path, type(exc).__name__)


def read_health(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


class FailureNotice:
    """Says a failure once (at WARNING, or ERROR when credentials were refused), repeats only
    at DEBUG, and says when it is over."""

    def __init__(self, what: str, health: Health, part: str) -> None:
        self.what, self.health, self.part = what, health, part
        self.reason: str | None = None
        self.failures = 0

    def failed(self, reason: str, wait: float, cap: float, denied: bool = False) -> None:
        self.failures += 1
        if reason == self.reason:
            log.debug("%s still unavailable (%s); retrying in %.1fs", self.what, reason, wait)
            return
        self.reason = reason
        self.health.set(self.part, False, reason)
        level = logging.ERROR if denied else logging.WARNING
        log.log(level, "%s unavailable: %s; retrying in %.1fs, then with backoff up to %.0fs (said once)",
                self.what, reason, wait, cap)

    def worked(self) -> None:
        if self.reason is not None:
            log.info("%s works again after %d failed attempts", self.what, self.failures)
        self.reason, self.failures = None, 0
        self.health.set(self.part, True)

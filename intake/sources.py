"""The mailboxes the daemon watches: an IMAP folder, or a local Maildir (the embedded default).

A source lists the messages waiting, hands over their exact bytes, moves a message out of
the way once the database has it (never before), and waits for news. It never relies on the
Seen flag: people reading the shared mailbox change it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import ssl
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Protocol

from imapclient import IMAPClient

from rtt.settings import Settings

log = logging.getLogger(__name__)

IDLE_SLICE_SECONDS = 1.0
"""How often a wait looks at the stop flag."""


class SourceError(Exception):
    """The mailbox could not be reached or answered badly: reconnect and try again."""


class Source(Protocol):
    mailbox: str
    folder: str

    def open(self) -> int:
        """Connect (where there is anything to connect to); returns the UIDVALIDITY."""
        ...

    def waiting(self) -> list[str]:
        """The keys (UIDs) of every message now in the watched folder."""
        ...

    def fetch(self, keys: Sequence[str]) -> Iterator[tuple[str, bytes]]: ...

    def finish(self, keys: Sequence[str]) -> None:
        """Move these messages out of the watched folder: the store has them, processed."""
        ...

    def wait(self, seconds: float, stop: threading.Event) -> None:
        """Return when news may have arrived, after `seconds`, or when `stop` is set."""
        ...

    def close(self) -> None: ...


class MaildirSource:
    """Watches `new/` of a Maildir; a finished message moves to `cur/` with the Seen flag."""

    folder = "new"

    def __init__(self, root: Path, poll_seconds: float) -> None:
        self.root = root
        self.mailbox = f"maildir:{root.resolve()}"
        self.poll_seconds = poll_seconds

    def open(self) -> int:
        for sub in ("tmp", "new", "cur"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        return 0

    def waiting(self) -> list[str]:
        with os.scandir(self.root / "new") as entries:
            names = [e.name for e in entries if e.is_file() and not e.name.startswith(".")]
        return sorted(names)

    def fetch(self, keys: Sequence[str]) -> Iterator[tuple[str, bytes]]:
        for key in keys:
            try:
                yield key, (self.root / "new" / key).read_bytes()
            except FileNotFoundError:
                continue

    def finish(self, keys: Sequence[str]) -> None:
        for key in keys:
            base = key.split(":", 1)[0]
            try:
                os.replace(self.root / "new" / key, self.root / "cur" / f"{base}:2,S")
            except FileNotFoundError:
                continue

    def wait(self, seconds: float, stop: threading.Event) -> None:
        stop.wait(min(seconds, self.poll_seconds))

    def close(self) -> None:
        return None


class ImapSource:
    """Watches one IMAP folder with IDLE (refreshed well inside the server's 29 minutes) and
    a safety poll; finished messages MOVE to the done folder."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.mailbox = f"{settings.imap_user or ''}@{settings.imap_host}"
        self.folder = settings.imap_folder
        self._client: IMAPClient | None = None

    def _connect(self) -> IMAPClient:
        s = self.settings
        context = ssl.create_default_context(cafile=s.tls_ca_file)
        port = s.imap_port or (993 if s.imap_tls == "ssl" else 143)
        client = IMAPClient(s.imap_host, port=port, ssl=s.imap_tls == "ssl", ssl_context=context, timeout=30)
        if s.imap_tls == "starttls":
            client.starttls(context)
        password = s.imap_password.get_secret_value() if s.imap_password else ""
        client.login(s.imap_user or "", password)
        return client

    def open(self) -> int:
        self.close()
        try:
            client = self._connect()
            done = self.settings.imap_done_folder
            if not client.folder_exists(done):
                client.create_folder(done)
            selected = client.select_folder(self.folder)
        except (OSError, IMAPClient.Error) as exc:
            raise SourceError(f"IMAP open failed: {type(exc).__name__}: {exc}") from exc
        self._client = client
        return int(selected[b"UIDVALIDITY"])

    def _live(self) -> IMAPClient:
        if self._client is None:
            raise SourceError("not connected")
        return self._client

    def waiting(self) -> list[str]:
        client = self._live()
        _announced(client)  # what was announced so far is in this listing
        try:
            uids = sorted(client.search("ALL"))
        except (OSError, IMAPClient.Error) as exc:
            raise SourceError(f"IMAP search failed: {type(exc).__name__}") from exc
        return [str(uid) for uid in uids]

    def fetch(self, keys: Sequence[str]) -> Iterator[tuple[str, bytes]]:
        """BODY.PEEK[]: the exact bytes, without setting Seen."""
        try:
            data = self._live().fetch([int(k) for k in keys], ["BODY.PEEK[]"])
        except (OSError, IMAPClient.Error) as exc:
            raise SourceError(f"IMAP fetch failed: {type(exc).__name__}") from exc
        for uid in sorted(data):
            body = data[uid].get(b"BODY[]")
            if isinstance(body, bytes):
                yield str(uid), body

    def finish(self, keys: Sequence[str]) -> None:
        if not keys:
            return
        client, uids = self._live(), [int(k) for k in keys]
        try:
            if client.has_capability("MOVE"):
                client.move(uids, self.settings.imap_done_folder)
            else:
                client.copy(uids, self.settings.imap_done_folder)
                client.delete_messages(uids)
                client.uid_expunge(uids) if client.has_capability("UIDPLUS") else client.expunge()
        except (OSError, IMAPClient.Error) as exc:
            raise SourceError(f"IMAP move failed: {type(exc).__name__}") from exc

    def wait(self, seconds: float, stop: threading.Event) -> None:
        """IDLE for up to `seconds`, in stretches of `imap_recheck_seconds` (never longer than
        the IDLE refresh), each begun by a NOOP: Dovecot now and then misses its own wake-up
        for a message that lands as IDLE begins, and tells only at its next 30-second check."""
        end = time.monotonic() + seconds
        while not stop.is_set():
            left = end - time.monotonic()
            if left <= 0:
                return
            stretch = min(left, self.settings.imap_idle_seconds, self.settings.imap_recheck_seconds)
            if self._idle_once(self._live(), stretch, stop):
                return

    def _idle_once(self, client: IMAPClient, seconds: float, stop: threading.Event) -> bool:
        """One IDLE stretch; True when news may have arrived."""
        try:
            # A message the server announced in the answer to another command (our SEARCH,
            # FETCH or MOVE) is not announced again in IDLE: look for it first.
            _, updates = client.noop()
            if _announced(client) or any(_is_news(r) for r in updates):
                return True
            client.idle()
            outcome = self._idle_until(client, time.monotonic() + seconds, stop)
            if outcome != "closed":
                said = client.idle_done()[1]
                return outcome == "news" or any(_is_news(r) for r in said)
        except (OSError, IMAPClient.Error) as exc:
            log.debug("IDLE ended by %s", type(exc).__name__)
        self._drop()
        raise SourceError("IMAP connection closed by the server")

    @staticmethod
    def _idle_until(client: IMAPClient, deadline: float, stop: threading.Event) -> str:
        """Wait in IDLE: "news", "closed" (BYE, or the socket closed), or "quiet"."""
        while not stop.is_set():
            left = deadline - time.monotonic()
            if left <= 0:
                return "quiet"
            started, slice_ = time.monotonic(), min(IDLE_SLICE_SECONDS, left)
            responses = client.idle_check(timeout=slice_)
            if any(_is_bye(r) for r in responses):
                return "closed"
            if any(_is_news(r) for r in responses):
                return "news"
            if not responses and time.monotonic() - started < slice_ / 2:
                return "closed"  # readable but nothing to read: the socket is closed
        return "quiet"

    def _drop(self) -> None:
        """Forget a broken connection without talking to the server."""
        client, self._client = self._client, None
        if client is not None:
            with contextlib.suppress(OSError, IMAPClient.Error):
                client.shutdown()

    def close(self) -> None:
        client, self._client = self._client, None
        if client is None:
            return
        try:
            client.logout()
        except (OSError, IMAPClient.Error):
            with contextlib.suppress(OSError):
                client.shutdown()


def _announced(client: IMAPClient) -> bool:
    """Whether the server announced new mail (EXISTS, RECENT) in the answers to our commands
    since the last call. imaplib keeps those untagged answers; imapclient has no public view."""
    pending = client._imap.untagged_responses
    found = [pending.pop(name, None) for name in ("EXISTS", "RECENT")]
    return any(found)


def _is_news(response: object) -> bool:
    return isinstance(response, tuple) and len(response) >= 2 and response[1] in (b"EXISTS", b"RECENT")


def _is_bye(response: object) -> bool:
    return isinstance(response, tuple) and len(response) >= 1 and response[0] == b"BYE"


def make_source(settings: Settings) -> Source:
    if settings.imap_host:
        return ImapSource(settings)
    return MaildirSource(settings.resolved_maildir, settings.maildir_poll_seconds)

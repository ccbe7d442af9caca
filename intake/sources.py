"""The mailboxes the daemon watches: an IMAP folder, a Microsoft Graph mail folder, or a local
Maildir (the embedded default).

A source lists the messages waiting, hands over their exact bytes, moves a message out of
the way once the database has it (never before), and waits for news. It never relies on the
Seen flag: people reading the shared mailbox change it.
"""

from __future__ import annotations

import contextlib
import hashlib
import imaplib
import logging
import os
import ssl
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

from imapclient import IMAPClient

from config.settings import Settings
from mailconn.graph import GraphClient, GraphError
from mailconn.sasl import XOAUTH2, choose_mechanism, initial_response, responder
from mailconn.tokens import TokenError, TokenSource, make_token_source
from parsers.errors import RttError

log = logging.getLogger(__name__)

IDLE_SLICE_SECONDS = 1.0
"""How often a wait looks at the stop flag."""


class SourceError(RttError):
    """The mailbox could not be reached or answered badly: reconnect and try again."""


class SessionExpired(SourceError):
    """The session's OAuth2 token is about to run out: sign in again now, quietly, rather than
    wait for the server to end the session (Exchange Online says BYE ... AccessTokenExpired)."""


class SourceAuthError(SourceError):
    """The mailbox refused our credentials (or no token could be had): try again later, and
    say so once, plainly. The message names the cause, never a secret."""


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
        self.tokens: TokenSource | None = (
            make_token_source(settings.oauth()) if settings.imap_auth == "oauth2" else None
        )
        self._session_until: float | None = None
        """With OAuth2: when the session's token is renewed, and the session with it."""

    def connect(self) -> IMAPClient:
        """A signed-in connection with no folder selected, for `rtt doctor` (which logs out)."""
        return self._connect()

    def _connect(self) -> IMAPClient:
        s = self.settings
        context = ssl.create_default_context(cafile=s.tls_ca_file)
        port = s.imap_port or (993 if s.imap_tls == "ssl" else 143)
        client = IMAPClient(s.imap_host, port=port, ssl=s.imap_tls == "ssl", ssl_context=context, timeout=30)
        if s.imap_tls == "starttls":
            client.starttls(context)
        try:
            self._sign_in(client, port)
        except (SourceError, OSError, IMAPClient.Error):
            with contextlib.suppress(OSError, IMAPClient.Error):
                client.shutdown()
            raise
        return client

    def _sign_in(self, client: IMAPClient, port: int) -> None:
        s, user = self.settings, self.settings.imap_user or ""
        if self.tokens is None:
            password = s.imap_password.get_secret_value() if s.imap_password else ""
            try:
                client.login(user, password)
            except IMAPClient.AbortError:
                raise
            except IMAPClient.Error as exc:
                raise SourceAuthError(f"IMAP sign-in refused for {user} (password)") from exc
            return
        oauth_sign_in(client, user, self.tokens, s.imap_host or "", port)

    def holds_copy(self, folder: str, message_id: str) -> bool:
        """Whether `folder` holds a message with this Message-ID (its own short connection, so
        the watched folder's IDLE is left alone); False when the folder cannot be read."""
        try:
            client = self._connect()
        except (SourceError, OSError, IMAPClient.Error) as exc:
            log.info("could not look in %s for a sent copy (%s)", folder, type(exc).__name__)
            return False
        try:
            client.select_folder(folder, readonly=True)
            return bool(client.search(["HEADER", "Message-ID", message_id]))
        except (OSError, IMAPClient.Error) as exc:
            log.info("could not look in %s for a sent copy (%s)", folder, type(exc).__name__)
            return False
        finally:
            with contextlib.suppress(OSError, IMAPClient.Error):
                client.logout()

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
        self._session_until = self.tokens.renew_at if self.tokens is not None else None
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
            if self._session_until is not None:
                if time.monotonic() >= self._session_until:
                    self.close()
                    raise SessionExpired("the IMAP session's OAuth2 token is due for renewal")
                stretch = max(0.05, min(stretch, self._session_until - time.monotonic()))
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


def oauth_sign_in(client: IMAPClient, user: str, tokens: TokenSource, host: str, port: int) -> str:
    """AUTHENTICATE with a bearer token (OAUTHBEARER where offered, else XOAUTH2); a refused
    token is dropped and a fresh one tried once. Returns the mechanism used."""
    offered = [c.decode()[5:] for c in client.capabilities() if c.upper().startswith(b"AUTH=")]
    mechanism = choose_mechanism(offered) or XOAUTH2
    for _ in range(2):
        try:
            token = tokens.token()
        except TokenError as exc:
            raise SourceAuthError(f"no OAuth2 token for IMAP: {exc}") from None
        answer = responder(initial_response(mechanism, user, token, host, port))
        try:
            client._imap.authenticate(mechanism, answer)
            return mechanism
        except imaplib.IMAP4.abort:
            raise
        except imaplib.IMAP4.error:
            tokens.invalidate()
    raise SourceAuthError(f"IMAP sign-in refused for {user} ({mechanism}): the server refused a fresh token")


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


class GraphSource:
    """Watches a folder of the mailbox `RTT_IMAP_USER` through Microsoft Graph: the folder's
    listing says what waits, `/$value` gives each message's exact MIME, a finished message
    moves to the done folder (its immutable id stays the same, so a repeated move is harmless),
    and a delta query every `RTT_GRAPH_POLL_SECONDS` tells of new mail."""

    def __init__(self, settings: Settings, client: GraphClient | None = None) -> None:
        self.settings = settings
        self.client = client or GraphClient(settings.graph(), make_token_source(settings.oauth()))
        self.mailbox = f"graph:{settings.imap_user or ''}"
        self.folder = settings.imap_folder
        self._folder_id = self._done_id = ""
        self._delta_link: str | None = None
        self._listed: set[str] = set()

    def open(self) -> int:
        with _graph_errors("open"):
            folder_id = self.client.folder_id(self.folder)
            if folder_id is None:
                raise SourceError(f"Graph: the folder {self.folder!r} is not in the mailbox")
            self._folder_id = folder_id
            self._done_id = self.client.ensure_folder(self.settings.imap_done_folder)
        self._delta_link = None
        return folder_validity(self._folder_id)

    def waiting(self) -> list[str]:
        with _graph_errors("listing"):
            ids = self.client.message_ids(self._folder_id)
        self._listed = set(ids)
        return ids

    def fetch(self, keys: Sequence[str]) -> Iterator[tuple[str, bytes]]:
        for key in keys:
            with _graph_errors("fetch"):
                raw = self.client.mime(key)
            if raw is not None:
                yield key, raw

    def finish(self, keys: Sequence[str]) -> None:
        for key in keys:
            with _graph_errors("move"):
                self.client.move(key, self._done_id)

    def wait(self, seconds: float, stop: threading.Event) -> None:
        """Ask the delta query every `graph_poll_seconds` until it shows a message not in the
        last listing, `seconds` have passed, or `stop` is set."""
        end = time.monotonic() + seconds
        while not stop.is_set():
            if self._news():
                return
            left = end - time.monotonic()
            if left <= 0:
                return
            stop.wait(min(left, self.settings.graph_poll_seconds))

    def _news(self) -> bool:
        with _graph_errors("delta"):
            found = self.client.delta(self._folder_id, self._delta_link)
        self._delta_link = found.link or None
        return any(key not in self._listed for key in found.added)

    def close(self) -> None:
        self._delta_link = None


def folder_validity(folder_id: str) -> int:
    """A folder's stand-in for UIDVALIDITY: a stable 32-bit number from its immutable id."""
    return int.from_bytes(hashlib.sha256(folder_id.encode()).digest()[:4], "big") or 1


@contextmanager
def _graph_errors(what: str) -> Iterator[None]:
    """GraphError as SourceError: refused credentials or permissions as SourceAuthError."""
    try:
        yield
    except GraphError as exc:
        if exc.denied:
            raise SourceAuthError(f"Graph refused the {what}: {exc}") from None
        raise SourceError(f"Graph {what} failed: {exc}") from None


def make_source(settings: Settings) -> Source:
    if settings.mail_api == "graph":
        return GraphSource(settings)
    if settings.imap_host:
        return ImapSource(settings)
    return MaildirSource(settings.resolved_maildir, settings.maildir_poll_seconds)

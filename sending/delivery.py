"""Sending: the outbox's rows go out through SMTP or Microsoft Graph, or into the outbox Maildir
by default.

Rendering and the MIME are pure and live in `replies`; this module is the edge. It enforces
the hard rules again (`triage.reply_policy`): never to our own or a no-reply address, a
per-recipient hourly limit.
"""

from __future__ import annotations

import email.policy
import logging
import os
import smtplib
import ssl
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from email.parser import BytesHeaderParser
from email.utils import getaddresses
from pathlib import Path
from typing import Protocol

from sqlalchemy.engine import Engine
from sqlmodel import Session

from config.settings import Settings
from mailconn.graph import GraphClient, GraphError
from mailconn.sasl import XOAUTH2, choose_mechanism, initial_response, responder
from mailconn.tokens import TokenError, TokenSource, make_token_source
from parsers.address import AddressRefused, canonical_addr_spec
from parsers.errors import RttError
from replies.model import ReplyKind
from store import outbox
from store.db import session_scope
from store.models import OutboundReply, utcnow
from store.states import ReplyStatus
from store.trusted_domains import stored_domains
from store.workers import SOLO, Claimant
from triage.reply_policy import domain_trusted, usable_recipients

log = logging.getLogger(__name__)


class DeliveryError(RttError):
    """A try failed. `permanent`: the server refused for good (5xx); else try again later.
    `connection`: the server could not be reached, so the rest of the pass is pointless."""

    def __init__(self, message: str, *, permanent: bool = False, connection: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent
        self.connection = connection


class Transport(Protocol):
    problem: str | None
    """After a pass: None (no connection was tried), "" (the sender worked), or why it did not."""

    def send(self, envelope_from: str, recipients: Sequence[str], mime: bytes, key: str) -> None: ...

    def already_sent(self, message_id: str, key: str) -> bool:
        """Whether a reply in doubt (its sender died mid-try) is known to have gone; False when
        the transport cannot tell, and then it is sent again with the same Message-ID."""
        ...

    def close(self) -> None: ...


class SmtpTransport:
    """One connection reused across a delivery pass; TLS as settings say, auth when given."""

    def __init__(self, settings: Settings, sent_copies: Callable[[str], bool] | None = None) -> None:
        self.settings = settings
        self.sent_copies = sent_copies
        """Looks for a Message-ID where the server files what it sends (RTT_IMAP_SENT_FOLDER)."""
        self._conn: smtplib.SMTP | None = None
        self.problem: str | None = None
        self.tokens: TokenSource | None = (
            make_token_source(settings.oauth()) if settings.smtp_auth == "oauth2" else None
        )

    def connect(self) -> smtplib.SMTP:
        """A signed-in session, for `rtt doctor` (which sends nothing and quits)."""
        return self._connect()

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        host, timeout = s.smtp_host or "localhost", s.smtp_timeout_seconds
        context = ssl.create_default_context(cafile=s.tls_ca_file)
        conn: smtplib.SMTP
        if s.smtp_tls == "ssl":
            conn = smtplib.SMTP_SSL(host, s.smtp_port or 465, timeout=timeout, context=context)
        else:
            conn = smtplib.SMTP(host, s.smtp_port or 587, timeout=timeout)
            if s.smtp_tls == "starttls":
                conn.starttls(context=context)
        try:
            self._sign_in(conn)
        except DeliveryError:
            conn.close()
            raise
        return conn

    def _sign_in(self, conn: smtplib.SMTP) -> None:
        s = self.settings
        if self.tokens is not None:
            smtp_oauth_sign_in(conn, s.smtp_user or s.from_address, self.tokens, s.smtp_host or "")
        elif s.smtp_user:
            password = s.smtp_password.get_secret_value() if s.smtp_password else ""
            try:
                conn.login(s.smtp_user, password)
            except smtplib.SMTPAuthenticationError:
                reason = f"SMTP sign-in refused for {s.smtp_user} (password)"
                raise DeliveryError(reason, connection=True) from None

    def send(self, envelope_from: str, recipients: Sequence[str], mime: bytes, key: str) -> None:
        try:
            if self._conn is None:
                self._conn = self._connect()
                self.problem = ""
            refused = self._conn.sendmail(envelope_from, list(recipients), mime)
        except DeliveryError as exc:
            self.problem = str(exc)
            raise
        except smtplib.SMTPRecipientsRefused as exc:
            raise DeliveryError("all recipients refused", permanent=True) from exc
        except smtplib.SMTPResponseException as exc:
            self.close()
            raise DeliveryError(f"SMTP {exc.smtp_code}", permanent=exc.smtp_code >= 500) from exc
        except (OSError, smtplib.SMTPException) as exc:
            self.close()
            self.problem = f"SMTP unreachable: {type(exc).__name__}"
            raise DeliveryError(self.problem, connection=True) from exc
        if refused:
            log.warning("reply key=%s refused_recipients=%d", key, len(refused))

    def already_sent(self, message_id: str, key: str) -> bool:
        """SMTP cannot be asked whether it accepted a message before; the server's copy of
        what it sent can, where it keeps one (RTT_IMAP_SENT_FOLDER). Else not known."""
        return self.sent_copies is not None and self.sent_copies(message_id)

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.quit()
            except (OSError, smtplib.SMTPException):
                conn.close()


def smtp_oauth_sign_in(conn: smtplib.SMTP, user: str, tokens: TokenSource, host: str) -> str:
    """AUTH with a bearer token (OAUTHBEARER where offered, else XOAUTH2); a refused token is
    dropped and a fresh one tried once. Returns the mechanism used."""
    conn.ehlo_or_helo_if_needed()
    mechanism = choose_mechanism(conn.esmtp_features.get("auth", "").split()) or XOAUTH2
    port = conn.sock.getpeername()[1] if conn.sock else 0
    for _ in range(2):
        try:
            token = tokens.token()
        except TokenError as exc:
            raise DeliveryError(f"no OAuth2 token for SMTP: {exc}", connection=True) from None
        answer = responder(initial_response(mechanism, user, token, host, port))
        try:
            conn.auth(mechanism, answer)
            return mechanism
        except smtplib.SMTPAuthenticationError:
            tokens.invalidate()
    raise DeliveryError(
        f"SMTP sign-in refused for {user} ({mechanism}): the server refused a fresh token", connection=True
    )


class MaildirOutbox:
    """The embedded default: each reply becomes a file in `outbox/new`, named by its outbox
    row, so a reply is never written twice."""

    problem: str | None = None

    def __init__(self, root: Path) -> None:
        self.root = root
        for sub in ("tmp", "new", "cur"):
            (root / sub).mkdir(parents=True, exist_ok=True)

    @staticmethod
    def _file_name(key: str) -> str:
        return key.replace("/", "_").replace(":", "_")

    def already_sent(self, message_id: str, key: str) -> bool:
        return self._written(key)

    def _written(self, key: str) -> bool:
        name = self._file_name(key)
        return (self.root / "new" / name).exists() or any((self.root / "cur").glob(name + ":*"))

    def send(self, envelope_from: str, recipients: Sequence[str], mime: bytes, key: str) -> None:
        if self._written(key):
            return
        name = self._file_name(key)
        tmp = self.root / "tmp" / f"{name}.{os.getpid()}"
        with open(tmp, "wb") as fh:
            fh.write(mime)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.root / "new" / name)

    def close(self) -> None:
        return None


def header_recipients(mime: bytes) -> set[str]:
    """The addresses in To, Cc and Bcc (lower case)."""
    headers = BytesHeaderParser(policy=email.policy.compat32).parsebytes(mime)
    values = [str(v) for name in ("To", "Cc", "Bcc") for v in headers.get_all(name, [])]
    return {addr.lower() for _, addr in getaddresses(values) if addr}


class GraphTransport:
    """Microsoft Graph's sendMail with the reply's exact MIME (base64, `text/plain`), so its
    threading headers leave as built. Graph takes the recipients from the To, Cc and Bcc
    headers, not from an envelope: a reply whose headers name anyone but the recipients the
    edge read again and approved is refused here."""

    def __init__(self, settings: Settings, client: GraphClient | None = None) -> None:
        self.client = client or GraphClient(settings.graph(), make_token_source(settings.oauth()))
        self.problem: str | None = None

    def send(self, envelope_from: str, recipients: Sequence[str], mime: bytes, key: str) -> None:
        if header_recipients(mime) != {r.lower() for r in recipients}:
            raise DeliveryError("its To/Cc/Bcc headers differ from its approved recipients", permanent=True)
        try:
            self.client.send_mime(mime)
        except GraphError as exc:
            raise self._delivery_error(exc) from None
        self.problem = ""

    def already_sent(self, message_id: str, key: str) -> bool:
        """Sent Items holds the reply (sendMail keeps a copy there); a failed lookup is no."""
        try:
            return self.client.in_sent_items(message_id)
        except GraphError as exc:
            log.info("could not look in Sent Items (%s): the reply in doubt is sent again", exc)
            return False

    def _delivery_error(self, exc: GraphError) -> DeliveryError:
        if exc.denied:
            self.problem = f"Graph refused sendMail: {exc}"
            return DeliveryError(self.problem, connection=True)
        if exc.transient or exc.status == 404:  # 404: the mailbox is not (or no longer) there
            self.problem = f"Graph sendMail unavailable: {exc}"
            return DeliveryError(self.problem, connection=True)
        return DeliveryError(f"Graph sendMail: {exc}", permanent=exc.status == 400)

    def close(self) -> None:
        """Nothing to close per pass: the HTTP client keeps its connections for the next one."""
        return None


def make_transport(settings: Settings, sent_copies: Callable[[str], bool] | None = None) -> Transport:
    """The sender settings choose; `sent_copies` finds a Message-ID among the SMTP server's
    copies of what it sent (the caller has the mailbox)."""
    if settings.mail_api == "graph":
        return GraphTransport(settings)
    if settings.smtp_host:
        return SmtpTransport(settings, sent_copies)
    return MaildirOutbox(settings.outbox_dir)


def deliver_due(
    engine: Engine,
    transport: Transport,
    settings: Settings,
    now: datetime | None = None,
    claimant: Claimant = SOLO,
) -> int:
    """Send every reply that is due (and not being sent by another live worker). Returns how
    many went out."""
    sent = 0
    for reply_id in outbox.due_ids(engine, now=now or utcnow()):
        veto = _send_veto(engine, reply_id, settings)
        if veto:
            outbox.hold(engine, reply_id=reply_id, reason=veto)
            continue
        claim = outbox.mark_sending(engine, reply_id=reply_id, claimant=claimant)
        if claim is None:
            continue
        row = claim.row
        if claim.in_doubt and _went_already(transport, row):
            outbox.mark_sent(engine, reply_id, found=True)
            log.info("reply id=%d was sent by an earlier try: recorded, not sent again", reply_id)
            continue
        try:
            _hand_over(transport, row, settings)
        except DeliveryError as exc:
            state = outbox.mark_retry(
                engine,
                reply_id=reply_id,
                error=str(exc),
                max_attempts=settings.reply_max_attempts,
                max_delay=settings.smtp_retry_max_seconds,
                permanent=exc.permanent,
            )
            log.warning("reply id=%d not sent (%s): now %s", reply_id, exc, state)
            if exc.connection:
                break
            continue
        outbox.mark_sent(engine, reply_id)
        log.info("reply id=%d sent attempts=%d", reply_id, row.attempts)
        sent += 1
    return sent


def _file_key(row: OutboundReply) -> str:
    assert row.id is not None
    return outbox.outbox_file_key(row.id, row.message_id)


def _went_already(transport: Transport, row: OutboundReply) -> bool:
    return transport.already_sent(row.message_id, _file_key(row))


def _hand_over(transport: Transport, row: OutboundReply, settings: Settings) -> None:
    assert row.mime is not None
    recipients = [canonical_addr_spec(r) for r in usable_recipients(row.to_addresses, settings.from_address)]
    transport.send(settings.from_address, recipients, row.mime, _file_key(row))


def recipient_veto(
    address: str, settings: Settings, officer_approved: bool, bare_acknowledgement: bool = False
) -> str | None:
    """Why the sending edge refuses this stored recipient: read again strictly, it must be the
    same plain address, and still in a trusted domain unless an officer approved the reply (or,
    for a bare acknowledgement that names no child, in an acknowledged domain)."""
    try:
        canonical = canonical_addr_spec(address.strip())
    except AddressRefused:
        return "a recipient is not one plain address"
    if canonical.lower() != address.strip().lower():
        return "a recipient reads differently when parsed again"
    if officer_approved or domain_trusted(canonical, settings.trusted_domains):
        return None
    if bare_acknowledgement and domain_trusted(canonical, settings.acknowledged_domains):
        return None
    return "a recipient is outside the trusted domains"


def _send_veto(engine: Engine, reply_id: int, settings: Settings) -> str | None:
    """The edge's own check just before sending: every recipient read again strictly and still
    trusted, usable recipients, the hourly limits (per recipient, and for all automatic replies)."""
    with session_scope(engine) as session:
        row = session.get(OutboundReply, reply_id)
        if row is None or row.status == ReplyStatus.SENDING:
            return None  # already checked before its first try
        if row.mime is None:
            return "nothing rendered to send"
        approved = row.approved_by is not None or row.created_by is not None
        settings = settings.with_trusted_domains(stored_domains(session))
        bare = row.kind == ReplyKind.BARE_ACK
        vetoes = (recipient_veto(a, settings, approved, bare) for a in row.to_addresses)
        veto = next((v for v in vetoes if v), None)
        if veto:
            return veto
        if not usable_recipients(row.to_addresses, settings.from_address):
            return "no recipient we may write to"
        return _rate_veto(session, row, settings)


def _rate_veto(session: Session, row: OutboundReply, settings: Settings) -> str | None:
    since = utcnow() - timedelta(hours=1)
    if (
        row.recipient
        and outbox.sent_to_since(session, recipient=row.recipient,
                                 since=since) >= settings.reply_rate_limit_per_hour
    ):
        return f"rate limit: {settings.reply_rate_limit_per_hour} replies an hour to this recipient"
    automatic = row.created_by is None and row.approved_by is None
    if automatic and outbox.automatic_sent_since(session, since) >= settings.reply_global_limit_per_hour:
        return f"rate limit: {settings.reply_global_limit_per_hour} automatic replies an hour in all"
    return None

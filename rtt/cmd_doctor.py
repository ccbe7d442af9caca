"""`rtt doctor`: connect to the mailbox and to the sender with the configured settings and say
what was found: the folders, how many messages wait in the watched one, whether sending is
permitted. Nothing in the mailbox changes and no mail is sent (SMTP: EHLO, AUTH, MAIL FROM
and RSET; Graph: the mailbox and its folders are read, sendMail is not called). Exits 1 with a
plain reason when something is wrong. Secrets and tokens are never printed.
"""

from __future__ import annotations

import argparse
import os
import smtplib
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from imapclient import IMAPClient

from config.settings import Settings
from intake.health import FILE_NAME, read_health
from intake.sources import ImapSource, SourceError
from mailconn.graph import GraphClient, GraphError
from mailconn.tokens import make_token_source
from sending.delivery import DeliveryError, SmtpTransport

EXIT_OK = 0
EXIT_PROBLEM = 1

IMAP_OAUTH_HINT = (
    "for Exchange Online: the app needs the IMAP.AccessAsApp application permission with admin "
    "consent, a service principal in Exchange (New-ServicePrincipal) and FullAccess to the mailbox"
)
SMTP_OAUTH_HINT = (
    "for Exchange Online: the app needs SMTP.SendAsApp with admin consent, SMTP AUTH enabled for the "
    "mailbox, and its service principal allowed to send as it"
)
GRAPH_HINT = (
    "the app needs Mail.ReadWrite and Mail.Send (application) with admin consent, and the mailbox "
    "inside its application access policy or RBAC for Applications scope"
)


@dataclass
class Finding:
    ok: bool = True
    lines: list[str] = field(default_factory=list)
    reason: str = ""

    def fail(self, reason: str) -> Finding:
        self.ok, self.reason = False, reason
        return self


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "doctor", help="check the connection to the mailbox and the sender (changes nothing, sends nothing)"
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    where = settings.describe()
    problems = []
    for part, place, check in (
        ("mailbox", where["watch"], check_mailbox),
        ("sender", where["send"], check_sender),
    ):
        print(f"{part}: {place}")
        found = check(settings)
        for line in found.lines:
            print(f"  {line}")
        print(f"  {'ok' if found.ok else 'NOT OK: ' + found.reason}")
        if not found.ok:
            problems.append(f"{part}: {found.reason}")
    _print_daemon_health(settings.data_dir / FILE_NAME)
    for problem in problems:
        print(f"rtt doctor: {problem}", file=sys.stderr)
    print("all good" if not problems else f"{len(problems)} problem(s)")
    return EXIT_PROBLEM if problems else EXIT_OK


def check_mailbox(settings: Settings) -> Finding:
    if settings.mail_api == "graph":
        return _graph(settings, _graph_mailbox)
    if settings.imap_host:
        return _imap(settings)
    return _maildir(settings.resolved_maildir)


def check_sender(settings: Settings) -> Finding:
    if settings.mail_api == "graph":
        return _graph(settings, _graph_sender)
    if settings.smtp_host:
        return _smtp(settings)
    return _outbox(settings.outbox_dir)


# ---------------------------------------------------------------- IMAP


def _imap(settings: Settings) -> Finding:
    found = Finding()
    try:
        client = ImapSource(settings).connect()
    except SourceError as exc:
        hint = f"; {IMAP_OAUTH_HINT}" if settings.imap_auth == "oauth2" else ""
        return found.fail(f"{exc}{hint}")
    except (OSError, IMAPClient.Error) as exc:
        return found.fail(f"cannot connect to {settings.imap_host}: {_short(exc)}")
    try:
        found.lines.append(f"signed in as {settings.imap_user} ({_how(settings.imap_auth, settings)})")
        _imap_folders(client, settings, found)
    except (OSError, IMAPClient.Error) as exc:
        found.fail(f"the server failed a command: {_short(exc)}")
    finally:
        _logout(client)
    return found


def _imap_folders(client: IMAPClient, settings: Settings, found: Finding) -> None:
    names = [str(name) for _, _, name in client.list_folders()]
    found.lines.append(f"folders: {', '.join(names)}")
    if settings.imap_folder not in names:
        found.fail(f"the watched folder {settings.imap_folder!r} is not in the mailbox")
        return
    count = int(client.folder_status(settings.imap_folder, [b"MESSAGES"])[b"MESSAGES"])
    found.lines.append(f"{settings.imap_folder}: {count} message(s) waiting")
    done = settings.imap_done_folder
    found.lines.append(f"{done}: {'present' if done in names else 'absent (rtt run creates it)'}")
    sent = settings.imap_sent_folder
    if sent and sent not in names:
        found.fail(f"RTT_IMAP_SENT_FOLDER {sent!r} is not in the mailbox (where the server files sent mail)")


def _logout(client: IMAPClient) -> None:
    try:
        client.logout()
    except (OSError, IMAPClient.Error):
        client.shutdown()


# ---------------------------------------------------------------- SMTP


def _smtp_sign_in(settings: Settings) -> str:
    user = settings.smtp_user or (settings.from_address if settings.smtp_auth == "oauth2" else "")
    return f"signed in as {user} ({_how(settings.smtp_auth, settings)})" if user else "no sign-in configured"


def _smtp(settings: Settings) -> Finding:
    found = Finding()
    try:
        conn = SmtpTransport(settings).connect()
    except DeliveryError as exc:
        hint = f"; {SMTP_OAUTH_HINT}" if settings.smtp_auth == "oauth2" else ""
        return found.fail(f"{exc}{hint}")
    except (OSError, smtplib.SMTPException) as exc:
        return found.fail(f"cannot connect to {settings.smtp_host}: {_short(exc)}")
    try:
        conn.ehlo_or_helo_if_needed()
        offered = conn.esmtp_features.get("auth", "").split()
        found.lines.append(f"EHLO: ok; AUTH offered: {' '.join(offered) or 'none'}")
        found.lines.append(_smtp_sign_in(settings))
        sender = settings.from_address
        code, _ = conn.mail(sender)
        conn.rset()
        if code != 250:
            return found.fail(f"the server refuses mail from {sender} (SMTP {code})")
        found.lines.append(f"sending as {sender}: permitted (MAIL FROM accepted, then RSET: nothing sent)")
    except (OSError, smtplib.SMTPException) as exc:
        found.fail(f"the server failed a command: {_short(exc)}")
    finally:
        try:
            conn.quit()
        except (OSError, smtplib.SMTPException):
            conn.close()
    return found


# ---------------------------------------------------------------- Graph


def _graph(settings: Settings, check: Callable[[GraphClient, Settings, Finding], None]) -> Finding:
    found = Finding()
    client = GraphClient(settings.graph(), make_token_source(settings.oauth()))
    try:
        check(client, settings, found)
    except GraphError as exc:
        hint = f"; {GRAPH_HINT}" if exc.denied else ""
        found.fail(f"Microsoft Graph: {exc}{hint}")
    finally:
        client.close()
    return found


def _graph_mailbox(client: GraphClient, settings: Settings, found: Finding) -> None:
    client.mailbox_info()
    endpoint = settings.oauth().endpoint
    found.lines.append(f"mailbox {settings.imap_user} reachable with the app's token (from {endpoint})")
    found.lines.append(f"folders: {', '.join(client.folder_names())}")
    folder_id = client.folder_id(settings.imap_folder)
    if folder_id is None:
        found.fail(f"the watched folder {settings.imap_folder!r} is not in the mailbox")
        return
    found.lines.append(f"{settings.imap_folder}: {client.folder_count(folder_id)} message(s) waiting")
    done = client.folder_id(settings.imap_done_folder)
    found.lines.append(f"{settings.imap_done_folder}: {'present' if done else 'absent (rtt run creates it)'}")


def _graph_sender(client: GraphClient, settings: Settings, found: Finding) -> None:
    client.mailbox_info()
    found.lines.append(f"sendMail as {settings.imap_user}: mailbox reachable; not tried (it would send)")


# ---------------------------------------------------------------- local folders


def _maildir(root: Path) -> Finding:
    found = Finding()
    new = root / "new"
    if not new.is_dir():
        return found.fail(f"{new} is not there (rtt run creates it)")
    found.lines.append(f"new/: {sum(1 for p in new.iterdir() if p.is_file())} message(s) waiting")
    return found


def _outbox(root: Path) -> Finding:
    found = Finding()
    if root.exists() and not _writable(root):
        return found.fail(f"{root} is not writable")
    found.lines.append("replies are written to the outbox folder (nothing is sent)")
    return found


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK)


# ---------------------------------------------------------------- helpers


def _how(auth: str, settings: Settings) -> str:
    return f"oauth2, tokens from {settings.oauth().endpoint}" if auth == "oauth2" else "password"


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split())[:200]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _print_daemon_health(path: Path) -> None:
    state = read_health(path)
    if state is None:
        return
    print(f"last state of rtt run ({path}):")
    for part, value in state.items():
        if isinstance(value, dict):
            said = "ok" if value.get("ok") else f"failing: {value.get('reason', '')}"
            print(f"  {part}: {said} (since {value.get('since', '?')})")

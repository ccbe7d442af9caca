"""The outgoing mail as sent: threading headers, the automatic-reply marks, the MIME bytes.

Pure: the daemon's replies (`intake.process`) and the officers' follow-ups (`web.followups`)
are built here alike; sending them is the edge's job (`sending.delivery`).
"""

from __future__ import annotations

import email.policy
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime

from triage.reply_policy import domain_of


def new_message_id(from_address: str) -> str:
    return f"<rtt-{uuid.uuid4().hex}@{domain_of(from_address) or 'localhost'}>"


def build_mime(
    *,
    from_address: str,
    to: Sequence[str],
    subject: str,
    text: str,
    message_id: str,
    in_reply_to: str | None,
    references: str | None,
    date: datetime | None = None,
    automatic: bool = True,
    auto_submitted: str = "auto-replied",
    cc: Sequence[str] = (),
    attachments: Sequence[tuple[str, str, bytes]] = (),
) -> bytes:
    """The reply as sent: threaded on the school's message; marked as an automatic reply
    unless a person wrote it (`automatic=False`: an officer's follow-up). A reminder, sent
    because of a date and not in answer to a message, is `auto_submitted="auto-generated"`
    (RFC 3834)."""
    msg = EmailMessage()
    msg["From"] = from_address
    msg["To"] = ", ".join(to)
    if cc:
        msg["Cc"] = ", ".join(cc)
    msg["Subject"] = subject
    msg["Date"] = format_datetime(date or datetime.now(UTC))
    msg["Message-ID"] = message_id
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
    if references:
        msg["References"] = references
    if automatic:
        msg["Auto-Submitted"] = auto_submitted
    msg["X-Auto-Response-Suppress"] = "All"
    msg.set_content(text, charset="utf-8", cte="quoted-printable")
    for filename, content_type, payload in attachments:  # (name, type, bytes): an officer's choice
        maintype, _, subtype = content_type.partition("/")
        if not subtype or maintype in ("multipart", "message"):
            maintype, subtype = "application", "octet-stream"
        msg.add_attachment(payload, maintype=maintype, subtype=subtype, filename=filename)
    return msg.as_bytes(policy=email.policy.SMTP)

"""A reply in doubt over SMTP (issue 15): a sender killed between the server's 250 and its own
record leaves the reply `sending`. SMTP cannot be asked whether it took a message; where the
server files a copy of what it sends (Microsoft 365's SMTP AUTH and Gmail do: here aiosmtpd
files it in Dovecot's `Sent` before answering 250), `RTT_IMAP_SENT_FOLDER` names that folder and
the next pass looks there by Message-ID. Real Dovecot and aiosmtpd; SQLite and PostgreSQL."""

from __future__ import annotations

import functools
from pathlib import Path

from sqlalchemy.engine import Engine

from config.settings import Settings
from intake.sources import ImapSource
from sending.delivery import SmtpTransport, deliver_due

from .conftest import env_for, hand_over_and_die, queued_reply, sent_records, settings_from_env
from .servers import Dovecot, SmtpServer

FROM = "attendance@oxfordshire.gov.uk"


def _settings(tmp_path: Path, engine: Engine, smtp: SmtpServer, dovecot: Dovecot, **extra: str) -> Settings:
    url = engine.url.render_as_string(hide_password=False)
    return settings_from_env(env_for(tmp_path, url, smtp, dovecot, "attendance"), from_address=FROM, **extra)


def _message_ids(smtp: SmtpServer) -> list[str]:
    return [str(r.message["Message-ID"]) for r in smtp.received]


def test_a_reply_the_server_took_is_found_in_the_sent_folder_and_not_sent_again(
    tmp_path: Path, engine: Engine, dovecot: Dovecot, smtp: SmtpServer
) -> None:
    smtp.handler.keep_copy = lambda raw: dovecot.append("attendance", "Sent", [raw])
    settings = _settings(tmp_path, engine, smtp, dovecot, imap_sent_folder="Sent")
    transport = SmtpTransport(settings, functools.partial(ImapSource(settings).holds_copy, "Sent"))
    went, lost = queued_reply(engine, 1, FROM), queued_reply(engine, 2, FROM)
    hand_over_and_die(engine, went, transport)  # the server answered 250; then kill -9
    hand_over_and_die(engine, lost, None)  # killed before the server was reached
    assert deliver_due(engine, transport, settings) == 1
    transport.close()
    assert _message_ids(smtp) == [went.message_id, lost.message_id]
    assert sent_records(engine) == ({"sent"}, [False, True])
    assert dovecot.count("attendance", "Sent") == 2


def test_without_a_sent_folder_a_reply_in_doubt_is_sent_again_with_the_same_message_id(
    tmp_path: Path, engine: Engine, dovecot: Dovecot, smtp: SmtpServer
) -> None:
    """At least once: a gap is worse than a repeat, and a repeat keeps its Message-ID (and
    bytes), so the school's mail client shows it once."""
    settings = _settings(tmp_path, engine, smtp, dovecot)
    transport = SmtpTransport(settings)
    went = queued_reply(engine, 1, FROM)
    hand_over_and_die(engine, went, transport)
    assert deliver_due(engine, transport, settings) == 1
    transport.close()
    assert _message_ids(smtp) == [went.message_id, went.message_id]
    assert smtp.received[0].data == smtp.received[1].data
    assert sent_records(engine) == ({"sent"}, [False])

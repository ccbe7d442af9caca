"""TLS to the IMAP server (implicit TLS) and the SMTP server (STARTTLS), certificates checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import EXAMPLES, DaemonProcess
from .servers import Dovecot, SmtpServer, wait_until

pytestmark = pytest.mark.system


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_imap_over_tls_and_smtp_with_starttls_with_the_certificate_checked(
    tmp_path: Path, daemon_env: dict[str, str]
) -> None:
    server = Dovecot(tls=True)
    server.add_user("office")
    server.start()
    assert server.cert is not None
    smtp = SmtpServer(certificate=(server.cert, server.root / "key.pem"))
    smtp.start()
    env = {
        **daemon_env,
        "RTT_IMAP_PORT": str(server.tls_port),
        "RTT_IMAP_USER": "office",
        "RTT_IMAP_TLS": "ssl",
        "RTT_SMTP_PORT": str(smtp.port),
        "RTT_SMTP_TLS": "starttls",
    }
    untrusting, trusting = (
        DaemonProcess(tmp_path, env),
        DaemonProcess(tmp_path, {**env, "RTT_TLS_CA_FILE": str(server.cert)}),
    )
    try:
        server.append(
            "office", "INBOX", [(EXAMPLES / "example-07-general-question" / "message.eml").read_bytes()]
        )
        untrusting.start()
        wait_until(
            lambda: "retrying in" in untrusting.log_text(), 30, "the unknown certificate to be refused"
        )
        assert untrusting.terminate() == 0
        assert smtp.received == []
        trusting.start()
        wait_until(lambda: len(smtp.received) == 1, 60, "the reply over TLS")
        assert trusting.terminate() == 0
    finally:
        for proc in (untrusting, trusting):
            if proc.alive():
                proc.kill9()
        smtp.stop()
        server.cleanup()

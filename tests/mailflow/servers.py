"""Real servers for the daemon's tests, each on a free port: a private Dovecot, an aiosmtpd
listener, a throwaway PostgreSQL schema. Nothing here is a fake."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import Message
from pathlib import Path
from typing import Any

import psycopg
from aiosmtpd.controller import Controller
from imapclient import IMAPClient

MAIL_UID = 10000
PG_ADMIN = os.environ.get("RTT_TEST_POSTGRES", "host=127.0.0.1 port=5432 dbname=test user=postgres")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until(predicate: Any, timeout: float, what: str, interval: float = 0.1) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def variant(raw: bytes, n: int) -> bytes:
    """The same message with its own Message-ID (and no thread to the original examples)."""
    out = re.sub(rb"(?im)^Message-ID:\s*<", b"Message-ID: <v%d." % n, raw, count=1)
    return re.sub(rb"(?im)^(In-Reply-To|References):", rb"X-Old-\1:", out)


# ---------------------------------------------------------------- Dovecot

DOVECOT_CONF = """\
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 1000
mail_location = maildir:{root}/mail/%u
mail_fsync = never
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {root}/users
}}
userdb {{
  driver = passwd-file
  args = {root}/users
}}
service imap-login {{
  inet_listener imap {{
    port = {port}
  }}
  inet_listener imaps {{
    port = {tls_port}
  }}
}}
"""
DOVECOT_OAUTH2 = """\
auth_mechanisms = plain login {mechanisms}
passdb {{
  driver = oauth2
  mechanisms = {mechanisms}
  args = {root}/dovecot-oauth2.conf.ext
}}
"""
DOVECOT_OAUTH2_EXT = """\
introspection_mode = post
introspection_url = {url}
username_attribute = username
active_attribute = active
active_value = true
"""
DOVECOT_TLS = """\
ssl = yes
ssl_cert = <{cert}
ssl_key = <{key}
"""


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (the tests trust it as their CA)."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1,DNS:localhost",
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


class Dovecot:
    """A private Dovecot in the foreground; `stop()`/`start()` keep its mail and port."""

    def __init__(
        self,
        tls: bool = False,
        oauth_introspection_url: str = "",
        oauth_mechanisms: str = "xoauth2 oauthbearer",
    ) -> None:
        if shutil.which("dovecot") is None:
            raise RuntimeError("dovecot is not installed: run scripts/bootstrap test (dovecot-imapd)")
        self.root = Path(tempfile.mkdtemp(prefix="rtt-dovecot-"))
        self.root.chmod(0o755)
        self.port = free_port()
        (self.root / "mail").mkdir()
        os.chown(self.root / "mail", MAIL_UID, MAIL_UID)
        (self.root / "users").write_text("")
        (self.root / "users").chmod(0o644)
        self.conf = self.root / "dovecot.conf"
        self.tls_port = free_port() if tls else 0
        text = DOVECOT_CONF.format(root=self.root, port=self.port, tls_port=self.tls_port)
        self.cert: Path | None = None
        if tls:
            self.cert, key = make_certificate(self.root)
            text = text.replace("ssl = no\n", DOVECOT_TLS.format(cert=self.cert, key=key))
        if oauth_introspection_url:
            # Dovecot's oauth2 passdb checks each token at the introspection endpoint (RFC 7662);
            # the passwd-file passdb stays for the tests' own PLAIN logins.
            oauth = DOVECOT_OAUTH2.format(root=self.root, mechanisms=oauth_mechanisms)
            text = text.replace("auth_mechanisms = plain login\n", "")
            text = text.replace("passdb {\n", oauth + "passdb {\n", 1)
            ext = self.root / "dovecot-oauth2.conf.ext"
            ext.write_text(DOVECOT_OAUTH2_EXT.format(url=oauth_introspection_url))
            ext.chmod(0o644)
        self.conf.write_text(text)
        self.proc: subprocess.Popen[bytes] | None = None

    def add_user(self, name: str, password: str = "secret") -> None:
        line = f"{name}:{password}:{MAIL_UID}:{MAIL_UID}::{self.root}/mail/{name}::\n"
        with open(self.root / "users", "a") as fh:
            fh.write(line)

    def start(self) -> None:
        self.proc = subprocess.Popen(
            ["dovecot", "-F", "-c", str(self.conf)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        wait_until(self._answers, 10, "dovecot to listen")

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as s:
                return s.recv(64).startswith(b"* OK")
        except OSError:
            return False

    def stop(self) -> None:
        """The whole instance goes away, open sessions included (a master stopped alone
        leaves its imap processes serving the sessions they have)."""
        if self.proc is not None:
            children = children_of(self.proc.pid)
            self.proc.terminate()
            self.proc.wait(10)
            for pid in children:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            self.proc = None
        wait_until(lambda: not self._answers(), 10, "dovecot to stop")

    def client(self, user: str, password: str = "secret") -> IMAPClient:
        c = IMAPClient("127.0.0.1", port=self.port, ssl=False, timeout=10)
        c.login(user, password)
        return c

    def append(self, user: str, folder: str, messages: list[bytes]) -> None:
        with contextlib.closing(_Closing(self.client(user))) as c:
            if not c.imap.folder_exists(folder):
                c.imap.create_folder(folder)
            for raw in messages:
                c.imap.append(folder, raw)

    def count(self, user: str, folder: str) -> int:
        with contextlib.closing(_Closing(self.client(user))) as c:
            if not c.imap.folder_exists(folder):
                return 0
            return int(c.imap.folder_status(folder, [b"MESSAGES"])[b"MESSAGES"])

    def cleanup(self) -> None:
        with contextlib.suppress(Exception):
            self.stop()
        if not os.environ.get("RTT_TEST_KEEP_DOVECOT"):
            shutil.rmtree(self.root, ignore_errors=True)


def children_of(pid: int) -> list[int]:
    """The processes `pid` started (read from /proc)."""
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if (entry / "stat").read_text().rsplit(")", 1)[1].split()[1] == str(pid):
                    out.append(int(entry.name))
    return out


class _Closing:
    def __init__(self, imap: IMAPClient) -> None:
        self.imap = imap

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.imap.logout()


# ---------------------------------------------------------------- SMTP


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes
    at: float = field(default_factory=time.monotonic)
    """When the server accepted it (time.monotonic)."""

    @property
    def message(self) -> Message:
        return message_from_bytes(self.data, policy=policy.default)


@dataclass
class _Handler:
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    keep_copy: Callable[[bytes], None] | None = None
    """Files a copy of each accepted message before answering 250, as Microsoft 365's and
    Gmail's submission servers keep one in the sender's Sent folder."""

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            if self.keep_copy is not None:
                self.keep_copy(bytes(envelope.content))
            self.received.append(
                Received(envelope.mail_from, list(envelope.rcpt_tos), bytes(envelope.content))
            )
        return "250 OK"


class SmtpServer:
    """aiosmtpd on a free port; `stop()`/`start()` keep the port and what was received."""

    def __init__(self, certificate: tuple[Path, Path] | None = None) -> None:
        self.port = free_port()
        self.handler = _Handler()
        self.controller: Controller | None = None
        self.certificate = certificate

    def start(self) -> None:
        tls: dict[str, Any] = {}
        if self.certificate:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(*self.certificate)
            tls = {"tls_context": context, "require_starttls": True}
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port, **tls)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def received(self) -> list[Received]:
        with self.handler.lock:
            return list(self.handler.received)


# ---------------------------------------------------------------- PostgreSQL


def postgres_answers() -> str | None:
    """None when the test server answers, else why not."""
    try:
        with psycopg.connect(PG_ADMIN, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as exc:
        return str(exc).strip().splitlines()[0]
    return None


@contextlib.contextmanager
def postgres_schema() -> Iterator[str]:
    """A fresh schema for one test, dropped afterwards; yields its SQLAlchemy URL."""
    schema = f"rtt_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    params = dict(p.split("=", 1) for p in PG_ADMIN.split())
    url = (
        f"postgresql+psycopg://{params.get('user', 'postgres')}@{params.get('host', '127.0.0.1')}:"
        f"{params.get('port', '5432')}/{params.get('dbname', 'test')}?options=-csearch_path%3D{schema}"
    )
    try:
        yield url
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")

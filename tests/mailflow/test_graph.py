"""Microsoft Graph as the mailbox and the sender (issue 11), against `graphserver.GraphServer`:
a local stand-in for the subset of the Graph mail API the driver uses, written from Microsoft's
published API reference (see its docstring), with tokens from the real OAuth2 test server and
throttling (429 + Retry-After) and server errors (5xx) injected. No real Graph can run here.

The driver's own behaviour is tested in-process; `rtt run` as a subprocess (SQLite and
PostgreSQL) for the whole flow: listed, fetched as exact MIME, answered through sendMail,
moved to the done folder only after the commit, new mail found by the delta query."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from config.settings import Settings
from intake.sources import GraphSource, SourceAuthError, SourceError
from mailconn.graph import GraphClient, GraphConfig, GraphError
from mailconn.tokens import OAuthConfig, make_token_source
from replies.mime import build_mime
from sending.delivery import DeliveryError, GraphTransport, deliver_due

from .conftest import (
    EXAMPLES,
    DaemonProcess,
    example_messages,
    hand_over_and_die,
    queued_reply,
    sent_records,
    settings_from_env,
)
from .graphserver import GraphServer
from .oauthserver import Client, OAuthServer
from .servers import variant, wait_until
from .storecheck import done_count, snapshot

MAILBOX = "attendance@oxfordshire.gov.uk"
EXPECTED_REPLIES = 7


class GraphWorld:
    def __init__(self) -> None:
        self.tokens = OAuthServer()
        self.app: Client = self.tokens.add_client("rtt-app", MAILBOX)
        self.graph = GraphServer(self.tokens, MAILBOX)
        self.sleeps: list[float] = []

    def client(self, retry_max: float = 60.0, mailbox: str = MAILBOX) -> GraphClient:
        config = OAuthConfig(
            client_id=self.app.client_id,
            scope="https://graph.microsoft.com/.default",
            token_url=self.tokens.token_url,
            client_secret=self.app.secret,
        )
        graph = GraphConfig(mailbox=mailbox, base_url=self.graph.url, retry_max_seconds=retry_max)
        return GraphClient(graph, make_token_source(config), sleep=self.sleeps.append)

    def env(self, tmp_path: Path, db_url: str) -> dict[str, str]:
        return {
            "RTT_DATA_DIR": str(tmp_path / "var"),
            "RTT_DATABASE_URL": db_url,
            "RTT_MAIL_API": "graph",
            "RTT_GRAPH_URL": self.graph.url,
            "RTT_GRAPH_POLL_SECONDS": "0.5",
            "RTT_GRAPH_RETRY_MAX_SECONDS": "2",
            "RTT_IMAP_USER": MAILBOX,
            "RTT_IMAP_POLL_SECONDS": "5",
            "RTT_IMAP_RECONNECT_MAX_SECONDS": "1",
            "RTT_SMTP_RETRY_MAX_SECONDS": "1",
            "RTT_OAUTH_CLIENT_ID": self.app.client_id,
            "RTT_OAUTH_CLIENT_SECRET": self.app.secret,
            "RTT_OAUTH_TOKEN_URL": self.tokens.token_url,
            "RTT_WEB_ENABLED": "false",
            "RTT_OCR_ENABLED": "false",
            "RTT_LOG_LEVEL": "INFO",
        }

    def settings(self, tmp_path: Path, **extra: str) -> Settings:
        return settings_from_env(self.env(tmp_path, "sqlite://"), **extra)


@pytest.fixture
def world() -> Iterator[GraphWorld]:
    w = GraphWorld()
    w.tokens.start()
    w.graph.start()
    yield w
    w.graph.stop()
    w.tokens.stop()


@pytest.fixture
def spawn() -> Iterator[list[DaemonProcess]]:
    procs: list[DaemonProcess] = []
    yield procs
    for proc in procs:
        if proc.alive():
            proc.kill9()


def _quick() -> list[bytes]:
    names = ("example-05-breach-report", "example-07-general-question", "example-01-complete-pdf")
    return [(EXAMPLES / name / "message.eml").read_bytes() for name in names]


# ---------------------------------------------------------------- the driver, in-process


def test_throttling_is_retried_after_retry_after_and_server_errors_with_capped_backoff(
    world: GraphWorld,
) -> None:
    client = world.client(retry_max=4)
    message_id = world.graph.deliver(b"Subject: hello\r\n\r\nbody\r\n")
    world.graph.inject(429, "/$value", times=1, retry_after="3")
    world.graph.inject(503, "/$value", times=2)
    world.graph.inject(429, "/$value", times=1, retry_after="120")
    assert client.mime(message_id) == b"Subject: hello\r\n\r\nbody\r\n"
    assert world.sleeps == [3.0, 1.0, 2.0, 4.0]  # Retry-After, backoff 1 and 2, Retry-After capped at 4
    world.graph.inject(503, "/$value", times=5)
    with pytest.raises(GraphError) as failed:
        client.mime(message_id)
    assert failed.value.status == 503 and failed.value.transient
    assert world.graph.without_immutable_ids == 0


def test_a_refused_token_is_renewed_once_and_a_foreign_mailbox_is_denied(world: GraphWorld) -> None:
    client = world.client()
    assert client.folder_id("INBOX")
    issued = len(world.tokens.issued)
    world.tokens.revoke_tokens()
    assert client.folder_id("INBOX")  # 401, a fresh token, the same request again
    assert len(world.tokens.issued) == issued + 1
    other = world.client(mailbox="someone.else@oxfordshire.gov.uk")
    with pytest.raises(GraphError) as denied:
        other.folder_id("INBOX")
    assert denied.value.status == 403 and denied.value.denied


def test_the_source_lists_fetches_moves_and_hears_of_new_mail_by_delta(
    world: GraphWorld, tmp_path: Path
) -> None:
    source = GraphSource(world.settings(tmp_path, graph_poll_seconds="0.2"), world.client())
    first = world.graph.deliver(b"Message-ID: <a@x>\r\n\r\none\r\n")
    validity = source.open()
    assert validity == source.open(), "the folder's stand-in UIDVALIDITY is stable"
    assert world.graph.folders and any(f.name == "Processed" for f in world.graph.folders.values())
    assert source.waiting() == [first]
    assert dict(source.fetch([first])) == {first: b"Message-ID: <a@x>\r\n\r\none\r\n"}
    stop = threading.Event()
    started = time.monotonic()
    source.wait(1.0, stop)  # the first delta round sees nothing new
    assert time.monotonic() - started >= 0.9
    threading.Timer(0.3, world.graph.deliver, [b"Message-ID: <b@x>\r\n\r\ntwo\r\n"]).start()
    started = time.monotonic()
    source.wait(10.0, stop)
    assert time.monotonic() - started < 3, "new mail was not heard of by the delta query"
    second = [k for k in source.waiting() if k != first]
    source.finish([first, *second])
    source.finish([first])  # again (a crash before the commit of the move): harmless
    assert world.graph.count("inbox") == 0 and world.graph.count("Processed") == 2
    assert source.waiting() == []


def test_source_errors_say_whether_credentials_were_refused(world: GraphWorld, tmp_path: Path) -> None:
    source = GraphSource(world.settings(tmp_path), world.client())
    world.app.revoked = True
    with pytest.raises(SourceAuthError, match="invalid_client"):
        source.open()
    world.app.revoked = False
    world.graph.inject(503, "/mailFolders/inbox", times=10)
    with pytest.raises(SourceError) as failed:
        source.open()
    assert not isinstance(failed.value, SourceAuthError)


def test_the_sender_sends_the_exact_mime_and_refuses_headers_it_did_not_approve(
    world: GraphWorld, tmp_path: Path
) -> None:
    transport = GraphTransport(world.settings(tmp_path), world.client())
    mime = build_mime(
        from_address=MAILBOX, to=["head@school.oxon.sch.uk"], subject="Re: plan [RTT-2026-K7M4QX]",
        text="Thank you.", message_id="<rtt-1@oxfordshire.gov.uk>", in_reply_to="<p@school>",
        references="<p@school>",
    )
    world.graph.inject(429, "/sendMail", times=1, retry_after="1")
    transport.send(MAILBOX, ["head@school.oxon.sch.uk"], mime, "000000001.rtt-1")
    assert world.graph.sent == [mime] and transport.problem == ""
    sent = message_from_bytes(world.graph.sent[0], policy=policy.default)
    assert sent["In-Reply-To"] == "<p@school>" and sent["Auto-Submitted"] == "auto-replied"
    with pytest.raises(DeliveryError) as refused:
        transport.send(MAILBOX, ["other@school.oxon.sch.uk"], mime, "000000002.rtt-2")
    assert refused.value.permanent and len(world.graph.sent) == 1
    world.app.revoked = True
    world.tokens.revoke_tokens()
    with pytest.raises(DeliveryError) as denied:
        transport.send(MAILBOX, ["head@school.oxon.sch.uk"], mime, "000000003.rtt-3")
    assert denied.value.connection and not denied.value.permanent
    assert transport.problem and "refused" in transport.problem


def test_a_reply_in_doubt_is_sent_again_only_when_sent_items_lacks_it(
    world: GraphWorld, tmp_path: Path, engine: Engine
) -> None:
    """A sender killed between Graph's 202 and its own record leaves the reply `sending`. The
    next pass looks in Sent Items (by internetMessageId): a reply found there is recorded as
    sent and not sent twice; one that never reached Graph is sent."""
    settings = world.settings(tmp_path)
    transport = GraphTransport(settings, world.client())
    went, lost = queued_reply(engine, 1, MAILBOX), queued_reply(engine, 2, MAILBOX)
    hand_over_and_die(engine, went, transport)  # Graph answered 202; then kill -9
    hand_over_and_die(engine, lost, None)  # killed before Graph was reached
    assert deliver_due(engine, transport, settings) == 1
    assert world.graph.sent == [went.mime, lost.mime]
    assert sent_records(engine) == ({"sent"}, [False, True])
    assert deliver_due(engine, transport, settings) == 0 and len(world.graph.sent) == 2


# ---------------------------------------------------------------- `rtt run`, end to end


@pytest.mark.system
def test_rtt_run_answers_the_examples_through_graph_with_throttling_and_server_errors(
    tmp_path: Path, world: GraphWorld, db_url: str, spawn: list[DaemonProcess]
) -> None:
    messages = example_messages()
    for raw in messages:
        world.graph.deliver(raw)
    world.graph.inject(429, "/$value", times=2, retry_after="1")
    world.graph.inject(503, "/sendMail", times=1)
    world.graph.inject(429, "/messages/delta", times=1, retry_after="1")
    proc = DaemonProcess(tmp_path, world.env(tmp_path, db_url))
    spawn.append(proc)
    proc.start()
    wait_until(lambda: len(world.graph.sent) >= EXPECTED_REPLIES, 90, "the replies through sendMail")
    wait_until(lambda: world.graph.count("inbox") == 0, 20, "the inbox to empty")
    late = variant(_quick()[1], 99)
    world.graph.deliver(late)  # found by the delta query
    wait_until(lambda: len(world.graph.sent) == EXPECTED_REPLIES + 1, 30, "the reply to the late message")
    wait_until(lambda: world.graph.count("inbox") == 0, 20, "the inbox to empty again")
    assert proc.terminate() == 0
    log = proc.log_text()
    assert world.graph.count("Processed") == len(messages) + 1
    snap = snapshot(db_url)
    assert snap["states"] == {"done": len(messages) + 1}
    assert snap["replies"] == {"sent": EXPECTED_REPLIES + 1}
    assert snap["max_rows_per_key"] == 1
    parsed = [message_from_bytes(m, policy=policy.default) for m in [*messages, late]]
    originals = {str(m["Message-ID"]).strip() for m in parsed}
    for mime in world.graph.sent:
        reply = message_from_bytes(mime, policy=policy.default)
        assert reply["In-Reply-To"].strip() in originals and reply["Auto-Submitted"] == "auto-replied"
    assert world.graph.statuses(429) == 3 and world.graph.statuses(503) == 1
    assert world.graph.without_immutable_ids == 0
    assert "watch=graph:" in log and "send=graph:" in log
    assert world.app.secret not in log and not any(t in log for t in world.tokens.tokens)


@pytest.mark.system
def test_rtt_run_on_graph_answers_each_message_once_across_a_kill_and_a_duplicate(
    tmp_path: Path, world: GraphWorld, db_url: str, spawn: list[DaemonProcess]
) -> None:
    messages = [variant(raw, n) for n in range(3) for raw in _quick()]
    for raw in messages:
        world.graph.deliver(raw)
    world.graph.deliver(messages[0])  # a copy of a message already there: no second reply
    env = world.env(tmp_path, db_url)
    first = DaemonProcess(tmp_path, env)
    spawn.append(first)
    first.start()
    wait_until(lambda: done_count(db_url) >= 2, 60, "the work to be under way", interval=0.05)
    first.kill9()
    second = DaemonProcess(tmp_path, env)
    spawn.append(second)
    second.start()
    wait_until(lambda: world.graph.count("inbox") == 0, 90, "the inbox to empty")
    time.sleep(1.5)
    assert second.terminate() == 0
    targets = [message_from_bytes(m, policy=policy.default)["In-Reply-To"] for m in world.graph.sent]
    assert len(targets) == len(messages) and len(set(targets)) == len(messages)
    snap = snapshot(db_url)
    assert snap["replies"] == {"sent": len(messages)} and snap["max_rows_per_key"] == 1
    assert world.graph.count("Processed") == len(messages) + 1

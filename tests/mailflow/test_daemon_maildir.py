"""The daemon on its embedded defaults (a Maildir in, the outbox Maildir out), in process,
on SQLite and PostgreSQL: follow-ups, held replies, hostile input, the rate limit."""

from __future__ import annotations

import threading
from email import message_from_bytes, policy
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from config.settings import Settings
from intake.daemon import Daemon, run_loop
from intake.sources import MaildirSource
from sending.delivery import MaildirOutbox
from store.models import AuditEvent, Case, OutboundReply, RawMessage

from .conftest import EXAMPLES
from .servers import variant

QUESTION = EXAMPLES / "example-07-general-question" / "message.eml"


def settings_for(tmp_path: Path, db_url: str, **extra: object) -> Settings:
    return Settings(data_dir=tmp_path / "var", database_url=db_url, ocr_enabled=False, **extra)  # type: ignore[arg-type]


def run_once(settings: Settings, engine: Engine) -> None:
    daemon = Daemon(
        settings, engine, MaildirSource(settings.resolved_maildir, 0.1), MaildirOutbox(settings.outbox_dir)
    )
    assert run_loop(daemon, threading.Event(), once=True) == 0


def deliver(settings: Settings, *messages: bytes) -> None:
    new = settings.resolved_maildir / "new"
    new.mkdir(parents=True, exist_ok=True)
    start = len(list(new.iterdir())) + len(list((settings.resolved_maildir / "cur").glob("*")))
    for n, raw in enumerate(messages):
        (new / f"m{start + n}.eml").write_bytes(raw)


def outbox_messages(settings: Settings) -> list[object]:
    files = sorted((settings.outbox_dir / "new").iterdir())
    return [message_from_bytes(f.read_bytes(), policy=policy.default) for f in files]


def test_a_follow_up_joins_its_case_and_the_case_is_judged_again(
    tmp_path: Path, db_url: str, engine: Engine
) -> None:
    settings = settings_for(tmp_path, db_url)
    settings.resolved_maildir.mkdir(parents=True)
    deliver(settings, QUESTION.read_bytes())
    run_once(settings, engine)
    (first_reply,) = outbox_messages(settings)
    follow_up = (
        b"From: Sophie Reynolds <senco@hazelmerebrook.oxon.sch.uk>\r\n"
        b"To: attendance@oxfordshire.gov.uk\r\n"
        b"Subject: Re: " + str(first_reply["Subject"]).encode() + b"\r\n"  # type: ignore[index]
        b"Message-ID: <follow-up-1@hazelmerebrook.oxon.sch.uk>\r\n"
        b"In-Reply-To: " + str(first_reply["Message-ID"]).encode() + b"\r\n"  # type: ignore[index]
        b"Date: Wed, 04 Mar 2026 10:00:00 +0000\r\n\r\nThank you, that answers it.\r\n"
    )
    deliver(settings, follow_up)
    run_once(settings, engine)
    with Session(engine) as s:
        rows = s.exec(select(RawMessage).order_by(col(RawMessage.id))).all()
        assert [r.state for r in rows] == ["done", "done"]
        assert rows[0].case_id is not None and rows[0].case_id == rows[1].case_id
        assert len(s.exec(select(Case)).all()) == 1
        updated = s.exec(select(AuditEvent).where(AuditEvent.action == "message_processed")).all()
        assert [e.detail.get("case_action") for e in updated] == ["case_opened", "case_updated"]
    replies = outbox_messages(settings)
    assert len(replies) == 2
    reference = str(first_reply["Subject"]).rsplit("[", 1)[1]  # type: ignore[index]
    assert reference in str(replies[1]["Subject"])  # type: ignore[index]
    assert list((settings.resolved_maildir / "new").iterdir()) == []


def test_untrusted_or_dmarc_failed_senders_wait_for_an_officer(
    tmp_path: Path, db_url: str, engine: Engine
) -> None:
    settings = settings_for(tmp_path, db_url)
    raw = QUESTION.read_bytes()
    untrusted = variant(raw, 1).replace(b"senco@hazelmerebrook.oxon.sch.uk", b"someone@example.com")
    dmarc = (
        b"Authentication-Results: mx.oxfordshire.gov.uk; dmarc=fail header.from=oxon.sch.uk\r\n"
        + variant(raw, 2)
    )
    deliver(settings, untrusted, dmarc)
    run_once(settings, engine)
    assert not (settings.outbox_dir / "new").exists() or outbox_messages(settings) == []
    with Session(engine) as s:
        # The pipeline renders no reply for them, or the edge holds the one it renders.
        replies = s.exec(select(OutboundReply)).all()
        assert all(r.status == "held" for r in replies)
        cases = s.exec(select(Case).order_by(col(Case.id))).all()
        assert [c.status for c in cases] == ["needs_officer", "needs_officer"]
        assert "trusted" in (cases[0].needs_officer_reason or "")
        assert "DMARC" in (cases[1].needs_officer_reason or "")


def test_hostile_input_never_stops_the_daemon(tmp_path: Path, db_url: str, engine: Engine) -> None:
    settings = settings_for(tmp_path, db_url, message_max_attempts=1)
    deliver(settings, b"\x00\xff not mail at all \x00", b"", QUESTION.read_bytes())
    run_once(settings, engine)
    with Session(engine) as s:
        states = sorted(r.state for r in s.exec(select(RawMessage)).all())
        assert states.count("done") >= 1 and "in_progress" not in states
        waiting = s.exec(select(Case).where(Case.status == "needs_officer")).all()
        assert len(waiting) == states.count("needs_officer")
    assert len(outbox_messages(settings)) == 1
    assert list((settings.resolved_maildir / "new").iterdir()) == []


def test_the_rate_limit_holds_a_flood_to_one_recipient(tmp_path: Path, db_url: str, engine: Engine) -> None:
    settings = settings_for(tmp_path, db_url, reply_rate_limit_per_hour=2)
    deliver(settings, *(variant(QUESTION.read_bytes(), n) for n in range(4)))
    run_once(settings, engine)
    assert len(outbox_messages(settings)) == 2
    with Session(engine) as s:
        held = s.exec(select(OutboundReply).where(OutboundReply.status == "held")).all()
        assert len(held) == 2 and all("rate limit" in (r.hold_reason or "") for r in held)


def test_the_same_message_twice_is_answered_once(tmp_path: Path, db_url: str, engine: Engine) -> None:
    settings = settings_for(tmp_path, db_url)
    raw = QUESTION.read_bytes()
    deliver(settings, raw, raw)
    run_once(settings, engine)
    assert len(outbox_messages(settings)) == 1
    with Session(engine) as s:
        assert sorted(r.state for r in s.exec(select(RawMessage)).all()) == ["done", "duplicate"]


def test_an_out_of_office_read_from_its_words_leaves_its_case_as_it_was(
    tmp_path: Path, db_url: str, engine: Engine
) -> None:
    """An out-of-office with no Auto-Submitted header (known by its subject, in French) on a
    notification's thread: linked to the case, not judged onto it, not answered."""
    settings = settings_for(tmp_path, db_url)
    settings.resolved_maildir.mkdir(parents=True)
    plan = EXAMPLES / "example-02-missing-items-pdf" / "message.eml"
    deliver(settings, plan.read_bytes())
    run_once(settings, engine)
    (reply,) = outbox_messages(settings)
    with Session(engine) as s:
        (case,) = s.exec(select(Case)).all()
        problems = list(case.problems)
    assert problems
    ooo = (
        b"From: Tom Fletcher <head@millbrookfields.oxon.sch.uk>\r\nTo: attendance@oxfordshire.gov.uk\r\n"
        b"Subject: =?utf-8?q?R=C3=A9ponse_automatique_=3A_?="
        + str(reply["Subject"]).encode()  # type: ignore[index]
        + b"\r\nIn-Reply-To: "
        + str(reply["Message-ID"]).encode()  # type: ignore[index]
        + b"\r\nMessage-ID: <ooo-fr-1@millbrookfields.oxon.sch.uk>\r\n"
        b"Date: Fri, 27 Feb 2026 09:00:00 +0000\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\n\r\nJe suis absent du bureau jusqu'au 5 mars.\r\n"
    )
    deliver(settings, ooo)
    run_once(settings, engine)
    assert len(outbox_messages(settings)) == 1
    with Session(engine) as s:
        (case,) = s.exec(select(Case)).all()
        rows = s.exec(select(RawMessage).order_by(col(RawMessage.id))).all()
    assert case.problems == problems and case.kind == "rtt_notification"
    assert rows[-1].kind == "auto_reply" and rows[-1].case_id == case.id


def test_a_password_sent_after_a_locked_plan_opens_it_and_is_never_shown(
    tmp_path: Path, db_url: str, engine: Engine
) -> None:
    from tests.checking.test_locked_plan import PASSWORD, _password_mail, _pdf, _plan_lines, _with_attachment

    settings = settings_for(tmp_path, db_url)
    settings.resolved_maildir.mkdir(parents=True)
    locked = _with_attachment(_pdf(_plan_lines(), PASSWORD))
    deliver(settings, locked)
    run_once(settings, engine)
    deliver(settings, _password_mail(locked))
    run_once(settings, engine)
    first, second = outbox_messages(settings)
    assert "password protected" in first.get_body(("plain",)).get_content()  # type: ignore[attr-defined]
    answer = second.get_body(("plain",)).get_content()  # type: ignore[attr-defined]
    assert "password protected" not in answer and "We have checked" in answer
    with Session(engine) as s:
        cases = s.exec(select(Case)).all()
        audit_text = " ".join(str(e.detail) for e in s.exec(select(AuditEvent)).all())
    assert len(cases) == 1 and "plan_attached" not in cases[0].problems
    assert PASSWORD not in answer and PASSWORD not in str(cases[0].facts) and PASSWORD not in audit_text

"""Trusted sender domains kept by admins (issue 14), on SQLite and PostgreSQL: what may be
stored, the directory's open schools' domains offered, `rtt schools import --trust-domains`,
and the daemon itself: a sender at a newly added domain gets a reply, and once the domain is
removed the next message from it waits for an officer unanswered."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from rtt.cli import main
from store.db import make_engine, session_scope
from store.models import AuditEvent, Case, OutboundReply, TrustedDomain
from store.schools import import_register, read_register
from store.trusted_domains import (
    DomainRefused,
    add_domain,
    effective_domains,
    normalised,
    remove_domain,
    stored_domains,
    untrusted_directory_domains,
)

from .servers import variant
from .test_daemon_maildir import QUESTION, deliver, outbox_messages, run_once, settings_for
from .test_schools import GIAS

ACADEMY = b"head@banburyroad-academy.org.uk"


def test_domains_are_read_strictly() -> None:
    assert normalised(" @Academy.ORG.uk. ") == "academy.org.uk"
    assert normalised("*.trust.org.uk") == "*.trust.org.uk"
    for bad in ("", "localhost", "a b.org", "*.*.org.uk", "x@y.org", "-a.org.uk", "*"):
        with pytest.raises(DomainRefused):
            normalised(bad)


def test_stored_domains_and_the_directory_offer(engine: Engine) -> None:
    configured = ("*.oxon.sch.uk", "oxfordshire.gov.uk")
    with session_scope(engine) as s:
        import_register(s, read_register(GIAS))
        assert untrusted_directory_domains(s, configured) == ["stmarys-academy.org.uk"]
        assert add_domain(s, domain="stmarys-academy.org.uk", added_by="adam")
        assert not add_domain(s, domain="stmarys-academy.org.uk", added_by="adam")
        assert untrusted_directory_domains(s, configured) == []
        assert effective_domains(s, configured) == (*configured, "stmarys-academy.org.uk")
        assert remove_domain(s, domain="stmarys-academy.org.uk")
        assert not remove_domain(s, domain="stmarys-academy.org.uk")
        assert stored_domains(s) == []


def test_rtt_schools_import_trusts_the_open_schools_domains_when_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "rtt.sqlite3"
    monkeypatch.setenv("RTT_DATABASE_URL", f"sqlite:///{db}")
    monkeypatch.setenv("RTT_DATA_DIR", str(tmp_path / "data"))
    register = tmp_path / "edubase.csv"
    register.write_bytes(GIAS)
    assert main(["schools", "import", str(register), "--trust-domains"]) == 0
    assert "trusted now: 1 email domains of open schools: stmarys-academy.org.uk" in capsys.readouterr().out
    assert main(["schools", "import", str(register)]) == 0
    assert "not trusted" not in capsys.readouterr().out
    engine = make_engine(f"sqlite:///{db}")
    with session_scope(engine) as s:
        assert [(r.domain, r.added_by) for r in s.exec(select(TrustedDomain)).all()] == [
            ("stmarys-academy.org.uk", "rtt schools import")]
        event = s.exec(select(AuditEvent).where(AuditEvent.action == "trusted_domains_from_directory")).one()
        assert event.detail == {"domains": ["stmarys-academy.org.uk"]}
    engine.dispose()


def _from_academy(n: int) -> bytes:
    return variant(QUESTION.read_bytes(), n).replace(b"senco@hazelmerebrook.oxon.sch.uk", ACADEMY)


def test_the_daemon_answers_a_newly_trusted_domain_and_stops_when_it_is_removed(
    tmp_path: Path, db_url: str, engine: Engine
) -> None:
    settings = settings_for(tmp_path, db_url)
    settings.resolved_maildir.mkdir(parents=True)
    deliver(settings, _from_academy(1))
    run_once(settings, engine)
    assert not (settings.outbox_dir / "new").exists() or outbox_messages(settings) == []
    with session_scope(engine) as s:
        add_domain(s, domain="banburyroad-academy.org.uk", added_by="adam")
    deliver(settings, _from_academy(2))
    run_once(settings, engine)
    (reply,) = outbox_messages(settings)
    assert str(reply["To"]) == ACADEMY.decode()  # type: ignore[index]
    with session_scope(engine) as s:
        remove_domain(s, domain="banburyroad-academy.org.uk")
    deliver(settings, _from_academy(3))
    run_once(settings, engine)
    assert len(outbox_messages(settings)) == 1, "no reply once the domain is removed"
    with Session(engine) as s:
        cases = s.exec(select(Case).order_by(col(Case.id))).all()
        assert [c.status for c in cases] == ["needs_officer", "open", "needs_officer"]
        replies = s.exec(select(OutboundReply).order_by(col(OutboundReply.id))).all()
        assert [r.status for r in replies] == ["sent"]

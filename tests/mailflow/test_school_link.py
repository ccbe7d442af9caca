"""A case's school by URN (issue 14), on SQLite and PostgreSQL: the daemon stores the link
when the directory has the school (here by the sender's domain), judging again keeps an
officer's link, and a case the directory does not know stays unlinked."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from casework.judgement import apply_triage
from checking.pipeline import check_thread
from parsers.mail import parse_message
from store.db import session_scope
from store.models import AuditEvent, Case
from store.schools import SYSTEM, import_register, read_register, school_of

from .servers import variant
from .test_daemon_maildir import QUESTION, deliver, run_once, settings_for

REGISTER = (b"URN,EstablishmentName,EstablishmentStatus (name),EmailDomains\n"
            b"123456,Hazelmere Brook School,Open,hazelmerebrook.oxon.sch.uk\n"
            b"654321,Isis Vale Secondary,Open,isisvale.oxon.sch.uk\n")


def test_the_daemon_links_a_case_to_its_school_and_keeps_an_officers_link(
    tmp_path: Path, db_url: str, engine: Engine
) -> None:
    with session_scope(engine) as s:
        import_register(s, read_register(REGISTER))
    settings = settings_for(tmp_path, db_url)
    settings.resolved_maildir.mkdir(parents=True)
    other = variant(QUESTION.read_bytes(), 1).replace(b"hazelmerebrook.oxon.sch.uk", b"elsewhere.oxon.sch.uk")
    deliver(settings, QUESTION.read_bytes(), other)
    run_once(settings, engine)
    with Session(engine) as s:
        known, unknown = s.exec(select(Case).order_by(col(Case.id))).all()
        assert (known.school_urn, known.school_urn_set_by) == ("123456", SYSTEM)
        assert (unknown.school_urn, unknown.school_urn_set_by) == (None, None)
        processed = s.exec(select(AuditEvent).where(AuditEvent.action == "message_processed")).all()
        assert all("open_items" in e.detail for e in processed) and len(processed) == 2, "for web.full_set"
    options = settings.check_options(case_reference=known.reference)
    outcome = check_thread([parse_message(QUESTION.read_bytes(), options.limits)], options)
    with session_scope(engine) as s:
        case = s.get(Case, known.id)
        assert case is not None
        case.school_urn, case.school_urn_set_by = "654321", "olivia"
        apply_triage(s, case, outcome.triage)
    with Session(engine) as s:
        case = s.get(Case, known.id)
        assert case is not None and (case.school_urn, case.school_urn_set_by) == ("654321", "olivia")
        assert school_of(s, urn=None, name=None, domain="hazelmerebrook.oxon.sch.uk") is not None

"""Officers correct what was read (issue 14), in headless Chromium on SQLite and PostgreSQL:
real messages (the shared examples) go through the daemon's own processing; the officer corrects
a fact, gives a message another kind, reads messages again, moves a message and merges two cases
through the case page's forms; each time the case is judged again at once, the audit holds the
change and the value before, and a later message does not undo the officer's value."""

from __future__ import annotations

import dataclasses
import email
import re
from collections.abc import Iterator
from dataclasses import dataclass
from email import policy
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from config.settings import Settings
from intake.process import process_message
from parsers.mail import parse_message
from parsers.snapshot import READERS_VERSION, decode, encode
from store.cases import thread_case
from store.db import make_engine, session_scope, upgrade_schema
from store.messages import MessageKey, store_raw
from store.models import AppUser, AuditEvent, Case, ParsedSnapshot, RawMessage, RequirementRecord
from tests.conftest import EXAMPLES, require_shared
from tests.web.conftest import OFFICER, browser_log_in, database_url, live_server, make_app, password_hash

pytestmark = [pytest.mark.system, pytest.mark.slow]


@dataclass
class Examples:
    engine: Engine
    settings: Settings
    over_six: int
    """example-04: full time on 23/03/2026, ten weeks after the start (past six weeks)."""
    question: int
    """example-07: a general question, read as 'other'."""
    unsigned: int
    """example-08: no parent's signature."""


def _feed(engine: Engine, settings: Settings, raw: bytes, uid: str) -> int:
    row_id, _ = store_raw(engine, key=MessageKey("attendance", "INBOX", 1, uid), raw=raw)
    result = process_message(engine, settings, row_id)
    assert result.state == "done" and result.case_id is not None, result
    return result.case_id


def _example(name: str) -> bytes:
    return (require_shared(EXAMPLES) / name / "message.eml").read_bytes()


@pytest.fixture(params=["sqlite", "postgresql"])
def examples(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Examples]:
    with database_url(request.param, tmp_path) as url:
        engine = make_engine(url)
        upgrade_schema(engine)
        settings = Settings(data_dir=tmp_path / "data")
        ids = [
            _feed(engine, settings, _example(name), str(n))
            for n, name in enumerate(
                ("example-04-over-six-weeks", "example-07-general-question", "example-08-late-and-unsigned")
            )
        ]
        with session_scope(engine) as s:
            s.add(AppUser(username=OFFICER[0], password_hash=password_hash(OFFICER[1]), role="officer"))
        yield Examples(engine, settings, *ids)
        engine.dispose()


def _correct(page: Any, field: str, value: str, reason: str, button: str = "Save and judge again") -> None:
    row = page.locator(f"#fact-{field.replace('.', '-')}")
    row.locator("summary").click()
    if value:
        row.locator("input[name=value]").fill(value)
    row.locator("input[name=reason]").fill(reason)
    row.locator(f"button:has-text('{button}')").click()
    page.wait_for_load_state()


def _case(engine: Engine, case_id: int) -> Case:
    with session_scope(engine) as s:
        case = s.get(Case, case_id)
        assert case is not None
        s.expunge(case)
        return case


def _audit(engine: Engine, case_id: int, action: str) -> list[tuple[str, dict[str, Any]]]:
    with session_scope(engine) as s:
        query = select(AuditEvent).where(AuditEvent.case_id == case_id, AuditEvent.action == action)
        return [(e.actor, e.detail) for e in s.exec(query.order_by(col(AuditEvent.id))).all()]


def _later_copy(raw: bytes, message_id: str) -> bytes:
    """The school sends its plan again, in reply to its first message (the plan unchanged)."""
    msg = email.message_from_bytes(raw, policy=policy.default)
    first = msg["Message-ID"]
    del msg["Message-ID"]
    msg["Message-ID"] = message_id
    msg["In-Reply-To"] = first
    msg["References"] = first
    return msg.as_bytes()


def _requirement(engine: Engine, case_id: int, requirement: str) -> str:
    with session_scope(engine) as s:
        rec = s.exec(select(RequirementRecord).where(
            RequirementRecord.case_id == case_id, RequirementRecord.requirement_id == requirement)).one()
        return rec.override_status or rec.status


def test_an_officer_corrects_a_date_and_a_later_message_keeps_it(
    examples: Examples, chromium: Any, tmp_path: Path
) -> None:
    engine, case_id = examples.engine, examples.over_six
    before = _case(engine, case_id)
    assert before.full_time_date.isoformat() == "2026-03-23" and "full_time_within_6_weeks" in before.problems
    with live_server(make_app(engine, tmp_path)) as base:
        context = chromium.new_context(viewport={"width": 1400, "height": 900})
        page = context.new_page()
        browser_log_in(page, base)
        page.goto(f"{base}/cases/{case_id}")
        assert "Not met" in page.locator("#req-full_time_within_6_weeks").inner_text()
        _correct(page, "full_time_date", "23/02/2026", "The head rang: full time from 23 February")
        assert "done=fact_corrected" in page.url
        row = page.locator("#fact-full_time_date").inner_text()
        assert "2026-02-23" in row and "corrected by olivia" in row and "The head rang" in row
        assert "Met" in page.locator("#req-full_time_within_6_weeks").inner_text()
        audit = page.locator("#audit").inner_text()
        assert "fact_corrected" in audit
        assert re.search(r"\d\d/\d\d/\d{4} \d\d:\d\d (GMT|BST)", audit), "times in UK local time"
        assert "UTC" not in page.locator("main").inner_text()
        # Nonsense is refused with a reason, and nothing changes.
        _correct(page, "start_date", "next Tuesday", "typo")
        assert "is not a date" in page.locator("main").inner_text()

        after = _case(engine, case_id)
        assert after.full_time_date.isoformat() == "2026-02-23"
        assert "full_time_within_6_weeks" not in after.problems and after.priority == "low"
        [(actor, detail)] = _audit(engine, case_id, "fact_corrected")
        assert actor == "olivia" and detail["field"] == "full_time_date"
        assert (detail["before"], detail["after"]) == ("2026-03-23", "2026-02-23")
        assert detail["reason"] == "The head rang: full time from 23 February"
        assert "full_time_within_6_weeks" in detail["judged_before"]["problems"]
        assert _case(engine, case_id).start_date.isoformat() == "2026-01-19"

        # The school sends the same plan again: read again, the officer's date still counts.
        raw = _example("example-04-over-six-weeks")
        joined = _feed(engine, examples.settings, _later_copy(raw, "<again-1@wychwoodrise.oxon.sch.uk>"), "9")
        assert joined == case_id
        kept = _case(engine, case_id)
        assert kept.full_time_date.isoformat() == "2026-02-23"
        assert _requirement(engine, case_id, "full_time_within_6_weeks") == "met"

        # Cleared: what the plan says counts again, at once.
        page.goto(f"{base}/cases/{case_id}")
        _correct(page, "full_time_date", "", "The head meant another pupil", "Clear the correction")
        assert "done=fact_cleared" in page.url
        assert "Not met" in page.locator("#req-full_time_within_6_weeks").inner_text()
        context.close()
    cleared = _case(engine, case_id)
    assert cleared.full_time_date.isoformat() == "2026-03-23"
    assert "full_time_within_6_weeks" in cleared.problems
    [(_, detail)] = _audit(engine, case_id, "fact_correction_cleared")
    assert (detail["before"], detail["after"]) == ("2026-02-23", "2026-03-23")


def test_an_officer_corrects_signatures_and_circumstances(
    examples: Examples, chromium: Any, tmp_path: Path
) -> None:
    engine, case_id = examples.engine, examples.unsigned
    assert _requirement(engine, case_id, "parent_signature") == "missing"
    with live_server(make_app(engine, tmp_path)) as base:
        context = chromium.new_context(viewport={"width": 1400, "height": 900})
        page = context.new_page()
        browser_log_in(page, base)
        page.goto(f"{base}/cases/{case_id}")
        _correct(page, "signatures", "parent 12/01/2026, school 2026-01-12", "Signed copy handed in")
        assert "Met" in page.locator("#req-parent_signature").inner_text()
        _correct(page, "circumstances", "child_in_need", "Social care confirmed a child in need plan")
        assert page.locator("#req-professional_agreement .st").inner_text() != "N/A"
        context.close()
    case = _case(engine, case_id)
    assert "parent_signature" not in case.problems
    assert case.facts["case"]["circumstances"]["child_in_need"] is True
    assert "professional_agreement" in case.problems, "a child in need needs the social worker's agreement"
    signed = _audit(engine, case_id, "fact_corrected")[0][1]
    assert signed["before"] == "school 2026-01-12"
    assert signed["after"] == "parent 2026-01-12, school 2026-01-12"


def _doctor_snapshot(engine: Engine, row_id: int) -> str:
    """Put a wrong reading in the message's snapshot (as an older reader might have made):
    its attachments left out."""
    with session_scope(engine) as s:
        row = s.get(RawMessage, row_id)
        snap = s.exec(select(ParsedSnapshot).where(ParsedSnapshot.sha256 == row.sha256)).one()
        parsed = decode(snap.snapshot)
        snap.snapshot = encode(dataclasses.replace(parsed, attachments=()))
        s.add(snap)
        return row.sha256


def test_kind_reread_move_and_merge(examples: Examples, chromium: Any, tmp_path: Path) -> None:
    engine = examples.engine
    with session_scope(engine) as s:
        question_row = s.exec(select(RawMessage.id).where(RawMessage.case_id == examples.question)).one()
        unsigned_row = s.exec(select(RawMessage.id).where(RawMessage.case_id == examples.unsigned)).one()
    assert _case(engine, examples.question).kind == "other"
    with live_server(make_app(engine, tmp_path)) as base:
        context = chromium.new_context(viewport={"width": 1400, "height": 900})
        page = context.new_page()
        browser_log_in(page, base)

        # A message read as the wrong kind: the officer says what it is; judged as that at once.
        page.goto(f"{base}/cases/{examples.question}")
        item = page.locator("#thread article.msg-in").first
        item.locator("details.msg-actions summary").click()
        item.locator("select[name=kind]").select_option("breach_report")
        item.locator("form[action$='/kind'] input[name=reason]").fill("A concern about a pupil sent home")
        item.locator("button:has-text('Change kind')").click()
        assert "done=kind_changed" in page.url
        assert "Breach report" in page.locator("h1").inner_text()

        # Read again with today's readers: the wrong snapshot is replaced from the bytes.
        sha = _doctor_snapshot(engine, unsigned_row)
        page.goto(f"{base}/cases/{examples.unsigned}")
        page.click("button:has-text('Read all messages again')")
        assert "done=reread" in page.url

        # A message on the wrong case moves to the right one; both are judged again.
        page.goto(f"{base}/cases/{examples.question}")
        item = page.locator("#thread article.msg-in").first
        item.locator("details.msg-actions summary").click()
        over_six_ref = _case(engine, examples.over_six).reference
        item.locator("form[action$='/move'] input[name=reference]").fill(over_six_ref)
        item.locator("form[action$='/move'] input[name=reason]").fill("Same pupil")
        item.locator("button:has-text('Move')").click()
        assert f"/cases/{examples.over_six}" in page.url and "done=message_moved" in page.url

        # Two cases for one timetable: merged into one.
        page.goto(f"{base}/cases/{examples.unsigned}")
        page.locator("summary:has-text('Merge this case')").click()
        page.fill("form[action$='/merge'] input[name=reference]", over_six_ref)
        page.fill("form[action$='/merge'] input[name=reason]", "One timetable, two cases")
        page.click("button:has-text('Merge')")
        assert f"/cases/{examples.over_six}" in page.url
        assert "case_merged_from" in page.locator("#audit").inner_text()
        context.close()

    question = _case(engine, examples.question)
    [(actor, kind)] = _audit(engine, examples.question, "message_kind_changed")
    assert actor == "olivia" and (kind["before"], kind["after"]) == ("other", "breach_report")
    with session_scope(engine) as s:
        snap = s.exec(select(ParsedSnapshot).where(
            ParsedSnapshot.sha256 == sha, ParsedSnapshot.readers_version == READERS_VERSION)).one()
        assert decode(snap.snapshot).attachments, "the snapshot was read again from the bytes"
        raw = s.get(RawMessage, unsigned_row).raw
        assert len(decode(snap.snapshot).attachments) == len(parse_message(
            raw, examples.settings.check_options().limits).attachments)
        moved = s.get(RawMessage, question_row)
        assert moved.case_id == examples.over_six and moved.kind_override == "breach_report"
    [(_, reread)] = _audit(engine, examples.unsigned, "messages_reread")
    assert reread["messages"] == [unsigned_row] and reread["readers_version"] == READERS_VERSION
    assert question.status == "needs_officer" and "no message left" in question.needs_officer_reason
    assert _audit(engine, examples.question, "message_moved_out")[0][1]["to"] == _case(
        engine, examples.over_six).reference
    merged = _case(engine, examples.unsigned)
    target = _case(engine, examples.over_six)
    assert (merged.status, merged.outcome, merged.linked_case_id) == ("closed", "merged", examples.over_six)
    with session_scope(engine) as s:
        on_target = s.exec(select(RawMessage.id).where(RawMessage.case_id == examples.over_six)).all()
        assert unsigned_row in on_target and question_row in on_target
        # A school's answer quoting the merged case's reference finds the case it went into.
        found = thread_case(s, message_ids=[], subject=f"Re: plan [{merged.reference}]")
        assert found is not None and found.id == examples.over_six
    assert target.kind == "breach_report", "the officer's kind travels with its message"
    assert _audit(engine, examples.unsigned, "case_merged_into")[0][1]["into"] == target.reference

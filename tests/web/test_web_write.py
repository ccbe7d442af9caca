"""Writing to any party from a case (issue 14), in headless Chromium on SQLite and PostgreSQL: the
officer tells a breach report's reporter the outcome (with a Cc), and writes to a school at an
address outside the trusted domains (refused until confirmed); both go into the outbox and out
through the daemon's own sender to a real SMTP server (aiosmtpd), Cc in the envelope and the
case's file attached."""

from __future__ import annotations

import email
from email import policy
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import col, select

from config.settings import Settings
from sending.delivery import deliver_due, make_transport
from store.cases import participants
from store.db import session_scope
from store.models import AuditEvent, Case, OutboundReply
from tests.mailflow.servers import SmtpServer
from tests.web.conftest import Seeded, browser_log_in, live_server, make_app
from tests.web.webseed import PDF_BYTES

pytestmark = [pytest.mark.system]
REPORTER = "sw.jones@oxfordshire.gov.uk"
CC = "sen.casework@oxfordshire.gov.uk"
ACADEMY = "head@banburyroad-academy.org.uk"


def _open_writer(page: Any, base: str, case_id: int, party: str) -> None:
    page.goto(f"{base}/cases/{case_id}")
    page.select_option("#actions select[name=party]", party)
    page.click("button:has-text('Write…')")


def test_an_officer_writes_to_the_reporter_and_the_school(
    any_store: Seeded, chromium: Any, tmp_path: Path
) -> None:
    case_id = any_store.breach
    with live_server(make_app(any_store.engine, tmp_path)) as base:
        context = chromium.new_context(viewport={"width": 1400, "height": 900})
        page = context.new_page()
        browser_log_in(page, base)

        _open_writer(page, base, case_id, "reporter")
        to = page.locator("input[name=to]").input_value()
        assert to == REPORTER, "the reporter's address, from the report"
        body = page.locator("textarea[name=body]").input_value()
        assert "Leo Ward" in body and "RTT-2026-000102" in body and "[Write here" in body
        page.click("button:has-text('Send')")
        assert "gap in square brackets" in page.locator("#write-error").inner_text()
        page.fill("input[name=cc]", CC)
        page.check("#files input[name=attachment]")
        page.fill("textarea[name=body]", body.replace(
            "[Write here what we found and what happens next]",
            "The school has now agreed a written plan with the family, reviewed fortnightly."))
        page.click("button:has-text('Send')")
        assert "done=letter_queued" in page.url

        _open_writer(page, base, case_id, "school")
        page.fill("input[name=to]", ACADEMY)
        page.fill("textarea[name=body]", "Dear colleague,\nPlease send us Leo's plan.\nOlivia")
        page.click("button:has-text('Send')")
        assert "outside the trusted domains" in page.locator("#write-error").inner_text()
        assert ACADEMY in page.locator("#outside").inner_text()
        page.check("input[name=confirm_outside]")
        page.click("button:has-text('Send')")
        assert "done=letter_queued" in page.url
        thread = page.locator("#thread").inner_text()
        assert f"to {REPORTER}, {CC}" in thread and f"to {ACADEMY}" in thread
        context.close()

    with session_scope(any_store.engine) as s:
        query = select(OutboundReply).where(
            OutboundReply.case_id == case_id, OutboundReply.kind == "officer_mail")
        letters = s.exec(query.order_by(col(OutboundReply.id))).all()
        assert [r.to_addresses for r in letters] == [[REPORTER, CC], [ACADEMY]]
        waiting = s.exec(select(OutboundReply).where(OutboundReply.status == "queued")).all()
        assert len(waiting) == 2, "only the two letters wait to be sent"
        assert all(r.status == "queued" and r.created_by is not None and r.kind == "officer_mail"
                   for r in letters)
        audited = select(AuditEvent).where(
            AuditEvent.case_id == case_id, AuditEvent.action == "letter_queued")
        audits = [e.detail for e in s.exec(audited.order_by(col(AuditEvent.id)))]
        assert [(a["party"], a["template"], a["cc"]) for a in audits] == [
            ("reporter", "outcome_to_reporter", [CC]), ("school", "blank", [])]
        assert [a["outside_trusted_confirmed"] for a in audits] == [[], [ACADEMY]]
        assert len(audits[0]["attachments"]) == 1 and audits[1]["attachments"] == []
        assert {REPORTER, CC, ACADEMY} <= participants(s, case_id)
        assert s.get(Case, case_id).status == "awaiting_school"

    server = SmtpServer()
    server.start()
    try:
        settings = Settings(data_dir=tmp_path / "data", smtp_host="127.0.0.1", smtp_port=server.port,
                            smtp_tls="none")
        assert deliver_due(any_store.engine, make_transport(settings), settings) == 2
    finally:
        server.stop()
    first, second = server.received
    assert sorted(first.rcpt_tos) == sorted([REPORTER, CC]) and second.rcpt_tos == [ACADEMY]
    sent = email.message_from_bytes(first.data, policy=policy.default)
    assert sent["To"] == REPORTER and sent["Cc"] == CC and "[RTT-2026-000102]" in sent["Subject"]
    body = sent.get_body(preferencelist=("plain",))
    assert "agreed a written plan" in body.get_content() and sent["Auto-Submitted"] is None
    [plan] = list(sent.iter_attachments())
    assert plan.get_filename() == "plan.pdf"
    assert plan.get_content() == PDF_BYTES, "the case's file, as we received it"
    assert not list(email.message_from_bytes(second.data, policy=policy.default).iter_attachments())
    with session_scope(any_store.engine) as s:
        letters = s.exec(select(OutboundReply).where(OutboundReply.kind == "officer_mail")).all()
        assert [r.status for r in letters] == ["sent", "sent"]

"""End to end in headless Chromium (Debian's, driven by Playwright): log in, work the queue,
open a case, override a requirement, send a follow-up, assign, note, close; screenshots of the
queue and of a case page go to tests/artifacts/."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from store.db import session_scope
from store.models import AuditEvent, Case, OutboundReply, RawMessage, RequirementRecord
from tests.web.conftest import OFFICER, Seeded, live_server, make_app, screenshot

pytestmark = pytest.mark.system


def _log_in(page: Any, base: str, user: tuple[str, str]) -> None:
    page.goto(base + "/")
    assert "/login" in page.url
    page.fill("input[name=username]", user[0])
    page.fill("input[name=password]", user[1])
    page.click("button:has-text('Log in')")
    page.wait_for_url(base + "/")


def _no_dialogs(page: Any) -> list[str]:
    """Collects any script dialog (sender markup run as script) and any console error (a CSP
    violation shows there)."""
    fired: list[str] = []
    page.on("dialog", lambda d: (fired.append(d.message), d.dismiss()))
    page.on("console", lambda m: fired.append(m.text) if m.type == "error" else None)
    return fired


def _queue_references(page: Any) -> list[str]:
    return [t.strip() for t in page.locator("table.queue tbody tr td:nth-child(2) a").all_inner_texts()]


def test_officer_works_a_case_end_to_end(any_store: Seeded, chromium: Any, tmp_path: Path, request) -> None:
    db = request.node.callspec.params["any_store"]
    app = make_app(any_store.engine, tmp_path, secure=True)
    with live_server(app) as base:
        context = chromium.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
        page = context.new_page()
        dialogs = _no_dialogs(page)
        _log_in(page, base, OFFICER)
        _work_the_queue(page, base, db)
        _open_and_work_the_case(page, base, any_store, db)
        _check_hostile_case(page, base, any_store)
        page.goto(base + "/reports/half-term?from=2000-01-01&to=2100-12-31")
        assert page.locator("table.report tbody tr").count() == 6
        context.close()
        assert dialogs == [], "sender markup ran as script, or the page broke its CSP"
    _check_store_after(any_store)


def _work_the_queue(page: Any, base: str, db: str) -> None:
    refs = _queue_references(page)
    assert refs[:4] == ["RTT-2026-000104", "RTT-2026-000102", "RTT-2026-000101", "RTT-2026-000103"], refs
    assert "RTT-2026-000105" not in refs, "closed cases are not in the default queue"
    assert page.locator("tr.is-overdue").count() == 1
    counts = page.locator("ul.counts").inner_text()
    assert "Overdue 1" in counts.replace("\n", " ")
    if db == "sqlite":
        screenshot(page, "queue")
    assert _filtered(page, base, "select[name=priority]", "high") == ["RTT-2026-000101"]
    assert _filtered(page, base, "input[name=q]", "leo") == ["RTT-2026-000102"]
    assert _filtered(page, base, "select[name=kind]", "breach_report") == ["RTT-2026-000102"]
    assert _filtered(page, base, "select[name=why]", "agreement") == ["RTT-2026-000101"]
    page.goto(base + "/?overdue=1")
    assert _queue_references(page) == ["RTT-2026-000104"]
    page.goto(base + "/?why=missing&q=zoe")
    assert _queue_references(page) == ["RTT-2026-000103"]


def _filtered(page: Any, base: str, field: str, value: str) -> list[str]:
    """The queue's references after setting one filter in the form."""
    page.goto(base + "/")
    if field.startswith("select"):
        page.select_option(field, value)
    else:
        page.fill(field, value)
    page.click("button:has-text('Filter')")
    return _queue_references(page)


def _open_and_work_the_case(page: Any, base: str, store: Seeded, db: str) -> None:
    page.goto(base + "/")
    page.click("a:has-text('RTT-2026-000101')")
    assert page.locator("h1").first.inner_text().startswith("RTT-2026-000101")
    assert page.locator("svg.chart rect.bar.over").count() == 2
    assert page.locator("svg.chart text.limittext").text_content() == "6-week limit"
    row = page.locator("#req-professional_agreement")
    assert "Missing" in row.inner_text()
    assert page.locator("#req-parent_signature a").first.inner_text() == "plan.pdf, page 2"
    if db == "sqlite":
        screenshot(page, "case")
    row.locator("summary").click()
    row.locator("select[name=status]").select_option("met")
    row.locator("input[name=reason]").fill("The SEN officer's agreement came by phone; email to follow.")
    row.locator("button:has-text('Save')").click()
    row = page.locator("#req-professional_agreement")
    assert "Met" in row.inner_text() and "judged Missing" in row.inner_text()
    page.select_option("#actions select[name=template]", "six_weeks")
    page.click("button:has-text('Write follow-up')")
    body = page.locator("textarea[name=body]").input_value()
    assert "six weeks" in body and "RTT-2026-000101" in body and "Mia Robinson" in body
    page.click("button:has-text('Send follow-up')")
    assert "done=followup_queued" in page.url
    assert "Out (followup)" in page.locator("#thread").inner_text()
    page.select_option("#actions select[name=user_id]", label="omar")
    page.click("button:has-text('Assign')")
    assert "Assigned to omar" in page.locator("header.casehead").inner_text()
    page.fill("#actions textarea[name=text]", "Rang the SENCo: revised plan coming on Friday.")
    page.click("button:has-text('Add note')")
    assert "revised plan coming" in page.locator("#actions").inner_text()
    page.select_option("#actions select[name=outcome]", "back_to_full_time")
    page.click("button:has-text('Close case')")
    head = page.locator("header.casehead").inner_text()
    assert "Closed" in head and "Back to full time" in head
    audit = page.locator("#audit").inner_text()
    for action in ("view_case", "override_requirement", "followup_queued", "assign", "note", "close"):
        assert action in audit
    if db == "sqlite":
        screenshot(page, "case-closed")


def _check_hostile_case(page: Any, base: str, store: Seeded) -> None:
    page.goto(base + f"/cases/{store.hostile}")
    text = page.locator("body").inner_text()
    assert '<script>alert("subject")</script> RTT plan' in text
    assert "<img src=x onerror=alert(1)>plan.pdf" in text
    assert page.locator("script").count() == 0
    with page.expect_download() as download:
        page.click("#thread a[download]")
    assert download.value.suggested_filename.endswith("plan.pdf")


def _check_store_after(store: Seeded) -> None:
    with session_scope(store.engine) as s:
        case = s.get(Case, store.over_six)
        assert case.status == "closed" and case.outcome == "back_to_full_time"
        req = s.exec(
            select(RequirementRecord).where(
                RequirementRecord.case_id == store.over_six,
                RequirementRecord.requirement_id == "professional_agreement",
            )
        ).one()
        assert (req.status, req.override_status) == ("missing", "met")
        inbound = s.exec(select(RawMessage).where(RawMessage.case_id == store.over_six)).one()
        followup = s.exec(select(OutboundReply).where(OutboundReply.kind == "followup")).one()
        assert followup.status == "queued" and followup.case_id == store.over_six
        assert followup.to_addresses == ["head@cherwellvalley.oxon.sch.uk"]
        assert followup.in_reply_to == inbound.message_id
        assert followup.idempotency_key.startswith("followup:")
        assert re.match(r"Re: .*\[RTT-2026-000101\]$", followup.subject)
        actors = {
            e.actor for e in s.exec(select(AuditEvent).where(AuditEvent.case_id == store.over_six)).all()
        }
        assert OFFICER[0] in actors


def test_browser_without_a_session_or_as_an_officer(store: Seeded, chromium: Any, tmp_path: Path) -> None:
    app = make_app(store.engine, tmp_path, secure=True)
    with live_server(app) as base:
        context = chromium.new_context()
        page = context.new_page()
        for path in ("/", f"/cases/{store.over_six}", "/admin/users", "/reports/half-term"):
            page.goto(base + path)
            assert "/login" in page.url and "Mia" not in page.content()
        _log_in(page, base, OFFICER)
        response = page.goto(base + "/admin/users")
        assert response is not None and response.status == 403
        assert "Not allowed" in page.locator("h1").inner_text()
        context.close()

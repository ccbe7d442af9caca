"""Letter templates admins edit in the browser (issue 14): in headless Chromium on SQLite and
PostgreSQL an admin previews, saves (a new version), has a bad version refused with the reason,
and restores an older one; officers' letters start from the version in use; every save and
restore is audited. Without a saved version the shipped template is used (version 0)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from fastapi.testclient import TestClient
from sqlmodel import col, select

from store.db import session_scope
from store.models import AuditEvent, LetterTemplate
from tests.web.conftest import (
    ADMIN,
    OFFICER,
    Seeded,
    browser_log_in,
    https_client,
    live_server,
    login,
    make_app,
)
from tests.web.test_web_accessibility import WCAG_AA
from triage.catalogue import load_guidance
from web.followups import LETTERS
from web.letter_templates import TemplateRefused, check_source, render_source, shipped

SIX_WEEKS = "/admin/templates/six_weeks"


def test_check_refuses_unknown_variables_syntax_errors_and_unsafe_code() -> None:
    guidance = load_guidance("oxfordshire")
    with pytest.raises(TemplateRefused, match="unknown variable: pupil_address"):
        check_source("Dear {{ greeting }}, about {{ pupil_address }}", guidance)
    with pytest.raises(TemplateRefused, match="line 2"):
        check_source("Dear colleague,\n{% if reference %}no end", guidance)
    with pytest.raises(TemplateRefused, match="does not render"):
        check_source("{{ reference.__class__.__mro__ }}", guidance)
    with pytest.raises(TemplateRefused, match="may not include"):
        check_source('{% include "six_weeks.txt.j2" %}', guidance)
    with pytest.raises(TemplateRefused, match="ZeroDivisionError"):
        check_source("{{ 1 / 0 }}", guidance)
    letter = check_source(shipped("missing_items"), guidance)
    assert "Sam Sample" in letter and "RTT-2026-000000" in letter
    assert render_source("{{ reference }}  \n\n", {"reference": "R-1"}) == "R-1\n"


def test_every_shipped_template_passes_the_checks() -> None:
    guidance = load_guidance("oxfordshire")
    for template_id in LETTERS:
        assert "RTT-2026-000000" in check_source(shipped(template_id), guidance), template_id


def test_officers_are_refused_and_admins_save_versions(store: Seeded, tmp_path: Path) -> None:
    officer = https_client(make_app(store.engine, tmp_path))
    login(officer, OFFICER)
    assert officer.get("/admin/templates").status_code == 403
    admin = https_client(make_app(store.engine, tmp_path))
    token = login(admin, ADMIN)
    assert admin.get("/admin/templates/nonsense").status_code == 404
    refused = admin.post(SIX_WEEKS, data={"body": "{{ pupil_name }} {{ headteacher }}", "csrf_token": token})
    assert refused.status_code == 400 and "unknown variable: headteacher" in refused.text
    for n in (1, 2):
        body = f"Version {n} for {{{{ pupil_name }}}}"
        saved = admin.post(SIX_WEEKS, data={"body": body, "csrf_token": token})
        assert saved.status_code == 303 and saved.headers["location"].endswith(f"saved={n}")
    letter = officer.get(f"/cases/{store.over_six}/followup?template=six_weeks").text
    assert "Version 2 for Mia Robinson" in letter
    other = officer.get(f"/cases/{store.over_six}/followup?template=missing_items").text
    assert "We still need the following" in other  # not edited: the shipped template
    back = admin.post(f"{SIX_WEEKS}/restore", data={"version": "0", "csrf_token": token})
    assert back.status_code == 303
    letter = officer.get(f"/cases/{store.over_six}/followup?template=six_weeks").text
    assert "The guidance allows a reduced timetable for six weeks at most" in letter
    with session_scope(store.engine) as s:
        rows = s.exec(select(LetterTemplate).order_by(col(LetterTemplate.version))).all()
        assert [(r.version, r.restored_from) for r in rows] == [(1, None), (2, None), (3, 0)]
        actions = [e.action for e in s.exec(select(AuditEvent).where(
            col(AuditEvent.action).like("letter_template%"))).all()]
    assert actions == ["letter_template_saved", "letter_template_saved", "letter_template_restored"]


@pytest.mark.system
def test_an_admin_edits_a_template_in_the_browser(any_store: Seeded, chromium: Any, tmp_path: Path) -> None:
    axe = Axe()
    with live_server(make_app(any_store.engine, tmp_path, secure=False)) as base:
        context = chromium.new_context(viewport={"width": 1400, "height": 900})
        page = context.new_page()
        browser_log_in(page, base, ADMIN)
        page.click("nav >> text=Templates")
        assert axe.run(page, options=WCAG_AA).response["violations"] == []
        page.click("text=Outcome of your report")
        assert "0 (as shipped)" in page.inner_text("main")
        assert "Sam Sample" in page.inner_text(".letter-preview")
        page.fill("#body", "Dear {{ greeting }},\nAbout {{ pupil_name }}: {{ outcome }}\n")
        page.click("button:has-text('Save as a new version')")
        assert "Not saved: unknown variable: outcome" in page.inner_text("[role=alert]")
        page.fill("#body", "Dear {{ greeting }},\nAbout {{ pupil_name }} ({{ reference }}): [Write it]\n")
        page.click("button:has-text('Preview')")
        assert "About Sam Sample (RTT-2026-000000)" in page.inner_text(".letter-preview")
        page.click("button:has-text('Save as a new version')")
        assert "Saved as version 1" in page.inner_text("[role=status]")
        assert axe.run(page, options=WCAG_AA).response["violations"] == []
        page.fill("#body", "Second wording for {{ pupil_name }}.\n")
        page.click("button:has-text('Save as a new version')")
        page.click("button:has-text('Restore version 1')")
        assert "Saved as version 3" in page.inner_text("[role=status]")
        assert "(restores 1)" in page.inner_text("main")
        context.close()
        context = chromium.new_context(viewport={"width": 1400, "height": 900})
        page = context.new_page()
        browser_log_in(page, base, OFFICER)
        page.goto(f"{base}/cases/{any_store.breach}/write?party=reporter")
        body = page.input_value("textarea[name=body]")
        assert "About Leo Ward (RTT-2026-000102): [Write it]" in body
        context.close()
    with session_scope(any_store.engine) as s:
        events = s.exec(select(AuditEvent).where(col(AuditEvent.action).like("letter_template%"))).all()
        assert [(e.actor, e.detail["version"]) for e in events] == [("adam", 1), ("adam", 2), ("adam", 3)]


def test_a_saved_version_is_used_by_the_write_page(store: Seeded, client: TestClient) -> None:
    token = login(client, ADMIN)
    body = "Hello {{ greeting }} about {{ pupil_name }} at {{ school_name }}.\n"
    assert client.post("/admin/templates/blank", data={"body": body, "csrf_token": token}).status_code == 303
    page = client.get(f"/cases/{store.over_six}/write?party=school&template=blank").text
    assert "Hello colleague about Mia Robinson at Cherwell Valley Academy." in page

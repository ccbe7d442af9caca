"""The queue filtered by school and by sender trust, and a case linked to its school by URN
(issue 14), in headless Chromium on SQLite and PostgreSQL: an officer links a case to a school
of the directory from the case page (audited), the queue then offers that school by URN; the
sender filter splits trusted domains from the rest, and follows the domains admins add."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from sqlmodel import col, select

from store.db import session_scope
from store.models import AuditEvent, Case
from store.schools import import_register, read_register
from store.trusted_domains import add_domain
from tests.web.conftest import OFFICER, Seeded, browser_log_in, live_server, make_app
from tests.web.test_web_accessibility import WCAG_AA
from web.queries import SchoolNames

REGISTER = (b"URN,EstablishmentName,EstablishmentStatus (name),EmailDomains\n"
            b"140123,Cherwell Valley Academy,Open,cherwellvalley.oxon.sch.uk\n"
            b"140999,Banbury Road Primary,Open,\n")


def _references(page: Any) -> set[str]:
    return {t.strip() for t in page.locator("table.queue tbody tr td a[href^='/cases/']").all_inner_texts()}


@pytest.mark.system
def test_officers_link_schools_and_filter_the_queue(any_store: Seeded, chromium: Any, tmp_path: Path) -> None:
    with session_scope(any_store.engine) as s:
        import_register(s, read_register(REGISTER))
        hostile = s.get(Case, any_store.hostile)
        assert hostile is not None
        hostile.school_domain = "isisvale-school.co.uk"  # an academy on its own domain
        s.add(hostile)
    axe = Axe()
    app = make_app(any_store.engine, tmp_path, secure=False)
    app.state.web.schools = SchoolNames(ttl_seconds=0)  # the choices are cached a minute
    with live_server(app) as base:
        context = chromium.new_context(viewport={"width": 1400, "height": 900})
        page = context.new_page()
        browser_log_in(page, base, OFFICER)
        page.goto(f"{base}/cases/{any_store.breach}")
        assert "Not found in the school directory" in page.inner_text("main")
        page.fill("input[name=urn]", "140999")
        page.click("button:has-text('Link school')")
        assert "Done: school linked" in page.inner_text("[role=status]")
        assert "In the register: Banbury Road Primary, URN 140999" in page.inner_text("main")
        assert "Linked: set by olivia" in page.inner_text("main")
        assert axe.run(page, options=WCAG_AA).response["violations"] == []
        page.fill("input[name=urn]", "999999")
        page.click("button:has-text('Link school')")
        assert "No school with URN 999999" in page.inner_text("main")
        page.goto(f"{base}/?status=all")
        page.select_option("select[name=school]", label="Banbury Road Primary (URN 140999)")
        page.click("button:has-text('Filter')")
        assert _references(page) == {"RTT-2026-000102"}
        page.goto(f"{base}/?status=all")
        page.select_option("select[name=trust]", "untrusted")
        page.click("button:has-text('Filter')")
        assert _references(page) == {"RTT-2026-000103"}
        assert axe.run(page, options=WCAG_AA).response["violations"] == []
        page.goto(f"{base}/?status=all&trust=trusted")
        trusted = _references(page)
        assert "RTT-2026-000103" not in trusted and {"RTT-2026-000101", "RTT-2026-000102"} <= trusted
        with session_scope(any_store.engine) as s:
            add_domain(s, domain="*.co.uk", added_by="adam")
        page.goto(f"{base}/?status=all&trust=untrusted")
        assert _references(page) == set()
        page.goto(f"{base}/cases/{any_store.breach}")
        page.click("button:has-text('Unlink the school')")
        assert "Done: school unlinked" in page.inner_text("[role=status]")
        assert "Not linked to a school in the directory (set by olivia)" in page.inner_text("main")
        context.close()
    with session_scope(any_store.engine) as s:
        events = s.exec(select(AuditEvent).where(col(AuditEvent.action).like("school_%"))
                        .order_by(col(AuditEvent.id))).all()
        assert [(e.action, e.detail) for e in events] == [
            ("school_linked", {"urn": "140999", "before": None}),
            ("school_unlinked", {"urn": None, "before": "140999"}),
        ]

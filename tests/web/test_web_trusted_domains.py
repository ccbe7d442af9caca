"""Trusted sender domains in the browser (issue 14), in headless Chromium on SQLite and
PostgreSQL: an admin sees the setting's domains, adds one (a bad one refused), trusts the school
directory's open schools' domains with one button, removes one; each change audited. A letter to
an added domain needs no confirmation. Officers may not open the page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from fastapi.testclient import TestClient
from sqlmodel import col, select

from store.db import session_scope
from store.models import AuditEvent, TrustedDomain
from store.schools import import_register, read_register
from tests.web.conftest import ADMIN, Seeded, browser_log_in, live_server, login, make_app
from tests.web.test_web_accessibility import WCAG_AA

REGISTER = (b"URN,EstablishmentName,EstablishmentStatus (name),EmailDomains\n"
            b"140123,Cherwell Valley Academy,Open,cherwellvalley.oxon.sch.uk\n"
            b"140124,Banbury Road Academy,Open,banburyroad-academy.org.uk\n"
            b"140125,Old Mill School,Closed,oldmill-school.org.uk\n")


def test_officers_may_not_see_or_change_the_trusted_domains(store: Seeded, officer_client: Any) -> None:
    client, token = officer_client
    assert client.get("/admin/trusted-domains").status_code == 403
    response = client.post("/admin/trusted-domains", data={"domain": "evil.org", "csrf_token": token})
    assert response.status_code == 403


def test_a_letter_to_an_added_domain_needs_no_confirmation(store: Seeded, client: TestClient) -> None:
    token = login(client, ADMIN)
    form = {"party": "school", "template": "blank", "to": "head@banburyroad-academy.org.uk",
            "body": "Hello", "token": "t" * 20, "csrf_token": token}
    refused = client.post(f"/cases/{store.over_six}/write", data=form)
    assert refused.status_code == 400 and "outside the trusted domains" in refused.text
    add = {"domain": "banburyroad-academy.org.uk", "csrf_token": token}
    added = client.post("/admin/trusted-domains", data=add)
    assert added.status_code == 303
    assert client.post(f"/cases/{store.over_six}/write", data=form).status_code == 303


@pytest.mark.system
def test_an_admin_manages_trusted_domains_in_the_browser(
    any_store: Seeded, chromium: Any, tmp_path: Path
) -> None:
    with session_scope(any_store.engine) as s:
        import_register(s, read_register(REGISTER))
    axe = Axe()
    with live_server(make_app(any_store.engine, tmp_path, secure=False)) as base:
        context = chromium.new_context(viewport={"width": 1400, "height": 900})
        page = context.new_page()
        browser_log_in(page, base, ADMIN)
        page.click("nav >> text=Trusted domains")
        main = page.inner_text("main")
        assert "*.oxon.sch.uk" in main and "oxfordshire.gov.uk" in main
        assert "banburyroad-academy.org.uk" in main and "oldmill-school.org.uk" not in main
        assert axe.run(page, options=WCAG_AA).response["violations"] == []
        page.fill("input[name=domain]", "not a domain")
        page.click("button:has-text('Add domain')")
        assert "Not added: 'not a domain' is not a domain" in page.inner_text("[role=alert]")
        page.fill("input[name=domain]", "*.Riverside-Trust.org.uk")
        page.click("button:has-text('Add domain')")
        assert "The domain is trusted now" in page.inner_text("[role=status]")
        page.click("button:has-text(\"Add the domains of the directory's open schools\")")
        assert "The open schools' domains are trusted now" in page.inner_text("[role=status]")
        assert "Every email domain of the directory's open schools is trusted" in page.inner_text("main")
        page.click("button:has-text('Remove *.riverside-trust.org.uk')")
        assert "no longer trusted" in page.inner_text("[role=status]")
        assert axe.run(page, options=WCAG_AA).response["violations"] == []
        context.close()
    with session_scope(any_store.engine) as s:
        assert [r.domain for r in s.exec(select(TrustedDomain)).all()] == ["banburyroad-academy.org.uk"]
        events = s.exec(select(AuditEvent).where(col(AuditEvent.action).like("trusted_domain%"))
                        .order_by(col(AuditEvent.id))).all()
        assert [(e.action, e.actor, e.detail) for e in events] == [
            ("trusted_domain_added", "adam", {"domain": "*.riverside-trust.org.uk"}),
            ("trusted_domains_from_directory", "adam", {"domains": ["banburyroad-academy.org.uk"]}),
            ("trusted_domain_removed", "adam", {"domain": "*.riverside-trust.org.uk"}),
        ]

"""A child's records in headless Chromium (Debian's, driven by Playwright), on SQLite and
PostgreSQL: an officer looks at a case, its message and its attachment and puts another case on
legal hold; an administrator reads who saw what (page and CSV), downloads a subject access
export, erases a pupil's data on request, and is refused erasing the held case. Screenshots of
the records page and the access report go to tests/artifacts/."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from store.db import session_scope
from store.models import AuditEvent, Case
from tests.web.conftest import ADMIN, OFFICER, Seeded, live_server, make_app, screenshot
from tests.web.test_web_browser import _log_in, _no_dialogs

pytestmark = [pytest.mark.system, pytest.mark.slow]


def _officer_looks_and_holds(page: Any, base: str, store: Seeded) -> None:
    page.goto(base + f"/cases/{store.over_six}")
    page.click("#thread a:has-text('message')")
    assert "Please find Mia's plan attached." in page.locator("body").inner_text()
    page.goto(base + f"/cases/{store.over_six}")
    with page.expect_download() as download:
        page.click("#thread a[download]")
    assert download.value.suggested_filename == "plan.pdf"
    page.goto(base + f"/cases/{store.closed}")
    page.fill("#hold input[name=reason]", "Complaint to the Ombudsman under way")
    page.click("#hold button:has-text('Put on legal hold')")
    assert "Under a legal hold" in page.locator("#hold").inner_text()
    assert page.locator("#hold button:has-text('Lift the hold')").count() == 0  # admins only


def _who_saw_what(page: Any, base: str, db: str) -> None:
    page.click("nav a:has-text('Records')")
    assert "case-content-6y" in page.locator("#schedule").inner_text()
    if db == "sqlite":
        screenshot(page, "records")
    page.click("a:has-text('Who saw what')")
    page.fill("input[name=pupil]", "robinson")
    page.click("button:has-text('Show')")
    rows = page.locator("table#access tbody tr").all_inner_texts()
    assert len(rows) == 4 and all("olivia" in r and "Mia Robinson" in r for r in rows), rows  # the case twice
    assert {"viewed the case", "viewed a message", "downloaded an attachment"} == {
        what for r in rows for what in ("viewed the case", "viewed a message", "downloaded an attachment")
        if what in r}
    if db == "sqlite":
        screenshot(page, "access-report")
    with page.expect_download() as download:
        page.click("a:has-text('Download CSV')")
    table = list(csv.reader(io.StringIO(Path(download.value.path()).read_text())))
    assert len(table) == 5 and {r[2] for r in table[1:]} == {"Mia Robinson"}


def _export(page: Any, base: str, tmp_path: Path) -> None:
    page.goto(base + "/admin/records")
    page.fill("#export input[name=name]", "Leo Ward")
    with page.expect_download() as download:
        page.click("#export button:has-text('Download the archive')")
    target = tmp_path / "export.zip"
    download.value.save_as(target)
    archive = zipfile.ZipFile(target)
    assert "cases/RTT-2026-000102/messages/001.eml" in archive.namelist()
    index = archive.read("index.html").decode()
    assert "Information held about Leo Ward" in index and "check before sending" in index


def _erase(page: Any, base: str, store: Seeded) -> None:
    page.goto(base + "/admin/records")
    page.fill("#erase input[name=name]", "Isla Nowak")
    page.click("#erase button:has-text('Find the cases')")
    assert page.locator("#to-erase tbody tr").all_inner_texts()[0].startswith("RTT-2026-000106")
    page.fill("input[name=reason]", "Parent's erasure request, ref DP-2026-31")
    page.check("input[name=confirm]")
    page.click("button:has-text('Erase 1 case')")
    assert "erased 1 cases" in page.locator("p.done").inner_text()
    page.goto(base + f"/cases/{store.low}")
    assert "Isla Nowak" not in page.locator("body").inner_text()
    page.goto(base + "/admin/records")
    page.fill("#erase input[name=reference]", "RTT-2026-000105")
    page.click("#erase button:has-text('Find the cases')")
    page.fill("input[name=reason]", "Request")
    page.check("input[name=confirm]")
    page.click("button:has-text('Erase 1 case')")
    assert "legal hold" in page.locator("body").inner_text()


def test_records_in_the_browser(any_store: Seeded, chromium: Any, tmp_path: Path, request) -> None:
    db = request.node.callspec.params["any_store"]
    app = make_app(any_store.engine, tmp_path, secure=True)
    with live_server(app) as base:
        officer = chromium.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
        page = officer.new_page()
        dialogs = _no_dialogs(page)
        _log_in(page, base, OFFICER)
        _officer_looks_and_holds(page, base, any_store)
        officer.close()
        admin = chromium.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
        page = admin.new_page()
        dialogs += _no_dialogs(page)
        _log_in(page, base, ADMIN)
        _who_saw_what(page, base, db)
        _export(page, base, tmp_path)
        _erase(page, base, any_store)
        admin.close()
        assert dialogs == [], "a page broke its CSP or ran script"
    with session_scope(any_store.engine) as s:
        closed = s.get(Case, any_store.closed)
        assert closed is not None and closed.pupil_name == "Noah Khan"  # held: nothing erased
        actions = set(s.exec(select(AuditEvent.action)).all())
        wanted = {"legal_hold_set", "content_removed", "erasure_refused", "export_pupil", "report_access"}
        assert wanted <= actions

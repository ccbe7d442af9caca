"""A child's records in the web queue, in-process (httpx): the legal hold on a case, the
administrators' records page (the schedule and what is due), erasure on request, the subject
access export and the report of who saw what (page and CSV)."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import select

from store.db import session_scope
from store.models import AuditEvent, Case, LegalHold, RawMessage
from tests.web.conftest import ADMIN, OFFICER2, Seeded, https_client, login
from tests.web.webseed import PDF_BYTES


def _admin(app: Any) -> tuple[TestClient, str]:
    client = https_client(app)
    return client, login(client, ADMIN)


def test_an_officer_holds_a_case_and_only_an_admin_lifts_it(officer_client, app, store: Seeded) -> None:
    client, csrf = officer_client
    blank = {"action": "set", "reason": " ", "csrf_token": csrf}
    assert client.post(f"/cases/{store.closed}/hold", data=blank).status_code == 400
    response = client.post(f"/cases/{store.closed}/hold",
                           data={"action": "set", "reason": "claim expected", "csrf_token": csrf})
    assert response.status_code == 303
    page = client.get(f"/cases/{store.closed}").text
    assert "Under a legal hold" in page and "claim expected" in page and "Lift the hold" not in page
    assert client.post(f"/cases/{store.closed}/hold", data={"action": "lift", "reason": "over",
                                                            "csrf_token": csrf}).status_code == 403
    admin, admin_csrf = _admin(app)
    assert admin.post(f"/cases/{store.closed}/hold", data={"action": "lift", "reason": "settled",
                                                           "csrf_token": admin_csrf}).status_code == 303
    with session_scope(store.engine) as s:
        assert s.exec(select(LegalHold)).all() == []
        events = s.exec(select(AuditEvent).where(AuditEvent.case_id == store.closed,
                                                 AuditEvent.action.startswith("legal_hold"))).all()
        assert [(e.action, e.actor) for e in events] == [
            ("legal_hold_set", "olivia"), ("legal_hold_lifted", "adam")]


def test_officers_cannot_reach_the_records_pages(officer_client) -> None:
    client, csrf = officer_client
    assert client.get("/admin/records").status_code == 403
    assert client.get("/admin/access").status_code == 403
    assert client.post("/admin/export", data={"name": "Mia Robinson", "csrf_token": csrf}).status_code == 403
    assert client.post("/admin/erase", data={"case_id": "1", "reason": "x", "confirm": "yes",
                                             "csrf_token": csrf}).status_code == 403


def test_the_records_page_shows_the_schedule(app) -> None:
    admin, _ = _admin(app)
    page = admin.get("/admin/records").text
    assert "case-content-6y" in page and "6 years" in page and "audit-trail-12y" in page
    assert "Nothing is due." in page  # the seeded closed case has no closing day far enough back


def test_erasure_finds_then_erases_with_a_reason(app, store: Seeded) -> None:
    admin, csrf = _admin(app)
    found = admin.post("/admin/erase/find", data={"name": "mia robinson", "csrf_token": csrf})
    assert found.status_code == 200 and "RTT-2026-000101" in found.text
    ids = re.findall(r'name="case_id" value="(\d+)"', found.text)
    assert ids == [str(store.over_six)]
    unconfirmed = admin.post("/admin/erase", data={"case_id": ids, "reason": "request", "csrf_token": csrf})
    assert unconfirmed.status_code == 400
    form = {"case_id": ids, "reason": "parent's request (SAR-4)", "confirm": "yes", "csrf_token": csrf}
    done = admin.post("/admin/erase", data=form)
    assert done.status_code == 303 and "erased_1_cases" in done.headers["location"]
    with session_scope(store.engine) as s:
        case = s.get(Case, store.over_six)
        assert case is not None and case.pupil_name is None and case.status == "closed"
        message = s.exec(select(RawMessage).where(RawMessage.case_id == store.over_six)).one()
        assert message.raw == b"" and message.removed_at is not None
        event = s.exec(select(AuditEvent).where(AuditEvent.action == "content_removed")).one()
        assert (event.actor, event.detail["rule"], event.detail["reason"]) == (
            "adam", "erasure", "parent's request (SAR-4)")
    assert "Mia Robinson" not in admin.get(f"/cases/{store.over_six}").text


def test_the_subject_access_export(app, store: Seeded) -> None:
    admin, csrf = _admin(app)
    assert admin.post("/admin/export", data={"name": "Nobody Atall", "csrf_token": csrf}).status_code == 404
    response = admin.post("/admin/export", data={"name": "Leo Ward", "csrf_token": csrf})
    assert response.status_code == 200 and response.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = set(archive.namelist())
    folder = "cases/RTT-2026-000102"
    assert {"index.html", "for-the-officer/third-parties.json", f"{folder}/case.json", f"{folder}/audit.json",
            f"{folder}/messages/001.eml", f"{folder}/messages/001-attachments/01-plan.pdf",
            f"{folder}/replies/001-auto.txt"} <= names
    with session_scope(store.engine) as s:
        raw = s.exec(select(RawMessage.raw).where(RawMessage.case_id == store.breach)).one()
    assert archive.read(f"{folder}/messages/001.eml") == raw
    assert archive.read(f"{folder}/messages/001-attachments/01-plan.pdf") == PDF_BYTES
    facts = json.loads(archive.read(f"{folder}/case.json"))
    assert facts["case"]["pupil"] == "Leo Ward"
    assert facts["facts"]["breach"]["reporter"]["name"] == "Sam Jones"
    flags = json.loads(archive.read("for-the-officer/third-parties.json"))
    who = {f["who"] for f in flags}
    assert {"Sam Jones sw.jones@oxfordshire.gov.uk", "A. Parent", "sw.jones@oxfordshire.gov.uk"} <= who
    index = archive.read("index.html").decode()
    assert "Information held about Leo Ward" in index and "For the officer: check before sending" in index
    assert f'href="{folder}/messages/001.eml"' in index and "Sam Jones" in index
    with session_scope(store.engine) as s:
        exported = s.exec(select(AuditEvent).where(AuditEvent.action == "export_pupil")).one()
        assert exported.actor == "adam" and exported.case_id == store.breach


def test_who_saw_what_across_cases(officer_client, app, store: Seeded) -> None:
    client, _ = officer_client
    client.get(f"/cases/{store.over_six}")
    with session_scope(store.engine) as s:
        message = s.exec(select(RawMessage).where(RawMessage.case_id == store.over_six)).one()
    client.get(f"/messages/{message.id}")
    attachment = re.search(r'href="/attachments/(\d+)"', client.get(f"/cases/{store.over_six}").text)
    assert attachment
    assert client.get(f"/attachments/{attachment.group(1)}").status_code == 200
    client.get(f"/cases/{store.low}")
    other = https_client(app)
    login(other, OFFICER2)
    other.get(f"/cases/{store.breach}")

    admin, _ = _admin(app)
    page = admin.get("/admin/access?pupil=robinson").text
    rows = re.findall(r"<tr><td>.*?</tr>", page, re.S)
    assert len(rows) == 4 and all("olivia" in r and "Mia Robinson" in r for r in rows)
    assert "viewed a message" in page and "downloaded an attachment" in page and "viewed the case" in page
    assert "Leo Ward" not in page and "Isla Nowak" not in page

    by_user = admin.get("/admin/access?user=omar").text
    assert "Leo Ward" in by_user and "Mia Robinson" not in by_user
    downloads = admin.get("/admin/access?action=download_attachment").text
    assert len(re.findall(r"<tr><td>", downloads)) == 1
    empty = admin.get("/admin/access?since=2000-01-01&until=2000-01-02").text
    assert "<p>0 accesses, newest first.</p>" in empty
    assert admin.get("/admin/access?since=2000-13-01").status_code == 400

    exported = admin.get("/admin/access?pupil=robinson&format=csv")
    assert exported.headers["content-type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(exported.text)))
    assert table[0] == ["When (UTC)", "User", "Pupil", "Case", "What", "Message", "Attachment"]
    assert len(table) == 5 and {r[1] for r in table[1:]} == {"olivia"}
    assert [r[3:] for r in table[1:] if r[4] == "downloaded an attachment"] == [
        ["RTT-2026-000101", "downloaded an attachment", str(message.id), attachment.group(1)]]


def test_the_page_cache_forgets_an_erased_attachment(store: Seeded, tmp_path) -> None:
    import hashlib

    from parsers.limits import Limits
    from records.lifecycle import erase_cases
    from records.places import Places
    from web import mailview

    mailview.page_texts("plan.pdf", "application/pdf", PDF_BYTES, Limits(ocr_enabled=False))
    digest = hashlib.sha256(PDF_BYTES).hexdigest()
    mailview._PAGE_CACHE["another-file"] = [(1, "kept")]
    assert digest in mailview._PAGE_CACHE
    erase_cases(store.engine, Places(tmp_path / "m", tmp_path / "o"), [store.low], "request", "adam")
    assert digest not in mailview._PAGE_CACHE and "another-file" in mailview._PAGE_CACHE
    del mailview._PAGE_CACHE["another-file"]

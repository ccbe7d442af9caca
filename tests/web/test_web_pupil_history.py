"""A pupil's history (issue 14): the same child's reduced timetables across cases, the weeks
part-time in all and this school year, back-to-back timetables flagged; another child of the
same name (another date of birth, another UPN) left out. Pure rules, then the page in Chromium."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from store.db import session_scope
from store.models import Case
from tests.web import webseed
from tests.web.conftest import Seeded, browser_log_in, live_server, make_app
from web.history import academic_year_start, history_of, match
from web.templating import uk_today


def _case(**kw: Any) -> Case:
    base: dict[str, Any] = {"reference": "R", "kind": "rtt_notification", "pupil_key": "mia robinson",
                            "school_name": "Cherwell Valley Academy", "facts": {}}
    return Case(**{**base, **kw})


def test_who_is_the_same_pupil() -> None:
    one = _case(id=1, pupil_dob=date(2013, 5, 4))
    assert match(one, one) == "this case"
    assert match(one, _case(id=2, pupil_dob=date(2013, 5, 4))) == "sure"
    assert match(one, _case(id=3, pupil_dob=None)) == "possible"
    assert match(one, _case(id=4, pupil_dob=date(2012, 1, 1))) is None
    assert match(one, _case(id=5, pupil_dob=date(2013, 5, 4), school_name="Another School")) is None
    with_upn = {"case": {"pupil": {"upn": "A123456789012"}}}
    other_upn = {"case": {"pupil": {"upn": "B123456789012"}}}
    moved = _case(id=7, facts=with_upn, school_name="Moved School")
    assert match(_case(id=6, facts=with_upn), moved) == "sure", "the UPN decides"
    assert match(_case(id=6, facts=with_upn), _case(id=8, facts=other_upn)) is None
    assert academic_year_start(date(2026, 8, 31)) == date(2025, 9, 1)
    assert academic_year_start(date(2026, 9, 1)) == date(2026, 9, 1)


def _add(s: Any, reference: str, start: date, weeks: int, dob: date, status: str = "closed") -> Case:
    case = webseed.add_case(
        s, reference=reference, pupil="Mia Robinson", school="Cherwell Valley Academy",
        sender="head@cherwellvalley.oxon.sch.uk", subject="Mia's plan", start=start, weeks=[10.0] * weeks,
        problems=[], status=status, priority="low", received=datetime.now(UTC) - timedelta(days=200))
    case.pupil_dob = dob
    s.add(case)
    return case


def test_the_pupil_page_shows_every_timetable(store: Seeded, chromium: Any, tmp_path: Path) -> None:
    today = uk_today()
    mia_dob = date(2013, 5, 4)
    with session_scope(store.engine) as s:
        current = s.get(Case, store.over_six)
        current.pupil_dob = mia_dob
        s.add(current)
        # The last timetable ended 8 days before this one began (start: today - 10 days).
        _add(s, "RTT-2026-000201", today - timedelta(days=10 + 8 + 42), 6, mia_dob)
        _add(s, "RTT-2026-000202", today - timedelta(days=400), 4, mia_dob)
        _add(s, "RTT-2026-000203", today - timedelta(days=30), 3, date(2011, 2, 2))  # another Mia
    with live_server(make_app(store.engine, tmp_path)) as base:
        context = chromium.new_context(viewport={"width": 1400, "height": 900})
        page = context.new_page()
        browser_log_in(page, base)
        page.goto(f"{base}/cases/{store.over_six}")
        page.click("a:has-text('History of this pupil')")
        rows = page.locator("table.history tbody tr").all_inner_texts()
        totals = [page.locator(f"#{i}").inner_text() for i in ("weeks-total", "restarts")]
        context.close()
    assert totals == ["11.4", "1"], "4 + 6 weeks ended, 10 days of this one so far; one back-to-back"
    refs = [r.split("\t")[0].strip() for r in rows]
    assert refs == ["RTT-2026-000202", "RTT-2026-000201", "RTT-2026-000101"], rows
    assert "started 1.1 weeks after the last ended" in rows[2]
    assert "started" not in rows[0] and "started" not in rows[1]
    assert all("sure" in r or "this case" in r for r in rows)
    assert all("RTT-2026-000203" not in r for r in rows), "another child of the same name"


def test_the_same_upn_finds_a_case_whose_name_was_read_another_way(any_store: Seeded) -> None:
    """UPN first: 'Mia Robinsen' on a later plan, with Mia's UPN, is Mia's (SQLite and PostgreSQL)."""
    upn = {"case": {"pupil": {"name": "Mia Robinson", "upn": "A123456789012"}}}
    with session_scope(any_store.engine) as s:
        mia = Case(reference="RTT-2026-000301", kind="rtt_notification", pupil_key="mia robinson",
                   school_name="Cherwell Valley Academy", facts=upn)
        misspelt = Case(reference="RTT-2026-000302", kind="rtt_notification", pupil_key="mia robinsen",
                        school_name="Cherwell Valley Academy",
                        facts={"case": {"pupil": {"name": "Mia Robinsen", "upn": " a123456789012"}}})
        stranger = Case(reference="RTT-2026-000303", kind="rtt_notification", pupil_key="mia robinsen",
                        school_name="Cherwell Valley Academy",
                        facts={"case": {"pupil": {"name": "Mia Robinsen", "upn": "B999999999999"}}})
        s.add_all([mia, misspelt, stranger])
        s.flush()
        found = {t.case.reference for t in history_of(s, mia, uk_today()).timetables}
    assert "RTT-2026-000302" in found
    assert "RTT-2026-000303" not in found

"""Accessibility (issue 14; WCAG 2.2 AA): every page passes axe-core (its own script, shipped in
the axe-playwright-python package) in headless Chromium with no violation, logged out, as an
officer and as an admin; the keyboard reaches a skip link first, it moves focus to the page's
main content, and whatever has focus is outlined; the accessibility statement is public."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from sqlmodel import select

from store.db import session_scope
from store.models import AttachmentRecord, RawMessage
from tests.web.conftest import ADMIN, OFFICER, Seeded, browser_log_in, live_server, make_app

pytestmark = [pytest.mark.system, pytest.mark.slow]
WCAG_AA = {"runOnly": {"type": "tag", "values": [
    "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]}}


def _violations(axe: Axe, page: Any) -> list[str]:
    results = axe.run(page, options=WCAG_AA)
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:4]}"
        for v in results.response["violations"]
    ]


def _officer_pages(store: Seeded) -> list[str]:
    with session_scope(store.engine) as s:
        message = s.exec(select(RawMessage.id).where(RawMessage.case_id == store.over_six)).first()
        attachment = s.exec(select(AttachmentRecord.id)).first()
    cases = [store.over_six, store.breach, store.hostile, store.overdue, store.closed, store.low]
    return [
        "/", "/?status=all", "/?overdue=1", "/?why=missing&q=zoe", "/?page=2",
        *(f"/cases/{c}" for c in cases),
        f"/messages/{message}", f"/attachments/{attachment}/text?page=0",
        f"/cases/{store.over_six}/followup?template=six_weeks",
        f"/cases/{store.breach}/write?party=reporter", f"/cases/{store.over_six}/write?party=school",
        f"/cases/{store.over_six}/pupil", "/reports/statistics?from=2000-01-01&to=2100-12-31",
        "/reports/half-term", "/reports/half-term?from=2000-01-01&to=2100-12-31",
        "/accessibility", "/cases/999999",
    ]


def test_every_page_passes_axe_core(store: Seeded, chromium: Any, tmp_path: Path) -> None:
    axe = Axe()
    found: dict[str, list[str]] = {}
    with live_server(make_app(store.engine, tmp_path, secure=False)) as base:
        context = chromium.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        for path in ("/login", "/accessibility"):
            page.goto(base + path)
            found[f"logged out {path}"] = _violations(axe, page)
        browser_log_in(page, base, OFFICER)
        for path in _officer_pages(store):
            page.goto(base + path)
            found[path] = _violations(axe, page)
        context.close()
        context = chromium.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        browser_log_in(page, base, ADMIN)
        for path in ("/admin/users", f"/cases/{store.closed}", "/admin/templates",
                     "/admin/templates/outcome_to_reporter", "/admin/trusted-domains"):
            page.goto(base + path)
            found[f"admin {path}"] = _violations(axe, page)
        context.close()
    assert len(found) >= 24
    bad = {path: v for path, v in found.items() if v}
    assert not bad, "\n".join(f"{path}: {v}" for path, v in bad.items())


def test_the_keyboard_skips_to_the_content_and_shows_focus(
    store: Seeded, chromium: Any, tmp_path: Path
) -> None:
    with live_server(make_app(store.engine, tmp_path, secure=False)) as base:
        context = chromium.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        browser_log_in(page, base, OFFICER)
        page.goto(f"{base}/cases/{store.over_six}")
        page.keyboard.press("Tab")
        skip = page.evaluate("() => [document.activeElement.textContent, document.activeElement.hash]")
        assert skip == ["Skip to main content", "#main"]
        ring = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
        assert ring not in ("none", ""), "the focused link is outlined"
        box = page.evaluate("() => document.activeElement.getBoundingClientRect().top")
        assert box >= 0, "the skip link shows when it has focus"
        page.keyboard.press("Enter")
        assert page.evaluate("() => document.activeElement.id") == "main"
        page.keyboard.press("Tab")
        inside = page.evaluate("() => document.getElementById('main').contains(document.activeElement)")
        assert inside, "the next Tab stays in the main content"
        styles = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
        assert styles not in ("none", "")
        for _ in range(200):  # no trap: Tab leaves every control and comes round to the page's end
            page.keyboard.press("Tab")
            if page.evaluate("() => document.activeElement.closest('footer') !== null"):
                break
        else:
            pytest.fail("Tab never reached the footer: focus is trapped")
        context.close()

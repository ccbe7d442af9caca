"""The public example plans, printed, signed by hand and scanned (150-200 dpi, crooked, noisy),
give the same result as their typed originals, requirement by requirement."""

from __future__ import annotations

import email
import email.policy
import shutil
from datetime import date
from typing import Any

import pytest

from checking.contract import outcome_json
from checking.options import CheckOptions
from checking.pipeline import check_message
from parsers.limits import Limits
from tests.conftest import EXAMPLES, require_shared
from tests.filemakers import print_sign_and_scan, replace_attachment
from triage.catalogue import load_guidance

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tesseract") is None,
                       reason="needs Debian's tesseract-ocr (scripts/bootstrap)"),
]

OPTIONS = CheckOptions(
    Limits(timeout_seconds=60), ("oxon.sch.uk",), "attendance@oxfordshire.gov.uk", load_guidance()
)
TODAY = date(2026, 3, 1)
PDF_EXAMPLES = ["example-01-complete-pdf", "example-02-missing-items-pdf", "example-04-over-six-weeks",
                "example-08-late-and-unsigned"]


def _pdf_of(raw: bytes) -> tuple[str, bytes]:
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    for part in msg.walk():
        if part.get_content_type() == "application/pdf":
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            return str(part.get_filename()), payload
    raise AssertionError("no PDF in the example")


def _judged(raw: bytes) -> dict[str, Any]:
    return outcome_json(check_message(raw, OPTIONS, TODAY))


@pytest.mark.parametrize(("example", "dpi", "angle"),
                         [(e, dpi, angle) for e, dpi, angle in zip(
                             PDF_EXAMPLES, (200, 150, 200, 150), (1.5, -2.0, -1.0, 2.5), strict=True)])
def test_scanned_plan_is_judged_like_the_typed_one(example: str, dpi: int, angle: float) -> None:
    raw = (require_shared(EXAMPLES) / example / "message.eml").read_bytes()
    name, typed = _pdf_of(raw)
    scanned_raw = replace_attachment(raw, name, print_sign_and_scan(typed, dpi, angle))
    typed_doc, scanned_doc = _judged(raw), _judged(scanned_raw)
    attachment = scanned_doc["message"]["attachments"][0]
    assert attachment["readable"], attachment["error"]
    statuses = {r["id"]: r["status"] for r in typed_doc["requirements"]}
    scanned = {r["id"]: r["status"] for r in scanned_doc["requirements"]}
    differ = {k: (statuses[k], scanned.get(k)) for k in statuses if statuses[k] != scanned.get(k)}
    assert not differ, f"typed vs scanned: {differ}"
    for key in ("start_date", "full_time_date", "timetable", "agreement_date", "review_dates"):
        assert scanned_doc["case"][key] == typed_doc["case"][key], key
    roles = sorted(s["role"] for s in scanned_doc["case"]["signatures"])
    assert roles == sorted(s["role"] for s in typed_doc["case"]["signatures"])

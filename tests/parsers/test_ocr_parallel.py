"""The scanned pages of one file are read by OCR in parallel, as many at once as there are
workers, and come back in page order, the same as when read one after another (issue 15)."""

from __future__ import annotations

import io
import shutil
import threading
import time
from typing import Any

import pytest

from parsers import documents, sniff
from parsers.errors import ReadFailure, Refused
from parsers.limits import Limits
from parsers.mail import read_attachment
from tests.filemakers import scanned_plan_page


def test_pages_run_at_the_same_time_and_come_back_in_page_order(monkeypatch: pytest.MonkeyPatch) -> None:
    both_running = threading.Barrier(2, timeout=10)  # broken (an error) unless two jobs overlap
    calls: list[int] = []

    def job(name: str, args: tuple[Any, ...], limits: Limits) -> str:
        index = args[1]
        calls.append(index)
        if index < 2:
            both_running.wait()
            time.sleep(0.2 if index == 0 else 0.0)  # page 1 finishes after page 2
        if index == 3:
            raise Refused("the file made the reader crash", ReadFailure.CRASH)
        return f"page {index + 1}"

    monkeypatch.setattr(documents, "run_job", job)
    monkeypatch.setattr(documents, "prepare_workers", lambda count, limits: None)
    got = documents._ocr_in_parallel("ocr_pdf_page", b"", (0, 1, 2, 3), Limits(workers=2))
    assert got[:3] == ["page 1", "page 2", "page 3"]
    assert isinstance(got[3], Refused) and got[3].cause is ReadFailure.CRASH
    assert sorted(calls) == [0, 1, 2, 3]


def test_one_worker_reads_the_pages_one_after_another(monkeypatch: pytest.MonkeyPatch) -> None:
    running: list[int] = []
    overlap: list[bool] = []

    def job(name: str, args: tuple[Any, ...], limits: Limits) -> int:
        running.append(args[1])
        overlap.append(len(running) > 1)
        time.sleep(0.01)
        running.remove(args[1])
        return int(args[1])

    monkeypatch.setattr(documents, "run_job", job)
    assert documents._ocr_in_parallel("ocr_pdf_page", b"", (4, 5, 6), Limits(workers=1)) == [4, 5, 6]
    assert not any(overlap)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("tesseract") is None,
                    reason="needs Debian's tesseract-ocr (scripts/bootstrap)")
def test_a_three_page_scan_reads_the_same_with_one_worker_or_two() -> None:
    pages = [scanned_plan_page(signed=s, dpi=150, angle=a, noise=4.0) for s, a in
             ((False, 0.0), (True, 1.0), (False, -1.0))]
    out = io.BytesIO()
    pages[0].save(out, "PDF", resolution=150.0, save_all=True, append_images=pages[1:])
    one, two = (read_attachment("scan.pdf", sniff.PDF, out.getvalue(),
                                Limits(workers=w, timeout_seconds=60)).document for w in (1, 2))
    assert one is not None and two is not None and one.readable, one.error if one else None
    assert [p.number for p in two.pages] == [1, 2, 3]
    assert [p.text for p in one.pages] == [p.text for p in two.pages]
    assert all("Pupil name" in p.text for p in two.pages)
    assert one.signature_marks == two.signature_marks == ("Parent/carer",)
    assert one.notes == two.notes == ()

"""OCR seconds per page on the project's own scans, on one core, split into where the time goes.

    OMP_THREAD_LIMIT=1 taskset -c 0 .venv/bin/python bench/ocr_speed.py [--runs 2] [--list]
    .venv/bin/python bench/ocr_speed.py --parallel 5    # a 5-page scan: one worker, then two
    .venv/bin/python bench/ocr_speed.py --variants 4    # Tesseract's speed options, every 4th page

The pages: every scanned page (an image-only PDF page, an image file, each TIFF frame) attached
to the cases of tests/fixtures/cases and the *tuning* cases of tests/fixtures/blind3 and blind4
(`scripts/score_cases.py`'s `is_sealed`: sealed cases are never opened). Each page is read
in-process by the same functions the sandboxed jobs call (`ocr_pdf_page`, `ocr_image_frame`), the
fastest of `--runs` runs kept. Printed: seconds per page (mean, median, max) and the part spent
in Tesseract (the page pass and the empty-cell pass) against the image work around it. The
seconds are CPU seconds of this process and Tesseract (one core's work, whatever else runs on
the machine); the wall clock is printed beside them.
"""

from __future__ import annotations

import argparse
import email
import os
import resource
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from score_cases import case_dirs, is_sealed  # noqa: E402

from parsers import ocr  # noqa: E402
from parsers.limits import Limits  # noqa: E402
from parsers.pdf import read_pdf  # noqa: E402

CASE_SETS = ("tests/fixtures/cases", "tests/fixtures/blind3", "tests/fixtures/blind4")
IMAGE_TYPES = ("image/",)
LIMITS = Limits(timeout_seconds=300, sandbox=False)


def tuning_cases() -> Iterator[Path]:
    for root in CASE_SETS:
        sealed_apply = root != "tests/fixtures/cases"
        for folder in case_dirs([ROOT / root]):
            if sealed_apply and is_sealed(folder.name):
                continue
            yield folder


def scanned_pages(folder: Path) -> Iterator[tuple[str, str, bytes, int]]:
    """(label, job, data, index) for each page of the case's attachments that OCR reads."""
    msg = email.message_from_bytes((folder / "message.eml").read_bytes())
    for part in msg.walk():
        name = part.get_filename()
        data = part.get_payload(decode=True)
        if not name or not isinstance(data, bytes):
            continue
        kind = part.get_content_type()
        label = f"{folder.name}/{name}"
        if kind == "application/pdf" or name.lower().endswith(".pdf"):
            try:
                found = read_pdf(name, data, LIMITS)
            except Exception:
                continue
            for index in found.scanned_pages:
                yield f"{label}#{index + 1}", "pdf", data, index
        elif kind.startswith(IMAGE_TYPES):
            import io

            from PIL import Image

            frames = int(getattr(Image.open(io.BytesIO(data)), "n_frames", 1) or 1)
            for index in range(frames):
                yield f"{label}#{index + 1}", "image", data, index


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (Tesseract): what one core spends,
    whatever else the machine is doing."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


class Split:
    """Seconds inside Tesseract, by pass, counted by wrapping `ocr._tesseract_pages`."""

    def __init__(self) -> None:
        self.seconds = {"page": 0.0, "cells": 0.0}
        self._inner = ocr._tesseract_pages

    def __call__(self, images: list[Any], deadline: float, psm: int) -> list[list[Any]]:
        started = cpu_seconds()
        try:
            return self._inner(images, deadline, psm)
        finally:
            self.seconds["page" if psm == ocr.PSM else "cells"] += cpu_seconds() - started


class AccentsSplit:
    """Seconds in the names' accents pass (Tesseract's Latin model, its loading included), counted
    by wrapping `ocr._accents_read`."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._inner = ocr._accents_read

    def __call__(self, paper: Any, words: list[Any], deadline: float) -> list[Any]:
        started = cpu_seconds()
        try:
            return self._inner(paper, words, deadline)
        finally:
            self.seconds += cpu_seconds() - started


def read_page(job: str, data: bytes, index: int) -> Any:
    if job == "pdf":
        return ocr.ocr_pdf_page(data, index, LIMITS)
    return ocr.ocr_image_frame(data, index, LIMITS)[0]


def many_page_scan(pages: list[tuple[str, str, bytes, int]], count: int) -> bytes:
    """One image-only PDF of the first `count` scanned PDF pages found: a long scan."""
    import io

    import pypdfium2 as pdfium

    out = pdfium.PdfDocument.new()
    for _, _job, data, index in [p for p in pages if p[1] == "pdf"][:count]:
        out.import_pages(pdfium.PdfDocument(data), [index])
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def bench_parallel(pages: list[tuple[str, str, bytes, int]], count: int, runs: int) -> None:
    """A `count`-page scan read as the daemon reads an attachment (sandboxed workers): one
    worker (the pages one after another) against two (two pages at a time)."""
    from parsers import sandbox
    from parsers.mail import read_attachment

    data = many_page_scan(pages, count)
    print(f"\n{count}-page scanned PDF read through the sandbox (wall seconds, fastest of {runs}):")
    texts = []
    for workers in (1, 2):
        limits = Limits(workers=workers, timeout_seconds=120, message_seconds=600)
        best = float("inf")
        for _ in range(runs):
            sandbox.shutdown()
            started = time.perf_counter()
            doc = read_attachment("scan.pdf", "application/pdf", data, limits).document
            best = min(best, time.perf_counter() - started)
        texts.append([p.text for p in doc.pages] if doc else [])
        print(f"  {workers} worker{'s' if workers > 1 else ' '}: {best:6.2f} s"
              f" ({best / count:.2f} s a page)")
    print(f"  same text either way: {texts[0] == texts[1]}")
    sandbox.shutdown()


_AS_READ = ["--oem", "1", "--psm", str(ocr.PSM)]
VARIANTS: dict[str, tuple[list[str], float]] = {
    "as configured (--oem 1 --psm 11)": (_AS_READ, 1.0),
    "no inverted retry (-c tessedit_do_invert=0)": ([*_AS_READ, "-c", "tessedit_do_invert=0"], 1.0),
    "--psm 6 (one block)": (["--oem", "1", "--psm", "6"], 1.0),
    "--psm 3 (automatic layout)": (["--oem", "1", "--psm", "3"], 1.0),
    "downscaled to 200 dpi": ([*_AS_READ, "--dpi", "200"], 2 / 3),
}
"""Option sets (and a scale of the page image) tried for speed."""


def bench_variants(pages: list[tuple[str, str, bytes, int]], every: int) -> None:
    """Tesseract alone, with the options its documentation suggests for speed, on the page images
    the reader gives it (every `every`th page): CPU seconds per page and words found."""
    import subprocess
    import tempfile

    from PIL import Image

    images: list[Any] = []
    inner = ocr._tesseract_pages

    def keep(batch: list[Any], deadline: float, psm: int) -> list[list[Any]]:
        if psm == ocr.PSM:
            images.append(batch[0])
        return inner(batch, deadline, psm)

    ocr._tesseract_pages = keep  # type: ignore[assignment]
    for _, job, data, index in pages[::every]:
        read_page(job, data, index)
    ocr._tesseract_pages = inner  # type: ignore[assignment]
    print(f"Tesseract alone on {len(images)} page images (CPU seconds per page, words found):")
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for n, pixels in enumerate(images):
            image = Image.fromarray(pixels)
            paths.append((f"{tmp}/{n}.png", image))
            image.save(paths[-1][0])
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        for name, (options, scale) in VARIANTS.items():
            words = 0
            spent = 0.0
            for path, image in paths:
                source = path
                if scale != 1.0:
                    source = path.replace(".png", "-scaled.png")
                    size = (int(image.width * scale), int(image.height * scale))
                    image.convert("L").resize(size, Image.Resampling.LANCZOS).save(source)
                before = cpu_seconds()
                done = subprocess.run(["tesseract", source, "stdout", "-l", "eng", *options, "tsv"],
                                      capture_output=True, check=True, env=env)
                spent += cpu_seconds() - before
                rows = done.stdout.decode().splitlines()[1:]
                words += sum(1 for line in rows if line.split("\t")[-1].strip())
            print(f"  {name:45} {spent / len(paths):5.2f} s/page, {words} words")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2, help="runs per page, the fastest kept")
    parser.add_argument("--list", action="store_true", help="one line per page")
    parser.add_argument("--variants", type=int, metavar="EVERY", default=0,
                        help="only: Tesseract's speed options on every EVERYth page image")
    parser.add_argument("--parallel", type=int, metavar="PAGES", default=0,
                        help="only: a scan of PAGES pages read by one worker, then by two")
    args = parser.parse_args()
    if args.variants:
        bench_variants([p for folder in tuning_cases() for p in scanned_pages(folder)], args.variants)
        return
    if args.parallel:
        found = [p for folder in tuning_cases() for p in scanned_pages(folder)]
        bench_parallel(found, args.parallel, args.runs)
        return
    split = Split()
    ocr._tesseract_pages = split  # type: ignore[assignment]
    accents = AccentsSplit()
    ocr._accents_read = accents  # type: ignore[assignment]
    tess_accents: list[float] = []
    pages = [p for folder in tuning_cases() for p in scanned_pages(folder)]
    totals: list[float] = []
    tess_page: list[float] = []
    tess_cells: list[float] = []
    walls: list[float] = []
    for label, job, data, index in pages:
        best = (float("inf"), 0.0, 0.0, 0.0)
        for _ in range(args.runs):
            split.seconds = {"page": 0.0, "cells": 0.0}
            accents.seconds = 0.0
            started, wall = cpu_seconds(), time.perf_counter()
            page = read_page(job, data, index)
            took = cpu_seconds() - started
            if took < best[0]:
                best = (took, split.seconds["page"], split.seconds["cells"], accents.seconds)
            walls.append(time.perf_counter() - wall)
        totals.append(best[0])
        tess_page.append(best[1])
        tess_cells.append(best[2])
        tess_accents.append(best[3])
        if args.list:
            conf = page.confidence if page is not None else None
            print(f"  {best[0]:5.2f} s (tesseract {best[1]:.2f} + cells {best[2]:.2f})  conf {conf}  {label}")
    n = len(totals)
    print(f"OCR on one core (OMP_THREAD_LIMIT={os.environ.get('OMP_THREAD_LIMIT')}), {n} scanned pages"
          f" from {len({p[0].split('/')[0] for p in pages})} cases, fastest of {args.runs}:")
    print(f"  CPU seconds per page: mean {statistics.mean(totals):.2f},"
          f" median {statistics.median(totals):.2f},"
          f" max {max(totals):.2f}")
    print(f"  (wall clock per page, every run: mean {statistics.mean(walls):.2f}, median"
          f" {statistics.median(walls):.2f}; above CPU time when the machine is shared)")
    other = [t - a - b - c for t, a, b, c in zip(totals, tess_page, tess_cells, tess_accents, strict=True)]
    print(f"  of which Tesseract page pass {statistics.mean(tess_page):.2f}, empty-cell pass"
          f" {statistics.mean(tess_cells):.2f}, names' accents pass (Latin model)"
          f" {statistics.mean(tess_accents):.2f}, image work (render, deskew, rules, marks) "
          f"{statistics.mean(other):.2f} (means)")


if __name__ == "__main__":
    main()

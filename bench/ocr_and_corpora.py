"""OCR seconds per page, the peak memory of the worst corpus file, and the sandbox's overhead per file.

    .venv/bin/python bench/ocr_and_corpora.py            # everything (about 10 minutes on 2 cores)
    .venv/bin/python bench/ocr_and_corpora.py --quick    # a sample of the corpora

1. OCR: self-made scanned plans (300, 200 and 150 dpi, skewed, noisy; PNG, JPEG, TIFF and
   image-only PDF) read through `read_attachment`; the seconds of each OCR job (one page) are
   printed, with the scanned pages found in the corpora.
2. Memory: every PDF, Word, Outlook, winmail.dat and image file in ../shared/corpora read with a
   fresh worker per job, so each job's peak RSS is its own; the worst files are printed.
3. Overhead: the same small files read in-process and through the (warm) worker sandbox.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from parsers import sandbox  # noqa: E402
from parsers.limits import Limits  # noqa: E402
from parsers.mail import read_attachment  # noqa: E402

CORPORA = ROOT.parent / "shared" / "corpora"
EXAMPLES = ROOT.parent / "shared" / "examples"
DOCUMENT_SUFFIXES = {".pdf", ".fuzz", ".docx", ".msg", ".tnef", ".dat", ".png", ".jpg", ".tif", ".tiff"}
_current = threading.local()


class Jobs:
    """Collects (job, seconds, peak KiB) per file, from the sandbox's observer hook."""

    def __init__(self) -> None:
        self.by_file: dict[str, list[tuple[str, float, int]]] = defaultdict(list)
        self.lock = threading.Lock()

    def __call__(self, name: str, seconds: float, peak_kb: int) -> None:
        with self.lock:
            self.by_file[getattr(_current, "file", "?")].append((name, seconds, peak_kb))


def ocr_pages() -> list[tuple[str, bytes]]:
    from tests.filemakers import image_bytes, scanned_plan_page

    out = []
    for signed, dpi, angle, fmt in [(True, 300, 0.0, "PNG"), (False, 300, -1.5, "TIFF"),
                                    (True, 200, 2.5, "JPEG"), (True, 150, 1.0, "PDF"),
                                    (False, 200, -3.0, "PDF"), (True, 300, 4.0, "JPEG")]:
        page = scanned_plan_page(signed=signed, dpi=dpi, angle=angle, noise=8.0)
        out.append((f"scan-{dpi}dpi-{angle:+.1f}deg.{fmt.lower()}", image_bytes(page, fmt, dpi)))
    return out


def bench_ocr(jobs: Jobs) -> None:
    print("== OCR seconds per page (self-made scans, sandboxed, one page per job)")
    limits = Limits(timeout_seconds=120)
    for name, data in ocr_pages():
        _current.file = name
        started = time.monotonic()
        doc = read_attachment(name, "application/octet-stream", data, limits).document
        total = time.monotonic() - started
        ocr = [s for job, s, _ in jobs.by_file[name] if job.startswith("ocr")]
        conf = doc.pages[0].ocr_confidence if doc and doc.pages else None
        print(f"  {name:28} OCR {sum(ocr):5.2f} s/page  (file {total:5.2f} s, confidence {conf},"
              f" signature marks {doc.signature_marks if doc else ()})")
    seconds = [s for f, items in jobs.by_file.items() if f.startswith("scan-")
               for j, s, _ in items if j.startswith("ocr")]
    print(f"  mean {statistics.mean(seconds):.2f} s/page, median {statistics.median(seconds):.2f},"
          f" max {max(seconds):.2f} ({len(seconds)} pages)")


def corpus_files(quick: bool) -> list[Path]:
    files = sorted(p for p in CORPORA.rglob("*") if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES)
    return files[::10] if quick else files


def read_one(path: Path, limits: Limits) -> tuple[str, float, str]:
    key = str(path.relative_to(CORPORA))
    _current.file = key
    started = time.monotonic()
    attachment = read_attachment(path.name, "application/octet-stream", path.read_bytes(), limits)
    doc = attachment.document
    state = "read" if doc is None or doc.readable else f"refused: {doc.error}"
    return key, time.monotonic() - started, state


def bench_memory(jobs: Jobs, quick: bool) -> None:
    files = corpus_files(quick)
    print(f"\n== Peak memory per corpus file ({len(files)} files, a fresh worker per job, 2 at a time)")
    limits = Limits()

    def empty_job() -> None:
        _current.file = "baseline"
        sandbox.run_job("text", ("a.txt", b"x", limits), limits)

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=2) as pool:  # threads: workers come from the fork server
        pool.submit(empty_job).result()
        results = list(pool.map(lambda p: read_one(p, limits), files))
    baseline = max(kb for _, _, kb in jobs.by_file["baseline"])
    wall = time.monotonic() - started
    peaks = {f: max(kb for _, _, kb in items) for f, items in jobs.by_file.items() if f not in ("baseline",)
             and not f.startswith("scan-")}
    worst = sorted(peaks.items(), key=lambda kv: -kv[1])[:8]
    print(f"  worker baseline (an empty job): {baseline / 1024:.0f} MiB RSS; wall time {wall:.0f} s")
    states = {k: s for k, _, s in results}
    for name, kb in worst:
        state = states.get(name, "?")[:70]
        print(f"  {kb / 1024:7.0f} MiB peak (+{(kb - baseline) / 1024:.0f})  {name}  [{state}]")
    slow = sorted(results, key=lambda r: -r[1])[:5]
    print("  slowest: " + ", ".join(f"{k} {s:.1f}s" for k, s, _ in slow))
    ocr = [s for items in jobs.by_file.items() if not items[0].startswith("scan-")
           for j, s, _ in items[1] if j.startswith("ocr")]
    if ocr:
        print(f"  corpus scans read by OCR: {len(ocr)} pages, mean {statistics.mean(ocr):.2f} s/page,"
              f" max {max(ocr):.2f}")


def overhead_files() -> list[tuple[str, bytes]]:
    import email

    out: list[tuple[str, bytes]] = []
    for path in sorted(EXAMPLES.glob("*/message.eml")):
        msg = email.message_from_bytes(path.read_bytes())
        for part in msg.walk():
            if part.get_filename():
                payload = part.get_payload(decode=True)
                if isinstance(payload, bytes):
                    out.append((part.get_filename() or "x", payload))
    small = sorted(p for p in (CORPORA / "pdfplumber").rglob("*.pdf") if p.stat().st_size < 200_000)[:20]
    out += [(p.name, p.read_bytes()) for p in small]
    return out


def bench_overhead() -> None:
    """Per file: the fastest of three in-process reads against the fastest of three sandboxed ones
    (alternated, so other load on the machine hits both alike)."""
    files = overhead_files()
    print(f"\n== Sandbox overhead ({len(files)} files: the examples' attachments and small corpus PDFs)")
    sandbox.observe(None)
    inline, boxed = Limits(sandbox=False), Limits()
    read_attachment(files[0][0], "application/octet-stream", files[0][1], boxed)  # start the worker
    extra: list[float] = []
    total_inline = total_boxed = 0.0
    for name, data in files:
        times: dict[bool, list[float]] = {False: [], True: []}
        for _ in range(3):
            for boxed_run, limits in ((False, inline), (True, boxed)):
                started = time.perf_counter()
                read_attachment(name, "application/octet-stream", data, limits)
                times[boxed_run].append(time.perf_counter() - started)
        a, b = min(times[False]), min(times[True])
        total_inline, total_boxed = total_inline + a, total_boxed + b
        extra.append(b - a)
    ratio = total_boxed / total_inline
    median, mean = statistics.median(extra) * 1000, statistics.mean(extra) * 1000
    print(f"  in-process {total_inline:.2f} s, sandboxed {total_boxed:.2f} s ({ratio:.2f}x);"
          f" per file: median {median:+.1f} ms, mean {mean:+.1f} ms")
    sandbox.shutdown()
    started = time.perf_counter()
    sandbox.run_job("text", ("a.txt", b"x", boxed), boxed)
    first = (time.perf_counter() - started) * 1000
    print(f"  starting a worker (fork) and a first trivial job: {first:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a tenth of the corpora")
    parser.add_argument("--skip-memory", action="store_true")
    args = parser.parse_args()
    jobs = Jobs()
    sandbox.observe(jobs, fresh_worker_per_job=False)
    bench_ocr(jobs)
    bench_overhead()
    if not args.skip_memory:
        sandbox.observe(jobs, fresh_worker_per_job=True)
        bench_memory(jobs, args.quick)
    sandbox.observe(None)


if __name__ == "__main__":
    main()

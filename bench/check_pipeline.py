"""Benchmark of `rtt check` (issue 2): prints numbers, asserts nothing.

- in-process: median ms per message for each example, through `checking.pipeline.check_message`;
- bare: the library calls the pipeline cannot avoid on the same message (mail-parser parse,
  pdfplumber text of each PDF page, python-docx load of each .docx), and the ratio;
- cold: median wall time of the `rtt check --json` command, a new process each time.

`--cpu`: both sides as CPU time of this process, the files read in it rather than in a worker
(`Limits.sandbox` off), and no cold command: steadier than wall time on a busy machine, where
another process's bursts land on either side.

usage: .venv/bin/python bench/check_pipeline.py [EXAMPLES_DIR] [--runs N] [--cpu]
"""

from __future__ import annotations

import argparse
import base64
import io
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed(fn: Callable[[], object], runs: int, clock: Callable[[], float] = time.perf_counter) -> float:
    """Median milliseconds of `runs` calls after one warm-up."""
    fn()
    samples = []
    for _ in range(runs):
        start = clock()
        fn()
        samples.append((clock() - start) * 1000)
    return statistics.median(samples)


def bare_libraries(raw: bytes) -> None:
    import docx
    import mailparser
    import pdfplumber

    parsed = mailparser.parse_from_bytes(raw)
    for a in parsed.attachments:
        data = base64.b64decode(a["payload"]) if a["binary"] else a["payload"].encode()
        if a["mail_content_type"] == "application/pdf":
            with pdfplumber.open(io.BytesIO(data)) as pdf:
                for page in pdf.pages:
                    page.extract_text()
        elif "wordprocessingml" in a["mail_content_type"]:
            docx.Document(io.BytesIO(data))


def cold_command(path: Path, runs: int) -> float:
    rtt = ROOT / ".venv" / "bin" / "rtt"
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([str(rtt), "check", str(path), "--json"], check=True, capture_output=True)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("examples", nargs="?", default=str(ROOT.parent / "shared" / "examples"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cpu", action="store_true", help="CPU time of this process, files read in it")
    args = parser.parse_args()
    import dataclasses

    from checking.pipeline import check_message
    from config.settings import Settings

    options = Settings().check_options()
    clock = time.process_time if args.cpu else time.perf_counter
    if args.cpu:
        options = dataclasses.replace(options, limits=dataclasses.replace(options.limits, sandbox=False))
    paths = sorted(Path(args.examples).glob("*/message.eml"))
    print(f"{'example':34} {'pipeline ms':>12} {'bare ms':>9} {'ratio':>6} {'cold ms':>9}")
    totals: dict[str, list[float]] = {"pipe": [], "bare": [], "cold": []}
    for path in paths:
        raw = path.read_bytes()
        pipe = timed(lambda raw=raw: check_message(raw, options), args.runs, clock)
        bare = timed(lambda raw=raw: bare_libraries(raw), args.runs, clock)
        cold = float("nan") if args.cpu else cold_command(path, max(3, args.runs // 2))
        totals["pipe"].append(pipe)
        totals["bare"].append(bare)
        totals["cold"].append(cold)
        ratio = pipe / bare if bare > 1 else float("nan")
        print(f"{path.parent.name:34} {pipe:12.1f} {bare:9.1f} {ratio:6.2f} {cold:9.0f}")
    pipe_sum, bare_sum = sum(totals["pipe"]), sum(totals["bare"])
    med = {k: statistics.median(v) for k, v in totals.items()}
    print(
        f"\nmedian per message: pipeline {med['pipe']:.1f} ms, bare {med['bare']:.1f} ms, "
        f"cold command {med['cold']:.0f} ms"
    )
    print(
        f"whole set: pipeline {pipe_sum:.0f} ms / bare {bare_sum:.0f} ms = ratio {pipe_sum / bare_sum:.2f} "
        f"(aim < 1.5); cold start aim < 1500 ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

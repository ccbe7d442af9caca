#!/usr/bin/env python3
"""Run the check on folders of cases in-process and save what it prints, for
`scripts/score_cases.py --from OUT` (issue 9): what `rtt check PATH --json` prints, without a
process and a cold start per case, and with each message's reading cached, so re-measuring a
change to the extraction or the judging takes minutes, not the OCR's half hour.

usage: scripts/check_cases.py OUT DIR [DIR ...] [--jobs 2] [--split tune|sealed]
                              [--cache DIR] [--cache-tag TAG]

The product is imported from the checkout this script lives in (so a worktree's copy measures
that worktree's code). Settings come from the environment, as for `rtt check`
(`RTT_OCR_ENABLED=false` leaves scans unread). The cache key is the message's bytes, the
readers' version (`parsers.snapshot.READERS_VERSION`), whether OCR is on, and `--cache-tag`:
change the tag while working on the readers before their version is raised.

Each case is written to OUT/<name>.json, its folder's path with '/' as '__' (a crash as
{"error": ...}). --split as in score_cases.py: never read a sealed case before its one scoring.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(1, str(ROOT / "scripts"))

from score_cases import output_name, selected_cases  # noqa: E402


def _parse_cached(raw: bytes, cache: Path | None, tag: str) -> Any:
    from config.settings import Settings
    from parsers.mail import parse_message
    from parsers.snapshot import READERS_VERSION, decode, encode

    settings = Settings()
    if cache is None:
        return parse_message(raw, settings.limits())
    key = hashlib.sha256(
        raw + f"|{READERS_VERSION}|{settings.ocr_enabled}|{tag}".encode()
    ).hexdigest()
    path = cache / f"{key}.snap"
    if path.exists():
        return decode(path.read_bytes())
    parsed = parse_message(raw, settings.limits())
    cache.mkdir(parents=True, exist_ok=True)
    path.write_bytes(encode(parsed))
    return parsed


def check_one(folder: Path, cache: Path | None, tag: str) -> dict[str, Any]:
    from checking.contract import outcome_json
    from checking.pipeline import check_thread, unlock_thread
    from config.settings import Settings

    options = Settings().check_options()
    raw = (folder / "message.eml").read_bytes()
    try:
        parsed = _parse_cached(raw, cache, tag)
        outcome = check_thread(unlock_thread([raw], [parsed], options.limits), options)
    except Exception as exc:  # a case that cannot be checked is itself a result
        return {"error": f"{type(exc).__name__}: {exc}"}
    return outcome_json(outcome)


def _run(job: tuple[Path, Path, Path | None, str]) -> str:
    folder, out, cache, tag = job
    doc = check_one(folder, cache, tag)
    (out / f"{output_name(folder)}.json").write_text(
        json.dumps(doc, ensure_ascii=False, indent=1, default=str), encoding="utf-8"
    )
    return folder.name


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("dirs", nargs="+", type=Path)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--split", choices=("tune", "sealed"))
    ap.add_argument("--cache", type=Path, default=ROOT / ".cache" / "parses",
                    help="where read messages are kept (default .cache/parses); 'none' for no cache")
    ap.add_argument("--cache-tag", default="")
    args = ap.parse_args(argv)
    folders = selected_cases(args.dirs, args.split)
    if not folders:
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    cache = None if str(args.cache) == "none" else args.cache.resolve()
    jobs = [(f, args.out, cache, args.cache_tag) for f in folders]
    with ProcessPoolExecutor(args.jobs) as pool:
        done = sum(1 for _ in pool.map(_run, jobs, chunksize=4))
    print(f"{done} cases checked into {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

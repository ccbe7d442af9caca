#!/usr/bin/env python3
"""Score `rtt check --json` on folders of cases (`<case>/message.eml` + `expected.json`) with the
measures of issue 9: kind, fields, problems (precision, recall, F1, exact sets), breach concerns,
replies, crashes, and the requirements the product was unsure of; each also per tag.

usage: scripts/score_cases.py [--rtt .venv/bin/rtt] [--jobs 2] [--json OUT] [--verbose]
                              [--split tune|sealed] [--from SAVED] DIR [DIR ...]

--from SAVED: score what `scripts/check_cases.py SAVED DIR ...` saved (the same check, run
in-process with the readings cached) instead of running `rtt check` on each case.

--split: a blind set's cases are split by a hash of their folder name (`is_sealed`): a third is
sealed, scored once at the end; the rest is for tuning. Never read a sealed case's files.

DIR holds case folders (or is one). Rules follow ../shared/examples/README.md: only fields present
in expected.json are checked; problems and concerns compare as sets, signature roles as a
multiset; "reply": {} means a reply, null none. Prints a table; exit 0 unless it cannot run.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FIELD_KEYS = (
    "pupil",
    "start_date",
    "full_time_date",
    "timetable",
    "signatures",
    "circumstances",
    "risk_assessment",
)


@dataclass
class CaseScore:
    name: str
    tags: list[str]
    crashed: str | None = None
    kind_ok: bool | None = None
    fields_ok: int = 0
    fields_total: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    exact: bool | None = None
    concerns: tuple[int, int, int] = (0, 0, 0)
    reply_ok: bool | None = None
    unsure: int = 0
    """Requirements the product marked unsure (`certainty` other than 'sure')."""
    waits: bool = False
    """The product would not send the reply by itself (an officer decides)."""
    diffs: list[str] = field(default_factory=list)


def is_sealed(name: str) -> bool:
    """A third of the cases, by a hash of the name: fixed before anything was scored."""
    return int(hashlib.sha256(name.encode()).hexdigest(), 16) % 3 == 0


def sealed_in(folder: Path) -> bool:
    """A case folder is sealed when its set lists it in a `SEALED` file beside the cases (written
    before anything was scored, a third of each kind), else by `is_sealed` of its name."""
    listing = folder.parent / "SEALED"
    if listing.exists():
        return folder.name in listing.read_text().split()
    return is_sealed(folder.name)


def output_name(folder: Path) -> str:
    """A case's file name in `check_cases.py`'s OUT: its folder's path from the checkout (or from
    the folder beside it, for ../shared), with '/' as '__'."""
    folder = folder.resolve()
    for base in (ROOT, ROOT.parent):
        if folder.is_relative_to(base):
            return str(folder.relative_to(base)).replace("/", "__")
    return str(folder).strip("/").replace("/", "__")


def saved_output(saved: Path, folder: Path) -> tuple[dict[str, Any] | None, str | None]:
    """What `check_cases.py` saved for a case, as `run_check` would give it."""
    path = saved / f"{output_name(folder)}.json"
    if not path.exists():
        return None, "not checked"
    doc = json.loads(path.read_text(encoding="utf-8"))
    return (None, str(doc["error"])) if set(doc) == {"error"} else (doc, None)


def case_dirs(roots: list[Path]) -> Iterator[Path]:
    for root in roots:
        if (root / "expected.json").exists():
            yield root
            continue
        for child in sorted(root.rglob("expected.json")):
            yield child.parent


def selected_cases(roots: list[Path], split: str | None) -> list[Path]:
    """The case folders under the roots, only the tuning or the sealed part where `split` says;
    says so when there are none."""
    folders = [f for f in case_dirs(roots) if split is None or sealed_in(f) == (split == "sealed")]
    if not folders:
        print("no cases found", file=sys.stderr)
    return folders


def run_check(rtt: str, eml: Path) -> tuple[dict[str, Any] | None, str | None]:
    try:
        done = subprocess.run(
            [rtt, "check", str(eml), "--json"], capture_output=True, timeout=120, check=False
        )
    except subprocess.TimeoutExpired:
        return None, "timeout"
    if done.returncode != 0:
        return None, done.stderr.decode(errors="replace").strip().splitlines()[-1:][
            0
        ] if done.stderr else "failed"
    try:
        return json.loads(done.stdout), None
    except json.JSONDecodeError:
        return None, "not JSON"


def _roles(sigs: Any) -> Counter[str]:
    return Counter(s.get("role") for s in (sigs or []) if isinstance(s, dict))


def _equal(exp: Any, got: Any) -> bool:
    if isinstance(exp, dict):
        return isinstance(got, dict) and all(_equal(v, got.get(k)) for k, v in exp.items())
    if isinstance(exp, list):
        if not isinstance(got, list) or len(exp) != len(got):
            return False
        return all(_equal(a, b) for a, b in zip(exp, got, strict=True))
    if isinstance(exp, float) or isinstance(got, float):
        try:
            return abs(float(exp) - float(got)) < 0.01
        except (TypeError, ValueError):
            return False
    return bool(exp == got)


def score_fields(exp: dict[str, Any], got: dict[str, Any] | None, s: CaseScore) -> None:
    got = got or {}
    for key in FIELD_KEYS:
        if key not in exp:
            continue
        if key == "signatures":
            units = [("signatures", _roles(exp[key]) == _roles(got.get(key)))]
        elif key in ("circumstances", "risk_assessment") and isinstance(exp[key], dict):
            inner = got.get(key) or {}
            units = [(f"{key}.{k}", _equal(v, inner.get(k))) for k, v in exp[key].items()]
        else:
            units = [(key, _equal(exp[key], got.get(key)))]
        for name, ok in units:
            s.fields_total += 1
            s.fields_ok += ok
            if not ok:
                s.diffs.append(f"field {name}")


def score_case(rtt: str, folder: Path) -> CaseScore:
    return score_output(folder, *run_check(rtt, folder / "message.eml"))


def score_output(folder: Path, got: dict[str, Any] | None, error: str | None) -> CaseScore:
    """One case's score, given what the check printed (or why it could not run)."""
    exp = json.loads((folder / "expected.json").read_text())
    s = CaseScore(folder.name, list(exp.get("tags", [])))
    if got is None:
        s.crashed = error
        s.diffs.append(f"crash: {error}")
        return s
    if "kind" in exp:
        s.kind_ok = exp["kind"] == got.get("kind")
        if not s.kind_ok:
            s.diffs.append(f"kind {got.get('kind')} != {exp['kind']}")
    if isinstance(exp.get("case"), dict):
        score_fields(exp["case"], got.get("case"), s)
    if "problems" in exp:
        e, g = set(exp["problems"]), set(got.get("problems") or [])
        s.tp, s.fp, s.fn = len(e & g), len(g - e), len(e - g)
        s.exact = e == g
        if not s.exact:
            s.diffs.append(f"problems +{sorted(g - e)} -{sorted(e - g)}")
    if isinstance(exp.get("breach"), dict) and "concerns" in exp["breach"]:
        e = set(exp["breach"]["concerns"])
        g = set((got.get("breach") or {}).get("concerns") or [])
        s.concerns = (len(e & g), len(g - e), len(e - g))
        if e != g:
            s.diffs.append(f"concerns +{sorted(g - e)} -{sorted(e - g)}")
    if "reply" in exp:
        s.reply_ok = (exp["reply"] is None) == (got.get("reply") is None)
        if not s.reply_ok:
            s.diffs.append(f"reply {'none' if got.get('reply') is None else 'sent'}")
    s.unsure = sum(1 for r in got.get("requirements") or [] if r.get("certainty", "sure") != "sure")
    s.waits = bool(got.get("reply_waits_for_officer"))
    return s


def _pct(n: float, d: float) -> str:
    return f"{100 * n / d:.0f} % ({n:g}/{d:g})" if d else "-"


def _f1(tp: int, fp: int, fn: int) -> str:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"{f:.2f} ({p:.2f} / {r:.2f})"


def summarise(scores: list[CaseScore]) -> dict[str, str]:
    kinds = [s.kind_ok for s in scores if s.kind_ok is not None]
    exact = [s.exact for s in scores if s.exact is not None]
    replies = [s.reply_ok for s in scores if s.reply_ok is not None]
    return {
        "cases": str(len(scores)),
        "crashes": str(sum(1 for s in scores if s.crashed)),
        "kind right": _pct(sum(kinds), len(kinds)),
        "fields right": _pct(sum(s.fields_ok for s in scores), sum(s.fields_total for s in scores)),
        "problems F1 (P / R)": _f1(
            sum(s.tp for s in scores), sum(s.fp for s in scores), sum(s.fn for s in scores)
        ),
        "exact problem sets": _pct(sum(bool(e) for e in exact), len(exact)),
        "breach concerns F1 (P / R)": _f1(*(sum(s.concerns[i] for s in scores) for i in range(3))),
        "replies right": _pct(sum(bool(r) for r in replies), len(replies)),
        "notifications with an unsure requirement": _pct(
            sum(1 for s in scores if s.exact is not None and s.unsure), len(exact)
        ),
        "replies that wait for an officer": _pct(sum(1 for s in scores if s.waits), len(scores)),
    }


def by_tag(scores: list[CaseScore]) -> dict[str, dict[str, str]]:
    groups: dict[str, list[CaseScore]] = defaultdict(list)
    for s in scores:
        for tag in s.tags or ["(untagged)"]:
            groups[tag].append(s)
    return {tag: summarise(group) for tag, group in sorted(groups.items())}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dirs", nargs="+", type=Path)
    ap.add_argument("--rtt", default=".venv/bin/rtt")
    ap.add_argument("--from", dest="saved", type=Path,
                    help="score what scripts/check_cases.py saved in this folder instead of running rtt")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--json", type=Path, help="write every case's score here")
    ap.add_argument("--verbose", action="store_true", help="one line per case with what differs")
    ap.add_argument("--split", choices=("tune", "sealed"), help="only the tuning or the sealed part")
    args = ap.parse_args(argv)
    folders = selected_cases(args.dirs, args.split)
    if not folders:
        return 2
    with ThreadPoolExecutor(args.jobs) as pool:
        if args.saved:
            scores = [score_output(f, *saved_output(args.saved, f)) for f in folders]
        else:
            scores = list(pool.map(lambda f: score_case(args.rtt, f), folders))
    if args.verbose:
        for s in scores:
            print(
                ("ok   " if not s.diffs else "FAIL ")
                + s.name
                + (": " + "; ".join(s.diffs) if s.diffs else "")
            )
    overall = summarise(scores)
    width = max(len(k) for k in overall)
    print()
    for key, value in overall.items():
        print(f"{key:<{width}}  {value}")
    print("\n| tag | cases | kind | fields | problems F1 | exact | concerns F1 | replies |")
    print("|---|---|---|---|---|---|---|---|")
    for tag, m in by_tag(scores).items():
        print(
            f"| {tag} | {m['cases']} | {m['kind right']} | {m['fields right']} | "
            f"{m['problems F1 (P / R)']} | "
            f"{m['exact problem sets']} | {m['breach concerns F1 (P / R)']} | {m['replies right']} |"
        )
    if args.json:
        args.json.write_text(json.dumps([s.__dict__ for s in scores], indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())

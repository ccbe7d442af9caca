"""scripts/check_cases.py + scripts/score_cases.py --from: the in-process measure of issue 9 gives
the same scores as running `rtt check --json` on each case, and reads a message only once."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, require_shared

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"


def _scores(*args: str) -> list[dict[str, object]]:
    out = Path(args[args.index("--json") + 1])
    subprocess.run([sys.executable, str(SCRIPTS / "score_cases.py"), *args], check=True, capture_output=True)
    rows: list[dict[str, object]] = json.loads(out.read_text())
    return rows


@pytest.mark.slow
def test_in_process_scores_equal_rtt_checks(tmp_path: Path) -> None:
    cases = sorted(p for p in require_shared(EXAMPLES).iterdir() if (p / "expected.json").is_file())[:3]
    saved, cache = tmp_path / "saved", tmp_path / "cache"
    check = [sys.executable, str(SCRIPTS / "check_cases.py"), str(saved), *map(str, cases),
             "--jobs", "1", "--cache", str(cache)]
    subprocess.run(check, check=True, capture_output=True)
    assert len(list(saved.glob("*.json"))) == len(cases)
    cached = sorted(cache.iterdir())
    assert len(cached) == len(cases)
    subprocess.run(check, check=True, capture_output=True)  # the second run reads from the cache
    assert sorted(cache.iterdir()) == cached

    rtt = str(Path(sys.executable).with_name("rtt"))
    by_rtt = _scores("--rtt", rtt, "--json", str(tmp_path / "a.json"), *map(str, cases))
    from_saved = _scores("--from", str(saved), "--json", str(tmp_path / "b.json"), *map(str, cases))
    assert from_saved == by_rtt
    assert any(row["tp"] or row["fields_ok"] for row in by_rtt)

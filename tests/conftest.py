"""Shared test helpers: where the shared folder is, and the example cases."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
EXAMPLES = SHARED / "examples"
CORPORA = SHARED / "corpora"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def require_shared(path: Path) -> Path:
    """The shared folder is read in place; say plainly when it is absent."""
    if not path.exists():
        pytest.fail(f"{path} is absent: these tests read ../shared in place (it is not copied)")
    return path

"""A case's stored facts, read the same way whichever shape the store holds them in."""

from __future__ import annotations

from typing import Any

from store.models import Case


def case_facts(case: Case) -> dict[str, Any]:
    """The contract's `case` object, with `breach` added for a breach report.

    The daemon stores `{"case": {...}, "breach": {...}}`; a flat `case` object (with `breach`
    inside) is read as it is.
    """
    stored = case.facts if isinstance(case.facts, dict) else {}
    inner = stored.get("case")
    if not isinstance(inner, dict):
        return stored
    flat = dict(inner)
    if isinstance(stored.get("breach"), dict):
        flat["breach"] = stored["breach"]
    return flat

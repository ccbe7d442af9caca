"""A case's stored facts, typed (`checking.stored_facts`, the one codec of `Case.facts`)."""

from __future__ import annotations

from checking.stored_facts import StoredFacts, facts_from_json
from store.models import Case


def case_facts(case: Case) -> StoredFacts:
    """The plan's facts (`.plan`, blank for a breach report) and the breach's (`.breach`)."""
    return facts_from_json(case.facts)

"""Facts from text: the pupil, dates, hours, signatures, the risk assessment."""

from __future__ import annotations

from collections.abc import Sequence

from parsers.facts import CaseFacts
from parsers.model import ParsedMessage


def extract_facts(messages: Sequence[ParsedMessage]) -> CaseFacts:
    """Everything the messages (oldest first) say about one case."""
    return CaseFacts()

"""Judge a message's facts against the guidance."""

from __future__ import annotations

from collections.abc import Sequence

from parsers.facts import CaseFacts
from parsers.model import ParsedMessage
from triage.model import Triage


def judge(
    messages: Sequence[ParsedMessage],
    facts: CaseFacts,
    trusted_domains: tuple[str, ...],
    own_address: str,
) -> Triage:
    return Triage(kind="other", case=None, requirements=(), priority="low")

"""Passwords a school gives in its mail for a protected attachment ("the password is Marsh2026!").

A password is a secret: it is only ever passed to the readers (`Limits.passwords`), never logged,
never shown in a page, a reply or the `rtt check` document, and never stored apart from the mail
that carried it.
"""

from __future__ import annotations

import re

_PASSWORD = re.compile(
    r"\b(?:password|passcode|pass\s?word|pw|pwd)\b"  # the word
    r"[^\n:=]{0,40}?"  # "for the plan", "to open the attachment"
    r"(?:\bis\b|:|=|\s-\s)\s*"  # is / : / =
    r"[\"'“‘«]?(?P<pw>[^\s\"'“”‘’«»]{4,64})",
    re.IGNORECASE,
)
_NOT_A_PASSWORD = frozenset(
    [
        "to",
        "in",
        "the",
        "being",
        "sent",
        "attached",
        "below",
        "above",
        "follow",
        "following",
        "separate",
        "separately",
        "same",
        "protected",
        "coming",
        "needed",
        "required",
        "needs",
        "enclosed",
        "your",
        "our",
        "their",
        "this",
        "that",
        "will",
        "shall",
        "would",
        "then",
        "there",
        "here",
        "not",
        "now",
        "soon",
        "later",
        "yet",
        "day",
        "email",
        "e-mail",
    ]
)
_TRAILING = ".,;:)]}!?"


def passwords_in(text: str) -> tuple[str, ...]:
    """Every password the text gives, in order, each also without a trailing full stop."""
    found: list[str] = []
    for match in _PASSWORD.finditer(text):
        word = match.group("pw")
        if word.lower().strip(_TRAILING) in _NOT_A_PASSWORD:
            continue
        for candidate in (word, word.rstrip(_TRAILING)):
            if len(candidate) >= 4 and candidate not in found:
                found.append(candidate)
    return tuple(found[:10])

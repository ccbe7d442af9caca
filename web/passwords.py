"""Whether a new password is good enough: at least 12 characters and hard to guess.

"Hard to guess" is zxcvbn's judgement (score 3 of 4 or more): it knows the common and breached
passwords, dictionary words, names, keyboard patterns, dates and repeats, and it is given the
user name and the service's own words so that 'olivia-attendance' counts as weak. The check
belongs to the places where a person chooses a password (`rtt user add`, the users page); the
hash function itself takes anything. The password is never logged, nor put in a message.
"""

from __future__ import annotations

from collections.abc import Sequence

from zxcvbn import zxcvbn

MIN_PASSWORD_CHARS = 12
MIN_SCORE = 3
ZXCVBN_MAX_CHARS = 72
"""zxcvbn refuses longer input (and slows with length): a longer password is judged on its start."""
SERVICE_WORDS = ("rtt", "attendance", "oxfordshire", "oxon", "council", "reintegration", "timetable")


def password_problem(password: str, user_inputs: Sequence[str] = ()) -> str | None:
    """Why the password is refused, in words for the person choosing it; None when it is fine."""
    problems: list[str] = []
    if len(password) < MIN_PASSWORD_CHARS:
        problems.append(f"it needs at least {MIN_PASSWORD_CHARS} characters")
    guessable = _guessability(password, user_inputs)
    if guessable:
        problems.append(guessable)
    if not problems:
        return None
    return "the password is refused: " + "; ".join(problems)


def _guessability(password: str, user_inputs: Sequence[str]) -> str | None:
    if not password:
        return None
    words = [w for w in (*user_inputs, *SERVICE_WORDS) if w]
    result = zxcvbn(password[:ZXCVBN_MAX_CHARS], user_inputs=words)
    score = int(result["score"])
    if score >= MIN_SCORE:
        return None
    feedback = result.get("feedback") or {}
    advice = " ".join([str(feedback.get("warning") or ""), *map(str, feedback.get("suggestions") or [])])
    advice = advice.strip() or "Use three or four unrelated words, or a longer mix."
    return f"it is too easy to guess (strength {score} of 4, {MIN_SCORE} needed). {advice}"

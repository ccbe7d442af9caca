"""One builder of the case tag in outgoing mail's subject: the daemon's replies, the reminders and
alerts, and the officers' follow-ups end the subject with the case's reference, once."""

from __future__ import annotations

from replies.model import tagged_subject
from replies.reminders import split_subject
from replies.render import reply_subject

REF = "RTT-2026-000042"


def test_the_reference_ends_the_subject_once() -> None:
    assert tagged_subject("Plan for Mia", REF) == f"Plan for Mia [{REF}]"
    assert tagged_subject(f"Re: Plan for Mia [{REF}]", REF) == f"Re: Plan for Mia [{REF}]"
    assert tagged_subject("Daily digest", None) == "Daily digest"
    assert tagged_subject("Daily digest", "") == "Daily digest"


def test_replies_and_reminders_tag_the_same_way() -> None:
    assert reply_subject("RE: Fwd: Plan for Mia", REF, "Attendance Team") == f"Re: Plan for Mia [{REF}]"
    assert reply_subject(f"Re: Plan [{REF}]", REF, "Attendance Team") == f"Re: Plan [{REF}]"
    assert reply_subject("", None, "Attendance Team") == "Re: Your email to the Attendance Team"
    text = split_subject("Subject: Reminder: review due\nDear school,\n", "t.j2", REF)
    assert text.subject == f"Reminder: review due [{REF}]" and text.text == "Dear school,\n"
    assert split_subject("Subject: Digest\nBody\n", "t.j2", None).subject == "Digest"

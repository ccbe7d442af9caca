"""Kind of message, from blind set 19's sealed part, fixed after it was scored once (issue 9,
kind 6; not re-measured as blind): a trust's 'modified timetable' sent as a password-protected
file is a notification whose plan could not be opened."""

from __future__ import annotations

from parsers.extract import extract_facts
from parsers.model import Document
from tests.minimail import message
from triage.classify import classify
from triage.states import Kind

_LOCKED = Document(
    "Modified timetable KNR.pdf", readable=False, error="the PDF is password protected", encrypted=True
)


def test_a_locked_modified_timetable_is_a_notification() -> None:
    body = (
        "Please find attached the modified timetable request and agreement for Kamil Nowakowski-Reid "
        "(Year 9), starting Monday 8 May 2028.\n\nBecause the form contains personal information, the "
        "attachment is password protected. I will send the password in a separate email.\n"
    )
    subject = "Modified timetable request - Kamil Nowakowski-Reid"
    messages = [message(body, subject=subject, documents=[_LOCKED])]
    assert classify(messages, extract_facts(messages)) is Kind.RTT_NOTIFICATION

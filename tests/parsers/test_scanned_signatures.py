"""Signatures on scans whose layout OCR flattened (issue 9, classes from the consumed sets'
twins): a signature table without ruling read as lines under its header, and a slip's stacked
'name / Signature / Date' lines with a hand read as letters."""

from __future__ import annotations

from parsers.extract.signatures import extract_signatures
from tests.minimail import corpus_of, document


def _roles(text: str) -> list[str]:
    corpus = corpus_of("Signed copy attached.", "Plan - scan", [document(text, source="scan.pdf")])
    return sorted(sig.role for sig in extract_signatures(corpus))


def test_rows_under_a_signature_header_line_are_signatures() -> None:
    text = (
        "Risks considered: online safety, CSE and CCE. No current indicators.\n"
        "Role | Signature | Date\n"
        "Parent/carer Mrs Giulia Bianchi VA Da 24/02/2027\n"
        "School Ms Gemma Whitlock V\\Ves~ An 24/02/2027\n"
        "Berinsfield Meadows School - RTT grid Page 2 of 2\n"
    )
    assert _roles(text) == ["parent", "school"]


def test_a_row_far_below_the_header_after_prose_is_not_one() -> None:
    text = (
        "Role | Signature | Date\n"
        "The plan will be looked at again by everyone at the review meeting next month.\n"
        "Parent/carer Mrs Giulia Bianchi 24/02/2027\n"
    )
    assert _roles(text) == []


def test_a_slips_stacked_lines_with_a_hand_are_a_signature() -> None:
    text = (
        "PARENTAL CONSENT SLIP\n"
        "I am the parent/carer of Darragh. I agree to the part-time timetable set out above.\n"
        "Parent/carer name Mr Seamus O Briain\n"
        "Signature roVKY\n"
        "Date 06/10/2027\n"
    )
    assert _roles(text) == ["parent"]


def test_the_same_slip_with_each_value_on_the_next_line() -> None:
    text = "CONSENT SLIP\nParent/carer name\nMr Hakan Öztürk\nSignature\nenna\nDate\n12/01/2028\n"
    assert _roles(text) == ["parent"]


def test_a_slip_left_blank_is_no_signature() -> None:
    """The signature line empty or a rule: no parent's signature, though the name and date are
    filled in."""
    ruled = "CONSENT SLIP\nParent/carer name Mr Seamus O Briain\nSignature ____\nDate 06/10/2027\n"
    empty = "CONSENT SLIP\nParent/carer name\nMr Hakan Öztürk\nSignature\nDate\n12/01/2028\n"
    assert "parent" not in _roles(ruled)
    assert "parent" not in _roles(empty)

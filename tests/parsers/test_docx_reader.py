"""The .docx reader opens only the parts it reads, and reads them as loading the whole file with
python-docx did; a package of another shape is still loaded by python-docx (the same reasons)."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest

from parsers import docx_reader
from parsers.errors import Unreadable
from parsers.limits import Limits
from tests.filemakers import docx_bytes, with_replaced_part


def _python_docx_pages(data: bytes, monkeypatch: pytest.MonkeyPatch) -> Any:
    with monkeypatch.context() as m:
        m.setattr(docx_reader, "_open_main_parts", lambda _data: None)
        return docx_reader.docx_pages(data)


def _sectioned_docx() -> bytes:
    """Two sections: the first with its own header and footer, the second with its own header
    and the footer linked to the first's; a heading, a table, a tab and a line break."""
    import docx
    from docx.enum.section import WD_SECTION

    document = docx.Document()
    document.add_heading("Pastoral Support Plan", level=1)
    document.add_paragraph("Pupil name:\tSam Doe")
    document.sections[0].header.paragraphs[0].text = "Oakfield Academy"
    document.sections[0].footer.paragraphs[0].text = "Page footer, first section"
    table = document.add_table(rows=2, cols=2)
    for r, row in enumerate((("Week", "Hours"), ("1", "15"))):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    second = document.add_section(WD_SECTION.NEW_PAGE)
    second.header.is_linked_to_previous = False
    second.header.paragraphs[0].text = "Second header"
    run = document.add_paragraph("Signed").add_run()
    run.add_break()
    run.add_text("Parent/carer")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_sections_headers_tables_read_as_python_docx_reads_them(monkeypatch: pytest.MonkeyPatch) -> None:
    data = _sectioned_docx()
    assert docx_reader._open_main_parts(data) is not None  # the fast way, not the fallback
    (page,) = docx_reader.docx_pages(data)
    assert page == _python_docx_pages(data, monkeypatch)[0]
    assert "Oakfield Academy" in page.text and "Second header" in page.text
    assert page.text.count("Page footer, first section") == 1
    assert page.tables == ((("Week", "Hours"), ("1", "15")),)
    assert page.headings == ("Pastoral Support Plan",)


def test_a_table_in_the_page_header_is_read_both_ways(monkeypatch: pytest.MonkeyPatch) -> None:
    """A form's header holding a table ('Early Help Assessment - Ċensa Żammit | Lead practitioner:
    Mrs Lorna McKechnie'): its cells are text and a table, the same whichever way the file is opened."""
    import docx
    from docx.shared import Inches

    document = docx.Document()
    document.add_paragraph("Part 1 - Background information")
    header = document.sections[0].header
    cells = header.add_table(rows=1, cols=2, width=Inches(6)).rows[0].cells
    cells[0].text = "Early Help Assessment - Ċensa Żammit"
    cells[1].text = "Lead practitioner: Mrs Lorna McKechnie"
    out = io.BytesIO()
    document.save(out)
    (page,) = docx_reader.docx_pages(out.getvalue())
    assert page.text.startswith("Early Help Assessment")  # the header above the body, as on the page
    assert "Lead practitioner: Mrs Lorna McKechnie" in page.text
    row = ("Early Help Assessment - Ċensa Żammit", "Lead practitioner: Mrs Lorna McKechnie")
    assert (row,) in page.tables
    assert page == _python_docx_pages(out.getvalue(), monkeypatch)[0]


def test_only_the_read_parts_are_inflated() -> None:
    data = docx_bytes(["Pupil name: Sam Doe"])
    # styles.xml replaced by bytes that are no XML: python-docx would parse it, this does not need to
    broken = with_replaced_part(data, "word/styles.xml", b"not xml")
    (page,) = docx_reader.docx_pages(broken)
    assert page.text == "Pupil name: Sam Doe"


def _with_content_type(data: bytes, old: bytes, new: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        types = zf.read("[Content_Types].xml")
    assert old in types
    return with_replaced_part(data, "[Content_Types].xml", types.replace(old, new))


def test_a_macro_document_is_refused_as_python_docx_refuses_it() -> None:
    main = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    macro = b"application/vnd.ms-word.document.macroEnabled.main+xml"
    data = _with_content_type(docx_bytes(["x"]), main, macro)
    assert docx_reader._open_main_parts(data) is None
    with pytest.raises(Unreadable, match=r"damaged or of an unsupported kind \(ValueError\)"):
        docx_reader.read_docx("plan.docm", data, Limits(sandbox=False))


def test_a_missing_part_is_damaged_as_before() -> None:
    data = docx_bytes(["x"])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            if info.filename != "word/settings.xml":
                dst.writestr(info.filename, src.read(info.filename))
    with pytest.raises(Unreadable, match=r"damaged or of an unsupported kind \(KeyError\)"):
        docx_reader.read_docx("plan.docx", out.getvalue(), Limits(sandbox=False))

"""Small, self-made test files: typed and scanned plans, Word/OpenDocument/RTF, zips, and hostile files.

Nothing here is copied from ../shared/corpora: every file is generated in the test.
"""

from __future__ import annotations

import email
import email.policy
import io
import math
import random
import zipfile
import zlib
from collections.abc import Sequence
from email.message import EmailMessage

from PIL import Image, ImageDraw, ImageFont

# -- a minimal PDF writer ----------------------------------------------------------------------


def pdf_bytes(objects: Sequence[bytes], root: int = 1, trailer_extra: bytes = b"") -> bytes:
    """A PDF from numbered object bodies (object i+1 is objects[i]), with a correct xref."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, root, trailer_extra, xref,
    )
    return bytes(out)


def _stream(content: bytes, extra: bytes = b"", compress: bool = False) -> bytes:
    if compress:
        content = zlib.compress(content, 9)
        extra += b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n" % (len(content), extra) + content + b"\nendstream"


def _escape(text: str) -> bytes:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("latin-1")


def typed_pdf(pages: Sequence[Sequence[tuple[float, float, str]]], drawings: Sequence[bytes] = (),
              fields: bytes = b"") -> bytes:
    """A text PDF: each page a list of (x, y-from-top, text) in Helvetica 11, plus raw drawing ops.

    `fields` is the body of an AcroForm /Fields array of inline dictionaries."""
    n = len(pages)
    objects: list[bytes] = []
    kids = b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(n))
    acro = b" /AcroForm << /Fields [%s] >>" % fields if fields else b""
    objects.append(b"<< /Type /Catalog /Pages 2 0 R%s >>" % acro)
    objects.append(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n))
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for i, lines in enumerate(pages):
        ops = [b"BT /F1 11 Tf"]
        for x, y, text in lines:
            ops.append(b"1 0 0 1 %.1f %.1f Tm (%s) Tj" % (x, 842 - y, _escape(text)))
        ops.append(b"ET")
        if i < len(drawings):
            ops.append(drawings[i])
        content = b"\n".join(ops)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >>"
            b" /Contents %d 0 R >>" % (5 + 2 * i)
        )
        objects.append(_stream(content))
    return pdf_bytes(objects)


def ruled_box(x0: float, top: float, x1: float, bottom: float) -> bytes:
    """Drawing ops for a rectangle given in top-down coordinates."""
    return b"0.5 w %.1f %.1f %.1f %.1f re S" % (x0, 842 - bottom, x1 - x0, bottom - top)


def scribble_ops(x0: float, top: float, x1: float, bottom: float) -> bytes:
    """A drawn signature: Bezier curves across a box (top-down coordinates)."""
    mid = 842 - (top + bottom) / 2
    step = (x1 - x0) / 4
    ops = [b"1 w %.1f %.1f m" % (x0 + 4, mid)]
    for k in range(3):
        a = x0 + 4 + k * step
        points = (a + step / 3, mid + 6, a + 2 * step / 3, mid - 6, a + step, mid)
        ops.append(b"%.1f %.1f %.1f %.1f %.1f %.1f c" % points)
    ops.append(b"S")
    return b" ".join(ops)


SIGNATURE_ROWS = (
    ("Parent/carer", "Mrs Jane Doe"), ("Pupil", "Sam Doe"), ("School (named person)", "Mr A Head"),
)


def signature_table_pdf(signed: Sequence[str]) -> bytes:
    """A one-page plan ending in a ruled signatures table; rows in `signed` carry a drawn signature."""
    lines: list[tuple[float, float, str]] = [
        (50, 60, "Reintegration Timetable Plan"),
        (50, 90, "Pupil name Sam Doe"),
        (50, 110, "Review dates 16/01/2026 and 30/01/2026"),
        (50, 150, "12. Signatures"),
    ]
    cols = (50, 190, 330, 460, 545)
    heads = ("Role", "Name", "Signature", "Date")
    drawing = []
    top = 170
    for r, row in enumerate((heads, *[(role, name, "", "07/01/2026") for role, name in SIGNATURE_ROWS])):
        for c, text in enumerate(row):
            drawing.append(ruled_box(cols[c], top, cols[c + 1], top + 24))
            if text:
                lines.append((cols[c] + 4, top + 16, text))
        if r > 0 and row[0] in signed:
            drawing.append(scribble_ops(cols[2], top + 2, cols[3], top + 22))
        top += 24
    return typed_pdf([lines], [b"\n".join(drawing)])


# -- scanned pages ----------------------------------------------------------------------------


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for path in ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",):
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


PLAN_ROWS = (
    ("Pupil name", "Sam Doe"),
    ("Date of birth", "14/05/2013"),
    ("Start of reduced timetable", "Monday 12 January 2026"),
    ("Return to full time", "Monday 9 February 2026"),
    ("Named person", "Mrs Helen Carter"),
)


def scanned_plan_page(signed: bool, dpi: int = 300, angle: float = 0.0, noise: float = 8.0,
                      seed: int = 1) -> Image.Image:
    """An A4 page as a scanner sees it: a ruled details table and a signatures table, maybe signed by hand."""
    scale = 300 / 72
    page = Image.new("L", (int(595 * scale), int(842 * scale)), 255)
    draw = ImageDraw.Draw(page)
    font, bold = _font(40), _font(48)
    draw.text((50 * scale, 50 * scale), "Reintegration Timetable Plan", fill=0, font=bold)
    top = 100
    for label, value in PLAN_ROWS:
        _row(draw, scale, top, (50, 250, 545), (label, value), font)
        top += 26
    draw.text((50 * scale, (top + 20) * scale), "12. Signatures", fill=0, font=bold)
    top += 50
    cols = (50, 190, 330, 460, 545)
    _row(draw, scale, top, cols, ("Role", "Name", "Signature", "Date"), font)
    for role, name in SIGNATURE_ROWS:
        top += 26
        _row(draw, scale, top, cols, (role, name, "", "07/01/2026"), font)
        if signed and role == "Parent/carer":
            _handwriting(draw, (cols[2] * scale, top * scale, cols[3] * scale, (top + 26) * scale), seed)
    return _as_scanned(page, dpi, angle, noise, seed)


def _row(draw: ImageDraw.ImageDraw, scale: float, top: float, cols: Sequence[float],
         texts: Sequence[str], font: ImageFont.FreeTypeFont | ImageFont.ImageFont) -> None:
    for c, text in enumerate(texts):
        box = (cols[c] * scale, top * scale, cols[c + 1] * scale, (top + 26) * scale)
        draw.rectangle(box, outline=90, width=3)
        if text:
            draw.text((box[0] + 18, box[1] + 22), text, fill=0, font=font)


def _handwriting(draw: ImageDraw.ImageDraw, box: tuple[float, float, float, float], seed: int) -> None:
    rnd = random.Random(seed)
    x0, y0, x1, y1 = box
    points = []
    for k in range(80):
        t = k / 79
        x = x0 + 20 + t * (x1 - x0 - 40)
        y = (y0 + y1) / 2 + math.sin(t * 17 + rnd.random()) * (y1 - y0) * 0.28
        points.append((x, y))
    draw.line(points, fill=25, width=5)


def _as_scanned(page: Image.Image, dpi: int, angle: float, noise: float, seed: int) -> Image.Image:
    import numpy as np

    if dpi != 300:
        page = page.resize((page.width * dpi // 300, page.height * dpi // 300), Image.Resampling.LANCZOS)
    if angle:
        page = page.rotate(angle, expand=True, fillcolor=255, resample=Image.Resampling.BICUBIC)
    if noise:
        rng = np.random.default_rng(seed)
        arr = np.asarray(page).astype(np.int16) + rng.normal(0, noise, (page.height, page.width))
        page = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    return page


def image_bytes(image: Image.Image, fmt: str, dpi: int = 300) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, dpi=(dpi, dpi)) if fmt != "PDF" else image.save(out, "PDF", resolution=float(dpi))
    return out.getvalue()


# -- office files ------------------------------------------------------------------------------


def docx_bytes(paragraphs: Sequence[str], table: Sequence[Sequence[str]] = ()) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        t = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, text in enumerate(row):
                t.cell(r, c).text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def with_replaced_part(package: bytes, name: str, content: bytes) -> bytes:
    """The same zip package with one part's content replaced."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, content if info.filename == name else src.read(info.filename))
    return out.getvalue()


ENTITY_BOMB = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b']>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
)


def odt_bytes(
    paragraphs: Sequence[str], table: Sequence[Sequence[str]] = (), headings: Sequence[str] = ()
) -> bytes:
    """An OpenDocument text: each of `headings` (text:h) before the paragraphs, then a table."""
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
    )
    body = "".join(f'<text:h text:outline-level="2">{h}</text:h>' for h in headings)
    body += "".join(f"<text:p>{p}</text:p>" for p in paragraphs)
    if table:
        rows = "".join(
            "<table:table-row>" + "".join(
                f"<table:table-cell><text:p>{c}</text:p></table:table-cell>" for c in row
            ) + "</table:table-row>" for row in table
        )
        body += f"<table:table>{rows}</table:table>"
    content = f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns}><office:body>' \
              f"<office:text>{body}</office:text></office:body></office:document-content>"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        zf.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


XlsxCell = str | float | tuple[str, float]
"""Text, a number, or ('date', serial) / ('time', fraction of a day) / ('sum', cached value)."""


def xlsx_bytes(rows: Sequence[Sequence[XlsxCell]], sheet: str = "Hours") -> bytes:
    """A one-sheet Excel workbook as Excel writes it: text as shared strings, dates and times as
    numbers with a date or time format, a formula with its cached value."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    shared: list[str] = []
    cells_xml = []
    for r, row in enumerate(rows, 1):
        cells = []
        for c, value in enumerate(row):
            ref = f"{chr(65 + c)}{r}"
            if isinstance(value, str):
                shared.append(value)
                cells.append(f'<c r="{ref}" t="s"><v>{len(shared) - 1}</v></c>')
            elif isinstance(value, tuple):
                kind, number = value
                style = {"date": 1, "time": 2, "sum": 0}[kind]
                formula = "<f>SUM(B1:B2)</f>" if kind == "sum" else ""
                cells.append(f'<c r="{ref}" s="{style}">{formula}<v>{number}</v></c>')
            else:
                cells.append(f'<c r="{ref}"><v>{value}</v></c>')
        cells_xml.append(f'<row r="{r}">{"".join(cells)}</row>')
    strings = "".join(f"<si><t>{s}</t></si>" for s in shared)
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        "xl/workbook.xml": f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
        f'<sheet name="{sheet}" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/sharedStrings.xml": f'<sst xmlns="{main}">{strings}</sst>',
        "xl/styles.xml": f'<styleSheet xmlns="{main}">'
        '<numFmts><numFmt numFmtId="164" formatCode="h:mm"/></numFmts>'
        '<cellXfs><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/></cellXfs></styleSheet>',
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{main}"><sheetData>'
        f'{"".join(cells_xml)}</sheetData></worksheet>',
    }
    return zip_bytes([(name, text.encode()) for name, text in parts.items()])


def zip_bytes(members: Sequence[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            zf.writestr(name, data)
    return out.getvalue()


def zip_bomb(expanded_mb: int) -> bytes:
    """A zip whose one member expands to `expanded_mb` MB of zeros (written in chunks)."""
    out = io.BytesIO()
    chunk = b"\0" * (1024 * 1024)
    with (
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf,
        zf.open("plan.pdf", "w", force_zip64=True) as fh,
    ):
        for _ in range(expanded_mb):
            fh.write(chunk)
    return out.getvalue()


# -- hostile PDFs ------------------------------------------------------------------------------


def pdf_deflate_bomb(expanded_mb: int) -> bytes:
    """One page whose content stream inflates to `expanded_mb` MB of spaces.

    Built fast: after a full flush, deflate writes the same bytes for the same block, so one
    block's output is repeated, with the zlib header and the Adler-32 of the whole written by hand."""
    block = b" " * (1024 * 1024)
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    comp.compress(block)
    comp.flush(zlib.Z_FULL_FLUSH)
    repeated = comp.compress(block) + comp.flush(zlib.Z_FULL_FLUSH)
    adler = 1
    for _ in range(expanded_mb):
        adler = zlib.adler32(block, adler)
    packed = b"\x78\xda" + repeated * expanded_mb + comp.flush() + adler.to_bytes(4, "big")
    content = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream"
    return pdf_bytes([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        content,
    ])


def pdf_page_bomb(pages: int) -> bytes:
    """A page tree holding a very large number of (empty) pages."""
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(pages))
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"
    return pdf_bytes([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
        *([page] * pages),
    ])


def pdf_object_loop() -> bytes:
    """Objects that refer to each other for ever: a page tree whose node is its own kid, and a
    form XObject that draws itself."""
    return pdf_bytes([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /XObject << /X1 5 0 R >> >> >>",
        _stream(b"/X1 Do"),
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Length 6"
        b" /Resources << /XObject << /X1 5 0 R >> >> >>\nstream\n/X1 Do\nendstream",
    ])


# -- messages ----------------------------------------------------------------------------------


def message_with(attachments: Sequence[tuple[str, str, bytes]], subject: str = "RTT plan",
                 body: str = "Please find the plan attached.") -> bytes:
    """A message from a school with the given (filename, content type, bytes) attachments."""
    msg = EmailMessage()
    msg["From"] = "head@school.oxon.sch.uk"
    msg["To"] = "attendance@oxfordshire.gov.uk"
    msg["Subject"] = subject
    msg["Date"] = "Thu, 08 Jan 2026 09:14:32 +0000"
    msg["Message-ID"] = f"<test-{random.randint(1, 10**9)}@school.oxon.sch.uk>"
    msg.set_content(body)
    for name, ctype, data in attachments:
        if ctype == "message/rfc822":
            inner = email.message_from_bytes(data, policy=email.policy.default)
            msg.add_attachment(inner, filename=name)
            continue
        main, sub = ctype.split("/", 1)
        msg.add_attachment(data, maintype=main, subtype=sub, filename=name)
    return msg.as_bytes()


# -- printing, signing and scanning a typed plan -----------------------------------------------


def _signature_boxes(typed: bytes) -> dict[int, list[tuple[float, float, float, float]]]:
    """Per page, the boxes (points, top-down) of filled cells under a "Signature" heading."""
    import pdfplumber

    out: dict[int, list[tuple[float, float, float, float]]] = {}
    with pdfplumber.open(io.BytesIO(typed)) as pdf:
        for index, page in enumerate(pdf.pages):
            for table in page.find_tables():
                rows = table.extract()
                header = [str(c or "") for c in rows[0]] if rows else []
                col = next((i for i, c in enumerate(header) if "signature" in c.lower()), None)
                if col is None:
                    continue
                for row, cells in zip(rows[1:], table.rows[1:], strict=False):
                    if (row[col] or "").strip() and cells.cells[col]:
                        out.setdefault(index, []).append(cells.cells[col])
    return out


def print_sign_and_scan(typed: bytes, dpi: int, angle: float, noise: float = 8.0, seed: int = 3) -> bytes:
    """An image-only PDF of a typed plan as a school would send it back: printed, each typed
    signature replaced by a handwritten one, scanned at `dpi`, a little crooked and noisy."""
    import pypdfium2 as pdfium

    boxes = _signature_boxes(typed)
    scale = 300 / 72
    pages = []
    pdf = pdfium.PdfDocument(typed)
    for index in range(len(pdf)):
        image = pdf[index].render(scale=scale, grayscale=True).to_pil().convert("L")
        draw = ImageDraw.Draw(image)
        for k, (x0, top, x1, bottom) in enumerate(boxes.get(index, [])):
            box = (x0 * scale, top * scale, x1 * scale, bottom * scale)
            draw.rectangle((box[0] + 5, box[1] + 5, box[2] - 5, box[3] - 5), fill=255)
            _handwriting(draw, box, seed + k)
        pages.append(_as_scanned(image, dpi, angle * (1 if index % 2 == 0 else -0.6), noise, seed + index))
    out = io.BytesIO()
    pages[0].save(out, "PDF", resolution=float(dpi), save_all=True, append_images=pages[1:])
    return out.getvalue()


def replace_attachment(raw: bytes, filename: str, data: bytes) -> bytes:
    """The same message with one attachment's bytes replaced (same name and type)."""
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    for part in msg.walk():
        if part.get_filename() == filename:
            main, sub = part.get_content_type().split("/", 1)
            part.set_content(data, maintype=main, subtype=sub, filename=filename)
    return msg.as_bytes()

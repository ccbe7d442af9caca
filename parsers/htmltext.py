"""HTML to plain text, for reading only: nothing from a sender is ever rendered as HTML."""

from __future__ import annotations

from html.parser import HTMLParser

_BLOCK = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "blockquote", "dl"}
_SKIP = {"script", "style", "head", "title"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
HEADING_MARK = "## "
"""Put before the text of an <h1>..<h6> outside a table: the markup says it is a heading, which
its words alone may not ('When we will check how it is going')."""


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip_depth = 0
        self._in_cell = False
        self._in_term = False
        """In a definition list's term or description (read as a table's cell)."""
        self._cells_in_row = 0
        self._table_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("table", "dl"):
            self._table_depth += 1
        if tag in _SKIP:
            self._skip_depth += 1
        elif tag in ("td", "th"):
            # a row stays one line, its cells apart by tabs, so that tables can be read as tables
            self.parts.append("\t" if self._cells_in_row else " ")
            self._cells_in_row += 1
            self._in_cell = True
        elif tag in ("dt", "dd") and not self._in_cell:
            # a definition list is a table of two columns: each term and its description one row
            self.parts.append("\n" if tag == "dt" else "\t")
            self._in_cell = self._in_term = True
        elif tag in _BLOCK:
            self._cells_in_row = 0 if tag in ("tr", "table") else self._cells_in_row
            self.parts.append(" " if self._in_cell and tag not in ("tr", "table") else "\n")
            if tag in _HEADINGS and not self._in_cell:
                self.parts.append(HEADING_MARK)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("table", "dl") and self._table_depth:
            self._table_depth -= 1
        if tag in _SKIP and self._skip_depth:
            self._skip_depth -= 1
        elif tag in ("td", "th") or (tag in ("dt", "dd") and self._in_term):
            self._in_cell = self._in_term = False
        elif tag in _BLOCK:
            if tag in ("tr", "table"):
                self._in_cell = False
                self._cells_in_row = 0
            if tag != "tr":  # the next row's start ends the line: no blank line inside a table
                self.parts.append(" " if self._in_cell else "\n")

    def handle_data(self, data: str) -> None:
        if self._table_depth and not self._in_cell and not data.strip():
            return  # the markup's own line breaks between a row's cells
        if not self._skip_depth:
            self.parts.append(data)


def _tidy(line: str) -> str:
    """One line with its spaces collapsed; a table row keeps a tab between its cells."""
    cells = [" ".join(cell.split()) for cell in line.split("\t")]
    return "\t".join(cells).strip(" ")


def html_to_text(html: str, max_chars: int = 2_000_000) -> str:
    """The visible text of an HTML body, one block per line."""
    if not html:
        return ""
    collector = _TextCollector()
    try:
        collector.feed(html[:max_chars])
        collector.close()
    except (AssertionError, ValueError, RecursionError):
        pass
    lines = (_tidy(line) for line in "".join(collector.parts).splitlines())
    text = "\n".join(lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip()

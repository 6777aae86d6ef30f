"""Office files → the text of the report: Word (.docx) and Excel (.xlsx, .xls) as departments publish them.

Many departments attach their 部门决算 as a Word document or as a workbook with one sheet per table. Their text
is rebuilt the way a user's "save as text" would write it — the layout the seeds came in: a paragraph a line, a
table row a line of tab-separated cells, a merged cell's text in its first cell and a blank cell for each other
one it covers (so each figure stays under its header's column, as HTML tables read), a workbook's sheets
separated by form feeds. A number is written as its cell's format shows it (``#,##0.00`` → ``1,511.89``; a
formula's value as the file last computed it). Every span then points into this rebuilt text, which ``extract``
writes beside the facts (``<stem>.ocr.txt``), as for a scan.

Legacy Word (.doc) has no reader here: it is refused with what to do. An Excel 97 workbook (.xls) is read with
xlrd; the zip formats with python-docx and openpyxl.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

from extractor.errors import InputError

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: what a .docx or .xlsx may unpack to: a report's document or workbook is a few MiB at most
MAX_EXPANDED = 256 << 20


def office_kind(data: bytes) -> str | None:
    """``docx``, ``xlsx`` or ``xls`` when the bytes are such a file (whatever its name says), else None; a legacy
    Word file is ``doc`` (refused by ``read_office``)."""
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            return None
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        return None
    if data.startswith(_OLE):  # a compound file: its directory names its streams (UTF-16)
        if "WordDocument".encode("utf-16-le") in data:
            return "doc"
        if "Workbook".encode("utf-16-le") in data or "Book\x00".encode("utf-16-le") in data:
            return "xls"
    return None


def read_office(path: str | Path, data: bytes, kind: str) -> tuple[str, tuple[str, ...]]:
    """The report text of an office file, and what its reading could not keep (one line each)."""
    if kind == "doc":
        raise InputError(path, "is a legacy Word file (.doc), which extract cannot read; save it as .docx or PDF")
    if kind in ("docx", "xlsx"):
        size = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist())
        if size > MAX_EXPANDED:  # a decompression bomb, or no report: refused before anything is unpacked
            raise InputError(
                path, f"is a .{kind} file that expands to {size >> 20} MiB; over {MAX_EXPANDED >> 20} MiB is refused"
            )
    try:
        if kind == "docx":
            return _docx_text(data), ()
        if kind == "xlsx":
            return _xlsx_text(data)
        return _xls_text(data)
    except (InputError, MemoryError):
        raise
    except Exception as exc:  # a damaged file: the libraries raise anything from KeyError to XML syntax errors
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(path, f"is a damaged or unsupported .{kind} file ({first[:160]})") from None


# ---------------------------------------------------------------------------------------------------------------
# Word


def _docx_text(data: bytes) -> str:
    """Paragraphs and tables in the order the document prints them."""
    import docx
    from docx.table import Table

    document = docx.Document(io.BytesIO(data))
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines += _docx_table(block)
        else:
            lines.append(_one_line(block.text))
    return "\n".join(lines) + "\n"


def _docx_table(table: Any) -> list[str]:
    """A Word table's rows as tab lines; a merged cell (``gridSpan``, ``vMerge``) printed once, at its top left."""
    seen: dict[int, Any] = {}  # id → the cell's element, held: lxml frees an element's proxy, and its id, unheld
    rows: list[str] = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            first = id(cell._tc) not in seen
            seen[id(cell._tc)] = cell._tc
            cells.append(_one_line(cell.text) if first else "")
        rows.append("\t".join(cells).rstrip("\t"))
    return rows


# ---------------------------------------------------------------------------------------------------------------
# Excel


def _xlsx_text(data: bytes) -> tuple[str, tuple[str, ...]]:
    """Each visible sheet's rows as tab lines, sheets separated by form feeds."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    # (the formulas, a cell's value when data_only is not: loaded only where a sheet holds one — a second parse)
    formulas = openpyxl.load_workbook(io.BytesIO(data)) if _has_formulas(data) else None
    sheets: list[str] = []
    hidden: list[str] = []
    uncomputed = 0
    for sheet in book.worksheets:
        if sheet.sheet_state != "visible":
            hidden.append(sheet.title)
            continue
        rows = [
            [_cell_text(c.value, c.number_format) for c in row]
            for row in sheet.iter_rows(max_col=sheet.max_column, max_row=sheet.max_row)
            if not _hidden_row(sheet, row)
        ]
        sheets.append(_named(sheet.title, _sheet(rows)))
        for row in formulas[sheet.title].iter_rows() if formulas is not None else ():
            uncomputed += sum(1 for c in row if c.data_type == "f" and sheet[c.coordinate].value is None)
    notes = _hidden_note(hidden)
    if uncomputed:  # a workbook written by a program, never recalculated: its formulas carry no value
        notes += (f"{uncomputed} formula cells carry no computed value (never recalculated): read as blank",)
    return "\f".join(sheets), notes


def _has_formulas(data: bytes) -> bool:
    """Whether any worksheet of the .xlsx holds a formula element (``<f>``, ``<f t="shared" …/>``)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")]
        return any(_FORMULA.search(z.read(n)) for n in sheets)


#: a worksheet's formula element, with or without a namespace prefix
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _hidden_row(sheet: Any, row: tuple[Any, ...]) -> bool:
    dim = sheet.row_dimensions.get(row[0].row) if row else None
    return bool(dim is not None and dim.hidden)


def _xls_text(data: bytes) -> tuple[str, tuple[str, ...]]:
    """An Excel 97 workbook (xlrd): as ``_xlsx_text``, merged cells read from the sheet's merge list."""
    import xlrd

    book = xlrd.open_workbook(file_contents=data, formatting_info=True)
    sheets: list[str] = []
    hidden: list[str] = []
    for sheet in book.sheets():
        if sheet.visibility:
            hidden.append(sheet.name)
            continue
        covered = {
            (r, c)
            for r0, r1, c0, c1 in sheet.merged_cells
            for r in range(r0, r1)
            for c in range(c0, c1)
            if (r, c) != (r0, c0)
        }
        rows = []
        for r in range(sheet.nrows):
            if r in sheet.rowinfo_map and sheet.rowinfo_map[r].hidden:
                continue
            rows.append(["" if (r, c) in covered else _xls_cell(book, sheet.cell(r, c)) for c in range(sheet.ncols)])
        sheets.append(_named(sheet.name, _sheet(rows)))
    return "\f".join(sheets), _hidden_note(hidden)


def _xls_cell(book: Any, cell: Any) -> str:
    import xlrd

    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return ""
    if cell.ctype == xlrd.XL_CELL_NUMBER:
        xf = book.xf_list[cell.xf_index]
        fmt = book.format_map[xf.format_key].format_str if xf.format_key in book.format_map else "General"
        return _cell_text(cell.value, fmt)
    if cell.ctype == xlrd.XL_CELL_DATE:
        return _cell_text(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode), "General")
    return _cell_text(cell.value, "General")


def _sheet(rows: Iterable[list[str]]) -> str:
    """A sheet's rows as tab lines, each without its trailing blank cells, the sheet without its trailing blank
    rows."""
    lines = ["\t".join(cells).rstrip("\t") for cells in rows]
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines) + "\n"


#: a sheet name a spreadsheet program gives: no title
_DEFAULT_SHEET = re.compile(r"(?i)(?:sheet|工作表|表|页)\s*\d*")


def _named(name: str, text: str) -> str:
    """A sheet's text with its name as its first line, unless the name is a program's default or the sheet prints
    it already: many workbooks title each table only by its sheet's name (``收入决算表``, ``公开02表``), and the
    table is found by its title."""
    name = _one_line(name)
    if not name or _DEFAULT_SHEET.fullmatch(name) or name in text[:2000]:
        return text
    return f"{name}\n{text}"


def _hidden_note(hidden: list[str]) -> tuple[str, ...]:
    return (f"hidden sheets not read: {', '.join(hidden)}",) if hidden else ()


#: a number format's decimals (``#,##0.00`` → 2)
_DECIMALS = re.compile(r"0\.(0+)")


def _cell_text(value: Any, number_format: str) -> str:
    """A cell's value as its number format shows it: ``#,##0.00`` → ``1,511.89``, ``0.00%`` → ``51.55%``;
    General → the shortest decimal that is the value (a formula's ``8.370000000000001`` → ``8.37``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (datetime, date, time)):
        return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    if isinstance(value, (int, float, Decimal)):
        return _number_text(value, number_format)
    return _one_line(str(value))


def _number_text(value: float | Decimal, number_format: str) -> str:
    section = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", number_format.split(";")[0])  # no literals, colours
    percent = "%" in section
    v = Decimal(str(value)) * (100 if percent else 1)
    m = _DECIMALS.search(section)
    if m is None and "0" not in section and "#" not in section:  # General: up to 10 decimals, no float noise
        text = f"{round(v, 10).normalize():f}"
    else:
        decimals = len(m.group(1)) if m else 0
        text = f"{v:,.{decimals}f}" if "," in section.split(".")[0] else f"{v:.{decimals}f}"
    return text + ("%" if percent else "")


def _one_line(text: str) -> str:
    """A cell's or paragraph's text on one line: its own line breaks (a label wrapped inside its cell) become
    spaces, tabs too (a tab is the cell separator)."""
    return re.sub(r"[\r\n\t\v]+", " ", text).strip()

"""A blank form is not text out of order (forty-third stop).

The template itself (``eval/corpus/shanghai_template_final_accounts_2024``) prints every table with its rows and
no figure. Tables 01 and 04 (two-sided, 收入 | 支出) were refused with "the text is not in row order: 4 of its 4
total rows … have none after their label … convert the PDF keeping its layout" in every format — advice that
sends a user after a converter when the form is simply blank. A two-sided table whose body prints nothing like an
amount is now read as blank: no note, and its coverage says ``blank``; a table that prints figures away from its
total rows is still refused as out of order."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from extractor.pipeline import process
from tests.test_ocr_s18 import ROOT

TEMPLATE = "shanghai_template_final_accounts_2024"
CORPUS = ROOT / "eval" / "corpus"


@pytest.mark.parametrize(
    "path",
    [
        CORPUS / f"{TEMPLATE}.pdf",
        CORPUS / "office" / f"{TEMPLATE}.docx",
        CORPUS / "text" / "markdown" / f"{TEMPLATE}.md",
    ],
)
def test_the_blank_template_is_blank_not_out_of_order(path: Path) -> None:
    res = process(path)
    assert res.facts == []
    assert not any("not in row order" in u.reason for u in res.extraction.unread), res.extraction.unread
    assert res.coverage["tables"]["summary"] == res.coverage["tables"]["fiscal_summary"] == "blank"


def test_a_report_leaving_table_01_blank_reads_its_other_tables(tmp_path: Path) -> None:
    # czj's text layer (pdfium) with table 01's figures left out: a blank table 01, every other table printed
    text = (CORPUS / "text" / "pdfium" / "shanghai_putuo_czj_2024.txt").read_text(encoding="utf-8")
    start = text.index("\n收入支出决算总表\n") + 1  # (the table's title line, not the contents' entry)
    end = text.index("收入决算表", start + len("收入支出决算总表"))
    path = tmp_path / "czj_blank_01.txt"
    path.write_text(text[:start] + re.sub(r"\d[\d,]*\.\d\d", "", text[start:end]) + text[end:], encoding="utf-8")
    res = process(path)
    assert not any(u.table == "summary" for u in res.extraction.unread), [
        u.reason for u in res.extraction.unread if u.table == "summary"
    ]
    assert not any(f.table == "summary" for f in res.facts)
    assert res.coverage["tables"]["summary"] == "blank"
    assert sum(f.table == "income" for f in res.facts) == 40  # (every figure of table 02, as from the whole text)

"""ingest: encodings are detected reliably, and unusable files fail with a clear error."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.errors import InputError
from extractor.ingest import ingest
from tests.conftest import seed_path

SAMPLE = seed_path("002_846b8c47d01900a7").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gb18030", "gb18030"),
     ("utf-16", "utf-16"), ("utf-16-le", "utf-16-le")],
)  # fmt: skip
def test_encodings_decode_to_the_same_text(tmp_path: Path, encoding: str, expected: str) -> None:
    p = tmp_path / "r.txt"
    p.write_bytes(SAMPLE.encode(encoding))
    src = ingest(p)
    assert src.text == SAMPLE
    assert src.encoding == expected
    assert len(src.sha256) == 64


def test_gbk_file_decodes_as_gb18030(tmp_path: Path) -> None:
    text = SAMPLE.replace("\u2022", "·")  # GBK has no bullet
    p = tmp_path / "gbk.txt"
    p.write_bytes(text.encode("gbk", errors="replace"))
    src = ingest(p)
    assert src.encoding == "gb18030"
    assert "收入支出决算总表" in src.text


def test_short_gbk_file_is_not_mistaken_for_another_code_page(tmp_path: Path) -> None:
    p = tmp_path / "short.txt"
    p.write_bytes("收入总计 851.17 万元，支出总计 851.17 万元。".encode("gbk"))
    assert ingest(p).text.startswith("收入总计")


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda d: d / "missing.txt", "no such file"),
        (lambda d: d, "is a directory"),
        (lambda d: _write(d / "empty.txt", b""), "is empty"),
        (lambda d: _write(d / "blank.txt", b"   \n\n"), "is empty"),
        (lambda d: _write(d / "bin.txt", bytes(range(256)) * 40), "binary"),
        # UTF-8 with a stray byte (repaired as such) that is still mostly control characters: named by its path
        (lambda d: _write(d / "ctl.txt", "收入".encode() * 200 + b"\xff" + b"\x01" * 100), "binary file"),
        # binary files by their first bytes (an office file that is one is read: tests/test_office_s42.py)
        (lambda d: _write(d / "r.xlsx", b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)) * 8), "zip archive"),
        (lambda d: _write(d / "r.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 8), "legacy Office"),
    ],
)
def test_bad_input_names_the_file_and_the_problem(tmp_path: Path, make, problem: str) -> None:
    path = make(tmp_path)
    with pytest.raises(InputError) as exc:
        ingest(path)
    assert str(path) in str(exc.value)
    assert problem in str(exc.value)
    assert "\n" not in str(exc.value)


def _write(p: Path, data: bytes) -> Path:
    p.write_bytes(data)
    return p

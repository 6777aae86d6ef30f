"""Shared fixtures: the bundled seed reports, processed once per test session."""

from __future__ import annotations

import os
import re
import socket
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any, Literal

import pytest

from extractor.backends import get_backend
from extractor.ingest import ingest
from extractor.llm.oracle import oracle_server
from extractor.normalize import normalize
from extractor.pipeline import DocResult, process
from extractor.schemas import Unread
from extractor.segment import Document, segment
from extractor.store import Store

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "eval" / "seeds"
SEED_IDS = sorted(p.stem for p in SEEDS.glob("*.txt"))
_LOOPBACK = {"127.0.0.1", "::1", "localhost"}
TABLE_SEEDS = ["000_d2cac5324267c124", "002_846b8c47d01900a7", "003_9ee8868df83b9797"]


def read_with_oracle(path: Path, key: Path, backend: str = "llm") -> tuple[DocResult, Any]:
    """``path`` through the whole pipeline with ``backend`` and a perfect model: ``sim-server --oracle`` answering
    from the answer key ``key`` (a facts file or a folder of them)."""
    server = oracle_server(key).start()
    try:
        b = get_backend(backend)
        b.configure(base_url=server.base_url, model="oracle", cache=False)
        return process(path, b), b
    finally:
        server.stop()


def seed_path(doc: str) -> Path:
    return SEEDS / f"{doc}.txt"


@cache
def seed_doc(doc: str) -> Document:
    """A segmented seed (cached: segmenting is pure)."""
    s = ingest(seed_path(doc))
    return segment(normalize(s), s.doc_id)


@cache
def seed_result(doc: str) -> DocResult:
    """A seed through the whole pipeline with the rules backend (cached)."""
    return process(seed_path(doc))


@pytest.fixture(params=SEED_IDS)
def seed_id(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forbid every connection that is not to this machine: no test may reach a real model."""
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex

    def check(address: Any) -> None:
        host = address[0] if isinstance(address, tuple) else None
        if host is not None and host not in _LOOPBACK:
            raise RuntimeError(f"tests may not open network connections (tried {address!r})")

    def connect(self: socket.socket, address: Any) -> None:
        check(address)
        return real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        check(address)
        return real_connect_ex(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    for var in ("EXTRACTOR_LLM_BASE_URL", "EXTRACTOR_LLM_MODEL", "EXTRACTOR_LLM_API_KEY", "EXTRACTOR_LLM_MODE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("EXTRACTOR_CONFIG", "/nonexistent/extractor.toml")


def flag_id(flags: Iterable[Any], check: str, *facts: str) -> str:
    """The id of the one flag of ``check`` that involves every fact ``table/row/col`` given.

    Tests look flags up by what they are about, never by a pasted id: an id is a hash, and a pasted one
    keeps "passing" for the wrong flag (or none) when the checks change. Takes flags, the store's flag
    views or their JSON.
    """
    hits = []
    for item in flags:
        f = item.get("flag", item) if isinstance(item, dict) else getattr(item, "flag", item)
        if isinstance(f, dict):
            fid, fcheck, keys = f["id"], f["check"], {f"{x['table']}/{x['row']}/{x['col']}" for x in f["facts"]}
        else:
            fid, fcheck, keys = f.id, f.check, {f"{x.table}/{x.row}/{x.col}" for x in f.facts}
        if fcheck == check and set(facts) <= keys:
            hits.append(fid)
    assert len(hits) == 1, f"expected one {check} flag involving {facts}, found {hits}"
    return hits[0]


def unverified(unread: Iterable[Unread]) -> list[Unread]:
    """The facts the pipeline's verify stage dropped (their span does not read as their value).

    A test of a backend asserts there are none rather than re-checking the spans of ``DocResult.facts``,
    which verify has already made pass whatever the backend did. (test_facts pins the marker.)
    """
    return [u for u in unread if u.reason.endswith(" not found at its span")]


def in_ci() -> bool:
    """``CI=true`` (any CI service sets it): a service the suite needs must be there."""
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def need_service(available: bool, reason: str) -> None:
    """Skip a test whose system service (PostgreSQL, Chromium, a CJK font, tesseract) is missing — except
    in CI, where a service that cannot start must fail the run instead of turning into green skips."""
    if available:
        return
    if in_ci():
        pytest.fail(f"CI=true but {reason}; tests/services.sh should have provided it", pytrace=False)
    pytest.skip(reason)


PG_URL = os.environ.get("EXTRACTOR_TEST_PG_URL")


def _pg_url() -> Iterator[str]:
    """A fresh schema on the PostgreSQL test server, dropped afterwards."""
    from sqlalchemy import create_engine, text

    need_service(bool(PG_URL), "EXTRACTOR_TEST_PG_URL is not set: no PostgreSQL server to test against")
    assert PG_URL
    schema = f"t_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_URL)
    with admin.begin() as c:
        c.execute(text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in PG_URL else "?"
    try:
        yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as c:
            c.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@contextmanager
def schema_at(url: str, revision: str, downgrade: bool = False) -> Iterator[Any]:
    """A connection to the store at ``url`` migrated to ``revision`` only (an older store), in a transaction;
    ``downgrade``: a newer store taken back to ``revision`` (its data kept, as far as that revision has room)."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine

    engine = create_engine(url)
    cfg = Config()
    cfg.set_main_option("script_location", str(ROOT / "extractor" / "migrations"))
    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            (command.downgrade if downgrade else command.upgrade)(cfg, revision)
            yield conn
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A new review store's URL: a SQLite file, and a fresh schema on the PostgreSQL test server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'review.db'}"
    else:
        yield from _pg_url()


@pytest.fixture
def store(url: str) -> Iterator[Store]:
    s = Store(url)
    yield s
    s.close()


#: A small 三公 table whose printed 合计 决算数 (18.50) is not the sum of its parts (18.60): one error flag.
SCAN_TABLE = (
    ["一般公共预算财政拨款“三公”经费支出决算表", "公开09表", "金额单位:万元"],
    [
        ["项目", "预算数", "决算数"],
        ["合计", "20.00", "18.50"],
        ["因公出国(境)费", "5.00", "4.00"],
        ["公务用车购置及运行费", "10.00", "9.00"],
        ["其中：公务用车购置费", "0.00", "0.00"],
        ["公务用车运行维护费", "10.00", "9.00"],
        ["公务接待费", "5.00", "5.60"],
    ],
)


@pytest.fixture(scope="session")
def scan(tmp_path_factory: pytest.TempPathFactory) -> DocResult:
    """``SCAN_TABLE`` rendered as a scanned page (PNG, a Debian CJK font) and read through OCR (cached)."""
    from PIL import ImageOps

    from eval.scans import FONTS, render_table

    need_service(any(Path(f).exists() for f, _ in FONTS), "no CJK font (fonts-wqy-microhei) to render a scan")
    img = render_table(*SCAN_TABLE)[0]
    x0, y0, x1, y1 = ImageOps.invert(img).getbbox() or (0, 0, img.width, img.height)
    path = tmp_path_factory.mktemp("scan") / "sangong_scan.png"
    img.crop((max(0, x0 - 30), max(0, y0 - 30), x1 + 30, y1 + 30)).save(path)
    return process(path)


#: ``ocr_repaired``: seed 000's 02表 row 206 total as printed, and as OCR damaged it (decimal point read as ':').
OCR_DOC, OCR_PRINTED, OCR_DAMAGED = "ocr_000", "1,550.75", "1,550:75"
OCR_KEY: tuple[Literal["income"], str, Literal["本年收入合计"]] = ("income", "206", "本年收入合计")


@pytest.fixture(scope="session")
def ocr_repaired(tmp_path_factory: pytest.TempPathFactory) -> DocResult:
    """Seed 000's tables as OCR plain text (``tests/test_ocr_text.py``) with the 206 income total printed
    ``1,550:75``: the rules repair it to 1550.75 (the identities confirm it) and raise ``ocr.repaired``."""
    from tests.test_ocr_text import S000, _first, _separator, ocr_text

    printed = _first(S000, "income", "206")[2]
    assert (printed, _separator(printed)) == (OCR_PRINTED, OCR_DAMAGED)

    def damage(table: str, first: str, k: int, cell: str) -> str | None:
        return OCR_DAMAGED if (table, first, k) == ("income", "206", 2) else None

    path = tmp_path_factory.mktemp("ocr") / f"{OCR_DOC}.txt"
    path.write_text(ocr_text(S000, damage), encoding="utf-8")
    res = process(path)
    [t] = [t for t in res.extraction.tables if t.table == OCR_KEY[0]]
    [a] = [r.cells[OCR_KEY[2]] for r in t.rows if r.row == OCR_KEY[1]]
    assert (a.confidence, a.repaired_from, a.plain()) == ("repaired", OCR_DAMAGED, "1550.75")
    return res


# ---------------------------------------------------------------------------------------------
# Prose whose digits a converter printed on a line below the words (pdfplumber: the digits sit a little lower)

_PROSE_FIGURE = re.compile(r"\d+(?:\.\d+)?%?")


def digits_below(text: str) -> str:
    """The prose as pdfplumber prints it when a report's digits sit a little lower than its words: each line's
    figures moved to a line of their own below it, a space left where each one was."""
    out: list[str] = []
    for line in text.split("\n"):
        figures = _PROSE_FIGURE.findall(line)
        if "\t" in line or not figures or not re.search(r"[\u4e00-\u9fff]{4}", line) or "  " in line:
            out.append(line)
            continue
        out += [_PROSE_FIGURE.sub(" ", re.sub(r"(?<=\d) (?=[\u4e00-\u9fff%])| (?=\d)", "", line)), " ".join(figures)]
    return "\n".join(out)


def digits_below_at_columns(text: str, width: int = 36) -> str:
    """The prose as a converter that keeps columns prints it (pdfplumber's ``extract_text(layout=True)``) when a
    report's digits sit a little lower than its words: lines wrapped at ``width`` characters behind a margin,
    each line's figures on the line right below at the columns of the gaps they left (a gap a little wider
    than its figure, as the words before it print wider than their columns)."""
    out: list[str] = []
    for line in text.split("\n"):
        if "\t" in line or not _PROSE_FIGURE.search(line) or not re.search(r"[\u4e00-\u9fff]{4}", line) or "  " in line:
            out.append(line)
            continue
        line = re.sub(r"(?<=\d) (?=[\u4e00-\u9fff%])| (?=\d)", "", line)
        start = 0
        while start < len(line):
            cut = min(start + width, len(line))
            while start + 1 < cut < len(line) and (line[cut - 1].isdigit() or line[cut].isdigit() or line[cut] in ".%"):
                cut -= 1  # the page never breaks inside a figure
            words, below = " " * 10, ""
            for part in re.split(f"({_PROSE_FIGURE.pattern})", line[start:cut]):
                if _PROSE_FIGURE.fullmatch(part):
                    below += " " * (len(words) + 1 - len(below)) + part
                    words += " " * (len(part) + 3)
                else:
                    words += part
            out += [words.rstrip(), below] if below else [words]
            start = cut
    return "\n".join(out)

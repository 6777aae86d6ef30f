"""Scanned reports in: PDFs (text layer or scanned), images, OCR with offline models, provenance, errors."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from PIL import Image, ImageOps

import extractor.ocr as ocr
from eval.scans import FONTS, render_seed, render_table, run_level, save_pdf
from extractor.checks import run_checks
from extractor.errors import InputError
from extractor.export import load_facts
from extractor.ingest import ingest
from extractor.ocr import engines
from extractor.pipeline import process
from extractor.schemas import OcrProvenance
from tests.conftest import ROOT, need_service, seed_path

needs_ocr = pytest.mark.usefixtures("cjk_font")  # rapidocr is a dependency; the font is a Debian package


@pytest.fixture
def cjk_font() -> None:
    need_service(any(Path(f).exists() for f, _ in FONTS), "no Debian CJK font (fonts-wqy-microhei or fonts-noto-cjk)")


@pytest.fixture
def tesseract() -> None:
    need_service(bool(engines.shutil.which("tesseract")), "tesseract-ocr is not installed")


DATA = Path(__file__).parent / "data"
SMALL_TABLE = (
    ["收入决算表", "公开02表", "金额单位:万元"],
    [
        ["科目编码", "科目名称", "本年收入合计", "财政拨款收入", "其他收入"],
        ["206", "科学技术支出", "1,550.75", "1,550.75", ""],
        ["20601", "科学技术管理事务", "718.64", "", "718.64"],
    ],
)


def _trim(img: Image.Image, margin: int = 30) -> Image.Image:
    """The printed part of a rendered A4 page: smaller images OCR faster."""
    x0, y0, x1, y1 = ImageOps.invert(img).getbbox() or (0, 0, img.width, img.height)
    return img.crop((max(0, x0 - margin), max(0, y0 - margin), x1 + margin, y1 + margin))


@pytest.fixture(scope="module")
def small_png(tmp_path_factory: pytest.TempPathFactory) -> Path:
    p = tmp_path_factory.mktemp("scan") / "small.png"
    _trim(render_table(*SMALL_TABLE)[0]).save(p)
    return p


@needs_ocr
def test_models_ship_inside_the_wheel_and_nothing_is_downloaded(
    monkeypatch: pytest.MonkeyPatch, small_png: Path
) -> None:
    import rapidocr

    models = Path(rapidocr.__file__).parent / "models"
    onnx = sorted(p.name for p in models.glob("*.onnx"))
    assert any("det" in n for n in onnx) and any("rec" in n for n in onnx), onnx

    def no_network(*args: object, **kwargs: object) -> None:
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(engines, "_INSTANCES", {})  # a fresh engine: models load with the network off
    boxes = ocr.get_engine("rapidocr").read(Image.open(small_png).convert("L"))
    assert "科学技术支出" in [b.text for b in boxes]


@needs_ocr
def test_png_table_rebuilt_as_tab_rows_with_blanks(small_png: Path) -> None:
    src = ingest(small_png)
    assert src.encoding == "ocr-rapidocr"
    lines = src.text.splitlines()
    assert "206\t科学技术支出\t1,550.75\t1,550.75\t" in lines
    assert "20601\t科学技术管理事务\t718.64\t\t718.64" in lines
    # every character read keeps page, box and confidence
    assert src.ocr is not None
    i = src.text.index("718.64")
    run = src.ocr.run_at(i)
    assert run is not None and run.page == 1 and 0.9 < run.score <= 1
    assert src.text[run.start : run.end] == "718.64"
    crop = ocr.crop(small_png, src.ocr, i, i + 6)
    assert 40 < crop.width < 300 and 20 < crop.height < 120


@needs_ocr
def test_scanned_pdf_of_seed_tables_scores(tmp_path: Path) -> None:
    """The CI-sized scan evaluation: two lightly noised pages of seed 000, read back through the pipeline."""
    golden = load_facts(ROOT / "eval" / "golden")
    r = run_level([seed_path("000_d2cac5324267c124")], 1, tmp_path, golden, "rapidocr", ["income", "three_public"])
    assert r["pages"] == 2
    assert r["not_on_page"] == 0, r["not_on_page_facts"]
    assert r["f1"] >= 0.95, (r["missing"], r["wrong"], r["spurious"])


def test_pdf_text_layer_is_read_without_ocr(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_ocr(name: str = "") -> None:
        raise AssertionError("a page with a text layer must not be OCR'd")

    monkeypatch.setattr(ocr, "get_engine", no_ocr)
    res = process(DATA / "text_layer.pdf")
    assert res.source.encoding == "pdf-text"
    got = {(f.row, f.col): f.value for f in res.facts}
    assert got[("合计", "决算数")] == "10.30"
    assert got[("公务接待费", "预算数")] == "4.50"
    assert len(got) == 12
    prov = res.source.ocr
    assert prov is not None and prov.pages[0].method == "text-layer"
    f = next(f for f in res.facts if f.row == "合计" and f.col == "决算数")
    page, bbox = prov.locate(f.span[0])  # type: ignore[index,misc]
    assert page == 1 and bbox[0] > 0


def test_corrupt_pdf_is_one_clear_line(tmp_path: Path) -> None:
    p = tmp_path / "broken.pdf"
    p.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage")
    with pytest.raises(InputError) as exc:
        ingest(p)
    msg = str(exc.value)
    assert msg.startswith(str(p)) and "not a readable PDF" in msg and "\n" not in msg


@needs_ocr
def test_image_without_text_is_one_clear_line(tmp_path: Path) -> None:
    p = tmp_path / "blank.png"
    Image.new("L", (600, 800), 255).save(p)
    with pytest.raises(InputError, match=r"blank\.png: no text found"):
        ingest(p)


@needs_ocr
def test_page_whose_recognition_failed_fails_the_file_naming_the_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """rapidocr returns its detection alone when its recognition step raises: that page's text is unknown, so
    the file fails with its name and the page, rather than being read as if the page were blank."""
    import numpy as np
    from rapidocr.ch_ppocr_det.utils import TextDetOutput

    p = tmp_path / "scan.png"
    Image.new("L", (600, 800), 255).save(p)
    engine = engines.get_engine("rapidocr")
    boxes = np.array([[[10, 10], [200, 10], [200, 40], [10, 40]]], dtype=np.float32)
    monkeypatch.setattr(engine, "_ocr", lambda *a, **k: TextDetOutput(boxes=boxes, scores=[0.9]))
    with pytest.raises(InputError) as exc:
        ingest(p)
    msg = str(exc.value)
    assert msg.startswith(f"{p}: page 1: rapidocr found 1 text regions but recognised no text") and "\n" not in msg


def test_file_that_is_not_an_image(tmp_path: Path) -> None:
    p = tmp_path / "fake.jpg"
    p.write_text("not a picture", encoding="utf-8")
    with pytest.raises(InputError, match=r"fake\.jpg: is not a readable image"):
        ingest(p)


@needs_ocr
def test_scanned_pdf_pages_are_ocrd(tmp_path: Path) -> None:
    pages, _ = render_seed(seed_path("000_d2cac5324267c124"), 0, kinds=["three_public"])
    pdf = tmp_path / "scan.pdf"
    save_pdf([_trim(p) for p in pages], pdf)
    src = ingest(pdf)
    assert src.encoding == "ocr-rapidocr"
    assert src.ocr is not None and [p.method for p in src.ocr.pages] == ["ocr"]
    assert "财政拨款" in src.text and "\t" in src.text


def test_unknown_engine_is_a_config_error() -> None:
    from extractor.errors import ConfigError

    with pytest.raises(ConfigError, match="unknown OCR engine 'nope'; available: rapidocr, tesseract"):
        ocr.get_engine("nope")


@needs_ocr
@pytest.mark.usefixtures("tesseract")
def test_tesseract_fallback_engine(small_png: Path) -> None:
    boxes = ocr.get_engine("tesseract").read(Image.open(small_png).convert("L"))
    text = "".join(b.text for b in boxes)
    assert "718.64" in text or "1,550.75" in text


def test_low_confidence_numbers_are_flagged() -> None:
    res = process(seed_path("000_d2cac5324267c124"))
    fact = next(f for f in res.facts if f.table == "income")
    other = next(f for f in res.facts if f.table == "expenditure")
    assert fact.span is not None and other.span is not None
    runs = [
        {"start": fact.span[0], "end": fact.span[1], "page": 2, "bbox": [10, 20, 90, 40], "score": 0.62},
        {"start": other.span[0], "end": other.span[1], "page": 3, "bbox": [10, 20, 90, 40], "score": 0.99},
    ]
    ex = res.extraction.model_copy(
        update={"ocr": OcrProvenance.model_validate({"engine": "rapidocr", "pages": [], "runs": runs})}
    )
    flags = [f for f in run_checks(ex) if f.check == "ocr.low_confidence"]
    assert len(flags) == 1
    assert flags[0].severity == "warning" and "0.62" in flags[0].message and "page 2" in flags[0].message
    assert (flags[0].facts[0].table, flags[0].facts[0].row) == (fact.table, fact.row)
    # a text report carries no provenance: the check stays silent
    assert not [f for f in run_checks(res.extraction) if f.check == "ocr.low_confidence"]


@needs_ocr
def test_extract_a_scan_keeps_its_ocr_text_and_provenance(tmp_path: Path) -> None:
    """The CLI on a scanned PDF: facts whose spans index the OCR text written beside them, provenance in
    the extraction, and `check` re-running on that text."""
    import json
    import subprocess
    import sys

    pages, _ = render_seed(seed_path("002_846b8c47d01900a7"), 1, kinds=["three_public"])
    pdf = tmp_path / "scan.pdf"
    save_pdf(pages, pdf)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "extractor"]
    res = subprocess.run(
        [*cmd, "extract", pdf, "--out", out, "--ocr-engine", "rapidocr"], capture_output=True, text=True
    )
    assert res.returncode == 0, res.stderr
    text = (out / "scan.ocr.txt").read_text(encoding="utf-8")
    facts = [json.loads(line) for line in (out / "scan.facts.jsonl").read_text().splitlines()]
    assert {f["row"] for f in facts if f["table"] == "three_public"} >= {"合计", "公务用车运行维护费"}
    for f in facts:
        assert text[f["span"][0] : f["span"][1]].replace(",", "").strip() == f["value"]
    extraction = json.loads((out / "scan.json").read_text(encoding="utf-8"))
    assert extraction["ocr"]["engine"] == "rapidocr" and extraction["ocr"]["runs"]
    assert subprocess.run([*cmd, "check", out], capture_output=True, text=True).returncode == 0

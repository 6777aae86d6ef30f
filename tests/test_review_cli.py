"""The review commands end to end on seed 000: extract --db, list, show, fix, log, export --db, promote,
adduser — and the four review-safety cases of the audit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor.cli import app
from extractor.pipeline import DocResult
from extractor.store import Store
from tests.conftest import OCR_DAMAGED, OCR_KEY, flag_id, seed_path

DOC = "000_d2cac5324267c124"
TOTAL = "basic_by_economic/公用经费合计/决算数"
ITEM_302 = "basic_by_economic/302/决算数"
STAFF = "basic_by_economic/人员经费合计/决算数"
runner = CliRunner()


def _ok(*args: str, stdin: str | None = None) -> str:
    r = runner.invoke(app, list(args), input=stdin)
    assert r.exit_code == 0, (r.output, r.exception)
    return r.stdout


def _fails(*args: str) -> str:
    """A refused command: exit code 2 and one ``error:`` line (what `python -m extractor` prints)."""
    r = runner.invoke(app, list(args))
    assert r.exit_code != 0, r.output
    exc = r.exception
    assert exc is not None and not isinstance(exc, SystemExit | AssertionError), r.output
    line = str(exc)
    assert "\n" not in line
    return line


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'r.db'}"
    _ok("extract", str(seed_path(DOC)), "--out", str(tmp_path / "out"), "--db", url)
    return url


def _flags(db: str, *args: str) -> list[dict]:
    return json.loads(_ok("review", "list", "--db", db, "--status", "all", "--flags", "--json", *args))


def _value(db: str, key: str, doc: str = DOC) -> str:
    with Store(db) as s:
        return next(f["value"] for f in s.facts(doc) if f"{f['table']}/{f['row']}/{f['col']}" == key)


def test_review_workflow_on_seed_000(db: str, tmp_path: Path) -> None:
    listed = json.loads(_ok("review", "list", "--db", db, "--severity", "error", "--flags", "--json"))
    flag = flag_id(listed, "economic.subtotals", TOTAL, ITEM_302)
    assert next(f for f in listed if f["id"] == flag)["status"] == "open"
    assert flag in _ok("review", "list", "--db", db, "--doc", DOC, "--flags")
    shown = _ok("review", "show", flag, "--db", db)
    assert f"--fact {TOTAL}  = 130.6 万元  (extracted, version 1)" in shown and f"--fact {ITEM_302}" in shown

    out = _ok("review", "fix", flag, "--value", "130.68", "--fact", TOTAL, "--reason", "OCR dropped a digit",
              "--reviewer", "ann", "--db", db)  # fmt: skip
    assert "130.6 → 130.68" in out and f"resolved: {flag}" in out
    errors = json.loads(_ok("review", "list", "--db", db, "--severity", "error", "--flags", "--json"))
    assert flag not in [f["id"] for f in errors]
    assert all(TOTAL not in {f"{x['table']}/{x['row']}/{x['col']}" for x in f["facts"]} for f in errors)

    log = json.loads(_ok("review", "log", "--db", db, "--json"))
    fix = [e for e in log if e["action"] == "fix"]
    assert len(fix) == 1
    assert {k: fix[0][k] for k in ("flag", "fact", "old", "new", "actor", "reason")} == {
        "flag": flag, "fact": TOTAL, "old": "130.6", "new": "130.68", "actor": "ann", "reason": "OCR dropped a digit"
    }  # fmt: skip

    stale = _fails("review", "fix", flag, "--value", "1", "--fact", TOTAL, "--reason", "r", "--reviewer", "bob",
                   "--version", "1", "--db", db)  # fmt: skip
    assert "ann" in stale and "130.68" in stale
    unasked = _fails("review", "fix", flag, "--value", "1", "--fact", TOTAL, "--reason", "r", "--reviewer", "bob",
                     "--db", db)  # fmt: skip
    assert "ann" in unasked and "--version 2" in unasked
    assert _value(db, TOTAL) == "130.68"

    csv = _ok("export", "--db", db, "--format", "csv")
    assert csv.splitlines()[0].endswith("source,extracted_value,version")
    assert f"{DOC},basic_by_economic,公用经费合计,决算数,130.68,万元,68618,68623,corrected,130.6,2" in csv
    facts = [json.loads(line) for line in _ok("export", "--db", db, "--format", "facts").splitlines()]
    assert {"value": "130.68", "source": "corrected"}.items() <= next(
        f for f in facts if f["row"] == "公用经费合计"
    ).items()

    _ok("review", "promote", DOC, "--db", db, "--to", str(tmp_path / "golden"))
    golden = (tmp_path / "golden" / f"{DOC}.facts.jsonl").read_text(encoding="utf-8")
    assert '"row": "公用经费合计", "col": "决算数", "value": "130.68"' in golden

    _ok("review", "adduser", "ann", "--db", db, "--password-stdin", stdin="a long password\n")
    with Store(db) as s:
        assert s.verify_user("ann", "a long password")
    assert "removed" in _ok("review", "deluser", "ann", "--db", db)


def test_one_item_per_suspect_accepted_with_one_command_and_undone(db: str) -> None:
    """Seed 000's truncated 公用经费合计: one review item for its four errors, in Chinese by default."""
    [item] = json.loads(_ok("review", "list", "--db", db, "--severity", "error", "--json"))
    assert len(item["flags"]) == 4 and item["suggested"]["value"] == "130.68"
    assert f"{item['suspect']['table']}/{item['suspect']['row']}/{item['suspect']['col']}" == TOTAL
    line = _ok("review", "list", "--db", db, "--severity", "error").strip()
    assert (
        line.startswith(item["id"]) and "06表 公用经费合计 决算数 = 130.6 —— 4 项检查不一致；建议 130.68（Σ 302" in line
    )
    english = _ok("review", "show", item["id"], "--db", db, "--lang", "en")
    assert f"{TOTAL} = 130.6 — 4 checks disagree; suggested 130.68 (Σ 302 = 130.68" in english
    assert "basic_by_economic 公用经费合计: 130.6 ≠ 302 = 130.68" in english
    out = _ok("review", "accept", item["id"], "--reviewer", "ann", "--db", db)
    assert "130.6 → 130.68" in out and out.count("resolved:") == 4
    assert json.loads(_ok("review", "list", "--db", db, "--severity", "error", "--json")) == []
    accepted = [e for e in json.loads(_ok("review", "log", "--db", db, "--json")) if e["action"] == "accept"]
    assert len(accepted) == 1 and accepted[0]["suggestion"]["value"] == "130.68"
    assert "130.68 → 130.6" in _ok("review", "undo", "--reviewer", "ann", "--db", db)
    assert _value(db, TOTAL) == "130.6"
    assert "unknown language" in _fails("review", "list", "--db", db, "--lang", "fr")


def test_a_fix_without_fact_on_a_flag_with_several_facts_is_refused(db: str) -> None:
    """The audit: `review fix` of cross.basic_vs_economic without --fact overwrote a correct 1070.89."""
    cross = flag_id(_flags(db), "cross.basic_vs_economic", STAFF)
    before = {key: _value(db, key) for key in (STAFF, TOTAL)}
    line = _fails("review", "fix", cross, "--value", "130.68", "--reason", "r", "--reviewer", "ann", "--db", db)
    assert "--fact" in line and STAFF in line and TOTAL in line
    assert {key: _value(db, key) for key in (STAFF, TOTAL)} == before


@pytest.mark.parametrize("value", ["1e-10000000", "1e999999999999999999", "1_000", "٣"])
def test_a_value_that_is_not_a_plain_decimal_is_refused(db: str, tmp_path: Path, value: str) -> None:
    flag = flag_id(_flags(db), "economic.subtotals", TOTAL, ITEM_302)
    size = (tmp_path / "r.db").stat().st_size
    line = _fails("review", "fix", flag, "--value", value, "--fact", TOTAL, "--reason", "r", "--reviewer", "ann",
                  "--db", db)  # fmt: skip
    assert "not a plain decimal" in line and len(line) < 400
    assert _value(db, TOTAL) == "130.6" and (tmp_path / "r.db").stat().st_size == size


def test_other_content_under_a_known_name_is_another_document(db: str, tmp_path: Path) -> None:
    """The audit: a different report under the same file name silently got the first one's corrections."""
    flag = flag_id(_flags(db), "economic.subtotals", TOTAL, ITEM_302)
    _ok("review", "fix", flag, "--value", "130.68", "--fact", TOTAL, "--reason", "r", "--reviewer", "ann", "--db", db)
    other = tmp_path / "other" / f"{DOC}.txt"
    other.parent.mkdir()
    other.write_text(seed_path(DOC).read_text(encoding="utf-8").replace("2023", "2O23", 1), encoding="utf-8")
    r = runner.invoke(app, ["extract", str(other), "--out", str(tmp_path / "out2"), "--db", db])
    assert r.exit_code == 0, r.output
    docs = json.loads((tmp_path / "out2" / "run.json").read_text(encoding="utf-8"))["inputs"]
    new_doc = docs[0]["store_doc"]
    assert new_doc.startswith(f"{DOC}-") and f"loaded as {new_doc}" in r.stderr
    assert _value(db, TOTAL, new_doc) == "130.6"  # not ann's correction: she made it on other content
    assert _value(db, TOTAL) == "130.68"


def test_the_log_escapes_control_characters(db: str) -> None:
    flag = flag_id(_flags(db), "economic.subtotals", TOTAL, ITEM_302)
    forged = "ok\n2026-01-01T00:00:00+00:00\tadmin\tfix\tforged line"
    _ok("review", "dismiss", flag, "--reason", forged, "--reviewer", "ann", "--db", db)
    lines = _ok("review", "log", "--db", db).splitlines()
    dismiss = [line for line in lines if "\tdismiss\t" in line]
    assert len(dismiss) == 1 and dismiss[0].endswith("ok\\n2026-01-01T00:00:00+00:00\\tadmin\\tfix\\tforged line")
    assert not [line for line in lines if line.startswith("2026-01-01T00:00:00+00:00\tadmin")]
    assert _fails("review", "dismiss", flag, "--reason", "\x1b[2J", "--reviewer", "ann", "--db", db)
    assert "reserved" in _fails("review", "confirm", flag, "--reason", "r", "--reviewer", "recheck", "--db", db)


def test_a_deleted_store_is_one_line_and_a_read_only_one_lists(db: str, tmp_path: Path) -> None:
    gone = f"sqlite:///{tmp_path / 'gone.db'}"
    assert "no review store" in _fails("review", "list", "--db", gone)
    assert not (tmp_path / "gone.db").exists()
    ro = f"sqlite:///file:{tmp_path / 'r.db'}?mode=ro&uri=true"
    flags = json.loads(_ok("review", "list", "--db", ro, "--json"))
    assert flags
    line = _fails("review", "dismiss", flags[0]["id"], "--reason", "r", "--reviewer", "ann", "--db", ro)
    assert "read-only" in line


def test_review_list_by_how_values_were_read(tmp_path: Path, ocr_repaired: DocResult) -> None:
    """OCR text whose 206 total printed ``1,550:75``: its item is listed by --confidence repaired, the others not;
    the subtotal printed ``130.6`` (≠ 302's 130.68) by --confidence identity_fails; `review show` says how each
    fact was read; an unknown confidence is a one-line error."""
    db = f"sqlite:///{tmp_path / 'r.db'}"
    _ok("extract", str(ocr_repaired.source.path), "--out", str(tmp_path / "out"), "--db", db)
    everything = json.loads(_ok("review", "list", "--db", db, "--json"))
    [item] = json.loads(_ok("review", "list", "--db", db, "--confidence", "repaired", "--json"))
    assert len(everything) > 2 and item["id"] in [i["id"] for i in everything]
    # the reader called 130.6 clean (no identity it solved with involved it); economic.subtotals fails for it
    [failing] = json.loads(_ok("review", "list", "--db", db, "--confidence", "identity_fails", "--json"))
    assert {(f["row"], f["value"], f["confidence"]) for g in failing["flags"] for f in g["facts"]} >= {
        ("公用经费合计", "130.6", "identity_fails"),
    }
    both = json.loads(_ok("review", "list", "--db", db, "--confidence", "repaired,identity_fails", "--json"))
    assert sorted(i["id"] for i in both) == sorted([item["id"], failing["id"]])
    [flag] = item["flags"]
    assert flag["check"] == "ocr.repaired"
    [fact] = flag["facts"]
    assert ((fact["table"], fact["row"], fact["col"]), fact["confidence"], fact["repaired_from"]) == (
        OCR_KEY, "repaired", OCR_DAMAGED,
    )  # fmt: skip
    assert [f["id"] for f in _flags(db, "--confidence", "repaired")] == [flag["id"]]
    assert _ok("review", "list", "--db", db, "--confidence", "reviewer") == ""
    shown = _ok("review", "show", item["id"], "--db", db)
    key = "/".join(OCR_KEY)
    assert f"--fact {key}  = 1550.75 万元  (extracted, version 1)  OCR修复（原件印为 {OCR_DAMAGED}）" in shown
    [subtotal] = json.loads(_ok("review", "list", "--db", db, "--severity", "error", "--json"))
    english = _ok("review", "show", subtotal["id"], "--db", db, "--lang", "en")
    assert f"--fact {TOTAL}  = 130.6 万元  (extracted, version 1)  identity fails" in english
    assert f"--fact {ITEM_302}  = 130.68 万元  (extracted, version 1)  confirmed by identity" in english

    _ok("review", "fix", item["id"], "--value", "1550.75", "--reason", "read on the page", "--reviewer", "ann",
        "--db", db)  # fmt: skip
    shown = _ok("review", "show", item["id"], "--db", db, "--lang", "en")
    assert f"(corrected, version 2)  set by reviewer (read as: OCR repaired (printed {OCR_DAMAGED}))" in shown
    assert [i["id"] for i in json.loads(_ok("review", "list", "--db", db, "--status", "all", "--confidence",
                                            "reviewer", "--json"))] == [item["id"]]  # fmt: skip

    bad = _fails("review", "list", "--db", db, "--confidence", "repaired,ocr")
    assert bad.startswith("unknown confidence 'ocr'") and "identity_fails" in bad

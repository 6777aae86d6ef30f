"""The review store on SQLite and on a real PostgreSQL server (EXTRACTOR_TEST_PG_URL): the same behaviour on both."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from extractor.errors import ConfigError
from extractor.pipeline import DocResult
from extractor.schemas.report import BasicByEconomicTable
from extractor.store import ConflictError, NotFoundError, Store, StoreError, parse_value
from tests.conftest import OCR_DAMAGED, OCR_KEY, flag_id, schema_at, seed_result

DOC = "000_d2cac5324267c124"
TOTAL = "basic_by_economic/公用经费合计/决算数"  # printed 130.6; 302 alone is 130.68
ITEM_302 = "basic_by_economic/302/决算数"
STAFF = "basic_by_economic/人员经费合计/决算数"


def _load(store: Store, doc_text: str | None = None, sha: str | None = None, name: str = DOC) -> str:
    r = seed_result(DOC)
    ex = r.extraction.model_copy(deep=True, update={"doc": name})
    loaded = store.load_document(ex, doc_text or r.source.text, sha or r.source.sha256, path=f"{name}.txt")
    return loaded.doc


def _subtotal(store: Store, doc: str = DOC) -> str:
    return flag_id(store.flags(doc=doc, status="all"), "economic.subtotals", TOTAL, ITEM_302)


def _fact(store: Store, key: str, doc: str = DOC) -> dict:
    return next(f for f in store.facts(doc) if f"{f['table']}/{f['row']}/{f['col']}" == key)


def test_load_lists_the_subtotal_error(store: Store) -> None:
    _load(store)
    errors = {f.flag.id: f for f in store.flags(doc=DOC, severity="error")}
    flag = _subtotal(store)
    assert errors[flag].status == "open"
    assert store.documents()[0]["open"]["error"] == len(errors)


def test_fix_closes_the_flag_and_is_audited(store: Store) -> None:
    _load(store)
    flag = _subtotal(store)
    res = store.fix(flag, "130.68", reviewer="ann", reason="302 alone is 130.68", fact=TOTAL)
    assert flag in res["resolved"]
    assert store.flag(flag).status == "resolved"
    fact = _fact(store, TOTAL)
    assert (fact["value"], fact["source"], fact["extracted_value"], fact["version"]) == (
        "130.68",
        "corrected",
        "130.6",
        2,
    )
    for v in store.flags(doc=DOC, severity="error"):  # no open error still names the fixed fact
        assert all(f"{x.table}/{x.row}/{x.col}" != TOTAL for x in v.flag.facts), v.flag.message
    fix = [e for e in store.log() if e["action"] == "fix"]
    assert fix == [
        {**fix[0], "actor": "ann", "flag": flag, "fact": TOTAL, "old": "130.6", "new": "130.68",
         "reason": "302 alone is 130.68"}
    ]  # fmt: skip
    assert any(e["action"] == "resolve" and e["flag"] == flag for e in store.log())


def test_a_flag_with_several_facts_needs_the_fact_named(store: Store) -> None:
    _load(store)
    flag = _subtotal(store)
    with pytest.raises(StoreError) as exc:
        store.fix(flag, "130.68", reviewer="ann", reason="which one?")
    assert TOTAL in str(exc.value) and ITEM_302 in str(exc.value) and "--fact" in str(exc.value)
    assert _fact(store, ITEM_302)["value"] == "130.68" and _fact(store, TOTAL)["value"] == "130.6"
    assert not [e for e in store.log() if e["action"] == "fix"]


def test_stale_version_is_refused_with_the_winning_change(store: Store) -> None:
    _load(store)
    flag = _subtotal(store)
    v = _fact(store, TOTAL)["version"]
    store.fix(flag, "130.68", reviewer="ann", reason="first", fact=TOTAL, expected_version=v)
    with pytest.raises(ConflictError) as exc:
        store.fix(flag, "130.69", reviewer="bob", reason="second", fact=TOTAL, expected_version=v)
    assert "ann" in str(exc.value) and "130.68" in str(exc.value)
    assert exc.value.change["reviewer"] == "ann"
    assert _fact(store, TOTAL)["value"] == "130.68"
    assert [e["actor"] for e in store.log() if e["action"] == "fix"] == ["ann"]


def test_without_a_version_a_reviewers_change_is_not_overwritten(store: Store) -> None:
    _load(store)
    flag = _subtotal(store)
    store.fix(flag, "130.68", reviewer="ann", reason="misprint", fact=TOTAL)
    with pytest.raises(ConflictError) as exc:
        store.fix(flag, "131", reviewer="bob", reason="mine", fact=TOTAL)
    assert "ann" in str(exc.value) and "misprint" in str(exc.value) and "--version 2" in str(exc.value)
    assert _fact(store, TOTAL)["value"] == "130.68"
    store.fix(flag, "130.69", reviewer="bob", reason="seen ann's", fact=TOTAL, expected_version=2)
    assert _fact(store, TOTAL)["value"] == "130.69"


def test_a_new_inconsistency_opens_a_new_flag(store: Store) -> None:
    _load(store)
    cross = flag_id(store.flags(doc=DOC), "cross.basic_vs_economic", STAFF)
    # a wrong "fix" of 人员经费合计 breaks 人员经费合计 = 301 + 303, which held: a new error flag opens
    res = store.fix(cross, "950.22", reviewer="ann", reason="typo?", fact=STAFF)
    opened = [store.flag(f) for f in res["opened"]]
    assert any(v.flag.check == "economic.subtotals" and v.flag.severity == "error" for v in opened), res
    assert all(v.status == "open" for v in opened)


def test_confirmed_and_dismissed_flags_keep_their_status(store: Store) -> None:
    _load(store)
    flag = _subtotal(store)
    store.confirm(flag, reviewer="ann", reason="the report prints it so")
    other = next(v.flag.id for v in store.flags(doc=DOC, severity="error") if v.flag.id != flag)
    store.dismiss(other, reviewer="ann", reason="false alarm")
    _load(store)  # a new run of the same document
    assert store.flag(flag).status == "confirmed"
    assert store.flag(other).status == "dismissed"
    with pytest.raises(ConflictError):
        store.dismiss(flag, reviewer="bob", reason="again")


def test_reload_reapplies_corrections(store: Store) -> None:
    _load(store)
    flag = _subtotal(store)
    store.fix(flag, "130.68", reviewer="ann", reason="misprint", fact=TOTAL)
    _load(store)
    assert _fact(store, TOTAL)["value"] == "130.68"
    assert store.flag(flag).status == "resolved"
    assert store.extraction(DOC).table("basic_by_economic") is not None


def test_other_content_under_the_same_name_is_another_document(store: Store) -> None:
    _load(store)
    store.fix(_subtotal(store), "130.68", reviewer="ann", reason="misprint", fact=TOTAL)
    original = seed_result(DOC).source.text
    other = original.replace("2023", "2O23", 1)  # another edition of the report: other bytes, same name
    doc2 = _load(store, other, "f" * 64)
    assert doc2 == f"{DOC}-ffffffffffff"
    assert _fact(store, TOTAL, doc2) == {**_fact(store, TOTAL, doc2), "value": "130.6", "source": "extracted"}
    assert store.flag(_subtotal(store, doc2)).status == "open"  # ann's fix is not applied to it
    assert _fact(store, TOTAL)["value"] == "130.68"  # and her document keeps it
    assert store.document(doc2)["name"] == DOC and store.text(doc2) == other
    assert store.text(DOC) == original
    # the same content under another file name is the same document
    assert _load(store, name="renamed_copy") == DOC


def test_a_correction_is_not_applied_to_a_fact_read_elsewhere(store: Store) -> None:
    _load(store)
    store.fix(_subtotal(store), "130.68", reviewer="ann", reason="misprint", fact=TOTAL)
    r = seed_result(DOC)
    ex = r.extraction.model_copy(deep=True)
    cells = ex.table("basic_by_economic")
    assert isinstance(cells, BasicByEconomicTable)
    row = next(x for x in cells.rows if x.row == "公用经费合计")
    a = row.cells["决算数"]
    row.cells["决算数"] = a.model_copy(update={"span": (a.span[0] - 1, a.span[1] - 1)})  # a new reading moved it
    store.load_document(ex, r.source.text, r.source.sha256, path="again.txt")
    fact = _fact(store, TOTAL)
    assert (fact["value"], fact["source"]) == ("130.6", "extracted")
    assert [e["fact"] for e in store.log() if e["action"] == "unapply"] == [TOTAL]
    assert [e["new"] for e in store.log() if e["action"] == "fix"] == ["130.68"]  # kept in the log


@pytest.mark.parametrize(
    "value",
    ["1e-10000000", "1e999999999999999999", "1E5", "1_000", "١٢٣", "+5", "1.2345678", "1234567890123456", "NaN",
     "Infinity", "0x10", "1,23", "1" * 100_000, "12 3", "", "1.2.3", "١".join("12")],
)  # fmt: skip
def test_values_are_plain_bounded_decimals(store: Store, value: str) -> None:
    _load(store)
    flag = _subtotal(store)
    with pytest.raises(StoreError, match="not a plain decimal") as exc:
        store.fix(flag, value, reviewer="ann", reason="x", fact=TOTAL)
    assert len(str(exc.value)) < 400
    assert _fact(store, TOTAL)["value"] == "130.6"


@pytest.mark.parametrize(
    ("value", "stored"),
    [("１３０．６８", "130.68"), ("1,903.01", "1903.01"), (" 130.680 ", "130.680"), ("-0", "0"), ("-12.5", "-12.5"),
     ("999999999999999.999999", "999999999999999.999999")],
)  # fmt: skip
def test_full_width_digits_and_thousands_commas_are_folded(value: str, stored: str) -> None:
    assert parse_value(value) == stored


@pytest.mark.parametrize(
    ("reviewer", "reason", "problem"),
    [("ann\nbob", "x", "printable"), ("token", "x", "reserved"), ("Recheck", "x", "reserved"), ("a" * 65, "x", "64"),
     ("ann", " ", "reason"), ("ann", "x" * 2001, "2000"), ("ann", "ok\x00", "control"), ("ann", "\x1b[2J", "control"),
     ("", "x", "reviewer")],
)  # fmt: skip
def test_names_and_reasons_are_checked(store: Store, reviewer: str, reason: str, problem: str) -> None:
    _load(store)
    flag = _subtotal(store)
    with pytest.raises(StoreError, match=problem):
        store.fix(flag, "130.68", reviewer=reviewer, reason=reason, fact=TOTAL)
    with pytest.raises(StoreError, match=problem):
        store.dismiss(flag, reviewer=reviewer, reason=reason)
    assert store.flag(flag).status == "open" and not [e for e in store.log() if e["action"] in ("fix", "dismiss")]


@pytest.mark.parametrize("bad", ["nope:123", "x" * 10_000, "economic.subtotals:\x00", "\x00"])
def test_unknown_ids_are_not_found_on_both_databases(store: Store, bad: str) -> None:
    _load(store)
    with pytest.raises(NotFoundError):
        store.dismiss(bad, reviewer="ann", reason="x")
    with pytest.raises(NotFoundError):
        store.flag(bad)
    with pytest.raises(NotFoundError):
        store.text(bad)
    assert store.flags(doc=bad) == [] and store.flags(check=bad) == [] and store.log(bad) == []


def test_users_are_hashed_and_checked(store: Store) -> None:
    assert store.add_user("ann", "correct horse")
    assert store.verify_user("ann", "correct horse")
    assert not store.verify_user("ann", "wrong password")
    assert not store.verify_user("nobody", "correct horse")
    assert not store.verify_user("x" * 10_000, "correct horse") and not store.verify_user("ann\x00", "x")
    for bad in ("token", "a\tb", ""):
        with pytest.raises(StoreError):
            store.add_user(bad, "correct horse")
    with pytest.raises(StoreError, match="8"):
        store.add_user("bob", "short")


def test_sessions_end_at_logout_password_change_and_removal(store: Store) -> None:
    store.add_user("ann", "correct horse")
    day, idle = timedelta(hours=12), timedelta(hours=2)
    t1, csrf = store.create_session("ann", day)
    assert store.session(t1, idle) == store.session(t1, idle)
    assert store.session(t1, idle).user == "ann" and store.session(t1, idle).csrf == csrf  # type: ignore[union-attr]
    store.end_session(t1)
    assert store.session(t1, idle) is None
    t2, _ = store.create_session("ann", day)
    assert not store.add_user("ann", "a new password")  # a password change ends every session
    assert store.session(t2, idle) is None
    t3, _ = store.create_session("ann", day)
    store.remove_user("ann")
    assert store.session(t3, idle) is None and not store.verify_user("ann", "a new password")
    store.add_user("bob", "correct horse")
    t4, _ = store.create_session("bob", timedelta(seconds=-1))  # expired
    assert store.session(t4, idle) is None
    assert store.session("forged", idle) is None and store.session("x" * 5000, idle) is None


def test_failed_logins_back_off_per_key(store: Store) -> None:
    keys = ["user:ann", "addr:10.0.0.1"]
    for _ in range(4):
        store.login_failed(keys)
    assert store.login_wait(keys) == 0
    store.login_failed(keys)
    assert 0 < store.login_wait(["user:ann"]) <= 1 and 0 < store.login_wait(["addr:10.0.0.1"]) <= 1
    for _ in range(20):
        store.login_failed(keys)
    assert 800 < store.login_wait(keys) <= 900  # doubling, capped at 15 minutes
    assert store.login_wait(["user:bob", "addr:10.0.0.2"]) == 0
    store.login_succeeded(keys)
    assert store.login_wait(keys) == 0


def test_promote_writes_a_golden_file_and_refuses_unknown_docs(store: Store, tmp_path: Path) -> None:
    _load(store)
    store.fix(_subtotal(store), "130.68", reviewer="ann", reason="misprint", fact=TOTAL)
    path, n, _ = store.promote(DOC, tmp_path / "golden")
    assert path == tmp_path / "golden" / f"{DOC}.facts.jsonl"
    assert n == len(store.facts(DOC)) and '"130.68"' in path.read_text(encoding="utf-8")
    with pytest.raises(NotFoundError):
        store.promote("../../etc/passwd", tmp_path / "golden")


def test_migrations_match_the_models(store: Store) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from extractor.store import Base

    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert [
        d for d in diff if not (isinstance(d, tuple) and d[0] == "remove_table" and d[1].name == "alembic_version")
    ] == []


def test_a_store_of_the_first_schema_is_migrated_with_its_review(url: str) -> None:
    """A store written before documents were their content: names and the content of corrections filled in."""
    with schema_at(url, "0001") as conn:
        now = "2025-01-01 00:00:00+00:00"
        conn.execute(text(f"INSERT INTO documents VALUES ('d', 'd.txt', '{'a' * 64}', 'text', '{now}', '{now}')"))
        conn.execute(
            text(
                "INSERT INTO corrections (doc_id, table_id, row_key, col_key, kind, old_value, new_value, reviewer, "
                f"reason, created_at) VALUES ('d', 't', 'r', 'c', 'fix', '1', '2', 'ann', 'why', '{now}')"
            )
        )
    with Store(url) as s:
        assert s.document("d")["name"] == "d"
        with s.engine.connect() as conn:
            assert conn.execute(text("SELECT sha256 FROM corrections")).scalar() == "a" * 64


def test_read_only_store_lists_and_refuses_changes_in_one_line(tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    with Store(f"sqlite:///{db}") as s:
        _load(s)
    with Store(f"sqlite:///file:{db}?mode=ro&uri=true", create=False) as ro:  # read-only even for root
        assert ro.flags(doc=DOC, severity="error")
        with pytest.raises(StoreError) as exc:
            ro.dismiss(_subtotal(ro), reviewer="ann", reason="x")
    assert "read-only" in str(exc.value) and "\n" not in str(exc.value)


def test_a_missing_store_is_an_error_not_a_new_empty_one(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no review store") as exc:
        Store(f"sqlite:///{tmp_path / 'gone.db'}", create=False)
    assert "\n" not in str(exc.value)
    assert not (tmp_path / "gone.db").exists()


def test_what_postgresql_refuses_is_refused_on_sqlite_too(store: Store) -> None:
    r = seed_result(DOC)
    ex = r.extraction.model_copy(deep=True)
    t = ex.table("basic_by_economic")
    assert t is not None
    t.rows[0].row = "长" * 600  # a hostile report's row label longer than the column
    with pytest.raises(StoreError, match=r"facts\.row_key: 600 characters, the store keeps at most 512"):
        store.load_document(ex, r.source.text, r.source.sha256, path="x.txt")
    assert store.documents() == []  # nothing half-loaded
    with pytest.raises(StoreError, match="NUL"):
        store.load_document(r.extraction.model_copy(deep=True), r.source.text + "\x00", "e" * 64, path="y.txt")


# -- how each fact was read (confidence) ------------------------------------------------------------
REPAIRED = "/".join(OCR_KEY)


def _load_ocr(store: Store, res: DocResult) -> str:
    ex = res.extraction.model_copy(deep=True)
    return store.load_document(ex, res.source.text, res.source.sha256, path=str(res.source.path)).doc


def test_each_fact_keeps_how_it_was_read_and_a_reviewers_value_says_so(store: Store, ocr_repaired: DocResult) -> None:
    doc = _load_ocr(store, ocr_repaired)
    fact = _fact(store, REPAIRED, doc)
    assert (fact["value"], fact["confidence"], fact["extracted_confidence"], fact["repaired_from"]) == (
        "1550.75", "repaired", "repaired", OCR_DAMAGED,
    )  # fmt: skip
    tables = Counter(f["confidence"] for f in store.facts(doc) if f["table"] not in ("narrative", "performance"))
    assert tables["repaired"] == 1 and tables["confirmed"] > 100 and None not in tables
    # 公用经费合计 printed 130.6 beside 302's 130.68: read as printed, and economic.subtotals fails for it
    assert _fact(store, "basic_by_economic/公用经费合计/决算数", doc)["confidence"] == "identity_fails"

    [item] = store.groups(doc=doc, confidence=frozenset({"repaired"}))
    assert [v.flag.check for v in item.flags] == ["ocr.repaired"]
    [involved] = item.to_json()["flags"][0]["facts"]
    assert (involved["confidence"], involved["repaired_from"]) == ("repaired", OCR_DAMAGED)
    assert [v.flag.check for v in store.flags(doc=doc, confidence=frozenset({"repaired"}))] == ["ocr.repaired"]
    assert len(store.groups(doc=doc)) > 1 and store.groups(doc=doc, confidence=frozenset({"reviewer"})) == []

    # the reviewer reads the page and enters the value: a person vouches for it now; the reading stays known
    res = store.act(item.id, "fix", reviewer="ann", reason="read on the page", value="1,550.75")
    assert res["resolved"] == [item.flags[0].flag.id]  # no longer a repair of the print: ocr.repaired closes
    fact = _fact(store, REPAIRED, doc)
    assert (fact["source"], fact["confidence"], fact["extracted_confidence"], fact["repaired_from"]) == (
        "corrected", "reviewer", "repaired", OCR_DAMAGED,
    )  # fmt: skip
    for wanted in ("reviewer", "repaired"):
        assert [g.id for g in store.groups(doc=doc, status="all", confidence=frozenset({wanted}))] == [item.id]
    assert store.groups(doc=doc, confidence=frozenset({"repaired"})) == []  # nothing open about it any more

    _load_ocr(store, ocr_repaired)  # the same content again: the correction and the reading are both kept
    assert _fact(store, REPAIRED, doc) == fact
    store.undo(reviewer="ann")  # the value is the reading's again, and so is the confidence
    assert _fact(store, REPAIRED, doc)["confidence"] == "repaired"
    assert store.group(item.id).status == "open"


def test_a_store_of_revision_0003_gets_each_facts_confidence_and_keeps_its_review(
    url: str, ocr_repaired: DocResult
) -> None:
    """Facts stored before 0004 get how they were read from the run that loaded them; every value, correction,
    flag status and audit entry a reviewer made is as it was."""
    with Store(url) as s:
        doc = _load_ocr(s, ocr_repaired)
        [subtotal] = s.groups(doc=doc, severity="error")
        s.act(subtotal.id, "accept", reviewer="ann")  # 公用经费合计 130.6 → 130.68
        [repaired] = s.groups(doc=doc, confidence=frozenset({"repaired"}))
        s.act(repaired.id, "confirm", reviewer="bob", reason="checked on the page")
        before = (s.facts(doc), s.log(doc), [v.to_json() for v in s.flags(doc=doc, status="all")])
    with schema_at(url, "0003", downgrade=True) as conn:
        assert "confidence" not in {c["name"] for c in inspect(conn).get_columns("facts")}
    with Store(url) as s:
        after = (s.facts(doc), s.log(doc), [v.to_json() for v in s.flags(doc=doc, status="all")])
        assert after == before
        assert _fact(s, REPAIRED, doc)["repaired_from"] == OCR_DAMAGED
        assert _fact(s, "basic_by_economic/公用经费合计/决算数", doc)["confidence"] == "reviewer"
        assert [g.id for g in s.groups(doc=doc, status="all", confidence=frozenset({"repaired"}))] == [repaired.id]

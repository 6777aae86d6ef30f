"""Review items: one per suspect fact, one audited action for all their flags, and undo — on SQLite and
PostgreSQL (the ``url``/``store`` fixtures of test_store)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from extractor.schemas.report import IncomeTable
from extractor.store import ConflictError, Group, Store, StoreError
from tests.conftest import schema_at, seed_result
from tests.test_store import DOC, TOTAL, _fact, _load

CHECKS = {"economic.subtotals", "cross.basic_vs_economic", "narrative.restates_table", "narrative.office_costs"}


def _item(s: Store) -> Group:
    """Seed 000's truncated 公用经费合计: the one review item of its four errors."""
    [g] = [g for g in s.groups(doc=DOC, severity="error")]
    return g


def _actions(s: Store) -> list[dict]:
    return [
        e
        for e in s.log(DOC)
        if e["actor"] not in ("extract", "recheck") and e["action"] not in ("open", "resolve", "reopen")
    ]


def test_the_four_errors_of_one_truncated_figure_are_one_item(store: Store) -> None:
    _load(store)
    g = _item(store)
    assert {v.flag.check for v in g.flags} == CHECKS
    assert g.suspect is not None and f"{g.suspect.table}/{g.suspect.row}/{g.suspect.col}" == TOTAL
    assert g.suspect.printed == "130.6"
    assert g.suggested is not None and g.suggested.value == "130.68"
    assert [x.id for x in store.groups(doc=DOC) if x.id == g.id] == [g.id]  # the queue lists it once
    assert store.group(g.id).versions() == g.versions()


def test_accepting_the_suggestion_resolves_the_item_audited_once(store: Store) -> None:
    _load(store)
    g = _item(store)
    res = store.act(g.id, "accept", reviewer="ann", versions=g.versions())
    assert (res["fact"], res["old"], res["new"]) == (TOTAL, "130.6", "130.68")
    assert set(res["resolved"]) == set(g.versions())
    assert _fact(store, TOTAL)["value"] == "130.68" and _fact(store, TOTAL)["source"] == "corrected"
    assert store.groups(doc=DOC, severity="error") == []
    [entry] = _actions(store)
    assert entry["action"] == "accept" and entry["actor"] == "ann" and entry["fact"] == TOTAL
    assert set(entry["flags"]) == set(g.versions())
    assert entry["suggestion"]["value"] == "130.68" and "Σ 302 = 130.68" in entry["reason"]
    assert all(v.status == "resolved" for v in store.group(g.id).flags)  # still shown together, closed


def test_a_changed_flag_refuses_the_whole_action(store: Store) -> None:
    _load(store)
    g = _item(store)
    one = next(iter(g.versions()))
    store.dismiss(one, reviewer="bob", reason="false alarm")
    with pytest.raises(ConflictError, match="bob"):
        store.act(g.id, "accept", reviewer="ann", versions=g.versions())
    assert _fact(store, TOTAL)["value"] == "130.6"
    with pytest.raises(ConflictError, match="suggestion"):
        store.act(g.id, "accept", reviewer="ann", value="130.69")


def test_a_value_for_the_item_needs_a_reason_and_a_plain_decimal(store: Store) -> None:
    _load(store)
    g = _item(store)
    with pytest.raises(StoreError, match="reason"):
        store.act(g.id, "fix", reviewer="ann", value="130.68", versions=g.versions())
    with pytest.raises(StoreError, match="plain decimal"):
        store.act(g.id, "fix", reviewer="ann", value="1e3", reason="r", versions=g.versions())
    with pytest.raises(StoreError, match="needs a value"):  # the item form posts none when it is left empty
        store.act(g.id, "fix", reviewer="ann", reason="r", versions=g.versions())
    with pytest.raises(StoreError, match="this item is about"):
        store.act(g.id, "fix", reviewer="ann", value="1", reason="r", fact="basic_by_economic/302/决算数")
    res = store.act(g.id, "fix", reviewer="ann", value="１３０．６８", reason="read on the page", versions=g.versions())
    assert res["new"] == "130.68" and _actions(store)[0]["suggestion"] is None


def test_confirming_an_item_confirms_all_its_flags_and_undo_reopens_them(store: Store) -> None:
    _load(store)
    g = _item(store)
    store.act(g.id, "confirm", reviewer="ann", reason="the report prints 130.6", versions=g.versions())
    assert {v.status for v in store.group(g.id).flags} == {"confirmed"}
    res = store.undo(reviewer="ann")
    assert res["action"] == "confirm"
    assert {v.status for v in store.group(g.id).flags} == {"open"}
    assert [e["action"] for e in _actions(store)] == ["confirm", "undo"]
    with pytest.raises(StoreError, match="no review action left"):
        store.undo(reviewer="ann")


def test_undo_puts_the_value_back_unless_someone_changed_it_since(store: Store) -> None:
    _load(store)
    g = _item(store)
    store.act(g.id, "accept", reviewer="ann", versions=g.versions())
    res = store.undo(reviewer="ann")
    assert (res["old"], res["new"]) == ("130.68", "130.6")
    assert _fact(store, TOTAL)["value"] == "130.6" and _fact(store, TOTAL)["source"] == "extracted"
    assert {v.status for v in store.group(g.id).flags} == {"open"}
    g = _item(store)
    store.act(g.id, "accept", reviewer="ann", versions=g.versions())
    seen = _fact(store, TOTAL)["version"]
    store.fix(next(iter(g.versions())), "130.7", reviewer="bob", reason="bob's", fact=TOTAL, expected_version=seen)
    with pytest.raises(ConflictError, match="bob"):
        store.undo(reviewer="ann")
    assert _fact(store, TOTAL)["value"] == "130.7"  # bob's value stands
    with pytest.raises(StoreError):
        store.undo(reviewer="carol")


def test_the_queue_remembers_where_a_reviewer_was(store: Store) -> None:
    store.add_user("ann", "correct horse battery")
    assert store.position("ann") is None
    store.set_position("ann", {"item": "group:abc", "qs": "severity=error"})
    assert store.position("ann") == {"item": "group:abc", "qs": "severity=error"}
    store.set_position("nobody", {"item": "x"})  # an unknown user: nothing to remember


def test_a_store_of_the_second_schema_is_migrated_and_groups_on_the_next_check(url: str) -> None:
    with schema_at(url, "0002") as conn:
        now = "2025-01-01 00:00:00+00:00"
        conn.execute(text(f"INSERT INTO documents VALUES ('d', 'd.txt', '{'a' * 64}', 'text', '{now}', '{now}', 'd')"))
        conn.execute(text(
            "INSERT INTO flags (id, doc_id, check_id, severity, message, facts, status, present, version, created_at)"
            f" VALUES ('c:1', 'd', 'c', 'error', 'm', '[]', 'open', true, 1, '{now}')"
        ))  # fmt: skip
    with Store(url) as s:
        [g] = s.groups(doc="d")
        assert g.id == "c:1" and g.suspect is None and s.group("c:1").flags[0].flag.message == "m"
        _load(s)
        assert _item(s).suggested is not None


def test_a_blank_cell_can_be_the_suspect_but_takes_no_value(store: Store) -> None:
    """A printed figure the reading missed: its three checks are one item, but no value is set on a blank."""
    r = seed_result("002_846b8c47d01900a7")
    ex = r.extraction.model_copy(deep=True)
    income = ex.table("income")
    assert isinstance(income, IncomeTable)
    row = next(x for x in income.rows if x.row == "2101101")
    del row.cells["本年收入合计"]
    store.load_document(ex, r.source.text, r.source.sha256, path="002.txt")
    [g] = store.groups(doc=ex.doc, severity="error")
    assert g.suspect is not None and g.suspect.value is None and g.suspect.row == "2101101"
    assert g.suggested is not None and g.suggested.value == "13.97" and g.disagreeing == 3
    with pytest.raises(StoreError, match="was not read"):
        store.act(g.id, "accept", reviewer="ann")
    store.act(g.id, "dismiss", reviewer="ann", reason="the cell is printed; the reading missed it")
    assert {v.status for v in store.group(g.id).flags} == {"dismissed"}

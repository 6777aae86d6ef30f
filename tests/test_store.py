"""The review store on SQLite and on a real PostgreSQL server (EXTRACTOR_TEST_PG_URL)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("sqlalchemy")

from extractor.store import ConflictError, NotFoundError, Store, StoreError
from tests.conftest import seed_result

DOC = "000_d2cac5324267c124"
FLAG = "economic.subtotals:57cde6728e0e"
TOTAL = "basic_by_economic/公用经费合计/决算数"
PG_URL = os.environ.get("EXTRACTOR_TEST_PG_URL")


def _pg_store() -> Iterator[Store]:
    if not PG_URL:
        pytest.skip("EXTRACTOR_TEST_PG_URL is not set: no PostgreSQL server to test against (.ci/run starts one)")
    from sqlalchemy import create_engine, text

    schema = f"t_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_URL)
    with admin.begin() as c:
        c.execute(text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in PG_URL else "?"
    url = f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    store = Store(url)
    try:
        yield store
    finally:
        store.close()
        with admin.begin() as c:
            c.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "sqlite":
        s = Store(f"sqlite:///{tmp_path / 'review.db'}")
        yield s
        s.close()
    else:
        yield from _pg_store()


def _load(store: Store) -> None:
    r = seed_result(DOC)
    store.load(r.extraction.model_copy(deep=True), r.source.text, r.source.sha256, path=str(r.source.path))


def _fact(store: Store, key: str) -> dict:
    return next(f for f in store.facts(DOC) if f"{f['table']}/{f['row']}/{f['col']}" == key)


def test_load_lists_the_subtotal_error(store: Store) -> None:
    _load(store)
    errors = {f.flag.id: f for f in store.flags(doc=DOC, severity="error")}
    assert FLAG in errors
    assert errors[FLAG].flag.check == "economic.subtotals"
    assert errors[FLAG].status == "open"
    assert store.documents()[0]["open"]["error"] == len(errors)


def test_fix_closes_the_flag_and_is_audited(store: Store) -> None:
    _load(store)
    res = store.fix(FLAG, "130.68", reviewer="ann", reason="302 alone is 130.68")
    assert FLAG in res["resolved"]
    assert store.flag(FLAG).status == "resolved"
    fact = _fact(store, TOTAL)
    assert (fact["value"], fact["source"], fact["extracted_value"], fact["version"]) == (
        "130.68",
        "corrected",
        "130.6",
        2,
    )
    # no open error still names the fixed fact
    for v in store.flags(doc=DOC, severity="error"):
        assert all(f"{x.table}/{x.row}/{x.col}" != TOTAL for x in v.flag.facts), v.flag.message
    fix = [e for e in store.log() if e["action"] == "fix"]
    assert fix == [
        {**fix[0], "actor": "ann", "flag": FLAG, "fact": TOTAL, "old": "130.6", "new": "130.68",
         "reason": "302 alone is 130.68"}
    ]  # fmt: skip
    assert any(e["action"] == "resolve" and e["flag"] == FLAG for e in store.log())


def test_stale_version_is_refused_with_the_winning_change(store: Store) -> None:
    _load(store)
    v = _fact(store, TOTAL)["version"]
    store.fix(FLAG, "130.68", reviewer="ann", reason="first", expected_version=v)
    with pytest.raises(ConflictError) as exc:
        store.fix(FLAG, "130.69", reviewer="bob", reason="second", expected_version=v)
    assert "ann" in str(exc.value) and "130.68" in str(exc.value)
    assert exc.value.change["reviewer"] == "ann"
    assert _fact(store, TOTAL)["value"] == "130.68"
    assert [e["actor"] for e in store.log() if e["action"] == "fix"] == ["ann"]


def test_a_new_inconsistency_opens_a_new_flag(store: Store) -> None:
    _load(store)
    cross = "cross.basic_vs_economic:c54ec41b86d5"
    # a wrong "fix" of 人员经费合计 breaks 人员经费合计 = 301 + 303, which held: a new error flag opens
    res = store.fix(cross, "950.22", reviewer="ann", reason="typo?", fact="basic_by_economic/人员经费合计/决算数")
    opened = [store.flag(f) for f in res["opened"]]
    assert any(v.flag.check == "economic.subtotals" and v.flag.severity == "error" for v in opened), res
    assert all(v.status == "open" for v in opened)


def test_confirmed_and_dismissed_flags_keep_their_status(store: Store) -> None:
    _load(store)
    store.confirm(FLAG, reviewer="ann", reason="the report prints it so")
    other = next(v.flag.id for v in store.flags(doc=DOC, severity="error") if v.flag.id != FLAG)
    store.dismiss(other, reviewer="ann", reason="false alarm")
    _load(store)  # a new run of the same document
    assert store.flag(FLAG).status == "confirmed"
    assert store.flag(other).status == "dismissed"
    with pytest.raises(ConflictError):
        store.dismiss(FLAG, reviewer="bob", reason="again")


def test_reload_reapplies_corrections(store: Store) -> None:
    _load(store)
    store.fix(FLAG, "130.68", reviewer="ann", reason="misprint")
    _load(store)
    assert _fact(store, TOTAL)["value"] == "130.68"
    assert store.flag(FLAG).status == "resolved"
    assert store.extraction(DOC).table("basic_by_economic") is not None


def test_actions_need_reason_and_known_ids(store: Store) -> None:
    _load(store)
    with pytest.raises(StoreError, match="reason"):
        store.fix(FLAG, "130.68", reviewer="ann", reason=" ")
    with pytest.raises(StoreError, match="not a number"):
        store.fix(FLAG, "abc", reviewer="ann", reason="x")
    with pytest.raises(NotFoundError):
        store.dismiss("nope:123", reviewer="ann", reason="x")


def test_users_are_hashed(store: Store) -> None:
    store.add_user("ann", "correct horse")
    assert store.verify_user("ann", "correct horse")
    assert not store.verify_user("ann", "wrong password")
    assert not store.verify_user("nobody", "correct horse")


def test_promote_writes_a_golden_file_and_refuses_unknown_docs(store: Store, tmp_path: Path) -> None:
    _load(store)
    store.fix(FLAG, "130.68", reviewer="ann", reason="misprint")
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

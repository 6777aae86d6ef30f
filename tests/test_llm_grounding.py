"""The model reads a table the rules cannot map: a header printed in words the template's vocabulary does not know.

A seed's table with its header renamed to words a real report prints (older accounting terms, other regions'
wording) defeats the rules' column mapping; the answer-key server (``sim-server --oracle``, a perfect model)
still answers each cell, and grounding on the printed grid (``backends.grid``) must accept those answers — and
still no shifted value.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from extractor.backends import Backend, get_backend
from extractor.backends.grid import name_columns
from extractor.evaluate import score
from extractor.export import load_facts
from extractor.llm.oracle import oracle_server
from extractor.llm.serve import Fault
from extractor.pipeline import DocResult, process
from extractor.readers.tables import HeaderColumn
from extractor.template import load as load_template
from tests.conftest import ROOT, seed_path, seed_result, unverified

pytestmark = pytest.mark.usefixtures("no_network")  # tests.conftest: loopback only

GOLDEN = ROOT / "eval" / "golden"
SEED_2 = "002_846b8c47d01900a7"
SEED_3 = "003_9ee8868df83b9797"

#: (seed, table title, table, header renames): words a real report prints for these columns
RENAMED = {
    "003 income, older terms": (
        SEED_3, "收入决算表", "income", {"本年收入合计": "本年收入", "财政拨款收入": "财政补助收入"},
    ),
    "003 income, budget wording": (
        SEED_3, "收入决算表", "income", {"本年收入合计": "收入总额", "财政拨款收入": "一般公共预算拨款收入"},
    ),
    "002 income, older terms": (
        SEED_2, "收入决算表", "income", {"本年收入合计": "本年收入", "财政拨款收入": "财政补助收入"},
    ),
    "002 expenditure, 经费 wording": (
        SEED_2, "支出决算表", "expenditure",
        {"本年支出合计": "支出总额", "基本支出": "基本经费支出", "项目支出": "项目经费支出"},
    ),
}  # fmt: skip


def _renamed(case: str, tmp_path: Path) -> Path:
    """The seed with the header line of the case's table renamed (the file keeps the seed's name)."""
    doc, title, _, renames = RENAMED[case]
    lines = seed_path(doc).read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.strip().lstrip("#").strip() == title)
    head = next(i for i in range(at, len(lines)) if "\t" in lines[i])
    for old, new in renames.items():
        assert old in lines[head], (old, lines[head])
        lines[head] = lines[head].replace(old, new, 1)
    path = tmp_path / f"{doc}.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _run(path: Path, doc: str, backend: str, faults: tuple[Fault, ...] = ()) -> tuple[DocResult, Backend]:
    server = oracle_server(GOLDEN / f"{doc}.facts.jsonl").start()
    try:
        server.set_faults(*faults)
        b = get_backend(backend)
        b.configure(base_url=server.base_url, model="oracle", cache=False)
        return process(path, b), b
    finally:
        server.stop()


def _table_score(res: DocResult, doc: str, table: str) -> Any:
    golden = [f for f in load_facts(GOLDEN / f"{doc}.facts.jsonl") if f.table == table]
    return score([f for f in res.facts if f.table == table], golden)


@pytest.mark.parametrize("backend", ["llm", "hybrid"])
@pytest.mark.parametrize("case", list(RENAMED))
def test_the_model_reads_a_table_whose_header_the_rules_cannot_map(case: str, backend: str, tmp_path: Path) -> None:
    doc, _, table, _ = RENAMED[case]
    path = _renamed(case, tmp_path)
    assert not [f for f in process(path).facts if f.table == table]  # the rules read nothing of it
    res, used = _run(path, doc, backend)
    s = _table_score(res, doc, table)
    assert s.overall.f1 >= 0.95, (s.overall.to_json(), s.missing[:3], s.wrong[:3])
    assert s.wrong == []
    cells = [a for t in res.extraction.tables if t.table == table for r in t.rows for a in r.cells.values()]
    assert cells and all(a.read_by == "llm" for a in cells)
    # located under the header cell that names the column: by the printed words, or their place among the others
    located = {a.located for a in cells}
    by_header = {f"row and column ({how})" for how in ("printed header", "header words", "header order")}
    assert located <= by_header and located - {"row and column (printed header)"}
    assert not unverified(res.extraction.unread)
    if backend == "hybrid":  # sent to the model, and its values pass the same checks as the rules' would
        assert used.chunks_sent()
        original = sorted(f.check for f in seed_result(doc).flags)
        assert sorted(f.check for f in res.flags if f.check != "llm.ungrounded") == original


@pytest.mark.parametrize("case", ["003 income, older terms", "002 expenditure, 经费 wording"])
def test_a_cell_shifting_model_gets_no_wrong_value_through_on_a_renamed_table(case: str, tmp_path: Path) -> None:
    doc, _, table, _ = RENAMED[case]
    res, _ = _run(_renamed(case, tmp_path), doc, "llm", (Fault(kind="swap", times=-1, match=f"Table {table}"),))
    s = _table_score(res, doc, table)
    assert s.wrong == [] and s.spurious == [], (s.wrong[:3], s.spurious[:3])
    rejected = [u for u in res.extraction.unread if u.kind == "ungrounded" and u.what.startswith(f"llm:{table}/")]
    assert rejected and all("in the printed grid: " in u.reason for u in rejected)  # the grid judged each one
    assert all(u.claim is not None for u in rejected)


def _header(*cells: str) -> list[HeaderColumn]:
    return [HeaderColumn(leaf=c, parents=[]) for c in cells]


def test_a_header_cell_is_named_by_the_vocabulary_its_words_or_its_place_and_otherwise_not_at_all() -> None:
    spec = load_template().tables["income"]
    full = name_columns(spec, _header("科目编码", "科目名称", "本年收入", "财政补助收入", "上级补助收入", "事业收入",
                                      "经营收入", "下属单位上缴", "其他收入"), 2)  # fmt: skip
    assert full == {
        2: ("本年收入合计", "header words"),  # 本年: no other column left says it
        3: ("财政拨款收入", "header words"),  # 财政 (补助 is 上级补助收入's, named by its own cell)
        4: ("上级补助收入", "printed header"),
        5: ("事业收入", "printed header"),
        6: ("经营收入", "printed header"),
        7: ("附属单位上缴收入", "header words"),
        8: ("其他收入", "printed header"),
    }
    by_place = name_columns(spec, _header("项目", "科目名称", "收入总额", "财政拨款收入", "其他收入"), 2)
    assert by_place[2] == ("本年收入合计", "header order")  # the one cell left of 财政拨款收入, the first column
    # 上级补助 not printed: 财政补助收入 could be 财政拨款收入 (财政) or 上级补助收入 (补助), and two cells share
    # three free columns — neither words nor place decide, so no claim under it can be accepted
    partial = name_columns(spec, _header("项目", "科目名称", "本年收入", "财政补助收入", "事业收入", "其他收入"), 2)
    assert partial[2] == ("本年收入合计", "header words") and 3 not in partial
    # one unnamed cell per free column, but its words are another column's (其他): place does not decide
    other = name_columns(spec, _header("项目", "科目名称", "收入总额", "其他资金", "上级补助收入", "事业收入"), 2)
    assert 2 not in other and 3 not in other
    # a value column's name over the rows' codes and labels: the header is not aligned with its rows
    assert name_columns(spec, _header("项目", "本年收入合计", "财政补助收入", "上级补助收入"), 2) == {}

"""Strict models of a departmental final-accounts report (部门决算): the target every backend fills.

Every number is an ``Amount``: its Decimal value, the characters it was read from and their span in the
original text. Each of the nine standard tables has its own model whose columns are a closed set, so a
backend cannot invent a column; ``Extraction.to_facts`` converts the whole report to facts losslessly.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Annotated, Generic, Literal, TypeVar, get_args

from pydantic import BaseModel, ConfigDict, Field

from extractor.schemas.facts import Fact, MoneyUnit, TableId, Unit
from extractor.schemas.ocr import OcrProvenance

Span = tuple[int, int]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


#: How a value was read (``Amount.confidence``): ``clean`` — its printed text reads as it is, no identity checks
#: it; ``confirmed`` — read as printed, and an identity that holds ties it to other printed figures;
#: ``repaired`` — the printed text is damaged (OCR) and this reading is the one the table's identities confirm;
#: ``identity_fails`` — read as printed, but an identity of its table that involves it does not hold.
Confidence = Literal["clean", "confirmed", "repaired", "identity_fails"]


class Amount(_Strict):
    """A number as printed: value, unit, the raw characters and where they are in the original text.

    A value repaired from damaged OCR text (``1,903:01``, ``19O3.01``) keeps the span of what was printed;
    ``repaired_from`` is that printed text, and ``value`` the reading the table's identities confirmed.
    """

    value: Decimal
    unit: Unit = "万元"
    text: str = Field(description="the original characters the value was read from")
    span: Span
    repaired_from: str | None = Field(
        default=None, description="the printed text, when the value is a repair of damaged OCR text"
    )
    confidence: Confidence | None = Field(default=None, description="how the value was read (None: not stated)")
    read_by: Literal["rules", "llm"] | None = Field(default=None, description="which backend read the value")
    located: str | None = Field(
        default=None,
        description="how the value was tied to its cell: 'cell' (the printed grid), 'identities' (text without "
        "cells: the only placement the table's identities allow), 'row and column' (a model's claim found in its "
        "row, under its column as the rules read the table), 'row and column (printed header)' / '(header words)' / "
        "'(header order)' (a model's claim in a grid the rules could not map: under the header cell that names its "
        "column by the template's words, by its own words, or by its place among the named cells), 'sentence' (a "
        "prose figure right after its words, or a project's under its column)",
    )

    def plain(self) -> str:
        """The value as the facts spec writes it: a plain decimal string, trailing zeros kept."""
        return format(self.value, "f")


C = TypeVar("C", bound=str)


class TableRow(_Strict, Generic[C]):
    """One printed row: its key (code or canonical label), the label as printed, and its non-blank cells."""

    row: str = Field(description="row key: 功能/经济分类 code, or the canonical label")
    label: str | None = Field(default=None, description="the row label as printed (cleaned)")
    span: Span
    cells: dict[C, Amount] = Field(default_factory=dict)


SummaryCol = Literal["金额"]
IncomeCol = Literal[
    "本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"
]
ExpenditureCol = Literal["本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"]
FiscalSummaryCol = Literal["金额", "合计", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"]
GeneralBudgetCol = Literal["合计", "基本支出", "项目支出"]
BasicByEconomicCol = Literal["决算数"]
GovFundCol = Literal["年初结转和结余", "本年收入", "本年支出合计", "基本支出", "项目支出", "年末结转和结余"]
StateCapitalCol = Literal["合计", "基本支出", "项目支出"]
ThreePublicCol = Literal["预算数", "决算数"]
ThreePublicRow = Literal[
    "合计", "因公出国(境)费", "公务用车购置及运行费", "公务用车购置费", "公务用车运行维护费", "公务接待费"
]

#: The closed column set of each standard table, for readers that map printed headers onto it.
TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "summary": get_args(SummaryCol),
    "income": get_args(IncomeCol),
    "expenditure": get_args(ExpenditureCol),
    "fiscal_summary": get_args(FiscalSummaryCol),
    "general_budget": get_args(GeneralBudgetCol),
    "basic_by_economic": get_args(BasicByEconomicCol),
    "gov_fund": get_args(GovFundCol),
    "state_capital": get_args(StateCapitalCol),
    "three_public": get_args(ThreePublicCol),
}


class _Table(_Strict):
    title: str = Field(description="the title as printed")
    span: Span = Field(description="the whole table, title to last row")
    unit: MoneyUnit = "万元"
    declared_empty: bool = Field(default=False, description="the report says the table has no data")


class SummaryTable(_Table):
    """公开01表 收入支出决算总表: two sides, label rows, one amount column."""

    table: Literal["summary"] = "summary"
    rows: list[TableRow[SummaryCol]] = Field(default_factory=list)


class IncomeTable(_Table):
    """公开02表 收入决算表: 功能分类 code rows."""

    table: Literal["income"] = "income"
    rows: list[TableRow[IncomeCol]] = Field(default_factory=list)


class ExpenditureTable(_Table):
    """公开03表 支出决算表."""

    table: Literal["expenditure"] = "expenditure"
    rows: list[TableRow[ExpenditureCol]] = Field(default_factory=list)


class FiscalSummaryTable(_Table):
    """公开04表 财政拨款收入支出决算总表: income side ``金额``, expenditure side by fund."""

    table: Literal["fiscal_summary"] = "fiscal_summary"
    rows: list[TableRow[FiscalSummaryCol]] = Field(default_factory=list)


class GeneralBudgetTable(_Table):
    """公开05表 一般公共预算财政拨款支出决算表."""

    table: Literal["general_budget"] = "general_budget"
    rows: list[TableRow[GeneralBudgetCol]] = Field(default_factory=list)


class BasicByEconomicTable(_Table):
    """公开06表 一般公共预算财政拨款基本支出决算(明细)表: 经济分类 codes and the two subtotals."""

    table: Literal["basic_by_economic"] = "basic_by_economic"
    rows: list[TableRow[BasicByEconomicCol]] = Field(default_factory=list)


class GovFundTable(_Table):
    """公开07表 政府性基金预算财政拨款收入支出决算表."""

    table: Literal["gov_fund"] = "gov_fund"
    rows: list[TableRow[GovFundCol]] = Field(default_factory=list)


class StateCapitalTable(_Table):
    """公开08表 国有资本经营预算财政拨款(收入)支出决算表."""

    table: Literal["state_capital"] = "state_capital"
    rows: list[TableRow[StateCapitalCol]] = Field(default_factory=list)


class ThreePublicTable(_Table):
    """公开09表 财政拨款“三公”经费支出决算表, long or wide layout."""

    table: Literal["three_public"] = "three_public"
    rows: list[TableRow[ThreePublicCol]] = Field(default_factory=list)


AnyTable = (
    SummaryTable
    | IncomeTable
    | ExpenditureTable
    | FiscalSummaryTable
    | GeneralBudgetTable
    | BasicByEconomicTable
    | GovFundTable
    | StateCapitalTable
    | ThreePublicTable
)
StandardTable = Annotated[AnyTable, Field(discriminator="table")]

TABLE_MODELS: dict[str, type[AnyTable]] = {
    "summary": SummaryTable,
    "income": IncomeTable,
    "expenditure": ExpenditureTable,
    "fiscal_summary": FiscalSummaryTable,
    "general_budget": GeneralBudgetTable,
    "basic_by_economic": BasicByEconomicTable,
    "gov_fund": GovFundTable,
    "state_capital": StateCapitalTable,
    "three_public": ThreePublicTable,
}

NarrativeKey = Literal[
    "收入总计", "支出总计", "本年收入合计", "本年支出合计", "财政拨款收入", "基本支出", "项目支出",
    "年末结转和结余", "财政拨款支出", "财政拨款收支总计", "一般公共预算财政拨款支出", "一般公共预算财政拨款基本支出",
    "人员经费", "公用经费",
    "三公经费支出", "三公经费预算", "因公出国(境)费", "公务接待费", "公务用车购置及运行费", "公务用车购置费",
    "公务用车运行维护费", "公务用车保有量", "国内公务接待批次", "国内公务接待人次",
    "机关运行经费", "政府采购支出总额", "政府采购货物支出", "政府采购工程支出", "政府采购服务支出",
    "授予中小企业合同金额", "授予小微企业合同金额", "车辆总数",
]  # fmt: skip
NARRATIVE_KEYS: tuple[str, ...] = get_args(NarrativeKey)
#: Narrative keys that count things rather than money, with their unit.
NARRATIVE_COUNT_UNITS: dict[str, Unit] = {
    "公务用车保有量": "辆",
    "车辆总数": "辆",
    "国内公务接待批次": "批次",
    "国内公务接待人次": "人次",
}


class NarrativeFact(_Strict):
    """A figure stated in the prose (情况说明); one per key per document."""

    row: NarrativeKey
    col: Literal["金额", "数量"]
    amount: Amount
    section: str | None = Field(default=None, description="heading of the prose section it was read in")


PerformanceCol = Literal["预算数", "执行数", "执行率", "自评得分"]


class PerformanceRow(_Strict):
    """A project's performance self-evaluation (绩效自评): budget, spent, rate and score."""

    project: str = Field(description="project name as printed, without quotes or 项目/自评综述")
    span: Span
    cells: dict[PerformanceCol, Amount] = Field(default_factory=dict)


class Metadata(_Strict):
    department: str | None = None
    year: int | None = None
    unit: MoneyUnit = "万元"


#: How a table reader says it found no placement of a table's numbers that satisfies the table's identities:
#: the numbers are withdrawn (a note each) and the ``reading.identities`` check tells the reviewer.
IDENTITIES_FAIL = "the table's identities do not hold for any placement"
#: why the numbers of a row misread beyond repair are unread (its own identities fail for every reading)
ROW_MISREAD = "its row's own identities fail for every reading of it (misread?)"


class Unread(_Strict):
    """Something the backend saw but could not read, or rejected; reported, never guessed.

    ``kind`` tells the checks what to make of it: ``unread`` (a note in run.json only), ``ungrounded``
    (a model's value that could not be found in its chunk: ``claim`` holds what the model said),
    ``conflict`` (two readings of one fact disagree: ``claim`` holds the other value, ``other_span`` its
    span), ``unanswered`` (the model answered a request, but never validly: the text it was sent, ``span``,
    was not read by it).
    """

    what: str
    reason: str
    span: Span | None = None
    kind: Literal["unread", "ungrounded", "conflict", "unanswered"] = "unread"
    claim: str | None = None
    other_span: Span | None = None
    table: str | None = Field(
        default=None,
        description="the table a printed but unread number belongs to (its row too, when known): checks do not "
        "count such a cell as blank",
    )
    row: str | None = None


class Extraction(_Strict):
    """Everything one backend read from one report."""

    doc: str
    backend: str
    metadata: Metadata = Field(default_factory=Metadata)
    tables: list[StandardTable] = Field(default_factory=list)
    narrative: list[NarrativeFact] = Field(default_factory=list)
    performance: list[PerformanceRow] = Field(default_factory=list)
    unread: list[Unread] = Field(default_factory=list)
    ocr: OcrProvenance | None = Field(
        default=None, description="PDFs/images: the page, box and confidence of the characters spans index"
    )

    def table(self, table_id: str) -> AnyTable | None:
        """The extracted table with this canonical id, if the report has it."""
        return next((t for t in self.tables if t.table == table_id), None)

    def amounts(self) -> Iterator[tuple[TableId, str, str, Amount]]:
        """Every number with its fact key ``(table, row, col)``, in reading order within each part."""
        for t in self.tables:
            for r in t.rows:
                for col, a in r.cells.items():
                    yield t.table, r.row, col, a
        for n in self.narrative:
            yield "narrative", n.row, n.col, n.amount
        for p in self.performance:
            for p_col, a in p.cells.items():
                yield "performance", p.project, p_col, a

    def to_facts(self) -> list[Fact]:
        """Every number as a fact (spec/facts.md), in reading order within each part."""
        return [self._fact(table, row, col, a) for table, row, col, a in self.amounts()]

    def _fact(self, table: TableId, row: str, col: str, a: Amount) -> Fact:
        return Fact(doc=self.doc, table=table, row=row, col=col, value=a.plain(), unit=a.unit, span=a.span)

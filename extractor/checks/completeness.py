"""Completeness: the nine standard tables are there, and the prose discloses what the template requires."""

from __future__ import annotations

import re
from collections.abc import Iterator

from extractor.checks import register
from extractor.checks.base import Context, Key
from extractor.checks.messages import Text
from extractor.schemas import STANDARD_TABLES
from extractor.schemas.flags import Flag

TITLES = {
    "summary": "收入支出决算总表 (公开01表)",
    "income": "收入决算表 (公开02表)",
    "expenditure": "支出决算表 (公开03表)",
    "fiscal_summary": "财政拨款收入支出决算总表 (公开04表)",
    "general_budget": "一般公共预算财政拨款支出决算表 (公开05表)",
    "basic_by_economic": "一般公共预算财政拨款基本支出决算表 (公开06表)",
    "gov_fund": "政府性基金预算财政拨款收入支出决算表 (公开07表)",
    "state_capital": "国有资本经营预算财政拨款支出决算表 (公开08表)",
    "three_public": "财政拨款“三公”经费支出决算表 (公开09表)",
}


@register(
    "completeness.tables",
    "each of the nine standard tables (公开01–09表) is printed, or declared empty (本表无数据); a fund table the "
    "report leaves out while its prose says the department had no such money (无政府性基金预算财政拨款收入和支出) "
    "is declared empty in words",
    severity="warning",
    tolerance="exact: one warning per missing table",
)
def tables(ctx: Context) -> Iterator[Flag | None]:
    present = {t.table for t in ctx.extraction.tables}
    for table in STANDARD_TABLES:
        said = _NONE_OF.get(table)
        if table not in present and not (said and ctx.text and said.search(ctx.text)):
            message = Text.of("missing_table", table=table, title=TITLES[table])
            yield ctx.flag("warning", message, [(table, "合计", "*")])


#: the prose saying a department had none of a fund's money, so its table may be left out of the report
_NONE_OF = {
    table: re.compile(rf"(?:没有|无)[^。；;]{{0,20}}{fund}[^。；;]{{0,24}}(?:收入|支出)")  # lines may wrap
    for table, fund in (("gov_fund", "政府性基金"), ("state_capital", "国有资本经营"))
}


def _n(key: str, col: str = "金额") -> Key:
    return ("narrative", key, col)


#: required disclosures stated as narrative facts
FACT_DISCLOSURES: tuple[tuple[Key, str], ...] = (
    (_n("国内公务接待批次", "数量"), "三公: 国内公务接待批次"),
    (_n("国内公务接待人次", "数量"), "三公: 国内公务接待人次"),
    (_n("公务用车保有量", "数量"), "三公: 公务用车保有量"),
    (_n("机关运行经费"), "机关运行经费"),
    (_n("政府采购支出总额"), "政府采购支出总额"),
    (_n("授予中小企业合同金额"), "政府采购授予中小企业合同金额"),
    (_n("车辆总数", "数量"), "国有资产占用: 车辆总数"),
)

#: required disclosures read from the text (no narrative key holds them)
TEXT_DISCLOSURES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("三公: 因公出国(境)团组数", re.compile(r"团组\s*\d+\s*[个次批]")),
    (
        "三公: 因公出国(境)人次",
        re.compile(r"(?:团组\s*\d+\s*[个次批][^。]{0,20}?\d+\s*人|出国[（(]?境?[）)]?\s*\d+\s*人)"),
    ),
    ("三公: 公务用车购置数", re.compile(r"购置(?:公务用)?车(?:辆)?\s*\d+\s*[辆台]")),
)


@register(
    "completeness.disclosures",
    "the prose discloses what the template requires: 因公出国(境)团组数 and 人次, 国内公务接待批次 and 人次, "
    "公务用车购置数 and 保有量, 机关运行经费, 政府采购支出总额 and 授予中小企业合同金额, 车辆总数",
    severity="warning",
    tolerance="exact: one warning per missing disclosure (text-read ones only when the text is available)",
)
def disclosures(ctx: Context) -> Iterator[Flag | None]:
    if not ctx.extraction.narrative and ctx.text is None:
        return
    for key, what in FACT_DISCLOSURES:
        if key not in ctx.facts:
            yield ctx.flag("warning", Text.of("missing_disclosure", what=what), [key])
    if ctx.text is None:
        return
    for what, pattern in TEXT_DISCLOSURES:
        if not pattern.search(ctx.text):
            yield ctx.flag("warning", Text.of("missing_disclosure", what=what), [("text", what, "数量")])

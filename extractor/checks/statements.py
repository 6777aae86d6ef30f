"""Statement identities of the two two-sided tables: 收入支出决算总表 (01) and 财政拨款收入支出决算总表 (04).

Both tables are balance sheets of the year: income items add up to 本年收入合计, carry-overs bring it to
收入总计; expenditure classes add up to 本年支出合计, the year-end balance brings it to 支出总计; and the two
总计 balance. Table 04 also splits its expenditure side by fund (合计 = 一般公共预算 + 政府性基金 + 国有资本经营).
"""

from __future__ import annotations

from collections.abc import Iterator

from extractor.checks import register
from extractor.checks.base import Context
from extractor.schemas.flags import Flag

S = "summary"
F = "fiscal_summary"

#: table 01 income items, in print order
SUMMARY_INCOME = (
    "一般公共预算财政拨款收入",
    "政府性基金预算财政拨款收入",
    "国有资本经营预算财政拨款收入",
    "上级补助收入",
    "事业收入",
    "经营收入",
    "附属单位上缴收入",
    "其他收入",
)
#: the three fund rows (04 income side) and fund columns (04 expenditure side)
FUNDS = ("一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款")
FISCAL_COLS = ("合计", *FUNDS)
CARRY_IN = "年初财政拨款结转和结余"
CARRY_OUT = "年末财政拨款结转和结余"

#: expenditure-side rows that end in 支出 but are not 功能分类 classes (totals, older-layout breakdowns)
BREAKDOWN = ("基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出")
NOT_CLASSES = frozenset({"本年支出合计", *BREAKDOWN})


def class_rows(ctx: Context, table: str) -> list[str]:
    """The 功能分类 class rows (科学技术支出 …) of the expenditure side of table 01 or 04."""
    return [r for r in ctx.rows(table) if r.endswith("支出") and r not in NOT_CLASSES]


@register(
    "summary.income",
    "table 01 income side: 本年收入合计 = Σ income items (一般公共预算/政府性基金/国有资本经营预算财政拨款收入, "
    "上级补助, 事业, 经营, 附属单位上缴, 其他收入); 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余 = 收入总计",
    severity="error",
    tolerance="rounding rule (info within ½ cent per term)",
    table_identity=True,
)
def summary_income(ctx: Context) -> Iterator[Flag | None]:
    yield ctx.sum_flag((S, "本年收入合计", "金额"), [(S, r, "金额") for r in SUMMARY_INCOME], "summary 本年收入合计")
    yield ctx.sum_flag(
        (S, "收入总计", "金额"),
        [(S, r, "金额") for r in ("本年收入合计", "使用非财政拨款结余", "年初结转和结余")],
        "summary 收入总计",
    )


@register(
    "summary.expenditure",
    "table 01 expenditure side: 本年支出合计 = Σ 功能分类 class rows (…支出), or in older layouts Σ 基本支出, "
    "项目支出, 上缴上级支出, 经营支出, 对附属单位补助支出; "
    "本年支出合计 + 结余分配 + 年末结转和结余 = 支出总计",
    severity="error",
    tolerance="rounding rule",
    table_identity=True,
)
def summary_expenditure(ctx: Context) -> Iterator[Flag | None]:
    classes = class_rows(ctx, S)
    breakdown = [r for r in BREAKDOWN if (S, r, "金额") in ctx.facts]
    if classes:
        yield ctx.sum_flag((S, "本年支出合计", "金额"), [(S, r, "金额") for r in classes], "summary 本年支出合计 = Σ类")
    elif breakdown:  # older layout: expenditure by nature (基本支出, 项目支出 …) instead of by class
        yield ctx.sum_flag((S, "本年支出合计", "金额"), [(S, r, "金额") for r in BREAKDOWN], "summary 本年支出合计")
    yield ctx.sum_flag(
        (S, "支出总计", "金额"),
        [(S, r, "金额") for r in ("本年支出合计", "结余分配", "年末结转和结余")],
        "summary 支出总计",
    )


@register(
    "summary.balance",
    "table 01: 收入总计 = 支出总计",
    severity="error",
    tolerance="rounding rule (one cent)",
    table_identity=True,
)
def summary_balance(ctx: Context) -> Iterator[Flag | None]:
    yield ctx.equal_flag((S, "收入总计", "金额"), (S, "支出总计", "金额"), "summary 收入总计 = 支出总计")


@register(
    "fiscal.income",
    "table 04 income side (金额): 本年收入合计 = 一般公共预算 + 政府性基金预算 + 国有资本经营预算财政拨款; "
    "年初财政拨款结转和结余 = Σ its three fund rows; 本年收入合计 + 年初财政拨款结转和结余 = 收入总计",
    severity="error",
    tolerance="rounding rule",
    table_identity=True,
)
def fiscal_income(ctx: Context) -> Iterator[Flag | None]:
    yield ctx.sum_flag((F, "本年收入合计", "金额"), [(F, r, "金额") for r in FUNDS], "fiscal_summary 本年收入合计")
    yield ctx.sum_flag(
        (F, CARRY_IN, "金额"), [(F, f"{CARRY_IN}/{r}", "金额") for r in FUNDS], f"fiscal_summary {CARRY_IN}"
    )
    yield ctx.sum_flag(
        (F, "收入总计", "金额"), [(F, r, "金额") for r in ("本年收入合计", CARRY_IN)], "fiscal_summary 收入总计"
    )


@register(
    "fiscal.fund_columns",
    "table 04 expenditure side, every row: 合计 = 一般公共预算 + 政府性基金预算 + 国有资本经营预算财政拨款",
    severity="error",
    tolerance="rounding rule",
    table_identity=True,
)
def fiscal_fund_columns(ctx: Context) -> Iterator[Flag | None]:
    rows = ctx.rows(F)
    if not any((F, r, "合计") in ctx.facts for r in rows):
        return  # a layout without the 合计 column
    for row in rows:
        yield ctx.sum_flag((F, row, "合计"), [(F, row, c) for c in FUNDS], f"fiscal_summary {row} 合计")


@register(
    "fiscal.expenditure",
    "table 04 expenditure side, every column: 本年支出合计 = Σ 功能分类 class rows; "
    "本年支出合计 + 年末财政拨款结转和结余 = 支出总计",
    severity="error",
    tolerance="rounding rule",
    table_identity=True,
)
def fiscal_expenditure(ctx: Context) -> Iterator[Flag | None]:
    classes = class_rows(ctx, F)
    for col in FISCAL_COLS:
        if classes:
            yield ctx.sum_flag(
                (F, "本年支出合计", col), [(F, r, col) for r in classes], f"fiscal_summary 本年支出合计 {col} = Σ类"
            )
        yield ctx.sum_flag(
            (F, "支出总计", col), [(F, r, col) for r in ("本年支出合计", CARRY_OUT)], f"fiscal_summary 支出总计 {col}"
        )


@register(
    "fiscal.balance",
    "table 04: 收入总计 (金额) = 支出总计 (合计)",
    severity="error",
    tolerance="rounding rule (one cent)",
    table_identity=True,
)
def fiscal_balance(ctx: Context) -> Iterator[Flag | None]:
    yield ctx.equal_flag((F, "收入总计", "金额"), (F, "支出总计", "合计"), "fiscal_summary 收入总计 = 支出总计")

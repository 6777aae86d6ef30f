"""Table arithmetic: sums within one table (hierarchy, row identities, economic classification)."""

from __future__ import annotations

from collections.abc import Iterator

from extractor.checks import register
from extractor.checks.base import Context
from extractor.checks.messages import Text
from extractor.schemas.flags import Flag

CODE_TABLES = ("income", "expenditure", "general_budget", "gov_fund", "state_capital")

#: total column = Σ these columns, per table (blank cells are 0)
ROW_IDENTITIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "income": (
        "本年收入合计",
        ("财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"),
    ),
    "expenditure": ("本年支出合计", ("基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出")),
    "general_budget": ("合计", ("基本支出", "项目支出")),
    "gov_fund": ("本年支出合计", ("基本支出", "项目支出")),
    "state_capital": ("合计", ("基本支出", "项目支出")),
}

#: which 经济分类 classes make up each subtotal of table 06
PERSONNEL = ("301", "303")
PUBLIC = ("302", "307", "309", "310", "312", "313", "399")


def _codes(ctx: Context, table: str) -> list[str]:
    return ctx.codes(table)


@register(
    "hierarchy.sum",
    "类 = Σ款 and 款 = Σ项 for every column of every code table (02, 03, 05, 07, 08); 合计 = Σ类",
    severity="error",
    tolerance="rounding rule (info within ½ cent per term)",
    table_identity=True,
)
def hierarchy_sum(ctx: Context) -> Iterator[Flag | None]:
    for table in CODE_TABLES:
        codes = _codes(ctx, table)
        for col in ctx.cols(table):
            for code in codes:
                kids = ctx.sub_codes(table, code)
                if kids:
                    yield ctx.sum_flag(
                        (table, code, col), [(table, k, col) for k in kids], f"{table} {code} {col}",
                        terms=_leaves(ctx, table, col, codes, code),
                    )  # fmt: skip
            classes = [c for c in codes if len(c) == 3]
            if classes and (table, "合计", col) in ctx.facts:
                yield ctx.sum_flag(
                    (table, "合计", col), [(table, c, col) for c in classes], f"{table} 合计 {col} = Σ类",
                    terms=sum(_leaves(ctx, table, col, codes, c) for c in classes),
                )  # fmt: skip


def _leaves(ctx: Context, table: str, col: str, codes: list[str], code: str) -> int:
    """How many printed non-zero leaf cells stand behind ``code`` (itself, if it has no sub-codes)."""
    kids = ctx.sub_codes(table, code)
    if not kids:
        return int(ctx.money((table, code, col)) != 0)
    return sum(_leaves(ctx, table, col, codes, k) for k in kids)


@register(
    "row.sum",
    "per row: 本年收入合计 = Σ income sources (02); "
    "本年支出合计 = 基本 + 项目 + 上缴上级 + 经营 + 对附属单位补助 (03); "
    "合计 = 基本 + 项目 (05, 08); 本年支出合计 = 基本 + 项目 (07)",
    severity="error",
    tolerance="rounding rule",
    table_identity=True,
)
def row_sum(ctx: Context) -> Iterator[Flag | None]:
    for table, (total, parts) in ROW_IDENTITIES.items():
        for row in ctx.rows(table):
            yield ctx.sum_flag((table, row, total), [(table, row, p) for p in parts], f"{table} {row} {total}")


@register(
    "gov_fund.balance",
    "table 07 per row: 年初结转和结余 + 本年收入 − 本年支出合计 = 年末结转和结余",
    severity="error",
    tolerance="rounding rule",
    table_identity=True,
)
def gov_fund_balance(ctx: Context) -> Iterator[Flag | None]:
    t = "gov_fund"
    for row in ctx.rows(t):
        if (t, row, "年末结转和结余") not in ctx.facts and (t, row, "年初结转和结余") not in ctx.facts:
            continue
        start, income, spent = (ctx.money((t, row, c)) for c in ("年初结转和结余", "本年收入", "本年支出合计"))
        end = ctx.money((t, row, "年末结转和结余"))
        expected = start + income - spent
        keys = [(t, row, c) for c in ("年末结转和结余", "年初结转和结余", "本年收入", "本年支出合计")]
        rel = ctx.relate("sum", keys, ctx.config.tolerance(3), signs=[1, 1, -1])
        if abs(end - expected) > ctx.config.tolerance(3):
            message = Text.of("gov_fund_balance", row=row, end=end, expected=expected)
            yield ctx.flag("error", message, keys, expected=expected, found=end, relation=rel)


@register(
    "economic.class_sum",
    "table 06: every 经济分类 class equals the sum of its items (301 = Σ301xx …)",
    severity="error",
    tolerance="rounding rule",
    table_identity=True,
)
def economic_class_sum(ctx: Context) -> Iterator[Flag | None]:
    t = "basic_by_economic"
    codes = _codes(ctx, t)
    for code in codes:
        kids = ctx.sub_codes(t, code)
        if len(code) == 3 and kids:
            yield ctx.sum_flag((t, code, "决算数"), [(t, k, "决算数") for k in kids], f"basic_by_economic {code}")


@register(
    "economic.subtotals",
    "table 06: 人员经费合计 = 301 + 303; 公用经费合计 = 302 + 307 + 309 + 310 + 312 + 313 + 399",
    severity="error",
    tolerance="rounding rule",
    table_identity=True,
)
def economic_subtotals(ctx: Context) -> Iterator[Flag | None]:
    t = "basic_by_economic"
    printed = set(ctx.codes(t))  # a class printed but not read makes the sum unknown, not short
    for label, classes in (("人员经费合计", PERSONNEL), ("公用经费合计", PUBLIC)):
        parts = [(t, c, "决算数") for c in classes if c in printed]
        if (t, label, "决算数") in ctx.facts:  # (a total not read is unknown, not 0: OCR lost its figure)
            yield ctx.sum_flag((t, label, "决算数"), parts or [(t, classes[0], "决算数")], f"basic_by_economic {label}")

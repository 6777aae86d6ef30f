"""Cross-table identities: the same quantity printed in two tables must agree.

Table 01's class rows (科学技术支出 …) are keyed by name, the code tables (02/03/05/07/08) by 功能分类 code;
names are mapped to 3-digit codes through the labels the code tables print beside their codes, with the
standard 2024 classification as a fallback (a table may truncate its labels).

Tolerance: a 项 (7-digit code) is one printed figure, so two tables must agree exactly; a 类/款 or 合计 is
a rounded sum, so the rounding rule applies with one term per non-zero child. A cell left blank in a table
that is present counts as 0; nothing is compared with a table that is not printed at all.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal

from extractor.checks import register
from extractor.checks.base import Context, Key
from extractor.checks.messages import Text
from extractor.checks.statements import FUNDS, SUMMARY_INCOME, class_rows
from extractor.schemas.flags import Flag

S, INC, EXP, F, GB, ECO, GF, SC, TP = (
    "summary", "income", "expenditure", "fiscal_summary", "general_budget", "basic_by_economic", "gov_fund",
    "state_capital", "three_public",
)  # fmt: skip

#: 支出功能分类 classes (类) by name: the fallback when no code table prints the class label in full
STANDARD_CLASSES: dict[str, str] = {
    "一般公共服务支出": "201", "外交支出": "202", "国防支出": "203", "公共安全支出": "204", "教育支出": "205",
    "科学技术支出": "206", "文化旅游体育与传媒支出": "207", "社会保障和就业支出": "208",
    "社会保险基金支出": "209", "卫生健康支出": "210", "节能环保支出": "211", "城乡社区支出": "212",
    "农林水支出": "213", "交通运输支出": "214", "资源勘探工业信息等支出": "215", "商业服务业等支出": "216",
    "金融支出": "217", "援助其他地区支出": "219", "自然资源海洋气象等支出": "220", "住房保障支出": "221",
    "粮油物资储备支出": "222", "国有资本经营预算支出": "223", "灾害防治及应急管理支出": "224",
    "预备费": "227", "其他支出": "229", "转移性支出": "230", "债务还本支出": "231", "债务付息支出": "232",
    "债务发行费用支出": "233", "抗疫特别国债安排的支出": "234",
}  # fmt: skip

CODE_TABLES = (INC, EXP, GB, GF, SC)


# -- helpers ---------------------------------------------------------------------------------------
def _present(ctx: Context, table: str) -> bool:
    return ctx.has_table(table)


def _agree(ctx: Context, a: Key, b: Key, what: str, terms: int = 1, exact: bool = False) -> Flag | None:
    """``a`` and ``b`` print the same quantity. A blank cell of a printed table counts as 0.

    ``None`` when they agree, when both are blank, or when either table is not printed.
    """
    if not (_present(ctx, a[0]) and _present(ctx, b[0])):
        return None
    if a not in ctx.facts and b not in ctx.facts:
        return None
    va, vb = ctx.money(a), ctx.money(b)
    rel = ctx.relate("sum", [a, b], Decimal(0) if exact else ctx.config.likely(terms), same=True)
    severity = ctx.config.grade(va - vb, terms, exact)
    if severity is None:
        return None
    shown = [v if k in ctx.facts else "blank" for k, v in ((a, va), (b, vb))]
    message = ctx.equal_text(what, a, shown[0], b, shown[1], "info" if severity == "info" else "")
    return ctx.flag(severity, message, [a, b], expected=vb, found=va, relation=rel)


def _sum_agree(ctx: Context, total: Key, parts: Sequence[Key], what: str) -> Flag | None:
    """``total`` (one table) = Σ ``parts`` (another): the kernel's sum rule, only when both tables are printed."""
    if not (_present(ctx, total[0]) and all(_present(ctx, p[0]) for p in parts)):
        return None
    return ctx.sum_flag(total, parts, what)


def _codes(ctx: Context, table: str) -> list[str]:
    return ctx.codes(table)


def _nonzero(ctx: Context, keys: Sequence[Key]) -> int:
    return sum(1 for k in keys if k in ctx.facts and ctx.money(k) != 0)


def _terms(ctx: Context, code: str, tables_cols: Sequence[tuple[str, str]]) -> int:
    """Rounding terms of a code's figure: its non-zero leaf codes (most among the tables compared).

    A class figure is the sum of its 项, each rounded to the cent, so two tables that round at different
    levels can differ by up to half a cent per leaf: a 类 of four 项 printed 326.71 in one table and 326.72 in
    another is 尾差, not an error.
    """
    best = 1
    for table, col in tables_cols:
        codes = _codes(ctx, table)
        under = [c for c in codes if code == "合计" or (c.startswith(code) and c != code)]
        leaves = [c for c in under if not ctx.sub_codes(table, c)]
        best = max(best, _nonzero(ctx, [(table, k, col) for k in leaves]))
    return best


def _norm(label: str) -> str:
    return "".join(label.split()).replace("（", "(").replace("）", ")")


def class_codes(ctx: Context) -> dict[str, str]:
    """Class name → 3-digit 功能分类 code, from the code tables' printed labels, then the standard list."""
    found: dict[str, str] = {}
    for t in ctx.extraction.tables:
        if t.table not in CODE_TABLES:
            continue
        for r in t.rows:
            if len(r.row) == 3 and r.row.isdigit() and r.label:
                found.setdefault(_norm(r.label), r.row)
    return {**STANDARD_CLASSES, **found}


def _class_pairs(ctx: Context, table: str) -> Iterator[tuple[str, str | None]]:
    """(class row of table 01/04, its code or None)."""
    codes = class_codes(ctx)
    for name in class_rows(ctx, table):
        yield name, codes.get(_norm(name))


def _unmapped(ctx: Context, table: str, name: str, col: str) -> Flag:
    return ctx.flag("warning", Text.of("unmapped_class", table=table, name=name), [(table, name, col)])


def _no_carry_over(ctx: Context) -> bool:
    """Table 01 shows no balance moving in or out of the year (blank or zero; a row printed but not read shows
    nothing)."""
    keys = [(S, r, "金额") for r in ("使用非财政拨款结余", "年初结转和结余", "结余分配", "年末结转和结余")]
    return all(ctx.money(k) == 0 and not ctx.unread(k) for k in keys)


def _only_general_budget(ctx: Context) -> bool:
    """All the department's money is 一般公共预算财政拨款 (table 01 shows no other income, no carry-over)."""
    others = [r for r in SUMMARY_INCOME if r != "一般公共预算财政拨款收入"]
    return _no_carry_over(ctx) and all(ctx.money((S, r, "金额")) == 0 for r in others)


def _per_code(
    ctx: Context, a: tuple[str, str], b: tuple[str, str], what: str, codes: Sequence[str] | None = None
) -> Iterator[Flag | None]:
    """Compare column a[1] of table a[0] with column b[1] of table b[0] for every code and 合计."""
    (ta, ca), (tb, cb) = a, b
    rows = codes if codes is not None else list(dict.fromkeys([*ctx.rows(ta), *ctx.rows(tb)]))
    for code in rows:
        if not (code.isdigit() or code == "合计"):
            continue
        exact = len(code) == 7
        terms = _terms(ctx, code, [a, b])
        yield _agree(ctx, (ta, code, ca), (tb, code, cb), f"{what} {code}", terms=terms, exact=exact)


# -- checks ----------------------------------------------------------------------------------------
@register(
    "cross.summary_vs_code_tables",
    "table 01 vs 02/03: 本年收入合计 = 02 合计 本年收入合计; income sources = 02 合计 columns "
    "(三项财政拨款收入 = 财政拨款收入, 上级补助 …); 本年支出合计 = 03 合计 本年支出合计; "
    "every class row (科学技术支出 …) = 03 本年支出合计 of its 功能分类 code",
    severity="error",
    tolerance="rounding rule (one term per non-zero 款 of the class)",
)
def summary_vs_code_tables(ctx: Context) -> Iterator[Flag | None]:
    if not ctx.has_table(S):
        return
    if ctx.has_table(INC):
        total = (INC, "合计", "本年收入合计")
        yield _agree(
            ctx,
            (S, "本年收入合计", "金额"),
            total,
            "01 vs 02 本年收入合计",
            terms=_terms(ctx, "合计", [(total[0], total[2])]),
        )
        yield _sum_agree(
            ctx,
            (INC, "合计", "财政拨款收入"),
            [(S, f"{fund}收入", "金额") for fund in FUNDS],
            "02 合计 财政拨款收入 vs 01 财政拨款收入 items",
        )
        for item in ("上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"):
            yield _agree(ctx, (S, item, "金额"), (INC, "合计", item), f"01 vs 02 {item}")
    if ctx.has_table(EXP):
        total = (EXP, "合计", "本年支出合计")
        yield _agree(
            ctx,
            (S, "本年支出合计", "金额"),
            total,
            "01 vs 03 本年支出合计",
            terms=_terms(ctx, "合计", [(total[0], total[2])]),
        )
        for name, code in _class_pairs(ctx, S):
            if code is None:
                yield _unmapped(ctx, S, name, "金额")
                continue
            col = [(EXP, "本年支出合计")]
            yield _agree(
                ctx,
                (S, name, "金额"),
                (EXP, code, "本年支出合计"),
                f"01 {name} vs 03 {code}",
                terms=_terms(ctx, code, col),
            )
        # a class spent in table 03 but missing from table 01
        named = {c for _, c in _class_pairs(ctx, S) if c}
        names = {v: k for k, v in class_codes(ctx).items()}
        for code in _codes(ctx, EXP):
            if len(code) == 3 and code not in named and ctx.money((EXP, code, "本年支出合计")) != 0:
                yield _agree(
                    ctx,
                    (S, names.get(code, code), "金额"),
                    (EXP, code, "本年支出合计"),
                    f"01 vs 03 class {code}",
                    terms=_terms(ctx, code, [(EXP, "本年支出合计")]),
                )


@register(
    "cross.income_vs_expenditure",
    "table 02 本年收入合计 = table 03 本年支出合计 per code and 合计, when table 01 shows no carry-over "
    "(使用非财政拨款结余, 年初结转和结余, 结余分配, 年末结转和结余 all blank or zero); skipped otherwise",
    severity="error",
    tolerance="exact at 项 (7-digit codes); rounding rule at 类/款/合计",
)
def income_vs_expenditure(ctx: Context) -> Iterator[Flag | None]:
    if not (ctx.has_table(S) and ctx.has_table(INC) and ctx.has_table(EXP)) or not _no_carry_over(ctx):
        return
    yield from _per_code(ctx, (INC, "本年收入合计"), (EXP, "本年支出合计"), "02 本年收入合计 vs 03 本年支出合计")


@register(
    "cross.fiscal_vs_fund_tables",
    "table 04 fund columns vs the fund tables, per class and for 本年支出合计: 一般公共预算财政拨款 = 05 合计; "
    "政府性基金预算财政拨款 = 07 本年支出合计 (and 04 income/carry-in = 07 合计 本年收入/年初结转和结余); "
    "国有资本经营预算财政拨款 = 08 合计",
    severity="error",
    tolerance="rounding rule",
)
def fiscal_vs_fund_tables(ctx: Context) -> Iterator[Flag | None]:
    if not ctx.has_table(F):
        return
    codes = class_codes(ctx)
    for fund, table, col in ((FUNDS[0], GB, "合计"), (FUNDS[1], GF, "本年支出合计"), (FUNDS[2], SC, "合计")):
        if not ctx.has_table(table):
            continue
        classes = [(table, c, col) for c in _codes(ctx, table) if len(c) == 3]
        if (table, "合计", col) in ctx.facts or not classes:
            yield _agree(
                ctx,
                (F, "本年支出合计", fund),
                (table, "合计", col),
                f"04 本年支出合计 {fund} vs {table} 合计 {col}",
                terms=_terms(ctx, "合计", [(table, col)]),
            )
        else:  # no 合计 row printed: its classes stand in for it
            yield ctx.sum_flag((F, "本年支出合计", fund), classes, f"04 本年支出合计 {fund} vs Σ {table} classes {col}")
        for name in class_rows(ctx, F):
            code = codes.get(_norm(name))
            if code is None:
                if (F, name, fund) in ctx.facts:
                    yield _unmapped(ctx, F, name, fund)
                continue
            yield _agree(
                ctx, (F, name, fund), (table, code, col), f"04 {name} {fund} vs {table} {code}",
                terms=_terms(ctx, code, [(table, col)]),
            )  # fmt: skip
    if ctx.has_table(GF):
        yield _agree(
            ctx, (F, FUNDS[1], "金额"), (GF, "合计", "本年收入"), "04 政府性基金预算财政拨款收入 vs 07 本年收入"
        )
        yield _agree(
            ctx,
            (F, f"年初财政拨款结转和结余/{FUNDS[1]}", "金额"),
            (GF, "合计", "年初结转和结余"),
            "04 年初结转和结余 政府性基金 vs 07 年初结转和结余",
        )


@register(
    "cross.general_budget_vs_expenditure",
    "table 05 vs table 03 per code and 合计 (合计 = 本年支出合计, 基本支出, 项目支出), when all the department's "
    "money is 一般公共预算财政拨款 (table 01: no other income, no carry-over); skipped otherwise",
    severity="error",
    tolerance="exact at 项 (7-digit codes); rounding rule at 类/款/合计",
)
def general_budget_vs_expenditure(ctx: Context) -> Iterator[Flag | None]:
    if not (ctx.has_table(S) and ctx.has_table(GB) and ctx.has_table(EXP)) or not _only_general_budget(ctx):
        return
    for gcol, ecol in (("合计", "本年支出合计"), ("基本支出", "基本支出"), ("项目支出", "项目支出")):
        yield from _per_code(ctx, (GB, gcol), (EXP, ecol), f"05 {gcol} vs 03 {ecol}")


@register(
    "cross.basic_vs_economic",
    "table 05 合计 基本支出 = table 06 人员经费合计 + 公用经费合计, and = Σ table 06 经济分类 classes (301, 302 …)",
    severity="error",
    tolerance="rounding rule",
)
def basic_vs_economic(ctx: Context) -> Iterator[Flag | None]:
    if not (ctx.has_table(GB) and ctx.has_table(ECO)):
        return
    total = (GB, "合计", "基本支出")
    subtotals = [(ECO, r, "决算数") for r in ("人员经费合计", "公用经费合计")]
    if all(k in ctx.facts for k in subtotals):  # (a total not read is unknown, not 0: OCR lost its figure)
        yield ctx.sum_flag(total, subtotals, "05 合计 基本支出 vs 06 人员经费合计 + 公用经费合计")
    classes = [(ECO, c, "决算数") for c in _codes(ctx, ECO) if len(c) == 3]
    if classes:
        yield ctx.sum_flag(total, classes, "05 合计 基本支出 vs Σ 06 经济分类类")


@register(
    "cross.economic_vs_three_public",
    "table 06 30217 公务接待费 / 30231 公务用车运行维护费 must not exceed the 三公 table's 决算数 of the same item "
    "(06 covers 基本支出 only, so 06 ≤ 三公 is expected)",
    severity="error",
    tolerance="rounding rule (one cent); nothing is flagged when 06 ≤ 三公",
)
def economic_vs_three_public(ctx: Context) -> Iterator[Flag | None]:
    if not (ctx.has_table(ECO) and ctx.has_table(TP)):
        return
    for code, item in (("30217", "公务接待费"), ("30231", "公务用车运行维护费")):
        eco, tp = (ECO, code, "决算数"), (TP, item, "决算数")
        if eco not in ctx.facts:
            continue
        va, vb = ctx.money(eco), ctx.money(tp)
        rel = ctx.relate("le", [eco, tp], ctx.config.tolerance(1))
        if va - vb > ctx.config.tolerance(1):
            shown = vb if tp in ctx.facts else "blank"
            yield ctx.flag(
                "error", Text.of("exceeds_three_public", code=code, item=item, va=va, vb=shown), [eco, tp],
                expected=vb, found=va, relation=rel,
            )  # fmt: skip

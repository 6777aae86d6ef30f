"""Narrative figures (情况说明): restatements of table figures, the prose's own identities and percentages.

Every figure the prose restates must match the table it restates, and the prose must agree with itself
(收入总计 = 支出总计, 基本 + 项目 = 本年支出合计, 人员经费 + 公用经费 = 一般公共预算财政拨款基本支出 …).
Percentages printed in the prose (``占收入总计的 P%``, ``完成预算的 P%``, ``增加 Y 万元，增长 Z%``) are
recomputed from the figures they are computed from, read from ``ctx.text`` (the original text; spans index
into it). Without the text those percentage checks yield nothing.

Text helpers shared with the other prose families (``wording``, ``completeness``) live here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from extractor.checks import register
from extractor.checks.base import Context, Key, Relation
from extractor.checks.messages import Text
from extractor.normalize import normalize_value
from extractor.schemas.flags import Flag, FlagFact, Severity

N = "narrative"
HUNDRED = Decimal(100)

# -- text helpers --------------------------------------------------------------------------------------

#: a number as printed, OCR spacing allowed (``1, 903. 01``, ``56. 27``), full-width digits too
NUM = r"(?<![\d.．０-９])-?[\d０-９]+(?: ?, ?[\d０-９]{3})*(?: ?[.．] ?[\d０-９]+)?(?![\d０-９])"
COMMA = r"[，,、]"
PCT = r"[%％]"
_NUM_RE = re.compile(NUM)
_AMOUNT_RE = re.compile(rf"({NUM})\s*万元")


@dataclass(frozen=True)
class Printed:
    """A number read from the text: its value, its span, and half a unit of its last printed digit."""

    value: Decimal
    span: tuple[int, int]
    raw: str

    @property
    def half_unit(self) -> Decimal:
        """The printed figure's own rounding: 0.005 for ``12.34``, 0.05 for ``12.3``, 0.5 for ``12``."""
        exp = self.value.as_tuple().exponent
        return Decimal(5) * Decimal(10) ** (int(exp) - 1) if isinstance(exp, int) else Decimal(0)


def printed(text: str, start: int, end: int) -> Printed | None:
    """The number printed at ``text[start:end]``, or ``None`` if it does not parse."""
    raw = text[start:end]
    plain = normalize_value(raw)
    if plain is None:
        return None
    try:
        return Printed(Decimal(plain), (start, end), raw)
    except InvalidOperation:
        return None


def match_number(text: str, m: re.Match[str], group: int | str) -> Printed | None:
    return printed(text, m.start(group), m.end(group))


def fold(s: str) -> str:
    """A label as keys use it: no whitespace or quotes, half-width parentheses."""
    s = re.sub(r"[\s“”‘’\"'「」『』]", "", s)
    return s.replace("（", "(").replace("）", ")")


def span_index(ctx: Context) -> dict[tuple[int, int], Key]:
    """Fact key by span, for naming a number read from the text after the fact it is."""
    index: dict[tuple[int, int], Key] = {}
    for key, f in ctx.facts.items():
        if f.span is not None:
            index.setdefault((f.span[0], f.span[1]), key)
    return index


#: what a reviewer needs to see: a known fact (its key) or a number read from the text
Item = Key | tuple[str, str, Printed]


def text_item(ctx: Context, index: dict[tuple[int, int], Key], label: str, p: Printed, col: str) -> Item:
    """The fact printed at ``p`` if there is one, else a text item labelled ``label``."""
    key = index.get(p.span)
    return key if key is not None else (label, col, p)


def item_key(ctx: Context, it: Item) -> Key:
    """The key of an evidence item: a fact's own, or ``("text", label, "col@start")`` for a number read from
    the text (its value is kept in ``ctx.text_values``, so identities over it can be recorded)."""
    if len(it) == 3 and isinstance(it[2], Printed):
        label, col, p = it
        key = ("text", label, f"{col}@{p.span[0]}")
        ctx.text_values[key] = (p.value, p.span)
        return key
    return it


def flag_items(
    ctx: Context,
    severity: Severity,
    message: str | Text,
    items: Sequence[Item],
    expected: Decimal | None = None,
    found: Decimal | None = None,
    relation: Relation | None = None,
) -> Flag:
    """``ctx.flag`` for a mix of facts and numbers read from the text (listed as table ``text``)."""
    keys: list[Key] = []
    extra: dict[int, FlagFact] = {}
    for i, it in enumerate(items):
        keys.append(item_key(ctx, it))
        if len(it) == 3 and isinstance(it[2], Printed):
            label, col, p = it
            extra[i] = FlagFact(table="text", row=label, col=col, value=format(p.value, "f"), span=p.span)
    flag = ctx.flag(severity, message, keys, expected=expected, found=found, relation=relation)
    if extra:
        flag.facts = [extra.get(i, f) for i, f in enumerate(flag.facts)]
    return flag


def ratio_relation(ctx: Context, pct: Item, part: Item, whole: Item, lo: Decimal, hi: Decimal) -> Relation:
    """``pct = part / whole × 100``, good within what the printed figures' rounding allows (``lo``–``hi``)."""
    keys = [item_key(ctx, it) for it in (pct, part, whole)]
    values = [ctx.number(k) for k in keys]
    centre = values[1] / values[2] * HUNDRED if values[2] else values[0]
    return ctx.relate("ratio", keys, max(centre - lo, hi - centre, Decimal(0)), values=values)


def label_before(text: str, pos: int, width: int = 16) -> str:
    """The words printed just before ``pos`` (back to the previous clause break), for naming a text number."""
    head = text[max(0, pos - width) : pos]
    head = re.split(r"[，,。；;：:\n]", head)[-1]
    head = _NUM_RE.sub("", head)
    return fold(re.sub(r"^(?:其中|包括|年度?|[.、．]|[-—•\s])+", "", head.strip())) or "text"


def sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    """The sentence (between 。 / blank lines) around ``pos``."""
    start = max(text.rfind("。", 0, pos), text.rfind("\n\n", 0, pos)) + 1
    ends = [i for i in (text.find("。", pos), text.find("\n\n", pos)) if i >= 0]
    return start, (min(ends) if ends else len(text))


def line_bounds(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, (len(text) if end < 0 else end)


def pct_bounds(
    part: Printed, total: Printed | Decimal, pct: Printed, total_half: Decimal | None = None
) -> tuple[Decimal, Decimal] | None:
    """The range of percentages the printed part and total allow, widened by the printed P's rounding."""
    t = total.value if isinstance(total, Printed) else total
    te = total.half_unit if isinstance(total, Printed) else (total_half or Decimal("0.005"))
    if t - te <= 0:
        return None
    lo = max(Decimal(0), part.value - part.half_unit) / (t + te) * HUNDRED
    hi = (part.value + part.half_unit) / (t - te) * HUNDRED
    return lo - pct.half_unit, hi + pct.half_unit


def quantize_like(value: Decimal, like: Printed) -> Decimal:
    exp = like.value.as_tuple().exponent
    return value.quantize(Decimal(1).scaleb(int(exp))) if isinstance(exp, int) else value


def fact_money(ctx: Context, key: Key) -> Decimal | None:
    return None if key not in ctx.facts else ctx.money(key)


def fact_printed(ctx: Context, key: Key) -> Printed | None:
    f = ctx.get(*key)
    if f is None or f.span is None:
        return None if f is None else Printed(Decimal(f.value), (0, 0), f.value)
    return Printed(Decimal(f.value), (f.span[0], f.span[1]), f.value)


# -- narrative vs tables ---------------------------------------------------------------------------

#: narrative key → the table cell it restates
RESTATES: tuple[tuple[str, Key], ...] = (
    ("收入总计", ("summary", "收入总计", "金额")),
    ("支出总计", ("summary", "支出总计", "金额")),
    ("本年收入合计", ("summary", "本年收入合计", "金额")),
    ("本年支出合计", ("summary", "本年支出合计", "金额")),
    ("年末结转和结余", ("summary", "年末结转和结余", "金额")),
    ("财政拨款收入", ("income", "合计", "财政拨款收入")),
    ("基本支出", ("expenditure", "合计", "基本支出")),
    ("项目支出", ("expenditure", "合计", "项目支出")),
    ("财政拨款支出", ("fiscal_summary", "本年支出合计", "合计")),
    ("财政拨款收支总计", ("fiscal_summary", "收入总计", "金额")),
    ("一般公共预算财政拨款支出", ("general_budget", "合计", "合计")),
    ("一般公共预算财政拨款基本支出", ("general_budget", "合计", "基本支出")),
    ("人员经费", ("basic_by_economic", "人员经费合计", "决算数")),
    ("公用经费", ("basic_by_economic", "公用经费合计", "决算数")),
    ("三公经费支出", ("three_public", "合计", "决算数")),
    ("三公经费预算", ("three_public", "合计", "预算数")),
    ("因公出国(境)费", ("three_public", "因公出国(境)费", "决算数")),
    ("公务接待费", ("three_public", "公务接待费", "决算数")),
    ("公务用车购置及运行费", ("three_public", "公务用车购置及运行费", "决算数")),
    ("公务用车购置费", ("three_public", "公务用车购置费", "决算数")),
    ("公务用车运行维护费", ("three_public", "公务用车运行维护费", "决算数")),
)


def restated_flag(ctx: Context, a: Key, b: Key, what: str, extra: Sequence[Key] = ()) -> Flag | None:
    """Two printed figures of one quantity: equal, a one-cent 尾差 (``info``), or an ``error``.

    The prose often prints a figure it computed from rounded parts (人员 + 公用, Σ 类), so a difference of
    one cent (2 × ``rounding_per_term``) is rounding; anything more cannot be.
    """
    if a not in ctx.facts or b not in ctx.facts:
        return None
    va, vb = ctx.money(a), ctx.money(b)
    rel = ctx.relate("sum", [a, b], 2 * ctx.config.rounding_per_term, same=True)
    if va == vb:
        return None
    severity: Severity = "info" if abs(va - vb) <= 2 * ctx.config.rounding_per_term else "error"
    message = ctx.equal_text(what, a, va, b, vb, "info" if severity == "info" else "")
    return ctx.flag(severity, message, [a, b, *extra], expected=vb, found=va, relation=rel)


@register(
    "narrative.restates_table",
    "every figure the prose restates matches its table: 收入/支出总计, 本年收入/支出合计, 年末结转和结余 ↔ 01; "
    "财政拨款收入 ↔ 02 合计; 基本/项目支出 ↔ 03 合计; 财政拨款支出, 财政拨款收支总计 ↔ 04; "
    "一般公共预算财政拨款(基本)支出 ↔ 05 合计; 人员经费/公用经费 ↔ 06 subtotals; 三公 figures ↔ 09 决算数/预算数",
    severity="error",
    tolerance="a one-cent difference (2 × rounding_per_term) is 尾差 (info); more is an error",
)
def restates_table(ctx: Context) -> Iterator[Flag | None]:
    for key, cell in RESTATES:
        yield restated_flag(ctx, (N, key, "金额"), cell, f"prose {key} vs table")


# -- the prose's own identities --------------------------------------------------------------------


def _n(key: str) -> Key:
    return (N, key, "金额")


def _has(ctx: Context, key: str) -> bool:
    return _n(key) in ctx.facts


def _this_year_spending(ctx: Context) -> Key | None:
    """The prose's 本年支出合计, or its 支出总计 when it says nothing is carried over (年末结转和结余 0)."""
    if _has(ctx, "本年支出合计"):
        return _n("本年支出合计")
    if _has(ctx, "支出总计") and _has(ctx, "年末结转和结余") and ctx.money(_n("年末结转和结余")) == 0:
        return _n("支出总计")
    return None


def _partial_sum(ctx: Context, total: str, parts: Sequence[str], what: str) -> Flag | None:
    """``total = Σ parts`` among narrative facts, only when the total and at least one part are stated."""
    if not _has(ctx, total) or not any(_has(ctx, p) for p in parts):
        return None
    return ctx.sum_flag(_n(total), [_n(p) for p in parts], what)


@register(
    "narrative.identities",
    "the prose agrees with itself: 收入总计 = 支出总计; 基本支出 + 项目支出 = 本年支出合计 (or 支出总计 when "
    "年末结转和结余 is 0); 人员经费 + 公用经费 = 一般公共预算财政拨款基本支出; 基本支出 = 一般公共预算财政拨款基本支出 "
    "when all spending is 一般公共预算财政拨款; 三公 = 出国 + 接待 + 车, 车 = 购置 + 运维; "
    "政府采购支出总额 = 货物 + 工程 + 服务",
    severity="error",
    tolerance="rounding rule for sums (info within ½ cent per term); restatements: one cent is 尾差 (info)",
)
def identities(ctx: Context) -> Iterator[Flag | None]:
    yield ctx.equal_flag(_n("收入总计"), _n("支出总计"), "prose 收入总计 = 支出总计")
    total = _this_year_spending(ctx)
    if total is not None and (_has(ctx, "基本支出") or _has(ctx, "项目支出")):
        yield ctx.sum_flag(total, [_n("基本支出"), _n("项目支出")], f"prose {total[1]} = 基本支出 + 项目支出")
    yield _partial_sum(
        ctx,
        "一般公共预算财政拨款基本支出",
        ["人员经费", "公用经费"],
        "prose 一般公共预算财政拨款基本支出 = 人员 + 公用经费",
    )
    gp = _n("一般公共预算财政拨款支出")
    if total is not None and gp in ctx.facts and ctx.money(gp) == ctx.money(total):
        yield restated_flag(
            ctx,
            _n("一般公共预算财政拨款基本支出"),
            _n("基本支出"),
            "prose 一般公共预算财政拨款基本支出 vs 基本支出 (all spending is 一般公共预算财政拨款)",
            extra=[gp, total],
        )
    yield _partial_sum(
        ctx, "三公经费支出", ["因公出国(境)费", "公务接待费", "公务用车购置及运行费"], "prose 三公经费支出 = Σ parts"
    )
    yield _partial_sum(
        ctx,
        "公务用车购置及运行费",
        ["公务用车购置费", "公务用车运行维护费"],
        "prose 公务用车购置及运行费 = Σ parts",
    )
    yield _partial_sum(
        ctx,
        "政府采购支出总额",
        ["政府采购货物支出", "政府采购工程支出", "政府采购服务支出"],
        "prose 政府采购支出总额 = 货物 + 工程 + 服务",
    )


#: (part, whole): a part cannot exceed its whole
BOUNDS: tuple[tuple[Key, Key, str], ...] = (
    (_n("授予中小企业合同金额"), _n("政府采购支出总额"), "授予中小企业合同金额 ≤ 政府采购支出总额"),
    (_n("授予小微企业合同金额"), _n("授予中小企业合同金额"), "授予小微企业合同金额 ≤ 授予中小企业合同金额"),
    (("narrative", "公务用车保有量", "数量"), ("narrative", "车辆总数", "数量"), "公务用车保有量 ≤ 车辆总数"),
)


@register(
    "narrative.bounds",
    "a part the prose states cannot exceed its whole: 授予小微 ≤ 授予中小企业合同金额 ≤ 政府采购支出总额; "
    "公务用车保有量 ≤ 车辆总数",
    severity="warning",
    tolerance="the rounding of the two printed figures (½ cent each)",
)
def bounds(ctx: Context) -> Iterator[Flag | None]:
    for part, whole, what in BOUNDS:
        if part in ctx.facts and whole in ctx.facts:
            vp, vw = ctx.money(part), ctx.money(whole)
            rel = ctx.relate("le", [part, whole], ctx.config.tolerance(2))
            if vp - vw > ctx.config.tolerance(2):
                message = Text.of("bound", what=what, vp=vp, vw=vw)
                yield ctx.flag("warning", message, [part, whole], expected=vw, found=vp, relation=rel)


# -- 机关运行经费 vs 公用经费 -------------------------------------------------------------------------

_SAYS_EQUAL = re.compile(r"公用经费[^。\n]{0,12}一致|一致[^。\n]{0,12}公用经费")


def _single_unit(text: str) -> bool:
    """Whether the report's 决算单位构成 is one unit with no separate 事业单位 (so 机关运行经费 covers it all)."""
    if re.search(r"编制范围的?(?:预算)?单位(?:共|只有)?\s*(?:一|1)\s*个", text):
        return True
    m = re.search(r"其他事业单位\s*(\d+)\s*个", text)
    if m:
        return m.group(1) == "0"
    m = re.search(r"编制范围的?(?:预算)?单位包括[:：]?\s*\n", text)
    if m:
        names: list[str] = []
        for line in text[m.end() :].splitlines():
            s = line.strip()
            if not s:
                continue
            if re.match(r"(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|#)", s):
                break
            names.append(s)
            if len(names) > 3:
                break
        return len(names) == 1
    return False


@register(
    "narrative.office_costs",
    "机关运行经费 = 公用经费 (prose, and table 06 公用经费合计) where the report says they agree "
    "(…公用经费之和一致); it can never exceed them; it may be smaller only when the department has "
    "units other than 行政/参公 ones",
    severity="error",
    tolerance="a one-cent difference is 尾差 (info); smaller with a single unit is a warning",
)
def office_costs(ctx: Context) -> Iterator[Flag | None]:
    office = _n("机关运行经费")
    f = ctx.get(*office)
    if ctx.text is None or f is None or f.span is None:
        return
    near = ctx.text[f.span[1] : f.span[1] + 120]
    if not _SAYS_EQUAL.search(near):
        return
    single = _single_unit(ctx.text)
    for other in (_n("公用经费"), ("basic_by_economic", "公用经费合计", "决算数")):
        if other not in ctx.facts:
            continue
        vo, vp = ctx.money(office), ctx.money(other)
        diff = vo - vp
        cent = 2 * ctx.config.rounding_per_term
        # with one unit the two are the same figure; with several, 机关运行经费 may only be smaller
        rel = ctx.relate("sum" if single else "le", [office, other], cent, same=single)
        if diff == 0:
            continue
        keys = [office, other]
        args = {"other": "/".join(other), "vo": vo, "vp": vp}
        if abs(diff) <= cent:
            yield ctx.flag("info", Text.of("office_rounding", **args), keys, vp, vo, relation=rel)
        elif diff > 0:
            yield ctx.flag("error", Text.of("office_over", **args), keys, expected=vp, found=vo, relation=rel)
        elif single:
            yield ctx.flag("warning", Text.of("office_under", **args), keys, expected=vp, found=vo, relation=rel)


# -- percentages in the prose ----------------------------------------------------------------------

#: how the prose names a total in ``占…的 P%`` → the narrative key (then a table cell) that holds it
SHARE_TOTALS: dict[str, tuple[Key, ...]] = {
    "收入总计": (_n("收入总计"), ("summary", "收入总计", "金额")),
    "支出总计": (_n("支出总计"), ("summary", "支出总计", "金额")),
    "收入合计": (_n("本年收入合计"), ("summary", "本年收入合计", "金额")),
    "本年收入合计": (_n("本年收入合计"), ("summary", "本年收入合计", "金额")),
    "支出合计": (_n("本年支出合计"), ("summary", "本年支出合计", "金额")),
    "本年支出合计": (_n("本年支出合计"), ("summary", "本年支出合计", "金额")),
    "三公经费支出": (_n("三公经费支出"), ("three_public", "合计", "决算数")),
    "政府采购支出总额": (_n("政府采购支出总额"),),
    "中小企业采购支出总额": (_n("授予中小企业合同金额"),),
    "授予中小企业合同金额": (_n("授予中小企业合同金额"),),
}

_BUDGET_CLAUSE = rf"(?:{COMMA}?\s*完成(?:年初)?预算的?\s*{NUM}\s*{PCT})?"
_SHARE_NAMED = re.compile(
    rf"(?P<part>{NUM})\s*万元\s*{_BUDGET_CLAUSE}\s*{COMMA}?\s*占\s*(?P<name>[^的，,。；;%％\d\n]{{1,16}}?)\s*的\s*(?P<pct>{NUM})\s*{PCT}"
)
_SHARE_BARE = re.compile(rf"(?P<part>{NUM})\s*万元\s*{_BUDGET_CLAUSE}\s*{COMMA}\s*占\s*(?P<pct>{NUM})\s*{PCT}")
_TOTAL_MARK = re.compile(rf"(?P<total>{NUM})\s*万元\s*{COMMA}?\s*(?:其中|主要用于)")
_BUDGET = re.compile(
    rf"预算(?:数)?为\s*(?P<budget>{NUM})\s*万元\s*{COMMA}\s*(?:支出)?决算(?:数)?为\s*(?P<actual>{NUM})\s*万元"
    rf"\s*{COMMA}\s*完成(?:年初)?预算的?\s*(?P<pct>{NUM})\s*{PCT}"
)


def _total_for(ctx: Context, name: str) -> Key | None:
    for key in SHARE_TOTALS.get(fold(name).replace('"', ""), ()):
        if key in ctx.facts:
            return key
    return None


def _share_flag(
    ctx: Context, index: dict[tuple[int, int], Key], part: Printed, total: Item, total_p: Printed, pct: Printed
) -> Flag | None:
    if total_p.value == 0:
        return None
    rng = pct_bounds(part, total_p, pct)
    if rng is None or rng[0] <= pct.value <= rng[1]:
        return None
    text = ctx.text or ""
    exact = quantize_like(part.value / total_p.value * HUNDRED, pct)
    part_item = text_item(ctx, index, label_before(text, part.span[0]), part, "金额")
    pct_item = text_item(ctx, index, label_before(text, part.span[0]) + "占比", pct, "%")
    rel = ratio_relation(ctx, pct_item, part_item, total, *rng)
    return flag_items(
        ctx,
        "warning",
        Text.of("share", part=part.value, total=total_p.value, exact=exact, pct=pct.value),
        [part_item, total, pct_item],
        expected=exact,
        found=pct.value,
        relation=rel,
    )


@register(
    "narrative.percent_share",
    "a share printed in the prose (`X 万元，占收入总计/支出总计/支出合计/“三公”经费支出/政府采购支出总额…的 P%`, "
    "or a bare `占 P%` after `T 万元，其中/主要用于`, or in a 三公 breakdown) equals X / total",
    severity="warning",
    tolerance="P may differ from X/T by the rounding of X and T (half a unit of their last printed digit each) "
    "plus half a unit of P's last printed digit (±0.5 pp for a whole percentage)",
)
def percent_share(ctx: Context) -> Iterator[Flag | None]:
    text = ctx.text
    if text is None:
        return
    index = span_index(ctx)
    for m in _amount_matches(_SHARE_NAMED, text):
        total = _total_for(ctx, m.group("name"))
        part, pct = match_number(text, m, "part"), match_number(text, m, "pct")
        total_p = fact_printed(ctx, total) if total else None
        if total and part and pct and total_p:
            yield _share_flag(ctx, index, part, total, total_p, pct)
    for m in _amount_matches(_SHARE_BARE, text):
        part, pct = match_number(text, m, "part"), match_number(text, m, "pct")
        if part is None or pct is None:
            continue
        s, _ = sentence_bounds(text, m.start())
        head = text[s : m.start()]
        marks = list(_TOTAL_MARK.finditer(text, s, m.start()))
        if marks:
            tp = match_number(text, marks[-1], "total")
            if tp is None:
                continue
            total_item = text_item(ctx, index, label_before(text, tp.span[0]), tp, "金额")
            yield _share_flag(ctx, index, part, total_item, tp, pct)
        elif "三公" in head and "决算中" in head:
            key = _n("三公经费支出")
            tp2 = fact_printed(ctx, key)
            if tp2 is not None:
                yield _share_flag(ctx, index, part, key, tp2, pct)


def _amount_matches(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern that opens with ``NUM\\s*万元``, tried only where such a match can
    start: in the run of number characters and spaces just before each 万元 (a scan of the whole text from every
    digit cost a report milliseconds). Same matches: every start is in some run, and the runs are tried in
    order, each position at or after the end of the previous match, as ``finditer`` does."""
    end = 0
    q = text.find("万元")
    while q >= 0:
        p = q
        while p > end and (text[p - 1] in _RUN_CHARS or text[p - 1].isspace() or text[p - 1].isdecimal()):
            p -= 1
        for start in range(max(p, end), q):
            m = pattern.match(text, start)
            if m is not None:
                yield m
                end = m.end()
                break
        q = text.find("万元", max(q + 1, end))


_RUN_CHARS = frozenset("-,.．")


@register(
    "narrative.percent_budget",
    "`预算为 B 万元，(支出)决算为 A 万元，完成(年初)预算的 P%`: P = A / B",
    severity="warning",
    tolerance="the rounding of A and B (half a unit of their last printed digit) plus half a unit of P's last "
    "printed digit",
)
def percent_budget(ctx: Context) -> Iterator[Flag | None]:
    text = ctx.text
    if text is None:
        return
    index = span_index(ctx)
    for m in _BUDGET.finditer(text):
        budget, actual, pct = (match_number(text, m, g) for g in ("budget", "actual", "pct"))
        if budget is None or actual is None or pct is None or budget.value == 0:
            continue
        rng = pct_bounds(actual, budget, pct)
        if rng is None or rng[0] <= pct.value <= rng[1]:
            continue
        exact = quantize_like(actual.value / budget.value * HUNDRED, pct)
        label = label_before(text, m.start())
        items = [
            text_item(ctx, index, label + "决算", actual, "金额"),
            text_item(ctx, index, label + "预算", budget, "金额"),
            text_item(ctx, index, label + "完成预算", pct, "%"),
        ]
        yield flag_items(
            ctx,
            "warning",
            Text.of("budget_percent", actual=actual.value, budget=budget.value, exact=exact, pct=pct.value),
            items,
            expected=exact,
            found=pct.value,
            relation=ratio_relation(ctx, items[2], items[0], items[1], *rng),
        )


UP = {"增加", "增长", "上升", "提高"}
DOWN = {"减少", "下降", "降低"}
CHANGE = re.compile(
    rf"(?P<verb>增加|减少|增长|下降|降低|上升)了?\s*(?P<amount>{NUM})\s*万元\s*{COMMA}?\s*"
    rf"(?:同比)?(?P<pverb>增长|下降|降低|减少|增加|上升)(?:了|幅度为|率为)?\s*(?P<pct>{NUM})\s*{PCT}"
)


def changes(
    ctx: Context, text: str, index: dict[tuple[int, int], Key]
) -> Iterator[tuple[re.Match[str], Printed, Printed, list[Item]]]:
    """Every printed `增加/减少 Y 万元，增长/下降 Z%` with both figures and their evidence items."""
    for m in CHANGE.finditer(text):
        amount, pct = match_number(text, m, "amount"), match_number(text, m, "pct")
        if amount is None or pct is None:
            continue
        label = label_before(text, m.start())
        items = [
            text_item(ctx, index, label + m.group("verb"), amount, "金额"),
            text_item(ctx, index, label + m.group("pverb"), pct, "%"),
        ]
        yield m, amount, pct, items


#: the subject of a change, as printed before the verb → the narrative key it names (longest first)
SUBJECTS: tuple[tuple[str, str], ...] = (
    ("一般公共预算财政拨款基本支出", "一般公共预算财政拨款基本支出"),
    ("一般公共预算财政拨款支出", "一般公共预算财政拨款支出"),
    ("财政拨款收入支出总计", "财政拨款收支总计"),
    ("财政拨款收支总计", "财政拨款收支总计"),
    ("一般公共预算财政拨款", "一般公共预算财政拨款支出"),
    ("财政拨款支出", "财政拨款支出"),
    ("财政拨款收入", "财政拨款收入"),
    ("收入支出总计", "收入总计"),
    ("收支总计", "收入总计"),
    ("收入总计", "收入总计"),
    ("支出总计", "支出总计"),
    ("本年收入合计", "本年收入合计"),
    ("本年支出合计", "本年支出合计"),
    ("机关运行经费", "机关运行经费"),
    ("三公经费", "三公经费支出"),
    ("因公出国(境)", "因公出国(境)费"),
    ("公务用车购置及运行", "公务用车购置及运行费"),
    ("公务用车运行维护", "公务用车运行维护费"),
    ("公务用车购置", "公务用车购置费"),
    ("公务接待", "公务接待费"),
    ("今年收入", "收入总计"),
    ("今年支出", "支出总计"),
)


def change_subject(text: str, verb_pos: int) -> str | None:
    """The narrative key named by the words before a change verb (back to the previous clause break)."""
    head = text[max(0, verb_pos - 40) : verb_pos]
    clause = fold(re.split(r"[，,。；;：:\n]", head)[-1]).replace("、", "")
    for words, key in SUBJECTS:
        if words in clause:
            return key
    return None


def change_current(ctx: Context, index: dict[tuple[int, int], Key], m: re.Match[str]) -> tuple[Item, Printed] | None:
    """This year's figure a change describes: the subject's narrative fact, else the nearest amount before it."""
    text = ctx.text or ""
    key = change_subject(text, m.start("verb"))
    if key is not None and _n(key) in ctx.facts:
        p = fact_printed(ctx, _n(key))
        if p is not None:
            return _n(key), p
    s, _ = line_bounds(text, m.start())
    amounts = [a for a in _AMOUNT_RE.finditer(text, s, m.start())]
    if not amounts:
        return None
    a = amounts[-1]
    p = printed(text, a.start(1), a.end(1))
    if p is None:
        return None
    return text_item(ctx, index, label_before(text, a.start(1)), p, "金额"), p


def change_bounds(cur: Printed, amount: Printed, up: bool, pct: Printed) -> tuple[Decimal, Decimal] | None:
    """The range of ``Z = Y / previous`` the printed figures allow (previous = current ∓ Y), ± P's rounding."""
    values: list[Decimal] = []
    for dc in (-cur.half_unit, cur.half_unit):
        for dy in (-amount.half_unit, amount.half_unit):
            c, y = cur.value + dc, max(Decimal(0), amount.value + dy)
            prev = c - y if up else c + y
            if prev <= 0:
                return None
            values.append(y / prev * HUNDRED)
    return min(values) - pct.half_unit, max(values) + pct.half_unit


@register(
    "narrative.percent_change",
    "`增加/减少 Y 万元，增长/下降 Z%`: Z = Y / last year, last year = this year's figure ∓ Y (this year's figure: "
    "the narrative fact the sentence is about, else the nearest amount before it on the line)",
    severity="warning",
    tolerance="Z may differ by what the rounding of Y and of this year's figure allow (½ unit of their last "
    "printed digit) plus half a unit of Z's last printed digit",
)
def percent_change(ctx: Context) -> Iterator[Flag | None]:
    text = ctx.text
    if text is None:
        return
    index = span_index(ctx)
    for m, amount, pct, evidence in changes(ctx, text, index):
        if amount.value < 0:
            continue
        up, pup = m.group("verb") in UP, m.group("pverb") in UP
        if up != pup:
            continue  # contradictory wording: wording.change_direction says so
        found = change_current(ctx, index, m)
        if found is None:
            continue
        cur_item, cur = found
        rng = change_bounds(cur, amount, up, pct)
        if rng is None or rng[0] <= pct.value <= rng[1]:
            continue
        prev = cur.value - amount.value if up else cur.value + amount.value
        exact = quantize_like(amount.value / prev * HUNDRED, pct)
        items = [cur_item, *evidence]
        message = Text.of(
            "change_percent", verb=m.group("verb"), amount=amount.value, cur=cur.value, prev=prev, exact=exact,
            pverb=m.group("pverb"), pct=pct.value,
        )  # fmt: skip
        yield flag_items(ctx, "warning", message, items, expected=exact, found=pct.value)

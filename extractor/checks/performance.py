"""Performance self-evaluations (绩效自评): 执行率 = 执行数 / 预算数, scores within 0–100, spending vs budget."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from extractor.checks import register
from extractor.checks.base import Context, Key
from extractor.checks.messages import Text
from extractor.schemas.flags import Flag

P = "performance"
HUNDRED = Decimal(100)


def _key(project: str, col: str) -> Key:
    return (P, project, col)


def _half_unit(value: Decimal) -> Decimal:
    """Half a unit of the last printed digit; a rate printed without decimals is good to ±0.5 pp."""
    exp = value.as_tuple().exponent
    return Decimal(5) * Decimal(10) ** (int(exp) - 1) if isinstance(exp, int) else Decimal(0)


def _projects(ctx: Context) -> list[str]:
    return [p.project for p in ctx.extraction.performance]


@register(
    "performance.rate",
    "执行率 = 执行数 / 预算数 × 100 for every project that prints all three",
    severity="warning",
    tolerance="the printed rate's own rounding: half a unit of its last printed digit (±0.005 pp for 94.06%, "
    "±0.5 pp for a rate printed without decimals)",
)
def rate(ctx: Context) -> Iterator[Flag | None]:
    for project in _projects(ctx):
        budget, spent, printed = (_key(project, c) for c in ("预算数", "执行数", "执行率"))
        if not all(k in ctx.facts for k in (budget, spent, printed)):
            continue
        b, s = ctx.money(budget), ctx.money(spent)
        r = Decimal(ctx.facts[printed].value)
        if b == 0:
            continue
        exact = s / b * HUNDRED
        rel = ctx.relate("ratio", [printed, spent, budget], _half_unit(r), values=[r, s, b])
        if abs(exact - r) <= _half_unit(r):
            continue
        shown = exact.quantize(Decimal("0.01"))
        message = Text.of("rate", project=project, r=r, s=s, b=b, exact=shown)
        yield ctx.flag("warning", message, [printed, spent, budget], expected=shown, found=r, relation=rel)


@register(
    "performance.score_range",
    "自评得分 lies within 0–100",
    severity="error",
    tolerance="exact",
)
def score_range(ctx: Context) -> Iterator[Flag | None]:
    for project in _projects(ctx):
        key = _key(project, "自评得分")
        if key in ctx.facts:
            v = Decimal(ctx.facts[key].value)
            if not 0 <= v <= HUNDRED:
                rel = ctx.relate("single", [key], Decimal(0), values=[v])
                message = Text.of("score_range", project=project, v=v)
                yield ctx.flag("error", message, [key], found=v, relation=rel)


@register(
    "performance.over_budget",
    "执行数 > 预算数 while the printed 执行率 is ≤ 100% (warning); 执行数 > 预算数 with no 执行率 printed (info: "
    "spending beyond the budget the report states, e.g. carried-over or added funds it does not count)",
    severity="warning",
    tolerance="the rounding of the two printed figures (½ cent each)",
)
def over_budget(ctx: Context) -> Iterator[Flag | None]:
    for project in _projects(ctx):
        budget, spent, printed = (_key(project, c) for c in ("预算数", "执行数", "执行率"))
        if budget not in ctx.facts or spent not in ctx.facts:
            continue
        b, s = ctx.money(budget), ctx.money(spent)
        if s - b <= ctx.config.tolerance(2):
            continue
        if printed in ctx.facts:
            r = Decimal(ctx.facts[printed].value)
            if r <= HUNDRED:
                message = Text.of("over_budget_rate", project=project, s=s, b=b, r=r)
                yield ctx.flag("warning", message, [spent, budget, printed], expected=b, found=s)
        else:
            message = Text.of("over_budget", project=project, s=s, b=b)
            yield ctx.flag("info", message, [spent, budget], expected=b, found=s)

"""The 三公 table (公开09表): its own sums, and the prose that restates it.

合计 = 因公出国(境)费 + 公务用车购置及运行费 + 公务接待费, and 公务用车购置及运行费 = 公务用车购置费 +
公务用车运行维护费, in both the 预算数 and the 决算数 column. The 情况说明 restates the same figures
(三公经费支出 is the 合计 决算数, 三公经费预算 the 合计 预算数); a blank table cell counts as 0 there, since
a report prints ``因公出国（境）费 0.00 万元`` in prose and leaves the cell blank.
"""

from __future__ import annotations

from collections.abc import Iterator

from extractor.checks import register
from extractor.checks.base import Context, Key
from extractor.checks.messages import Text
from extractor.schemas.flags import Flag

T = "three_public"
N = "narrative"
PARTS = ("因公出国(境)费", "公务用车购置及运行费", "公务接待费")
CAR = "公务用车购置及运行费"
CAR_PARTS = ("公务用车购置费", "公务用车运行维护费")

#: narrative key → (three_public row, col)
PROSE: dict[str, tuple[str, str]] = {
    "三公经费支出": ("合计", "决算数"),
    "三公经费预算": ("合计", "预算数"),
    "因公出国(境)费": ("因公出国(境)费", "决算数"),
    "公务接待费": ("公务接待费", "决算数"),
    "公务用车购置及运行费": (CAR, "决算数"),
    "公务用车购置费": ("公务用车购置费", "决算数"),
    "公务用车运行维护费": ("公务用车运行维护费", "决算数"),
}


@register(
    "three_public.sum",
    "三公 table, 预算数 and 决算数: 合计 = 因公出国(境)费 + 公务用车购置及运行费 + 公务接待费; "
    "公务用车购置及运行费 = 公务用车购置费 + 公务用车运行维护费",
    severity="error",
    tolerance="rounding rule (info within ½ cent per term)",
    table_identity=True,
)
def three_public_sum(ctx: Context) -> Iterator[Flag | None]:
    for col in ("预算数", "决算数"):
        yield ctx.sum_flag((T, "合计", col), [(T, r, col) for r in PARTS], f"三公 合计 {col}")
        yield ctx.sum_flag((T, CAR, col), [(T, r, col) for r in CAR_PARTS], f"三公 {CAR} {col}")


@register(
    "three_public.prose",
    "情况说明 vs 三公 table: 三公经费支出 = 合计 决算数, 三公经费预算 = 合计 预算数, and 因公出国(境)费, "
    "公务接待费, 公务用车购置及运行费, 公务用车购置费, 公务用车运行维护费 = their 决算数",
    severity="error",
    tolerance="rounding rule (one cent); a blank table cell counts as 0",
)
def three_public_prose(ctx: Context) -> Iterator[Flag | None]:
    if not ctx.has_table(T):
        return
    for key, (row, col) in PROSE.items():
        prose: Key = (N, key, "金额")
        cell: Key = (T, row, col)
        if prose not in ctx.facts:
            continue
        vp, vt = ctx.money(prose), ctx.money(cell)
        rel = ctx.relate("sum", [prose, cell], ctx.config.likely(2), same=True)
        if vp == vt:
            continue
        severity = ctx.config.grade(vp - vt, 2) or "info"  # the prose rounds the same figure again
        shown = vt if cell in ctx.facts else "blank"
        message = Text.of(
            "three_public_prose", key=key, vp=vp, row=row, col=col, vt=shown, note="info" if severity == "info" else ""
        )
        yield ctx.flag(severity, message, [prose, cell], expected=vt, found=vp, relation=rel)

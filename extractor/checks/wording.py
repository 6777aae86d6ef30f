"""Wording: the fiscal year is printed consistently; described changes match the figures they describe.

Both checks read ``ctx.text`` (the original text); without it they yield nothing.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal

from extractor.checks import register
from extractor.checks.base import Context
from extractor.checks.messages import Text
from extractor.checks.narrative import (
    DOWN,
    NUM,
    UP,
    Printed,
    changes,
    flag_items,
    label_before,
    match_number,
    sentence_bounds,
    span_index,
    text_item,
)
from extractor.schemas.flags import Flag

#: the report's own fiscal-year mentions: titles / contents (`2024 年度…部门决算`), table headers on a line
#: of their own (`2024 年度`, `(2024年度)`), and prose sentences that open with the year (`2024 年度财政拨款…`)
_TITLE = re.compile(r"(?<![\d０-９])(\d{1,4})\s*年度?\s*[^\n。，,；;：:\d]{0,40}?部门决\s*算")
_HEADER = re.compile(r"(?m)^[ \t]*[（(]?[ \t]*(\d{1,4})[ \t]*年度[ \t]*[)）]?[ \t]*$")
_SELF_EVAL = re.compile(r"自评表\s*[（(]\s*(\d{1,4})\s*年度\s*[)）]")
#: a sentence opening with the year (``本部门2024年度财政拨款…``): what precedes the year in its sentence, the
#: year, and what follows it
_OPENING = re.compile(
    r"[ \t\-•*#]*(?:\[bookmark:[^\]\n]*\][ \t]*)*(?:本部门|本单位)?[ \t]*(\d{1,4})[ \t]*年度"
    r"(?=[ \t]*(?:财政拨款|一般公共预算|收|支|本年|部门|政府|国有|机关|“三公”|\"三公\"|无))"
)
_NIANDU = re.compile(r"年度")
_TITLE_END = re.compile(r"部门决\s*算")
_TITLE_REACH = 80  # characters a title's year may stand before its 部门决算


def _mentions(text: str) -> list[tuple[str, int, int]]:
    """Where the report prints its own year. Each pattern is tried only near its anchor (年度, 部门决算,
    自评表): scanning the whole report with them cost more than all the other wording checks together."""
    found: dict[int, tuple[str, int, int]] = {}
    matches: list[re.Match[str]] = []
    for end in _TITLE_END.finditer(text):
        matches.extend(_TITLE.finditer(text, max(0, end.start() - _TITLE_REACH), end.end()))
    for du in _NIANDU.finditer(text):
        line_start = text.rfind("\n", 0, du.start()) + 1
        line_end = text.find("\n", du.end())
        header = _HEADER.match(text, line_start, len(text) if line_end < 0 else line_end)
        lead = max(line_start, text.rfind("。", 0, du.start()) + 1)
        opening = _OPENING.match(text, lead)
        matches.extend(m for m in (header, opening) if m is not None and m.end(1) <= du.start())
    matches.extend(_SELF_EVAL.finditer(text))
    for m in matches:
        found.setdefault(m.start(1), (m.group(1), m.start(1), m.end(1)))
    return sorted(found.values(), key=lambda x: x[1])


def _well_formed(year: str) -> bool:
    return len(year) == 4 and year.startswith(("19", "20"))


@register(
    "wording.fiscal_year",
    "the fiscal year is the same wherever the report prints its own year (title, contents, table headers "
    "`2024 年度`, prose opening `2024年度…`; not comparisons like 与2023年相比 or dates like 截至2024年12月31日); "
    "a different or defective year (`202 年度`) is flagged",
    severity="warning",
    tolerance="exact",
)
def fiscal_year(ctx: Context) -> Iterator[Flag | None]:
    text = ctx.text
    if text is None:
        return
    mentions = _mentions(text)
    years = Counter(y for y, _, _ in mentions if _well_formed(y))
    expected = str(ctx.extraction.metadata.year) if ctx.extraction.metadata.year else None
    if expected is None or expected not in years:
        if not years:
            return
        expected = years.most_common(1)[0][0]
    for year, start, end in mentions:
        if year == expected:
            continue
        p = Printed(Decimal(year), (start, end), year)
        context = text[max(0, start - 8) : end + 12].strip()
        template = "year_other" if _well_formed(year) else "year_defective"
        yield flag_items(
            ctx,
            "warning",
            Text.of(template, year=year, context=context, expected=expected),
            [("财政年度", "年度", p)],
            expected=Decimal(expected),
            found=Decimal(year),
        )


_FLAT_CHANGE = re.compile(
    rf"(?P<verb>增加|减少|增长|下降|降低|上升)(?P<to>为|到|至)?了?\s*(?P<amount>{NUM})\s*(?P<unit>万元|[%％])"
)
_FROM_TO = re.compile(
    rf"由\s*(?P<prev>{NUM})\s*万元\s*(?P<verb>增加|减少|增长|下降|降低|上升)(?:到|至|为)\s*(?P<cur>{NUM})\s*万元"
)


@register(
    "wording.change_direction",
    "a described change agrees with itself and its figures: 增加 Y 万元 is not followed by 下降 Z% (nor the "
    "reverse); a signed change amount is not negative; `由 A 万元 减少到 B 万元` has B < A; a sentence that "
    "says 持平 does not also state a non-zero change or `减少为/增加为 X` of the same figure",
    severity="warning",
    tolerance="exact (a zero change with 持平 is consistent)",
)
def change_direction(ctx: Context) -> Iterator[Flag | None]:
    text = ctx.text
    if text is None:
        return
    index = span_index(ctx)
    for m, change, pct, items in changes(ctx, text, index):
        up, pup = m.group("verb") in UP, m.group("pverb") in UP
        if up != pup and (change.value != 0 or pct.value != 0):
            message = Text.of("change_contradicts", phrase=m.group(0))
            yield flag_items(ctx, "warning", message, items, found=change.value)
    for m in _FLAT_CHANGE.finditer(text):
        amount = match_number(text, m, "amount")
        if amount is None:
            continue
        label = label_before(text, m.start())
        item = text_item(ctx, index, label + m.group("verb"), amount, "金额" if m.group("unit") == "万元" else "%")
        if amount.value < 0 and not m.group("to"):
            message = Text.of("change_negative", verb=m.group("verb"), phrase=m.group(0))
            yield flag_items(ctx, "warning", message, [item])
            continue
        s, e = sentence_bounds(text, m.start())
        sentence = text[s:e]
        if "持平" not in sentence:
            continue
        if m.group("to"):
            message = Text.of(
                "flat_and_to", verb=m.group("verb"), to=m.group("to"), amount=amount.value,
                sentence=sentence.strip()[:80],
            )  # fmt: skip
            yield flag_items(ctx, "warning", message, [item])
        elif amount.value != 0:
            yield flag_items(
                ctx,
                "warning",
                Text.of("flat_but_change", amount=amount.value, sentence=sentence.strip()[:80]),
                [item],
                expected=Decimal(0),
                found=amount.value,
            )
    for m in _FROM_TO.finditer(text):
        prev, cur = match_number(text, m, "prev"), match_number(text, m, "cur")
        if prev is None or cur is None:
            continue
        up = m.group("verb") in UP
        if (up and cur.value < prev.value) or (m.group("verb") in DOWN and cur.value > prev.value):
            label = label_before(text, m.start())
            yield flag_items(
                ctx,
                "warning",
                Text.of("from_to", verb=m.group("verb"), prev=prev.value, cur=cur.value),
                [
                    text_item(ctx, index, label + "上年", prev, "金额"),
                    text_item(ctx, index, label + "本年", cur, "金额"),
                ],
                expected=prev.value,
                found=cur.value,
            )

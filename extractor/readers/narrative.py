"""Reader for the figures stated in the prose (情况说明): the spec's narrative vocabulary.

The vocabulary is fixed (``NarrativeKey``), the wording is not: one report writes ``收入总计 851.17 万元``,
another ``收、支总计均为741.64万元``, a third ``2024年度收、支总计755.32万元``. Each key therefore has a
small table of statement patterns (``_RULES``). A pattern only accepts tight connectors between the label
and the number (为 / 是 / 决算 / a colon), so comparisons with last year (``比上年减少 5.44 万元``) and
shares (``占收入总计的 100%``) never match.

Where a figure is stated more than once, the statement in the section about that figure wins (spec): each
key names the headings it belongs under (``_PREFER``); otherwise the earliest statement in the 情况说明
wins. Tables, the 名词解释 glossary and anything outside the 情况说明 part are not read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractor.readers.common import UnverifiableValue, amount
from extractor.readers.prose import NUM, explanation_region, glossary_ranges, headings_at, paragraphs
from extractor.schemas import NARRATIVE_COUNT_UNITS, NarrativeFact, Unit, Unread
from extractor.segment import Document

#: ``#a``/``#b``: where a rule's pattern has its figures
_MARK = re.compile(r"#(\w)")
# Connector between a label and its figure: nothing, a colon, or a copula.
_C = r"\s*(?:[:：]\s*)?(?:均为|为|是|达)?\s*"
_Q = r"[“”\"']?"  # an optional quote mark around 三公


@dataclass(frozen=True)
class _Rule:
    """One way the prose states one or more keys; ``#a``/``#b`` in ``pattern`` mark the figures."""

    pattern: str
    keys: tuple[tuple[str, str], ...]  # (group, key): one figure may state two keys (收、支总计)

    def compiled(self) -> re.Pattern[str]:
        """The pattern with each ``#x`` replaced by a named number group."""
        return re.compile(_MARK.sub(lambda m: f"(?P<{m.group(1)}>{NUM})", self.pattern))

    def required(self) -> str:
        """Characters every match prints in a row: the longest run of plain CJK characters outside groups,
        classes and optional parts ("" when the pattern has top-level alternatives). A paragraph without them
        is not searched: a regex that opens with a look-behind or an optional group is otherwise tried at
        every position of every paragraph."""
        runs, run, depth, i, src = [""], "", 0, 0, self.pattern
        while i < len(src):
            ch = src[i]
            if ch == "[":  # a class: skip to its closing bracket
                i = src.index("]", i + 2) + 1
                runs.append(run)
                run = ""
                continue
            if ch == "\\":
                i += 2
                runs.append(run)
                run = ""
                continue
            if ch == "|" and depth == 0:
                return ""
            depth += (ch == "(") - (ch == ")")
            optional = i + 1 < len(src) and src[i + 1] in "?*{"
            if depth == 0 and "\u4e00" <= ch <= "\u9fff" and not optional:
                run += ch
            else:
                runs.append(run)
                run = ""
            i += 1
        return max([*runs, run], key=len)


def _one(key: str, *patterns: str) -> list[_Rule]:
    """Rules that state a single key with figure ``#a``."""
    return [_Rule(p, (("a", key),)) for p in patterns]


_RULES: list[_Rule] = [
    # totals — 收、支总计 states both; 财政拨款收、支总计 is a different key, hence the look-behinds
    _Rule(rf"(?<!拨款)收入?、?\s*支出?总计{_C}#a", (("a", "收入总计"), ("a", "支出总计"))),
    *_one("收入总计", rf"(?<!拨款)收入总计{_C}#a"),
    *_one("支出总计", rf"(?<!拨款)(?<!拨款收入)(?<!拨款收入、)(?<!拨款收)(?<!拨款收、)支出总计{_C}#a"),
    *_one("本年收入合计", rf"(?<!拨款)(?:本年)?收入合计{_C}#a"),
    *_one("本年支出合计", rf"(?<!拨款)(?:本年)?支出合计{_C}#a"),
    *_one("财政拨款收入", rf"(?<!预算)(?<!补助)财政拨款收入{_C}#a"),
    *_one("基本支出", rf"(?<!拨款)(?<!-)基本支出{_C}#a"),
    *_one("项目支出", rf"(?<!拨款)(?<!-)项目支出{_C}#a"),
    *_one("年末结转和结余", rf"年末结转和结余{_C}#a"),
    # appropriations
    *_one("财政拨款收支总计", rf"财政拨款收入?、?\s*支出?总计{_C}#a"),
    *_one("财政拨款支出", rf"(?<!预算)(?<!经费)(?<![”\"])财政拨款支出(?:决算)?{_C}#a"),
    *_one("一般公共预算财政拨款支出", rf"一般公共预算财政拨款支出(?:决算)?{_C}#a"),
    *_one("一般公共预算财政拨款基本支出", rf"一般公共预算财政拨款基本支出(?:决算)?{_C}#a"),
    *_one("人员经费", rf"(?<!-)人员经费{_C}#a"),
    *_one("公用经费", rf"(?<!-)(?:日常)?公用经费{_C}#a"),
    # 三公
    _Rule(
        rf"三公{_Q}\s*经费(?:财政拨款)?支出(?:年初)?预算(?:数)?为\s*#b\s*万?元\s*[，,]\s*(?:支出)?决算(?:数)?为\s*#a",
        (("a", "三公经费支出"), ("b", "三公经费预算")),
    ),
    *_one("三公经费支出", rf"三公{_Q}\s*经费(?:财政拨款)?支出(?:决算)?{_C}#a"),
    *_one("因公出国(境)费", rf"因公出国\(境\)经?费(?:支出)?(?:决算)?{_C}#a"),
    *_one("公务接待费", rf"公务接待费(?:支出)?(?:决算)?{_C}#a"),
    *_one("公务用车购置及运行费", rf"公务用车购置及运行(?:维护)?费(?:支出)?(?:决算)?{_C}#a"),
    *_one("公务用车购置费", rf"公务用车购置(?:费|支出)(?:支出)?(?:决算)?{_C}#a"),
    *_one("公务用车运行维护费", rf"公务用车运行(?:维护)?(?:费|支出)(?:支出)?(?:决算)?{_C}#a"),
    *_one("公务用车保有量", rf"公务用车保有量{_C}#a\s*辆", r"共有公务用车\s*#a\s*辆"),
    *[
        _Rule(p, (("a", "国内公务接待批次"), ("b", "国内公务接待人次")))
        for p in (
            r"国内公务接待(?:累计|共)?\s*#a\s*批次\s*[、，,]\s*(?:累计|共计)?\s*#b\s*人",
            r"共接待\s*#a\s*批次\s*[、，,]\s*(?:共计|累计)?\s*#b\s*人",
            r"共接待国内来访团组\s*#a\s*个\s*[、，,]\s*来宾\s*#b\s*人",
            r"(?<!外宾)公务接待\s*#a\s*批次\s*[、，,]\s*(?:共计|累计)?\s*#b\s*人",
        )
    ],
    # other
    *_one("机关运行经费", rf"机关运行经费(?:支出)?{_C}#a"),
    # 政府采购支出总额 52.59 万元 | 政府采购金额（以合同签订为准）为2319.21万元，其中：货物采购金额122.43万元
    *_one("政府采购支出总额", rf"政府采购(?:支出总额|总?金额)(?:[(（][^()（）]{{0,16}}[)）])?{_C}#a"),
    *_one("政府采购货物支出", rf"(?:政府采购货物支出|货物采购(?:金额|支出)){_C}#a"),
    *_one("政府采购工程支出", rf"(?:政府采购工程支出|工程采购(?:金额|支出)){_C}#a"),
    *_one("政府采购服务支出", rf"(?:政府采购服务支出|服务采购(?:金额|支出)){_C}#a"),
    *_one("授予中小企业合同金额", rf"授予中小企业合同金额{_C}#a"),
    *_one("授予小微企业合同金额", rf"授予小微企业合同金额{_C}#a"),
    *_one("车辆总数", r"共有车辆\s*#a\s*辆"),
]
_COMPILED = [(r.compiled(), r.keys, r.required()) for r in _RULES]


def stated_keys(text: str, start: int, end: int) -> frozenset[str]:
    """The keys a statement pattern of the vocabulary reads from the figure at ``text[start:end]`` (a sentence):
    ``财政拨款收入、支出总计755.32`` states 财政拨款收支总计 and nothing else; empty where no pattern ends there."""
    found: set[str] = set()
    for pattern, keys, required in _COMPILED:
        if required not in text:
            continue
        for m in pattern.finditer(text):
            found.update(key for group, key in keys if m.span(group) == (start, end))
    return frozenset(found)


_OVERALL = r"(?<!拨款)收入支出决算总体"
_TOTALS_SECTION = rf"{_OVERALL}|(?<!拨款)支出决算情况|^(?!.*拨款).*支出决算"
_THREE_PUBLIC_KEYS = (
    "三公经费支出", "三公经费预算", "因公出国(境)费", "公务接待费", "公务用车购置及运行费",
    "公务用车购置费", "公务用车运行维护费", "公务用车保有量", "国内公务接待批次", "国内公务接待人次",
)  # fmt: skip
_PROCUREMENT_KEYS = (
    "政府采购支出总额", "政府采购货物支出", "政府采购工程支出", "政府采购服务支出",
    "授予中小企业合同金额", "授予小微企业合同金额",
)  # fmt: skip
#: Headings (regex over the enclosing headings) a key's statement belongs under; it wins over others.
_PREFER: dict[str, str] = {
    "收入总计": _OVERALL,
    "支出总计": _OVERALL,
    "本年收入合计": rf"{_OVERALL}|(?<!拨款)收入决算",
    "本年支出合计": rf"{_OVERALL}|(?<!拨款)支出决算",
    "财政拨款收入": rf"{_OVERALL}|(?<!拨款)收入决算",
    "基本支出": _TOTALS_SECTION,
    "项目支出": _TOTALS_SECTION,
    "年末结转和结余": _OVERALL,
    "财政拨款收支总计": r"财政拨款收入支出决算总体",
    "财政拨款支出": r"(?<!预算)财政拨款支出决算",
    "一般公共预算财政拨款支出": r"一般公共预算财政拨款支出",
    "一般公共预算财政拨款基本支出": r"基本支出决算",
    "人员经费": r"基本支出决算",
    "公用经费": r"基本支出决算",
    "机关运行经费": r"机关运行经费",
    "车辆总数": r"国有资产",
    **dict.fromkeys(_THREE_PUBLIC_KEYS, r"三公"),
    **dict.fromkeys(_PROCUREMENT_KEYS, r"政府采购"),
}
_MONEY_UNIT = re.compile(r"\s*(万元|元)")


@dataclass(frozen=True)
class _Candidate:
    """One statement of one key: where its figure is, and whether it sits in the key's own section."""

    key: str
    start: int
    end: int
    unit: Unit
    preferred: bool
    section: str


def read_narrative(doc: Document) -> tuple[list[NarrativeFact], list[Unread]]:
    """Every narrative fact of the spec's vocabulary the prose states, one per key."""
    by_key: dict[str, list[_Candidate]] = {}
    for cand in _candidates(doc):
        by_key.setdefault(cand.key, []).append(cand)
    facts: list[NarrativeFact] = []
    unread: list[Unread] = []
    for key, cands in by_key.items():
        fact, notes = _choose(doc, key, cands)
        unread.extend(notes)
        if fact is not None:
            facts.append(fact)
    facts.sort(key=lambda f: f.amount.span)
    return facts, unread


def _candidates(doc: Document) -> list[_Candidate]:
    """Every statement match in the 情况说明 prose (tables and the glossary excluded), wrapped lines joined."""
    start, end = explanation_region(doc)
    glossary = glossary_ranges(doc)
    out: list[_Candidate] = []
    for para in paragraphs(doc, start, end):
        if any(g0 <= para.offsets[0] < g1 for g0, g1 in glossary):
            continue
        for pattern, keys, required in _COMPILED:
            if required not in para.text:
                continue
            for m in pattern.finditer(para.text):
                for group, key in keys:
                    span = para.span(m.start(group), m.end(group))
                    cand = _candidate(doc, key, *span, para.text[m.end(group) :])
                    if cand is not None:
                        out.append(cand)
    return out


def _candidate(doc: Document, key: str, start: int, end: int, after: str) -> _Candidate | None:
    """A match for ``key`` at clean ``[start, end)``, with its unit; None when no money unit follows it in
    the paragraph (``after``: the paragraph's text after the figure, wrapped lines joined) or in the text."""
    unit = NARRATIVE_COUNT_UNITS.get(key)
    if unit is None:
        m = _MONEY_UNIT.match(after) or _MONEY_UNIT.match(doc.text.clean, end)
        if m is None:
            return None  # a bare number after a money label is a percentage, a count or a year
        unit = "万元" if m.group(1) == "万元" else "元"  # the pattern's two units
    section = headings_at(doc, start)
    prefer = _PREFER.get(key)
    preferred = bool(prefer and any(re.search(prefer, h) for h in section.split(" / ")))
    return _Candidate(key, start, end, unit, preferred, section)


def _choose(doc: Document, key: str, cands: list[_Candidate]) -> tuple[NarrativeFact | None, list[Unread]]:
    """One fact per key: the first statement in the key's own section, else the first statement.

    Statements of the same figure are deduplicated by value. When the chosen tier holds different values
    the first is still taken (reading order within a section is the report's own order of statement), and
    the disagreement is reported so a check can flag it.
    """
    best_tier = [c for c in cands if c.preferred] or cands
    chosen = min(best_tier, key=lambda c: c.start)
    try:
        value = amount(doc, chosen.start, chosen.end, chosen.unit, confidence="clean")
    except UnverifiableValue as exc:
        return None, [Unread(what=f"narrative {key}", reason=str(exc))]
    notes: list[Unread] = []
    others = {doc.text.clean[c.start : c.end] for c in best_tier} - {doc.text.clean[chosen.start : chosen.end]}
    if others:
        notes.append(
            Unread(
                what=f"narrative {key}",
                reason=f"prose also states {sorted(others)} in the same kind of section; took the first",
                span=value.span,
            )
        )
    col = "数量" if key in NARRATIVE_COUNT_UNITS else "金额"
    fact = NarrativeFact(row=key, col=col, amount=value, section=chosen.section or None)  # type: ignore[arg-type]
    return fact, notes

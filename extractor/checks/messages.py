"""Flag messages as templates with parameters, in English and Chinese (zh-CN).

A check passes ``Text(template_id, **params)`` as a flag's message: the flag keeps ``message`` in English
(what ``<stem>.flags.jsonl`` and every tool reading it have always had) plus ``template`` and ``params``,
and ``render(flag, "zh")`` says the same in Chinese for the reviewer. Parameters are strings (or lists of
strings); a format spec says how a parameter reads in each language:

==========  ===============================================  ===========================================
spec        English                                          中文
==========  ===============================================  ===========================================
``fact``    ``basic_by_economic/公用经费合计/决算数``           ``06表 公用经费合计 决算数``
``table``   ``basic_by_economic``                             ``06表``
``tables``  ``income, expenditure``                           ``02表、03表``
``note``    `` (rounding difference, 尾差)`` for ``info``      ``（尾差）``
``more``    ``+… (14 terms)`` when more than 12 terms         ``+…（共 14 项）``
``or``      ``3 or 5 or 7``                                   ``3、5 或 7``
``q``       ``'技术与开发'`` (Python repr)                     ``「技术与开发」``
``v``       a value; ``blank`` for an empty cell              数值；空白单元格为“空白”
``kind``    ``function`` / ``economic``                       ``功能分类`` / ``经济分类``
==========  ===============================================  ===========================================
"""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from extractor.schemas.flags import Basis, Flag

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")
DEFAULT_LANG: Lang = "zh"


@dataclass(frozen=True)
class Text:
    """A message as data: a template id from ``CATALOG`` and its parameters."""

    template: str
    params: dict[str, str | list[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, template: str, **params: Any) -> Text:
        if template not in CATALOG:
            raise KeyError(f"no message template {template!r}")
        return cls(template, {k: _param(v) for k, v in params.items()})

    def render(self, lang: Lang = "en") -> str:
        return render_template(self.template, self.params, lang)


def _param(v: Any) -> str | list[str]:
    if isinstance(v, list | tuple):
        return [str(x) for x in v]
    return str(v)


# -- the catalogue ---------------------------------------------------------------------------------
#: template id → (English, 中文). The English text is the flag's ``message``.
CATALOG: dict[str, tuple[str, str]] = {
    # identities (extractor.checks.base)
    "sum": (
        "{what}: {found} ≠ {parts:terms}{n:more} = {expected}{note:note}",
        "{total:fact} 为 {found}，但 {parts:terms}{n:more} = {expected}{note:note}",
    ),
    "equal": (
        "{what}: {a} = {va:v} but {b} = {vb:v}{note:note}",
        "{a:fact} 为 {va:v}，但 {b:fact} 为 {vb:v}{note:note}",
    ),
    # table arithmetic and cross-table
    "gov_fund_balance": (
        "gov_fund {row}: 年末结转和结余 {end} ≠ 年初 + 本年收入 − 本年支出 = {expected}",
        "07表 {row}：年末结转和结余为 {end}，但 年初结转和结余 + 本年收入 − 本年支出合计 = {expected}",
    ),
    "unmapped_class": (
        "{table} class row {name:q} has no 功能分类 code in any code table: not cross-checked",
        "{table:table} 的类级行{name:q}在各科目表中都找不到功能分类编码：未做交叉核对",
    ),
    "exceeds_three_public": (
        "06 {code} {item} {va} exceeds the 三公 table's {item} 决算数 {vb:v}",
        "06表 {code} {item} {va} 超过了三公表的{item}决算数 {vb:v}",
    ),
    "three_public_prose": (
        "prose {key} = {vp} but 三公 table {row} {col} = {vt:v}{note:note}",
        "情况说明 {key} 为 {vp}，但三公表 {row} {col} 为 {vt:v}{note:note}",
    ),
    # prose
    "bound": ("{what}: {vp} > {vw}", "情况说明中应有 {what}，但 {vp} > {vw}"),
    "office_rounding": (
        "机关运行经费 (the report says it equals 公用经费) vs {other}: {vo} vs {vp} (rounding difference, 尾差)",
        "机关运行经费（报告称与公用经费一致）{vo} 与 {other:fact} {vp} 相差一分（尾差）",
    ),
    "office_over": (
        "机关运行经费 (the report says it equals 公用经费) vs {other}: {vo} > {vp}",
        "机关运行经费（报告称与公用经费一致）{vo} 大于 {other:fact} {vp}",
    ),
    "office_under": (
        "机关运行经费 (the report says it equals 公用经费) vs {other}: {vo} < {vp} in a single-unit department",
        "机关运行经费（报告称与公用经费一致）{vo} 小于 {other:fact} {vp}，而本部门只有一个单位",
    ),
    "share": (
        "prose share: {part} / {total} = {exact}% but the report prints {pct}%",
        "情况说明中的占比：{part} / {total} = {exact}%，但报告印为 {pct}%",
    ),
    "budget_percent": (
        "prose 完成预算: {actual} / {budget} = {exact}% but the report prints {pct}%",
        "情况说明中的完成预算比例：{actual} / {budget} = {exact}%，但报告印为 {pct}%",
    ),
    "change_percent": (
        "prose change: {verb} {amount} on this year's {cur} (last year {prev}) is {exact}% but the report "
        "prints {pverb} {pct}%",
        "情况说明中的变动：本年 {cur}（上年 {prev}）{verb} {amount}，应为 {exact}%，但报告印为{pverb} {pct}%",
    ),
    # performance
    "rate": (
        "performance {project}: 执行率 printed {r}% but 执行数 {s} / 预算数 {b} = {exact}%",
        "绩效自评 {project}：执行率印为 {r}%，但 执行数 {s} / 预算数 {b} = {exact}%",
    ),
    "score_range": (
        "performance {project}: 自评得分 {v} outside 0–100",
        "绩效自评 {project}：自评得分 {v} 不在 0–100 之间",
    ),
    "over_budget_rate": (
        "performance {project}: 执行数 {s} > 预算数 {b} but 执行率 printed {r}%",
        "绩效自评 {project}：执行数 {s} 超过预算数 {b}，但执行率印为 {r}%",
    ),
    "over_budget": (
        "performance {project}: 执行数 {s} > 预算数 {b}",
        "绩效自评 {project}：执行数 {s} 超过预算数 {b}",
    ),
    # OCR
    "low_confidence": (
        "{key} = {value} was read by OCR with confidence {score} (page {page}, box {box}); check it against the page",
        "{key:fact} = {value} 由 OCR 识别，置信度 {score}（第 {page} 页，位置 {box}）；请对照原页核对",
    ),
    "ocr_repaired": (
        "{key} = {value} was repaired from the printed {printed:q} (OCR damage); the identities of its table "
        "confirm this reading — check it against the page",
        "{key:fact} = {value} 由印出的{printed:q}修复而来（OCR 损坏）；本表的勾稽关系印证这一读法——请对照原页核对",
    ),
    # completeness
    "missing_table": ("table {table} ({title}) is not in the report", "报告中没有{title}"),
    "missing_disclosure": ("the report does not disclose {what}", "报告未披露 {what}"),
    # dictionary
    "not_a_code": (
        "{table} {code}: not a {what} code ({shape:or} digits starting with {lead})",
        "{table:table} {code}：不是{what}编码（应为以 {lead} 开头的 {shape:or} 位数字）",
    ),
    "orphan_code": (
        "{table} {code}: printed under no {parent} — its parent is missing from the table although the table "
        "prints that level",
        "{table:table} {code}：表中没有其上级 {parent}，而该表印有这一级次",
    ),
    "unknown_code": (
        "{code} ({where:tables}): not in the shipped {kind} dictionary",
        "{code}（{where:tables}）：随附的{kind:kind}科目字典中没有这个编码",
    ),
    "out_of_year_code": (
        "{code} {name} ({where:tables}): valid {valid} per the shipped dictionary, not in {year}",
        "{code} {name}（{where:tables}）：按随附字典 {valid} 年有效，不适用于 {year} 年",
    ),
    "former_name": (
        "{code} ({where:tables}): printed name {printed:q} is the name used until {until}; since {since} it is "
        "{official:q}",
        "{code}（{where:tables}）：印出的名称{printed:q}是 {until} 年以前的名称，自 {since} 年起为{official:q}",
    ),
    "wrong_name": (
        "{code} ({where:tables}): printed name {printed:q} differs from the official {official:q}",
        "{code}（{where:tables}）：印出的名称{printed:q}与规范名称{official:q}不同",
    ),
    # wording
    "year_defective": (
        "the report prints a defective year ({context:q}) where its fiscal year {expected} is meant",
        "报告印有残缺的年份（{context:q}），此处应为本财政年度 {expected}",
    ),
    "year_other": (
        "the report prints year {year} ({context:q}) where its fiscal year {expected} is meant",
        "报告印为 {year} 年（{context:q}），此处应为本财政年度 {expected}",
    ),
    "change_contradicts": (
        "change wording contradicts itself: {phrase:q}",
        "变动的表述自相矛盾：{phrase:q}",
    ),
    "change_negative": (
        "a change described as {verb} is negative: {phrase:q}",
        "描述为“{verb}”的变动是负数：{phrase:q}",
    ),
    "flat_and_to": (
        "the sentence says {verb}{to} {amount} and also 持平: {sentence:q}",
        "同一句话既说{verb}{to} {amount}，又说持平：{sentence:q}",
    ),
    "flat_but_change": (
        "the sentence says 持平 but states a change of {amount}: {sentence:q}",
        "句中说持平，却写明变动 {amount}：{sentence:q}",
    ),
    "from_to": (
        "{verb} from {prev} to {cur}: the figures move the other way",
        "由 {prev} {verb}到 {cur}：数字的变动方向与文字相反",
    ),
    # backend notes
    "llm_ungrounded": (
        "{key}: the model read {claim}, which is not in the text it was given ({reason})",
        "{key:fact}：模型读出 {claim}，但给它的文本中没有这个数（{reason}）",
    ),
    "llm_unanswered": ("{part}: {reason}", "模型没有有效回答这段文本（{part}）：{reason}"),
    "backend_conflict": ("{key}: {reason}", "{key:fact}：两次读取结果不同（{reason}）"),
    "identities_unplaced": (
        "{table}: {n} printed numbers not placed — no placement satisfies the table's identities (rows {rows}); "
        "read them on the page",
        "{table:table}：有 {n} 个印出的数字无法放入表格——没有一种放法能满足表内的勾稽关系（行 {rows}）；请对照原页阅读",
    ),
}

#: check id → (English, 中文) short name, for the review queue ("4 checks disagree: …")
CHECK_NAMES: dict[str, tuple[str, str]] = {
    "economic.class_sum": ("table 06: class = Σ items", "06表 类 = Σ款"),
    "economic.subtotals": ("table 06: 人员/公用经费合计", "06表 人员经费/公用经费合计"),
    "gov_fund.balance": ("table 07: year-end balance", "07表 年末结转和结余"),
    "hierarchy.sum": ("类 = Σ款, 款 = Σ项", "科目层级：类 = Σ款，款 = Σ项"),
    "row.sum": ("row total = Σ columns", "行合计 = 各栏之和"),
    "hybrid.disagreement": ("rules and model disagree", "规则与模型读数不一致"),
    "llm.conflict": ("model readings disagree", "模型两次读数不一致"),
    "llm.unanswered": ("model did not answer", "模型未有效回答"),
    "llm.ungrounded": ("model value not in the text", "模型读数不在原文中"),
    "reading.identities": ("numbers not placed", "数字无法放入表格"),
    "completeness.disclosures": ("missing disclosure", "缺少披露事项"),
    "completeness.tables": ("missing table", "缺少表格"),
    "cross.basic_vs_economic": ("05 基本支出 vs 06", "05表基本支出 与 06表"),
    "cross.economic_vs_three_public": ("06 vs 三公 table", "06表 与 三公表"),
    "cross.fiscal_vs_fund_tables": ("04 vs 05/07/08", "04表 与 05/07/08表"),
    "cross.general_budget_vs_expenditure": ("05 vs 03", "05表 与 03表"),
    "cross.income_vs_expenditure": ("02 vs 03", "02表 与 03表"),
    "cross.summary_vs_code_tables": ("01 vs 02/03", "01表 与 02/03表"),
    "dictionary.economic_code": ("经济分类 code", "经济分类编码"),
    "dictionary.economic_name": ("经济分类 name", "经济分类名称"),
    "dictionary.function_code": ("功能分类 code", "功能分类编码"),
    "dictionary.function_name": ("功能分类 name", "功能分类名称"),
    "narrative.bounds": ("part ≤ whole in the prose", "情况说明：部分不超过总额"),
    "narrative.identities": ("the prose's own sums", "情况说明内部勾稽"),
    "narrative.office_costs": ("机关运行经费 vs 公用经费", "机关运行经费 与 公用经费"),
    "narrative.percent_budget": ("完成预算 %", "完成预算百分比"),
    "narrative.percent_change": ("change %", "增减百分比"),
    "narrative.percent_share": ("share %", "占比"),
    "narrative.restates_table": ("prose vs table", "情况说明 与 表格"),
    "ocr.low_confidence": ("low OCR confidence", "OCR 置信度低"),
    "ocr.repaired": ("repaired OCR print", "OCR 损坏已修复"),
    "performance.over_budget": ("执行数 > 预算数", "执行数超过预算数"),
    "performance.rate": ("执行率", "执行率"),
    "performance.score_range": ("自评得分 0–100", "自评得分 0–100"),
    "fiscal.balance": ("table 04: 收入总计 = 支出总计", "04表 收入总计 = 支出总计"),
    "fiscal.expenditure": ("table 04 expenditure side", "04表 支出方"),
    "fiscal.fund_columns": ("table 04 fund columns", "04表 分资金栏"),
    "fiscal.income": ("table 04 income side", "04表 收入方"),
    "summary.balance": ("table 01: 收入总计 = 支出总计", "01表 收入总计 = 支出总计"),
    "summary.expenditure": ("table 01 expenditure side", "01表 支出方"),
    "summary.income": ("table 01 income side", "01表 收入方"),
    "three_public.prose": ("三公: prose vs table", "三公：情况说明 与 表格"),
    "three_public.sum": ("三公 table sums", "三公表合计"),
    "wording.change_direction": ("change wording", "增减表述"),
    "wording.fiscal_year": ("fiscal year", "财政年度"),
}

#: table id → 中文 short name
TABLE_ZH: dict[str, str] = {
    "summary": "01表", "income": "02表", "expenditure": "03表", "fiscal_summary": "04表", "general_budget": "05表",
    "basic_by_economic": "06表", "gov_fund": "07表", "state_capital": "08表", "three_public": "三公表",
    "narrative": "情况说明", "text": "情况说明", "performance": "绩效自评",
}  # fmt: skip

_NOTES: dict[Lang, dict[str, str]] = {
    "en": {"info": " (rounding difference, 尾差)", "warning": " (more than rounding usually explains)"},
    "zh": {"info": "（尾差）", "warning": "（超出通常的尾差）"},
}
_KINDS_ZH = {"function": "功能分类", "economic": "经济分类"}
#: a column not worth naming in Chinese: the only column of the table, or a number read from the prose
_PLAIN_COLS = ("金额", "*", "")


def split_key(key: str) -> tuple[str, str, str]:
    """``table/row/col`` → its parts; a row may itself hold ``/`` (04 表 ``年初…结余/一般公共预算…``)."""
    table, _, rest = key.partition("/")
    row, _, col = rest.rpartition("/")
    return table, row, col


def label(key: str | Sequence[str], lang: Lang = "zh") -> str:
    """How a fact reads in a message: ``basic_by_economic/公用经费合计/决算数`` or ``06表 公用经费合计 决算数``."""
    table, row, col = split_key(key) if isinstance(key, str) else tuple(key)
    if lang == "en":
        return f"{table}/{row}/{col}"
    col = col.split("@", 1)[0]
    name = TABLE_ZH.get(table, table)
    if table == "text":
        return f"{name}「{row}」" + ("" if col in _PLAIN_COLS else f" {col}")
    parts = [name, row] + ([] if col in _PLAIN_COLS or row in ("*", "") else [col])
    return " ".join(p for p in parts if p and p != "*")


def short(key: str, ref: str, lang: Lang = "zh") -> str:
    """A fact as briefly as it reads beside ``ref``: its column (same row), its row (same table and column),
    or its whole label."""
    k, r = split_key(key), split_key(ref)
    if k[:2] == r[:2]:
        return k[2]
    if k[0] == r[0] and k[2] == r[2]:
        return k[1]
    return label(key, lang)


class _Formatter(string.Formatter):
    def __init__(self, lang: Lang) -> None:
        self.lang = lang
        self.params: Mapping[str, Any] = {}

    def vformat(self, format_string: str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> str:
        self.params = kwargs
        return super().vformat(format_string, args, kwargs)

    def format_field(self, value: Any, format_spec: str) -> str:
        zh = self.lang == "zh"
        items: list[str] = value if isinstance(value, list) else [value]
        if format_spec == "terms":  # the terms of a sum, each as briefly as it reads beside the total
            total = str(self.params.get("total", ""))
            return "+".join(short(v, total, self.lang) for v in items)
        if format_spec == "fact":
            return "、".join(label(v, self.lang) for v in items) if zh else "/".join(items)
        if format_spec == "table":
            return TABLE_ZH.get(str(value), str(value)) if zh else str(value)
        if format_spec == "tables":
            return "、".join(TABLE_ZH.get(v, v) for v in items) if zh else ", ".join(items)
        if format_spec == "note":
            return _NOTES[self.lang].get(str(value), "")
        if format_spec == "more":
            n = int(value or 0)
            return "" if n <= 12 else (f"+…（共 {n} 项）" if zh else f"+… ({n} terms)")
        if format_spec == "or":
            if not zh:
                return " or ".join(items)
            return items[0] if len(items) == 1 else "、".join(items[:-1]) + " 或 " + items[-1]
        if format_spec == "q":
            return f"「{' '.join(str(value).split())}」" if zh else repr(value)
        if format_spec == "v":
            return "空白" if zh and value == "blank" else str(value)
        if format_spec == "kind":
            return _KINDS_ZH.get(str(value), str(value)) if zh else str(value)
        return super().format_field(value, format_spec)


def render_template(template: str, params: Mapping[str, Any], lang: Lang = "en") -> str:
    en, zh = CATALOG[template]
    return _Formatter(lang).vformat(zh if lang == "zh" else en, (), dict(params))


def render(flag: Flag, lang: Lang = DEFAULT_LANG) -> str:
    """The flag's message in ``lang``; the stored English message when it has no template (older flags)."""
    if flag.template and flag.template in CATALOG:
        try:
            return render_template(flag.template, flag.params, lang)
        except (KeyError, IndexError, ValueError):
            return flag.message
    return flag.message


def check_name(check: str, lang: Lang = DEFAULT_LANG) -> str:
    names = CHECK_NAMES.get(check)
    return check if names is None else names[1 if lang == "zh" else 0]


def _formula(kind: str, names: Sequence[str], signs: Sequence[int], lang: Lang) -> str:
    """``Σ 302``, ``05表 合计 基本支出 − 06表 人员经费合计``: how the terms give the value."""
    if kind == "sum":
        shown = " + ".join(names[:6]) + (" + …" if len(names) > 6 else "")
        return f"Σ {shown}"
    if kind == "ratio":
        return f"按 {'、'.join(names)} 计算" if lang == "zh" else f"recomputed from {', '.join(names)}"
    out = ""
    for i, (name, sign) in enumerate(zip(names[:6], signs, strict=False)):
        op = ("− " if sign < 0 else "") if i == 0 else ("− " if sign < 0 else "+ ")
        out += (" " if i else "") + op + name
    return out + (" …" if len(names) > 6 else "")


def basis_text(b: Basis, lang: Lang = DEFAULT_LANG, suspect: str | None = None) -> str:
    """Why a suggested value, in ``lang``: ``Σ 302 = 130.68``, ``情况说明 公用经费 = 130.68``,
    ``05表 合计 基本支出 − 人员经费合计 = 130.67`` (terms named as briefly as they read beside ``suspect``)."""
    if lang == "en":
        return b.text
    names = [short(v, suspect, "zh") if suspect else label(v, "zh") for v in b.via]
    if b.kind == "equal":
        return f"{names[0] if names else '?'} = {b.value}"
    return f"{_formula(b.kind, names, b.signs, 'zh')} = {b.value}"


def basis_text_en(kind: str, via: Sequence[str], signs: Sequence[int], value: str, short: Sequence[str]) -> str:
    """The English ``Basis.text``: ``Σ 302 = 130.68``, ``prose 公用经费 = 130.68``,
    ``income/2060101/本年收入合计 = 130.68``, ``基本支出 − 人员经费合计 = 130.67``."""
    if kind == "equal":
        if not via:
            return value
        table, row, _ = split_key(via[0])
        return f"prose {row} = {value}" if table in ("narrative", "text") else f"{via[0]} = {value}"
    return f"{_formula(kind, short, signs, 'en')} = {value}"


__all__ = [
    "CATALOG",
    "CHECK_NAMES",
    "DEFAULT_LANG",
    "LANGS",
    "Lang",
    "Text",
    "basis_text",
    "basis_text_en",
    "check_name",
    "label",
    "render",
    "render_template",
    "short",
    "split_key",
]

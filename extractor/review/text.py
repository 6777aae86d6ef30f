"""Review items in words, in the reviewer's language: the queue's headline of an item and its lines for the CLI.

``headline`` is what the queue shows for one item — the suspect fact as printed, how many checks disagree
about it, and the suggested value with the identities that give it::

    06表 公用经费合计 决算数 = 130.6 —— 4 项检查不一致；建议 130.68（Σ 302 = 130.68；情况说明 公用经费 = 130.68）
    basic_by_economic/公用经费合计/决算数 = 130.6 — 4 checks disagree; suggested 130.68 (Σ 302 = 130.68; …)
"""

from __future__ import annotations

import os
from typing import Any

from extractor.checks.messages import DEFAULT_LANG, LANGS, Lang, basis_text, check_name, label, render
from extractor.errors import ConfigError
from extractor.review.i18n import translate
from extractor.schemas.flags import Suspect
from extractor.store import Group

LANG_ENV = "EXTRACTOR_LANG"


def resolve_lang(value: str | None = None) -> Lang:
    """``zh`` (the default) or ``en``: the argument, else ``$EXTRACTOR_LANG``; ``zh-CN``/``en-US`` are accepted."""
    raw = (value or os.environ.get(LANG_ENV) or DEFAULT_LANG).strip().lower()
    lang = raw.split("-")[0].split("_")[0]
    if lang not in LANGS:
        raise ConfigError(f"unknown language {raw!r}; choose zh (中文, the default) or en")
    return lang


def suspect_label(s: Suspect, lang: Lang) -> str:
    """The suspect fact and its figure as printed (a blank cell says so)."""
    shown = s.printed.strip() if s.printed else s.value
    blank = "空白" if lang == "zh" else "blank"
    return f"{label((s.table, s.row, s.col), lang)} = {shown if shown is not None else blank}"


def suggestion_text(g: Group, lang: Lang) -> str | None:
    """The suggested value and why: ``130.68（Σ 302 = 130.68；情况说明 公用经费 = 130.68）`` in Chinese,
    ``130.68 (Σ 302 = 130.68; prose 公用经费 = 130.68)`` in English."""
    sug = g.suggested
    if sug is None:
        return None
    key = None if g.suspect is None else f"{g.suspect.table}/{g.suspect.row}/{g.suspect.col}"
    why = list(dict.fromkeys(basis_text(b, lang, key) for b in sug.basis))
    if any(b.value != sug.value for b in sug.basis):  # the identities give it only within their rounding
        why.append("尾差范围内" if lang == "zh" else "within rounding")
    if lang == "zh":
        return f"{sug.value}（{'；'.join(why)}）" if why else sug.value
    return f"{sug.value} ({'; '.join(why)})" if why else sug.value


def headline(g: Group, lang: Lang = DEFAULT_LANG) -> str:
    """One line for the queue: what is suspect, how many checks disagree, what to change it to."""
    if g.suspect is None:
        return render(g.flags[0].flag, lang)
    n = g.disagreeing
    sug = suggestion_text(g, lang)
    if lang == "zh":
        head = f"{suspect_label(g.suspect, lang)} —— {n} 项检查不一致"
        return head + (f"；建议 {sug}" if sug else "；无法确定应有的数值")
    head = f"{suspect_label(g.suspect, lang)} — {n} check{'s' if n != 1 else ''} disagree{'s' if n == 1 else ''}"
    return head + (f"; suggested {sug}" if sug else "; no value determined")


def reading_text(fact: dict[str, Any], lang: Lang = DEFAULT_LANG) -> str:
    """How a stored fact (``Store.fact_rows``) was read, in words: ``OCR修复（原件印为 1,550:75）``; a value a
    reviewer set says so, with how it had been read; empty when nothing is known (a model's value)."""
    read = fact.get("extracted_confidence")
    how = translate(f"conf_{read}", lang) if read else ""
    if fact.get("repaired_from"):
        printed = translate("repaired_from", lang, printed=fact["repaired_from"])
        how = f"{how}（{printed}）" if lang == "zh" else f"{how} ({printed})"
    if fact.get("confidence") != "reviewer":
        return how
    shown = translate("conf_reviewer", lang)
    if not how:
        return shown
    read_as = translate("read_as", lang, how=how)
    return f"{shown}（{read_as}）" if lang == "zh" else f"{shown} ({read_as})"


def item_lines(g: Group, lang: Lang = DEFAULT_LANG) -> list[str]:
    """``review show ITEM``: the headline, then every check with its message, status and version."""
    lines = [f"{g.id}  {g.severity}  {g.status}  {g.doc}", headline(g, lang)]
    for v in g.flags:
        lines.append(f"  {v.flag.id}  {v.flag.severity}  {v.status} (version {v.version})")
        lines.append(f"    {check_name(v.flag.check, lang)}: {render(v.flag, lang)}")
    return lines


__all__ = ["LANG_ENV", "headline", "item_lines", "reading_text", "resolve_lang", "suggestion_text", "suspect_label"]

"""The review UI's words in Chinese (zh-CN, the default) and English.

Templates call ``t("key")``; flag messages come from the checks' own catalogue
(``extractor.checks.messages``). A reviewer picks the language with the header's link (``?lang=en`` /
``?lang=zh``), remembered in the session cookie.
"""

from __future__ import annotations

from extractor.checks.messages import Lang

#: key → (中文, English)
UI: dict[str, tuple[str, str]] = {
    "brand": ("决算审核", "extractor review"),
    "documents": ("文件", "documents"),
    "queue": ("待审队列", "queue"),
    "audit_log": ("审计日志", "audit log"),
    "log_out": ("退出", "log out"),
    "log_in": ("登录", "Log in"),
    "reviewer": ("审核人", "Reviewer"),
    "password": ("密码", "Password"),
    "wrong_login": ("用户名或密码错误", "wrong name or password"),
    "too_many": ("登录失败次数过多，请 {s} 秒后再试", "too many failed logins; try again in {s} s"),
    "other_lang": ("English", "中文"),
    "doc": ("文件", "document"),
    "facts": ("数字", "facts"),
    "items": ("待审事项", "open items"),
    "open_sev": ("未处理{sev}", "open {sev}"),
    "updated": ("更新时间", "updated"),
    "no_docs": ("还没有文件：", "No documents yet: "),
    "severity": ("严重程度", "severity"),
    "status": ("状态", "status"),
    "check": ("检查", "check"),
    "any": ("全部", "any"),
    "filter": ("筛选", "filter"),
    "error": ("错误", "error"),
    "warning": ("警告", "warning"),
    "info": ("尾差", "info"),
    "open": ("待处理", "open"),
    "resolved": ("已解决", "resolved"),
    "confirmed": ("已确认原样", "confirmed"),
    "dismissed": ("已忽略", "dismissed"),
    "all": ("全部", "all"),
    "item": ("事项", "item"),
    "checks": ("检查", "checks"),
    "message": ("说明", "message"),
    "no_items": ("没有符合条件的事项。", "No items match."),
    "no_flags": ("没有符合条件的问题。", "No flags match."),
    "by_item": ("按事项", "by item"),
    "by_flag": ("按单条问题", "one row per flag"),
    "flags_title": ("问题", "Flags"),
    "items_title": ("待审事项", "Review items"),
    "keys_queue": ("快捷键：j/k 上下移动，Enter 打开", "keys: j/k move, Enter opens"),
    "keys_item": (
        "快捷键：a 采纳建议值 · e 输入数值 · c 确认原样 · d 忽略 · u 撤销上一步 · j/k 下一项/上一项 · q 返回队列",
        "keys: a accept suggestion · e enter value · c confirm as printed · d dismiss · u undo last action · "
        "j/k next/previous item · q queue",
    ),
    "keys_flag": ("快捷键：j/k 下一条/上一条 · q 返回队列", "keys: j/k next/previous flag · q queue"),
    "previous": ("上一项", "previous"),
    "next": ("下一项", "next"),
    "resume": ("继续上次的位置", "continue where you were"),
    "suspect": ("疑似有误的数字", "suspect figure"),
    "suggested": ("建议值", "suggested value"),
    "no_suggestion": ("检查无法确定应有的数值", "the checks do not determine a value"),
    "within_rounding": ("尾差范围内", "within rounding"),
    "disagree": ("{n} 项检查不一致", "{n} checks disagree"),
    "checks_involved": ("相关检查", "Checks"),
    "evidence": ("原文", "Evidence"),
    "actions": ("处理", "Actions"),
    "accept": ("采纳建议值", "Accept suggestion"),
    "accept_hint": ("将 {fact} 改为 {value}，并重新检查。", "Set {fact} to {value} and re-check."),
    "enter_value": ("输入数值", "Enter value"),
    "value": ("正确数值", "correct value"),
    "which_fact": ("哪个数字？", "which fact?"),
    "fact": ("数字", "fact"),
    "reason": ("理由", "reason"),
    "reason_optional": ("理由（可不填）", "reason (optional)"),
    "reason_entered": ("对照原件录入", "read on the page"),
    "confirm": ("确认原样", "Confirm as printed"),
    "confirm_hint": (
        "数字与原件一致，是报告本身不一致。",
        "The values are right as printed; the report itself is inconsistent.",
    ),
    "dismiss": ("忽略", "Dismiss"),
    "dismiss_hint": ("不是问题：检查误报。", "Not a problem: a false alarm of the check."),
    "undo": ("撤销上一步", "Undo last action"),
    "history": ("记录", "History"),
    "nothing_yet": ("暂无", "nothing yet"),
    "when": ("时间", "when"),
    "who": ("人员", "who"),
    "action": ("操作", "action"),
    "old_new": ("原值 → 新值", "old → new"),
    "why": ("理由", "why"),
    "flag": ("问题", "flag"),
    "old": ("原值", "old"),
    "new": ("新值", "new"),
    "expected": ("应为", "expected"),
    "found": ("实为", "found"),
    "difference": ("差额", "difference"),
    "facts_involved": ("涉及的数字", "Facts involved"),
    "missing": ("缺失", "missing"),
    "blank": ("空白", "blank"),
    "printed": ("原件印为", "printed"),
    "extracted": ("提取", "extracted"),
    "corrected": ("已更正", "corrected"),
    "version": ("版本", "version"),
    "line": ("第 {n} 行", "line {n}"),
    "not_in_text": ("原文中没有（检查发现此数字缺失）", "not in the text (the check found this fact missing)"),
    "page_of_scan": (
        "扫描件第 {page} 页 · 点击查看整页",
        "page {page} of the scan, as read · click for the whole page",
    ),
    "crop_alt": ("{what} 在扫描件第 {page} 页", "{what} on page {page} of the scan"),
    "no_pages": ("不显示页面图像：", "No page images: "),
    "fix": ("更正数值", "Fix a value"),
    "fix_button": ("更正", "Fix"),
    "confirm_button": ("确认", "Confirm"),
    "dismiss_button": ("忽略", "Dismiss"),
    "back_to_queue": ("返回队列", "back to the queue"),
    "by": ("{status}：{who}，{at}", "{status} by {who} at {at}"),
    "changed_by": (
        "{who} 于 {at} 将 {fact} 由 {old} 改为 {new}（“{why}”）。",
        "{who} changed {fact} from {old} to {new} at {at} (“{why}”).",
    ),
    "flash_fix": ("已更正 {fact}：{old} → {new}", "fixed {fact}: {old} → {new}"),
    "flash_status": ("{status} {n} 条问题", "{status} {n} flags"),
    "flash_resolved": ("；已解决 {n} 条", "; resolved {n}"),
    "flash_opened": ("；新问题 {n} 条", "; new flags {n}"),
    "flash_undo": ("已撤销：{what}", "undone: {what}"),
    "flash_undo_hint": ("（按 u 撤销）", " (u to undo)"),
    "flash_done": ("队列中已没有待审事项。", "Nothing left in the queue."),
    "view_flag": ("详情", "details"),
    "confidence": ("读取可信度", "confidence"),
    "conf_clean": ("原样读取", "read as printed"),
    "conf_confirmed": ("勾稽印证", "confirmed by identity"),
    "conf_repaired": ("OCR修复", "OCR repaired"),
    "conf_identity_fails": ("勾稽不符", "identity fails"),
    "conf_reviewer": ("人工更正", "set by reviewer"),
    "conf_clean_hint": ("按原件读出，没有勾稽关系核对它", "read as printed; no identity checks it"),
    "conf_confirmed_hint": (
        "按原件读出，成立的勾稽关系将它与其他数字相互印证",
        "read as printed, and an identity that holds ties it to other printed figures",
    ),
    "conf_repaired_hint": (
        "原件（OCR 文本）损坏，此数值是表内勾稽关系所确认的读法",
        "the printed (OCR) text is damaged; this is the reading the table's identities confirm",
    ),
    "conf_identity_fails_hint": (
        "按原件读出，但涉及它的表内勾稽关系不成立",
        "read as printed, but an identity of its table that involves it does not hold",
    ),
    "conf_reviewer_hint": ("数值由审核人员设定", "the value was set by a reviewer"),
    "repaired_from": ("原件印为 {printed}", "printed {printed}"),
    "read_as": ("原读取：{how}", "read as: {how}"),
}


def translate(key: str, lang: Lang, **params: object) -> str:
    """The UI string ``key`` in ``lang`` with ``params`` filled in (an unknown key shows as itself)."""
    pair = UI.get(key)
    if pair is None:
        return key
    text = pair[0] if lang == "zh" else pair[1]
    return text.format(**params) if params else text


__all__ = ["UI", "translate"]

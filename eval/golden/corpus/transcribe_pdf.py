#!/usr/bin/env python3
"""Standalone helper that (re)builds the golden facts of the development corpus (eval/corpus/*.pdf).

It does NOT import the `extractor` package, nor was anything under extractor/ read while writing it: the
golden set has to stay independent of the tool it judges.  Drafting the tables needs pdfplumber (it reads
the ruling lines the PDFs draw); ``--check`` and ``--reconcile`` need only the standard library.

Two sources of facts:

1. The nine standard tables, drafted mechanically from the ruled tables of each page (``draft_tables``):
   a table is identified by the title printed above it (a table with no title above it continues the
   previous one), columns are mapped by what their header cells say, rows are keyed by the joined
   类/款/项 code, ``合计`` or the label; blank cells produce no fact.  The draft is then corrected by the
   explicit, reviewed ``TABLE_FIXES`` (after an eye review of every table against the rendered pages;
   see README.md).
2. Narrative facts: transcribed BY HAND from the 情况说明 prose (``NARRATIVE`` below); nothing here is
   inferred by code.  Neither report prints per-project self-evaluation figures, so there are no
   performance facts.

Usage:  python3 eval/golden/corpus/transcribe_pdf.py              # draft + write <doc>.facts.jsonl
        python3 eval/golden/corpus/transcribe_pdf.py --check      # only validate the committed files
        add --reconcile to print every accounting identity that does not hold to the cent
"""

import argparse
import json
import os
import re
import sys
from collections import Counter
from typing import TYPE_CHECKING

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
# the seed procedure's vocabulary (spec tables, standard titles, spec columns of the coded tables,
# which table fact each narrative key restates) and its format checks.  Run as a script, it is the sibling
# `transcribe` by the path inserted above; mypy checks the same file by its package name.
if TYPE_CHECKING:
    from eval.golden.transcribe import CODED_COLS, FISCAL_RIGHT_COLS, TABLES, TITLES
    from eval.golden.transcribe import NARRATIVE_VS_TABLES as SEED_NARRATIVE_VS_TABLES
    from eval.golden.transcribe import validate as seed_validate
else:
    from transcribe import CODED_COLS, FISCAL_RIGHT_COLS, TABLES, TITLES
    from transcribe import NARRATIVE_VS_TABLES as SEED_NARRATIVE_VS_TABLES
    from transcribe import validate as seed_validate

CORPUS = os.path.normpath(os.path.join(HERE, "..", "..", "corpus"))
DOCS = [
    "shanghai_putuo_czj_2024",
    "shanghai_putuo_ghzy_2024",
    "shanghai_template_final_accounts_2024",
]
NUMBER = re.compile(r"-?\d+(\.\d+)?")

# --------------------------------------------------------------------------
# table drafting
# --------------------------------------------------------------------------
THREE_ROWS = {
    "合计": "合计",
    "因公出国(境)费": "因公出国(境)费",
    "公务用车购置及运行费": "公务用车购置及运行费",
    "公务用车购置及运行维护费": "公务用车购置及运行费",
    "公务用车购置费": "公务用车购置费",
    "公务用车运行维护费": "公务用车运行维护费",
    "公务用车运行费": "公务用车运行维护费",  # czj prints the short header
    "公务接待费": "公务接待费",
}
# header cells that only name the key columns (code / name) or group columns
KEY_HEADERS = {"项目", "科目名称", "类", "款", "项", "经济分类科目编码", "功能分类科目编码", "支出功能分类科目编码"}
NOSPEC, UNMAPPED = "?nospec:", "?unmapped:"  # value columns without a spec key / unknown headers
FW = str.maketrans("０１２３４５６７８９．，（）－：", "0123456789.,()-:")


def fold(s):
    """Cell text -> key text: no whitespace or quotes, half-width parentheses/colon/digits."""
    s = (s or "").translate(FW)
    return re.sub(r"[\s\"“”'‘’]", "", s)


def norm_num(cell):
    """'2,940.05' -> '2940.05'; None when the cell is not a number."""
    s = re.sub(r"[\s,]", "", (cell or "").translate(FW))
    return s if NUMBER.fullmatch(s) else None


def norm_label(s):
    """Row label without ordinal prefixes (一、 1. (1) 其中:)."""
    s = fold(s)
    s = re.sub(r"^其中:", "", s)
    s = re.sub(r"^[一二三四五六七八九十]+、", "", s)
    s = re.sub(r"^\d+[、.]", "", s)
    return re.sub(r"^\(\d+\)", "", s)


def column_centres(table):
    """x centre of each grid column: the narrowest cell the column has in any row."""
    ncol = max(len(r.cells) for r in table.rows)
    centres = []
    for j in range(ncol):
        cells = [r.cells[j] for r in table.rows if j < len(r.cells) and r.cells[j]]
        c = min(cells, key=lambda b: b[2] - b[0])
        centres.append((c[0] + c[2]) / 2)
    return centres


def header_paths(table, texts, nhead):
    """For each column, the folded texts of the header cells covering it, top to bottom.

    A header cell printed over two or three lines, or spanning several columns, is one cell of the
    ruled grid, so it is read once and attached to every column under it."""
    centres = column_centres(table)
    paths: list[list[str]] = [[] for _ in centres]
    for i in range(nhead):
        for j, box in enumerate(table.rows[i].cells):
            t = fold(texts[i][j])
            if not box or not t:
                continue
            for k, x in enumerate(centres):
                if box[0] <= x <= box[2] and (not paths[k] or paths[k][-1] != t):
                    paths[k].append(t)
    return paths


def map_column(table_id, path):
    """Spec column key of one header path, or None for key/label columns."""
    if not path:
        return None
    last = path[-1]
    if table_id in ("summary", "fiscal_summary"):
        if last in ("决算数", "金额"):
            return "金额"
        return last if table_id == "fiscal_summary" and last in FISCAL_RIGHT_COLS else None
    if table_id == "basic_by_economic":
        return "决算数" if last == "决算数" else None
    if table_id == "three_public":
        # the deepest item header above 预算数/决算数 names the row (小计 sits under 公务用车购置及运行(维护)费)
        rows = [THREE_ROWS[p] for p in path if p in THREE_ROWS]
        return (rows[-1], last) if rows and last in ("预算数", "决算数") else None
    if any(p in KEY_HEADERS or "科目编码" in p for p in path):
        return None  # code / name columns (ghzy prints the 合计 label inside the header of tables 07/08)
    cols = CODED_COLS[table_id]
    if last in ("小计", "合计") and "本年支出" in path:
        return "本年支出合计" if "本年支出合计" in cols else "合计"
    if last == "小计" and "合计" in cols:
        return "合计"
    if last in cols:
        return last
    if last in CODED_COLS["gov_fund"]:  # state_capital printed with gov_fund's columns: no spec key
        return NOSPEC + last
    return UNMAPPED + last


def page_title(page, table):
    """(table_id, unit) from the lines printed between the previous table (or page top) and this table."""
    top = 0
    for other in page.find_tables():
        if other.bbox[3] <= table.bbox[1]:
            top = max(top, other.bbox[3])
    text = page.crop((0, top, page.width, table.bbox[1])).extract_text() or ""
    table_id = unit = None
    for line in text.split("\n"):
        t = fold(line)
        if t in TITLES:
            table_id = TITLES[t]
        m = re.search(r"单位:(万元|千元|元)", t)
        if m:
            unit = m.group(1)
    return table_id, unit


def is_data_row(table_id, cols, row):
    """A row carrying values: every value cell is a number or blank, and its key says what the row is."""
    value_cols = [j for j, c in enumerate(cols) if c]
    if not value_cols or any(row[j] and norm_num(row[j]) is None for j in value_cols):
        return False
    keys = [fold(row[j]) for j, c in enumerate(cols) if not c]
    if table_id == "three_public":
        return any(norm_num(row[j]) for j in value_cols)
    if table_id in ("summary", "fiscal_summary"):
        return any(k and k not in ("项目", "收入", "支出") for k in keys)
    return any(re.fullmatch(r"\d+", k) or k.endswith("合计") for k in keys)


def fragments(pdf):
    """Yield (page, table, table_id, unit, cols, data_rows) per ruled table; continuations inherit the header."""
    prev = None
    for pno, page in enumerate(pdf.pages, 1):
        for table in page.find_tables():
            texts = table.extract()
            table_id, unit = page_title(page, table)
            if table_id:
                if unit not in ("万元", "元"):
                    sys.exit(f"page {pno}: table {table_id} has no 单位：万元/元 header")
                nhead = 1
                for nhead in range(1, len(texts) + 1):
                    paths = header_paths(table, texts, nhead)
                    cols = [map_column(table_id, p) for p in paths]
                    if nhead == len(texts) or is_data_row(table_id, cols, texts[nhead]):
                        break
                bad = [c for c in cols if isinstance(c, str) and c.startswith(UNMAPPED)]
                if bad:
                    sys.exit(f"page {pno}: table {table_id}: header not in the spec vocabulary: {bad}")
                prev = (table_id, unit, cols, len(texts[0]))
                yield page, table, table_id, unit, cols, texts[nhead:]
            elif prev and prev[3] == len(texts[0]):
                yield page, table, prev[0], prev[1], prev[2], texts
            else:
                print(f"note: page {pno}: untitled table ({len(texts)} rows) is not a standard table", file=sys.stderr)
                prev = None


def row_facts(table_id, cols, row, state):
    """(row, col, cell) triples of one data row."""
    out = []
    if table_id in ("summary", "fiscal_summary"):
        label = None
        for j, c in enumerate(cols):
            if c is None:  # a label cell opens a (label, values...) group: income side first
                label = norm_label(row[j]).replace("(含专用结余)", "")
                if table_id == "fiscal_summary" and j == 0:
                    if label == "年初财政拨款结转和结余":
                        state["carry"] = True
                    elif label == "总计":
                        state["carry"] = False
                    elif state.get("carry") and label.endswith("财政拨款"):
                        label = "年初财政拨款结转和结余/" + label
                if label == "总计":
                    label = ("收入" if j == 0 else "支出") + "总计"
            elif label and row[j]:
                out.append((label, c, row[j]))
        return out
    if table_id == "basic_by_economic":
        code = ""
        label = ""
        for j, c in enumerate(cols):
            if c is None:
                t = fold(row[j])
                if re.fullmatch(r"\d+", t):
                    code += t
                elif t in ("人员经费合计", "公用经费合计"):
                    label = t
                continue
            key = code or label
            if key and row[j]:
                out.append((key, "决算数", row[j]))
            code = label = ""
        return out
    if table_id == "three_public":
        return [(c[0], c[1], row[j]) for j, c in enumerate(cols) if c and row[j]]
    keys = [fold(row[j]) for j, c in enumerate(cols) if not c]
    code = "".join(k for k in keys if re.fullmatch(r"\d+", k))
    key = code if code else ("合计" if "合计" in keys else None)
    if key is None:
        return []
    return [(key, c, row[j]) for j, c in enumerate(cols) if c and row[j]]


def draft_tables(doc, path):
    """Facts of the nine standard tables of one PDF, in page order."""
    import pdfplumber  # drafting only: --check / --reconcile need the standard library alone

    facts = []
    with pdfplumber.open(path) as pdf:
        for page, table, table_id, unit, cols, rows in fragments(pdf):
            pno = page.page_number
            state: dict[str, bool] = {}
            drafted = []
            for row in rows:
                row = [x or "" for x in row]
                for r, c, cell in row_facts(table_id, cols, row, state):
                    v = norm_num(cell)
                    if v is None:
                        print(f"WARN {doc} p{pno} {table_id} {r} {c}: non-numeric cell {cell!r}", file=sys.stderr)
                        continue
                    if isinstance(c, str) and c.startswith("?"):
                        sys.exit(f"{doc} p{pno} {table_id} {r}: value {v} in a column without a spec key")
                    drafted.append(dict(doc=doc, table=table_id, row=r, col=c, value=v, unit=unit))
            # every decimal printed inside the ruled area must have become exactly one fact
            printed = sorted(
                w["text"].replace(",", "")
                for w in page.crop(table.bbox).extract_words()
                if re.fullmatch(r"[\d,]+\.\d+", w["text"])
            )
            if printed != sorted(f["value"] for f in drafted):
                print(f"WARN {doc} p{pno} {table_id}: printed decimals and drafted facts differ", file=sys.stderr)
            facts += drafted
    return facts


# Corrections found when reviewing the drafts against the rendered pages (see README.md).  Each is
# (doc, table, row, col) -> value (None = delete).  After the review no correction was needed; the dict
# stays as the documented hook for one.
TABLE_FIXES: dict[tuple[str, str, str, str], str | None] = {}

# --------------------------------------------------------------------------
# hand transcription: narrative (情况说明)
# --------------------------------------------------------------------------
W, L, C, RC = "万元", "辆", "批次", "人次"

NARRATIVE = {
    "shanghai_putuo_czj_2024": [
        ("收入总计", "2995.39", W),  # 一、收入支出总计2995.39万元
        ("支出总计", "2995.39", W),
        ("本年收入合计", "2946.25", W),  # 二、
        ("财政拨款收入", "2940.05", W),
        ("本年支出合计", "2940.05", W),  # 三、
        ("基本支出", "2336.91", W),
        ("项目支出", "603.14", W),
        ("财政拨款收支总计", "0.3", W),  # 四、财政拨款收入支出总计0.3万元 (sic; table 04: 2961.68)
        ("一般公共预算财政拨款支出", "2940.05", W),  # 五、(一) and (二)
        ("一般公共预算财政拨款基本支出", "2336.91", W),  # 六、
        ("人员经费", "2152.26", W),
        ("公用经费", "184.65", W),
        ("三公经费预算", "0.95", W),  # 七、(一) 年初预算为0.95万元
        ("三公经费支出", "0.00", W),  # 支出决算为0.00万元
        ("因公出国(境)费", "0.00", W),
        ("公务用车购置及运行费", "0.00", W),  # 公务用车购置及运行维护费支出决算为0.00万元
        ("公务接待费", "0.00", W),
        ("机关运行经费", "184.65", W),  # 十一、(一)
        ("政府采购支出总额", "251.25", W),  # 十一、(二) 政府采购金额(以合同签订为准)
        ("政府采购货物支出", "4.79", W),
        ("政府采购工程支出", "0", W),
        ("政府采购服务支出", "246.47", W),
        ("车辆总数", "0", L),  # 十一、(三) 共有车辆0辆
    ],
    "shanghai_putuo_ghzy_2024": [
        ("收入总计", "9859.38", W),  # 一、收入支出总计 9859.38 万元
        ("支出总计", "9859.38", W),
        ("本年收入合计", "9746.50", W),  # 二、
        ("财政拨款收入", "9746.50", W),
        ("本年支出合计", "9759.38", W),  # 三、
        ("基本支出", "5377.64", W),
        ("项目支出", "4381.74", W),
        ("财政拨款收支总计", "9746.50", W),  # 四、财政拨款收入支出总计
        ("一般公共预算财政拨款支出", "9746.50", W),  # 五、(一) and (二)
        ("一般公共预算财政拨款基本支出", "5377.64", W),  # 六、(sic; table 05: 5364.75)
        ("人员经费", "4896.98", W),  # (sic; table 06: 4884.09)
        ("公用经费", "480.66", W),
        ("三公经费预算", "2.85", W),  # 七、(一) 年初预算为 2.85 万元
        ("三公经费支出", "0.39", W),
        ("因公出国(境)费", "0.00", W),
        ("公务用车购置及运行费", "0.00", W),  # 公务用车购置及运行维护费支出决算为 0.00 万元
        ("公务接待费", "0.39", W),
        ("公务用车购置费", "0.00", W),  # 七、(二) 公务用车购置支出为 0.00 万元
        ("公务用车运行维护费", "0.00", W),  # 公务用车运行维护支出 0.00 万元
        ("公务用车保有量", "0", L),
        ("国内公务接待批次", "2", C),  # 列明公务接待 2 批次、26 人次 (外宾 0 批次、0 人次)
        ("国内公务接待人次", "26", RC),
        ("机关运行经费", "142.80", W),  # 十一、(一)
        ("政府采购支出总额", "2319.21", W),  # 十一、(二)
        ("政府采购货物支出", "122.43", W),
        ("政府采购工程支出", "1387.72", W),
        ("政府采购服务支出", "809.07", W),
        ("车辆总数", "0", L),  # 十一、(三) 共有车辆 0 辆
    ],
    "shanghai_template_final_accounts_2024": [],  # XX / XXX placeholders only
}
# neither report prints per-project self-evaluation figures (aggregates only)
PERFORMANCE: dict[str, list[tuple[str, str, str, str | None, str]]] = {}


def manual_facts(doc):
    out = []
    for row, value, unit in NARRATIVE.get(doc, []):
        col = "金额" if unit in ("万元", "元") else "数量"
        out.append(dict(doc=doc, table="narrative", row=row, col=col, value=value, unit=unit))
    return out


# --------------------------------------------------------------------------
# reconciliation
# --------------------------------------------------------------------------
# 2024 功能分类 classes, to set the labelled rows of tables 01/04 against the coded tables
CLASS_CODES = {
    "一般公共服务支出": "201",
    "外交支出": "202",
    "国防支出": "203",
    "公共安全支出": "204",
    "教育支出": "205",
    "科学技术支出": "206",
    "文化旅游体育与传媒支出": "207",
    "社会保障和就业支出": "208",
    "卫生健康支出": "210",
    "节能环保支出": "211",
    "城乡社区支出": "212",
    "农林水支出": "213",
    "交通运输支出": "214",
    "资源勘探工业信息等支出": "215",
    "商业服务业等支出": "216",
    "金融支出": "217",
    "援助其他地区支出": "219",
    "自然资源海洋气象等支出": "220",
    "住房保障支出": "221",
    "粮油物资储备支出": "222",
    "国有资本经营预算支出": "223",
    "灾害防治及应急管理支出": "224",
    "其他支出": "229",
    "债务还本支出": "231",
    "债务付息支出": "232",
    "抗疫特别国债安排的支出": "234",
}
SUMMARY_INCOME = {  # summary income row -> income table column it totals
    "一般公共预算财政拨款收入": "财政拨款收入",
    "政府性基金预算财政拨款收入": "财政拨款收入",
    "国有资本经营预算财政拨款收入": "财政拨款收入",
    "上级补助收入": "上级补助收入",
    "事业收入": "事业收入",
    "经营收入": "经营收入",
    "附属单位上缴收入": "附属单位上缴收入",
    "其他收入": "其他收入",
}
FUNDS = ["一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"]


def reconcile(doc, facts):
    """Accounting identities over one document's golden facts.

    Returns (number of identities checked, [(label, left, right), ...] for every identity that does not
    hold to the cent).  An identity is only checked when one of its sides was printed."""
    F = {(f["table"], f["row"], f["col"]): float(f["value"]) * (0.0001 if f["unit"] == "元" else 1) for f in facts}
    checked = [0]
    fails = []

    def g(t, r, c):
        return F.get((t, r, c), 0.0)

    def has(*keys):
        return any(k in F for k in keys)

    def chk(label, a, b):
        checked[0] += 1
        if abs(a - b) > 0.0049:
            fails.append((label, round(a, 2), round(b, 2)))

    # coded tables: 类 = Σ款, 款 = Σ项, 合计 = Σ类, row totals
    for t, cols in CODED_COLS.items():
        codes = sorted({r for (tt, r, _c) in F if tt == t and r.isdigit()})
        for col in cols:
            for parent in codes:
                kids = [k for k in codes if k.startswith(parent) and len(k) == len(parent) + 2]
                if kids and has(*[(t, k, col) for k in [parent, *kids]]):
                    chk(f"{t} {parent}/{col} = Σ children", g(t, parent, col), sum(g(t, k, col) for k in kids))
            classes = [k for k in codes if len(k) == 3]
            if has((t, "合计", col), *[(t, k, col) for k in classes]):
                chk(f"{t} 合计/{col} = Σ classes", g(t, "合计", col), sum(g(t, k, col) for k in classes))
        total, parts = {
            "income": ("本年收入合计", cols[1:]),
            "expenditure": ("本年支出合计", cols[1:]),
            "general_budget": ("合计", cols[1:]),
            "gov_fund": ("本年支出合计", ["基本支出", "项目支出"]),
            "state_capital": ("合计", cols[1:]),
        }[t]
        for r in ["合计", *codes]:
            if has(*[(t, r, c) for c in [total, *parts]]):
                chk(f"{t} {r}: {total} = Σ {'+'.join(parts)}", g(t, r, total), sum(g(t, r, c) for c in parts))
            if t == "gov_fund" and has(*[(t, r, c) for c in cols]):
                chk(
                    f"gov_fund {r}: 年初 + 本年收入 = 本年支出合计 + 年末",
                    g(t, r, "年初结转和结余") + g(t, r, "本年收入"),
                    g(t, r, "本年支出合计") + g(t, r, "年末结转和结余"),
                )
    # summary (01)
    S = {r: v for (t, r, _c), v in F.items() if t == "summary"}
    if S:
        chk("summary 本年收入合计 = Σ income rows", S.get("本年收入合计", 0), sum(S.get(r, 0) for r in SUMMARY_INCOME))
        chk(
            "summary 本年支出合计 = Σ function classes",
            S.get("本年支出合计", 0),
            sum(v for r, v in S.items() if r in CLASS_CODES),
        )
        chk(
            "summary 收入总计 = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余",
            S.get("收入总计", 0),
            S.get("本年收入合计", 0) + S.get("使用非财政拨款结余", 0) + S.get("年初结转和结余", 0),
        )
        chk(
            "summary 支出总计 = 本年支出合计 + 结余分配 + 年末结转和结余",
            S.get("支出总计", 0),
            S.get("本年支出合计", 0) + S.get("结余分配", 0) + S.get("年末结转和结余", 0),
        )
        chk("summary 收入总计 = 支出总计", S.get("收入总计", 0), S.get("支出总计", 0))
        chk("summary 本年收入合计 vs income 合计", S.get("本年收入合计", 0), g("income", "合计", "本年收入合计"))
        chk(
            "summary 本年支出合计 vs expenditure 合计",
            S.get("本年支出合计", 0),
            g("expenditure", "合计", "本年支出合计"),
        )
        for col in sorted(set(SUMMARY_INCOME.values())):
            rows = [r for r, c in SUMMARY_INCOME.items() if c == col]
            if has(*[("summary", r, "金额") for r in rows], ("income", "合计", col)):
                chk(
                    f"summary {'+'.join(rows)} vs income 合计/{col}",
                    sum(S.get(r, 0) for r in rows),
                    g("income", "合计", col),
                )
        for name, code in CLASS_CODES.items():
            if has(("summary", name, "金额"), ("expenditure", code, "本年支出合计")):
                chk(f"summary {name} vs expenditure {code}", S.get(name, 0), g("expenditure", code, "本年支出合计"))
    # fiscal summary (04)
    if any(t == "fiscal_summary" for (t, _r, _c) in F):
        fs = "fiscal_summary"
        chk(f"{fs} 本年收入合计 = Σ funds", g(fs, "本年收入合计", "金额"), sum(g(fs, f, "金额") for f in FUNDS))
        carry = "年初财政拨款结转和结余"
        chk(f"{fs} {carry} = Σ funds", g(fs, carry, "金额"), sum(g(fs, f"{carry}/{f}", "金额") for f in FUNDS))
        chk(
            f"{fs} 收入总计 = 本年收入合计 + {carry}",
            g(fs, "收入总计", "金额"),
            g(fs, "本年收入合计", "金额") + g(fs, carry, "金额"),
        )
        chk(f"{fs} 收入总计 = 支出总计/合计", g(fs, "收入总计", "金额"), g(fs, "支出总计", "合计"))
        right = sorted({r for (t, r, c) in F if t == fs and c in FISCAL_RIGHT_COLS})
        for r in right:
            chk(f"{fs} {r}: 合计 = Σ funds", g(fs, r, "合计"), sum(g(fs, r, f) for f in FUNDS))
        for col in FISCAL_RIGHT_COLS:
            chk(
                f"{fs} 本年支出合计/{col} = Σ function classes",
                g(fs, "本年支出合计", col),
                sum(g(fs, r, col) for r in right if r in CLASS_CODES),
            )
            chk(
                f"{fs} 支出总计/{col} = 本年支出合计 + 年末财政拨款结转和结余",
                g(fs, "支出总计", col),
                g(fs, "本年支出合计", col) + g(fs, "年末财政拨款结转和结余", col),
            )
        for f in FUNDS:
            chk(
                f"{fs} {f}: 年初 + 本年收入 = 本年支出 + 年末",
                g(fs, f"{carry}/{f}", "金额") + g(fs, f, "金额"),
                g(fs, "本年支出合计", f) + g(fs, "年末财政拨款结转和结余", f),
            )
        for a, b in (
            ((fs, "本年收入合计", "金额"), ("income", "合计", "财政拨款收入")),
            ((fs, "一般公共预算财政拨款", "金额"), ("summary", "一般公共预算财政拨款收入", "金额")),
            ((fs, "本年支出合计", "一般公共预算财政拨款"), ("general_budget", "合计", "合计")),
            ((fs, "本年支出合计", "政府性基金预算财政拨款"), ("gov_fund", "合计", "本年支出合计")),
        ):
            chk(f"{fs} {a[1]}/{a[2]} vs {b[0]} {b[1]}/{b[2]}", g(*a), g(*b))
        for name, code in CLASS_CODES.items():
            if has((fs, name, "一般公共预算财政拨款"), ("general_budget", code, "合计")):
                chk(
                    f"{fs} {name}/一般公共预算财政拨款 vs general_budget {code}",
                    g(fs, name, "一般公共预算财政拨款"),
                    g("general_budget", code, "合计"),
                )
    # basic_by_economic (06)
    B = {r: v for (t, r, _c), v in F.items() if t == "basic_by_economic"}
    if B:
        for cls in [r for r in B if len(r) == 3]:
            kids = [r for r in B if len(r) == 5 and r.startswith(cls)]
            if kids:
                chk(f"basic_by_economic {cls} = Σ items", B[cls], sum(B[k] for k in kids))
        chk("basic_by_economic 人员经费合计 = 301 + 303", B.get("人员经费合计", 0), B.get("301", 0) + B.get("303", 0))
        chk(
            "basic_by_economic 公用经费合计 = 302 + 310 + other classes",
            B.get("公用经费合计", 0),
            sum(v for r, v in B.items() if len(r) == 3 and r not in ("301", "303")),
        )
        chk(
            "basic_by_economic 人员经费合计 + 公用经费合计 vs general_budget 合计/基本支出",
            B.get("人员经费合计", 0) + B.get("公用经费合计", 0),
            g("general_budget", "合计", "基本支出"),
        )
    # three_public (09)
    for col in ("预算数", "决算数"):
        if any(t == "three_public" and c == col for (t, _r, c) in F):
            tp = "three_public"
            chk(
                f"{tp} 合计/{col} = 出国 + 车 + 接待",
                g(tp, "合计", col),
                g(tp, "因公出国(境)费", col) + g(tp, "公务用车购置及运行费", col) + g(tp, "公务接待费", col),
            )
            chk(
                f"{tp} 公务用车购置及运行费/{col} = 购置 + 运维",
                g(tp, "公务用车购置及运行费", col),
                g(tp, "公务用车购置费", col) + g(tp, "公务用车运行维护费", col),
            )
    # narrative: internal sums, then against the tables
    N = {r: v for (t, r, _c), v in F.items() if t == "narrative"}
    if N:
        if "收入总计" in N and "支出总计" in N:
            chk("narrative 收入总计 = 支出总计", N["收入总计"], N["支出总计"])
        if "本年支出合计" in N and ("基本支出" in N or "项目支出" in N):
            chk(
                "narrative 本年支出合计 = 基本支出 + 项目支出",
                N["本年支出合计"],
                N.get("基本支出", 0) + N.get("项目支出", 0),
            )
        if "一般公共预算财政拨款基本支出" in N and ("人员经费" in N or "公用经费" in N):
            chk(
                "narrative 一般公共预算财政拨款基本支出 = 人员经费 + 公用经费",
                N["一般公共预算财政拨款基本支出"],
                N.get("人员经费", 0) + N.get("公用经费", 0),
            )
        if "三公经费支出" in N:
            chk(
                "narrative 三公经费支出 = 出国 + 车 + 接待",
                N["三公经费支出"],
                N.get("因公出国(境)费", 0) + N.get("公务用车购置及运行费", 0) + N.get("公务接待费", 0),
            )
        if "公务用车购置费" in N or "公务用车运行维护费" in N:
            chk(
                "narrative 公务用车购置及运行费 = 购置 + 运维",
                N.get("公务用车购置及运行费", 0),
                N.get("公务用车购置费", 0) + N.get("公务用车运行维护费", 0),
            )
        if "政府采购支出总额" in N:
            chk(
                "narrative 政府采购支出总额 = 货物 + 工程 + 服务",
                N["政府采购支出总额"],
                N.get("政府采购货物支出", 0) + N.get("政府采购工程支出", 0) + N.get("政府采购服务支出", 0),
            )
        if any(t == "summary" for (t, _r, _c) in F):
            for n, key in NARRATIVE_VS_TABLES:
                if n in N:
                    chk(f"narrative {n} vs {key[0]} {key[1]}/{key[2]}", N[n], g(*key))
    return checked[0], fails


NARRATIVE_VS_TABLES = [*SEED_NARRATIVE_VS_TABLES, ("年末结转和结余", ("summary", "年末结转和结余", "金额"))]

# --------------------------------------------------------------------------
# validation
# --------------------------------------------------------------------------
SPEC_COLS = {
    "summary": {"金额"},
    "fiscal_summary": {"金额", *FISCAL_RIGHT_COLS},
    "basic_by_economic": {"决算数"},
    "three_public": {"预算数", "决算数"},
    "narrative": {"金额", "数量"},
    "performance": {"预算数", "执行数", "执行率", "自评得分"},
    **{t: set(c) for t, c in CODED_COLS.items()},
}


NARRATIVE_KEYS = {  # the spec's narrative vocabulary -> unit
    **dict.fromkeys(
        """收入总计 支出总计 本年收入合计 本年支出合计 财政拨款收入 基本支出 项目支出 年末结转和结余
        财政拨款支出 财政拨款收支总计 一般公共预算财政拨款支出 一般公共预算财政拨款基本支出 人员经费 公用经费
        三公经费支出 三公经费预算 因公出国(境)费 公务接待费 公务用车购置及运行费 公务用车购置费 公务用车运行维护费
        机关运行经费 政府采购支出总额 政府采购货物支出 政府采购工程支出 政府采购服务支出
        授予中小企业合同金额 授予小微企业合同金额""".split(),  # noqa: SIM905 (the spec list, as printed there)
        "万元",
    ),
    "公务用车保有量": "辆",
    "车辆总数": "辆",
    "国内公务接待批次": "批次",
    "国内公务接待人次": "人次",
}
SUMMARY_ROWS = {
    *CLASS_CODES,
    *SUMMARY_INCOME,
    *["本年收入合计", "本年支出合计", "使用非财政拨款结余", "年初结转和结余", "结余分配", "年末结转和结余"],
    *["收入总计", "支出总计"],
}
FISCAL_ROWS = {
    *CLASS_CODES,
    *FUNDS,
    *[f"年初财政拨款结转和结余/{f}" for f in FUNDS],
    *["本年收入合计", "年初财政拨款结转和结余", "收入总计", "本年支出合计", "年末财政拨款结转和结余", "支出总计"],
}


def spec_row(table, row, unit):
    """Whether `row` (with `unit`) is a row key the spec allows in `table`."""
    if table == "summary":
        return row in SUMMARY_ROWS
    if table == "fiscal_summary":
        return row in FISCAL_ROWS
    if table in CODED_COLS:
        return row == "合计" or re.fullmatch(r"\d{3}(\d{2}){0,2}", row) is not None
    if table == "basic_by_economic":
        return row in ("人员经费合计", "公用经费合计") or re.fullmatch(r"\d{3}(\d{2})?", row) is not None
    if table == "three_public":
        return row in set(THREE_ROWS.values())
    if table == "narrative":
        return NARRATIVE_KEYS.get(row) == unit
    return bool(row) and not re.search(r"[\s（）]", row)  # performance: a project name


def validate(path):
    """Format errors of one golden file: the seed procedure's checks (JSON, keys, spec table, plain-decimal
    value, unit, unique key) plus doc = the file's stem and the spec's row and col keys of each table."""
    errors = seed_validate(path)
    doc = os.path.basename(path).removesuffix(".facts.jsonl")
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            try:
                o = json.loads(line)
            except ValueError:
                continue  # reported by seed_validate
            if o.get("doc") != doc:
                errors.append(f"{path}:{n}: doc {o.get('doc')!r} is not the file's stem")
            if o.get("table") not in TABLES:
                continue  # reported by seed_validate
            if o.get("col") not in SPEC_COLS[o["table"]]:
                errors.append(f"{path}:{n}: bad col {o.get('col')!r} for table {o['table']}")
            if not spec_row(o["table"], str(o.get("row", "")), o.get("unit")):
                errors.append(f"{path}:{n}: row {o.get('row')!r} ({o.get('unit')}) is not a {o['table']} row key")
            money = o["table"] not in ("narrative", "performance") or o.get("col") == "金额"
            if money and o.get("unit") not in ("万元", "元"):
                errors.append(f"{path}:{n}: money fact with unit {o.get('unit')!r}")
    return errors


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(x) for x in f]


def build(doc):
    """Draft + fixes + hand transcription for one document."""
    facts = []
    for fct in draft_tables(doc, os.path.join(CORPUS, doc + ".pdf")):
        k = (fct["doc"], fct["table"], fct["row"], fct["col"])
        if k in TABLE_FIXES:
            if TABLE_FIXES[k] is None:
                continue
            fct["value"] = TABLE_FIXES[k]
        facts.append(fct)
    return facts + manual_facts(doc)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="only validate the committed files (no PDF reading)")
    ap.add_argument("--reconcile", action="store_true", help="print every accounting identity that fails")
    args = ap.parse_args()
    total: Counter[str] = Counter()
    errors = []
    for doc in DOCS:
        out = os.path.join(HERE, doc + ".facts.jsonl")
        if not args.check:
            facts = build(doc)
            text = "".join(json.dumps(f, ensure_ascii=False) + "\n" for f in facts)
            old = None
            if os.path.exists(out):
                with open(out, encoding="utf-8") as f:
                    old = f.read()
            with open(out, "w", encoding="utf-8") as f:
                f.write(text)
            if old is not None and old != text:
                print(f"{doc}: CHANGED (see git diff)")
        errors += validate(out)
        facts = load(out)
        c = Counter(f["table"] for f in facts)
        nz = sum(1 for f in facts if float(f["value"]) != 0)
        total.update(c)
        print(doc, len(facts), f"({nz} non-zero)", dict(sorted(c.items())))
        if args.reconcile:
            n, fails = reconcile(doc, facts)
            print(f"  {n} identities checked, {len(fails)} fail")
            for label, a, b in fails:
                print(f"  INCONSISTENT {label}: {a:.2f} vs {b:.2f} (diff {a - b:+.2f})")
    print("TOTAL", sum(total.values()), dict(sorted(total.items())))
    for e in errors:
        print("ERROR", e)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()

"""Code dictionary: every classification code a table prints must exist, and carry its official name.

Two dictionaries ship as data (``extractor/data/function_codes.json``, ``economic_codes.json``): the
支出功能分类 of the 政府收支分类科目 (类 201…, 款 20601…, 项 2060101…) used by the code tables 02, 03,
05, 07 and 08, and the 部门预算支出经济分类 (301, 30101…) used by table 06. Each entry records its name,
and where a change is known the years it is valid in (``from``/``until``) and its former names.

Severities follow what the evidence can bear. A code that cannot be a code of its classification (wrong
length, wrong leading digit, a 款 printed under no 类 of its table) is an ``error``. A code the shipped
dictionary does not know, or knows only for other years, is a ``warning``: the dictionary is compiled, not
exhaustive. A printed name that differs from the official one is a ``warning`` too, once the known ways
a correct name is printed are allowed for: full/half-width characters and spaces, the ``（类）`` suffixes
of the prose, a dropped trailing ``支出``, truncation by a narrow column (the printed name is a prefix of
the official one, at least four characters long), printed variants listed per code (``aliases``) and
former names in the years they were in force.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from extractor.checks import register
from extractor.checks.base import Context, Key
from extractor.checks.messages import Text, render_template
from extractor.codes import CODE_LENGTHS, MIN_PREFIX, CodeBook, Entry, codebook, name_problem, normalize_name
from extractor.schemas.flags import Flag

__all__ = ["MIN_PREFIX", "CodeBook", "Entry", "codebook", "name_problem", "name_verdict", "normalize_name"]

#: tables whose rows are keyed by 支出功能分类 codes
FUNCTION_TABLES = ("income", "expenditure", "general_budget", "gov_fund", "state_capital")
#: the table keyed by 部门预算支出经济分类 codes
ECONOMIC_TABLES = ("basic_by_economic",)


def name_verdict(entry: Entry, printed: str, year: int | None) -> str | None:
    """``None`` when ``printed`` names ``entry`` in ``year``, else why it does not, in words."""
    problem = name_problem(entry, printed, year)
    if problem is None:
        return None
    template, p = problem
    return render_template(template, {"code": "", "where": [], **p}).split(": ", 1)[1]


# -- reading the tables ----------------------------------------------------------------------------
@dataclass
class _Use:
    """Where one code is printed: its keys (one fact per table) and the labels printed beside it."""

    keys: list[Key] = field(default_factory=list)
    labels: dict[str, list[Key]] = field(default_factory=dict)


def _key(ctx: Context, table: str, row: str) -> Key:
    cols = ctx.cols(table, row)
    return (table, row, cols[0] if cols else "")


def _uses(ctx: Context, tables: tuple[str, ...]) -> dict[str, _Use]:
    """Every digit row key of ``tables``, in order of first appearance."""
    uses: dict[str, _Use] = {}
    for t in ctx.extraction.tables:
        if t.table not in tables:
            continue
        for r in t.rows:
            if not r.row.isdigit():
                continue
            use = uses.setdefault(r.row, _Use())
            key = _key(ctx, t.table, r.row)
            if key not in use.keys:
                use.keys.append(key)
            if r.label:
                use.labels.setdefault(r.label, []).append(key)
    return uses


def _structure(ctx: Context, tables: tuple[str, ...], lengths: tuple[int, ...], lead: str, what: str) -> Iterator[Flag]:
    """Errors for codes that cannot belong to the classification, per table."""
    for table in tables:
        codes = [r for r in ctx.rows(table) if r.isdigit()]
        present = set(ctx.codes(table))  # a parent printed but not read is still printed
        levels = {len(c) for c in codes}
        for code in codes:
            key = _key(ctx, table, code)
            if len(code) not in lengths or not code.startswith(lead):
                shape = [str(n) for n in lengths]
                message = Text.of("not_a_code", table=table, code=code, what=what, shape=shape, lead=lead)
                yield ctx.flag("error", message, [key])
                continue
            parent = code[:-2]
            if len(code) > lengths[0] and len(parent) in levels and parent not in present:
                yield ctx.flag("error", Text.of("orphan_code", table=table, code=code, parent=parent), [key])


def _known(ctx: Context, tables: tuple[str, ...], lengths: tuple[int, ...], lead: str, kind: str) -> Iterator[Flag]:
    """Warnings for well-formed codes the dictionary does not know, or not in the report's year."""
    book = codebook(kind)
    year = ctx.extraction.metadata.year
    for code, use in _uses(ctx, tables).items():
        if len(code) not in lengths or not code.startswith(lead):
            continue  # a structural error already
        entry = book.get(code)
        where = [k[0] for k in use.keys]
        if entry is None:
            yield ctx.flag("warning", Text.of("unknown_code", code=code, where=where, kind=kind), use.keys)
        elif not entry.valid_in(year):
            span = f"{entry.since or '…'}–{entry.until or '…'}"
            message = Text.of("out_of_year_code", code=code, name=entry.name, where=where, valid=span, year=year)
            yield ctx.flag("warning", message, use.keys)


def _names(ctx: Context, tables: tuple[str, ...], kind: str) -> Iterator[Flag]:
    """Warnings for printed names that are not the code's name, one per code and printed name."""
    book = codebook(kind)
    year = ctx.extraction.metadata.year
    for code, use in _uses(ctx, tables).items():
        entry = book.get(code)
        if entry is None:
            continue
        for label, keys in use.labels.items():
            why = name_problem(entry, label, year)
            if why:
                template, params = why
                yield ctx.flag("warning", Text.of(template, code=code, where=[k[0] for k in keys], **params), keys)


# -- the checks ------------------------------------------------------------------------------------
@register(
    "dictionary.function_code",
    "tables 02, 03, 05, 07, 08: every row code is a 支出功能分类 code (3/5/7 digits, 2xx, 款 under a printed 类, "
    "项 under a printed 款: else error) known to the shipped dictionary for the report's year (else warning)",
    severity="error",
    tolerance="exact; unknown or out-of-year codes are warnings (the dictionary is not exhaustive)",
)
def function_code(ctx: Context) -> Iterator[Flag]:
    yield from _structure(ctx, FUNCTION_TABLES, CODE_LENGTHS["function"], "2", "支出功能分类")
    yield from _known(ctx, FUNCTION_TABLES, CODE_LENGTHS["function"], "2", "function")


@register(
    "dictionary.function_name",
    "tables 02, 03, 05, 07, 08: the printed name of every known 支出功能分类 code is its official name",
    severity="warning",
    tolerance="width, spaces, trailing 支出, truncation (a prefix of ≥ 4 characters), listed variants and "
    "former names in force are accepted",
)
def function_name(ctx: Context) -> Iterator[Flag]:
    yield from _names(ctx, FUNCTION_TABLES, "function")


@register(
    "dictionary.economic_code",
    "table 06: every row code is a 部门预算支出经济分类 code (3/5 digits, 3xx, 款 under a printed 类: else "
    "error) known to the shipped dictionary for the report's year (else warning)",
    severity="error",
    tolerance="exact; unknown or out-of-year codes are warnings (the dictionary is not exhaustive)",
)
def economic_code(ctx: Context) -> Iterator[Flag]:
    yield from _structure(ctx, ECONOMIC_TABLES, CODE_LENGTHS["economic"], "3", "部门预算支出经济分类")
    yield from _known(ctx, ECONOMIC_TABLES, CODE_LENGTHS["economic"], "3", "economic")


@register(
    "dictionary.economic_name",
    "table 06: the printed name of every known 经济分类 code is its official name",
    severity="warning",
    tolerance="width, spaces, trailing 支出, truncation (a prefix of ≥ 4 characters), listed variants",
)
def economic_name(ctx: Context) -> Iterator[Flag]:
    yield from _names(ctx, ECONOMIC_TABLES, "economic")

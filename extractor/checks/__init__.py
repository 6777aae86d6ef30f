"""Deterministic checks: every inconsistency in an extraction becomes a flag with evidence.

Checks judge facts, however they were extracted: this package imports no backend and nothing of
``extractor.llm``. One module per family; adding a check is one decorated function:

    @register("hierarchy.sum", "类 = Σ款, 款 = Σ项 for every column of every code table",
              severity="error", tolerance="rounding rule")
    def hierarchy_sum(ctx: Context) -> Iterable[Flag]: ...

Severities: ``error`` (the figures cannot all be right), ``warning`` (suspicious, or something the
report should contain is missing), ``info`` (within the rounding tolerance: 尾差).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable

from extractor.checks.base import CheckConfig, CheckFn, CheckSpec, Context
from extractor.checks.suspects import assign_suspects
from extractor.errors import ConfigError
from extractor.schemas import Extraction
from extractor.schemas.flags import SEVERITIES, Flag, Severity

_REGISTRY: dict[str, CheckSpec] = {}
_loaded = False
#: modules of this package that hold no checks: the kernel, the message catalogue, the suspect pass
_NOT_CHECKS = frozenset({"base", "messages", "suspects"})


def register(
    check_id: str,
    description: str,
    severity: Severity = "error",
    tolerance: str = "exact",
    table_identity: bool = False,
) -> Callable[[CheckFn], CheckFn]:
    """Decorator: register a check function under ``check_id`` (its module name is the family).

    ``table_identity``: the check states identities among the figures of one table (a sum, a balance), so an
    error it raises says each figure it involves fails an identity of its table (``identity_failures``)."""

    def wrap(fn: CheckFn) -> CheckFn:
        if check_id in _REGISTRY:
            raise ValueError(f"check {check_id!r} registered twice")
        family = fn.__module__.rsplit(".", 1)[-1]
        _REGISTRY[check_id] = CheckSpec(check_id, family, description, severity, tolerance, fn, table_identity)
        return fn

    return wrap


def identity_failures(flags: Iterable[Flag]) -> set[tuple[str, str, str]]:
    """The facts (table, row, col) that an identity of their own table fails for: every printed figure an error
    flag of a ``table_identity`` check names. A reader calls a figure ``clean`` when none of the identities it
    solved with involves it — a total whose parts were not all read, 公用经费合计 printed ``130.6`` beside the
    302 it must equal — while the checks, stating every identity of the figures read, may find one failing."""
    _load_all()
    return {
        (f.table, f.row, f.col)
        for flag in flags
        if flag.severity == "error" and (spec := _REGISTRY.get(flag.check)) is not None and spec.table_identity
        for f in flag.facts
        if f.value is not None
    }


def _load_all() -> None:
    global _loaded
    if not _loaded:
        for mod in pkgutil.iter_modules(__path__):
            if mod.name not in _NOT_CHECKS:
                importlib.import_module(f"{__name__}.{mod.name}")
        _loaded = True


def catalogue() -> list[CheckSpec]:
    """Every registered check, by family then id."""
    _load_all()
    return sorted(_REGISTRY.values(), key=lambda c: (c.family, c.id))


def run_checks(extraction: Extraction, text: str | None = None, config: CheckConfig | None = None) -> list[Flag]:
    """Run every enabled check on one extraction; flags sorted by severity, then check.

    Then, from all flags together, each error and warning flag about an identity gets its ``suspect`` (and
    ``suggested`` value where the identities determine it): ``extractor.checks.suspects``.
    """
    _load_all()
    config = config or CheckConfig()
    unknown = config.disabled - set(_REGISTRY)
    if unknown:
        raise ConfigError(f"unknown check(s) {', '.join(sorted(unknown))}; `extractor check --list` shows them")
    ctx = Context(extraction, text, config)
    flags: list[Flag] = []
    seen: set[str] = set()
    for spec in catalogue():
        if spec.id in config.disabled:
            continue
        ctx.check_id = spec.id
        for f in spec.fn(ctx):
            if f is not None and f.id not in seen and not _about_unread(ctx, f):
                seen.add(f.id)
                flags.append(f)
    assign_suspects(ctx, flags)
    order = {s: i for i, s in enumerate(SEVERITIES)}
    return sorted(flags, key=lambda f: (order[f.severity], f.check, f.message))


def _about_unread(ctx: Context, flag: Flag) -> bool:
    """A flag that counts a printed-but-unread cell as blank: not evidence of anything but the reading gap
    (which ``unread`` and run.json already report)."""
    if flag.expected is None or flag.found is None:  # not a comparison of figures: notes, wording, completeness
        return False
    return any(f.value is None and ctx.unread((f.table, f.row, f.col)) for f in flag.facts)


__all__ = ["CheckConfig", "CheckSpec", "Context", "catalogue", "identity_failures", "register", "run_checks"]

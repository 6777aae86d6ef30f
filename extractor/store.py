"""The store: documents, runs, facts, flags, corrections and an audit log, in SQLite or PostgreSQL.

``Store(url)`` opens (and migrates, with the Alembic migrations shipped in ``extractor/migrations``) the
database at ``url``; ``sqlite:///extractor.db`` by default, ``EXTRACTOR_DB_URL`` or any SQLAlchemy URL
(``postgresql+psycopg://user:pw@host/db``) otherwise.

A document is its content: it is found by the sha256 of its bytes, never by its file name. Other content
loaded under a known name becomes a new document (``<name>-<sha256[:12]>``), and a correction — which
records the content and the printed characters it was made on — is only ever applied to that content at
those characters.

Every public method that writes is one transaction. A reviewer's change never overwrites history:
``corrections`` and ``audit`` are append-only, and each fact and flag carries a ``version``
(optimistic concurrency): a save naming a stale version raises ``ConflictError`` describing the change
that won, and a save naming none is refused when a reviewer already changed what it changes. Values,
names and reasons are checked strictly before they reach the database, so SQLite and PostgreSQL behave the
same. After every change the document's checks run again on the corrected extraction, so a flag the
change resolves closes itself and a new inconsistency opens a new flag; flags keep their review status by
their stable id, across re-checks and re-loads.

Reviewer accounts live here too: users (argon2 hashes), server-side login sessions (only a hash of the
cookie's token is stored) and the failed-login counts the review app throttles by.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, cast, get_args

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    delete,
    event,
    func,
    select,
    update,
)
from sqlalchemy import exc as sa_exc
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.engine import CursorResult, Engine, Result, make_url
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

from extractor.checks import CheckConfig, run_checks
from extractor.errors import ConfigError, ExtractorError
from extractor.fileio import atomic_write
from extractor.redact import has_control, printable, redact
from extractor.schemas import Amount, Confidence, Extraction, Fact, TableRow
from extractor.schemas.flags import SEVERITIES, Basis, Flag, Suggestion, Suspect

DEFAULT_URL = "sqlite:///extractor.db"
STATUSES = ("open", "resolved", "confirmed", "dismissed")
ACTIONS = ("fix", "confirm", "dismiss")
#: what one key does to a whole review item (``Store.act``); each can be undone (``Store.undo``)
GROUP_ACTIONS = ("accept", "fix", "confirm", "dismiss")
#: What ``review list --confidence`` selects facts by: how the extractor read a value (``Amount.confidence``),
#: and ``reviewer`` — a value a reviewer set (it is still selected by the confidence it was read with, too).
CONFIDENCES: tuple[str, ...] = (*get_args(Confidence), "reviewer")
_SAFE_NAME = re.compile(r"^[A-Za-z0-9_\-\u4e00-\u9fff][A-Za-z0-9_.\-\u4e00-\u9fff]{0,200}$")

#: A corrected value: a plain decimal, at most 15 digits before the point (thousands commas allowed) and
#: 6 after, an optional leading minus. No exponent, underscore, plus sign or digits of other scripts.
_VALUE = re.compile(r"-?(?:[0-9]{1,15}|[0-9]{1,3}(?:,[0-9]{3}){1,4})(?:\.[0-9]{1,6})?")
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，－", "0123456789.,-")
MAX_VALUE_CHARS = 40
MAX_NAME = 64
MAX_REASON = 2000
MAX_PASSWORD = 1024
MAX_ID = 255
#: Actor names the store writes itself (system events, the bearer token): no reviewer may take them.
RESERVED_NAMES = frozenset({"token", "recheck", "extract", "admin", "system"})
#: Failed logins before the backoff starts; the wait then doubles per failure up to ``_MAX_BACKOFF``.
_FREE_ATTEMPTS = 5
_MAX_BACKOFF = timedelta(minutes=15)


class StoreError(ExtractorError):
    """A review action the store refuses (unknown flag, bad value, flag already handled)."""


class NotFoundError(StoreError):
    """No such document, flag or fact."""


class ConflictError(StoreError):
    """Someone else changed the fact (or flag) since it was read; ``change`` describes their change."""

    def __init__(self, message: str, change: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.change = change or {}


def resolve_url(url: str | None = None) -> str:
    """The database URL: the argument, else ``EXTRACTOR_DB_URL``, else ``sqlite:///extractor.db``."""
    return url or os.environ.get("EXTRACTOR_DB_URL") or DEFAULT_URL


def _doc_row(s: Session, doc: str) -> DocumentRow:
    """The row of a document that fact and flag rows name (their foreign key keeps it there)."""
    row = s.get(DocumentRow, doc)
    if row is None:
        raise NotFoundError(f"no document {printable(doc)!r}")
    return row


def _rowcount(res: Result[Any]) -> int:
    """The rows an UPDATE changed (``Session.execute`` is typed for any statement; an UPDATE's is a cursor's)."""
    return cast(CursorResult[Any], res).rowcount


def parse_value(value: str) -> str:
    """A reviewer's value as a plain decimal string (``1,903.01`` and ``１９０３．０１`` → ``1903.01``).

    Strict on purpose: ``1e-10000000`` would be a ten-million-character number and ``1e999999999999999999``
    a MemoryError; digits of other scripts and underscores are not what a reviewer reads off a page.
    """
    v = value.strip().translate(_FULL_WIDTH)
    if len(v) > MAX_VALUE_CHARS or not _VALUE.fullmatch(v):
        shown = printable(value[:MAX_VALUE_CHARS]) + ("…" if len(value) > MAX_VALUE_CHARS else "")
        raise StoreError(
            f"{shown!r} is not a plain decimal: give digits with at most one decimal point, e.g. 130.68 "
            "(at most 15 digits before the point and 6 after; no exponent, underscore or + sign)"
        )
    d = Decimal(v.replace(",", ""))
    return format(d.copy_abs() if d.is_zero() else d, "f")


def parse_confidences(names: str | None) -> frozenset[str] | None:
    """``repaired,identity_fails`` as a set of names (None: no filter); an unknown name is refused in one line."""
    wanted = [n.strip() for n in (names or "").split(",") if n.strip()]
    for n in wanted:
        if n not in CONFIDENCES:
            raise ConfigError(
                f"unknown confidence {printable(n[:40])!r}; choose from: {', '.join(CONFIDENCES)} (comma-separated)"
            )
    return frozenset(wanted) or None


def check_name(name: str | None, what: str = "reviewer") -> str:
    """A reviewer name as the audit log records it: 1–64 characters, no control characters, not reserved."""
    n = (name or "").strip()
    if not n:
        raise StoreError(f"a review action needs a {what} name")
    if len(n) > MAX_NAME or has_control(n):
        raise StoreError(f"a {what} name must be 1–{MAX_NAME} printable characters on one line")
    if n.casefold() in RESERVED_NAMES:
        raise StoreError(f"{n!r} is reserved for the system; choose another {what} name")
    return n


TOKEN_ACTOR = "token"


def _actor(reviewer: str, via_token: bool) -> str:
    """Who an action is recorded for: the checked reviewer name, or the reserved ``token``."""
    return TOKEN_ACTOR if via_token else check_name(reviewer)


def check_reason(reason: str | None) -> str:
    """A reason as the audit log records it: required, at most 2000 characters, no control characters
    other than line breaks and tabs (the log shows those escaped)."""
    r = (reason or "").strip()
    if not r:
        raise StoreError("a review action needs a reason (--reason)")
    if len(r) > MAX_REASON:
        raise StoreError(f"a reason has at most {MAX_REASON} characters (this one has {len(r)})")
    if has_control(r.replace("\n", "").replace("\t", "").replace("\r", "")):
        raise StoreError("a reason cannot contain control characters")
    return r


def _key_ok(value: str | None) -> bool:
    """Whether an id from outside (URL, option) can be looked up at all: PostgreSQL refuses NUL, and a
    value longer than any stored id cannot match one."""
    return value is not None and len(value) <= MAX_ID and "\x00" not in value


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class DocumentRow(Base):
    __tablename__ = "documents"
    id: Mapped[str] = mapped_column(String(255), primary_key=True)
    name: Mapped[str | None] = mapped_column(String(255))  # the file stem it was first loaded under
    path: Mapped[str | None] = mapped_column(Text)  # where the file was last loaded from
    sha256: Mapped[str] = mapped_column(String(64), index=True)  # the identity: never changes
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class RunRow(Base):
    __tablename__ = "runs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    doc_id: Mapped[str] = mapped_column(ForeignKey("documents.id"), index=True)
    backend: Mapped[str] = mapped_column(String(64))
    version: Mapped[str] = mapped_column(String(32))
    sha256: Mapped[str] = mapped_column(String(64))
    extraction: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class FactRow(Base):
    __tablename__ = "facts"
    __table_args__ = (UniqueConstraint("doc_id", "table_id", "row_key", "col_key", name="uq_fact_key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    doc_id: Mapped[str] = mapped_column(ForeignKey("documents.id"), index=True)
    table_id: Mapped[str] = mapped_column(String(64))
    row_key: Mapped[str] = mapped_column(String(512))
    col_key: Mapped[str] = mapped_column(String(128))
    unit: Mapped[str] = mapped_column(String(16))
    value: Mapped[str] = mapped_column(String(64))
    extracted_value: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(16), default="extracted")  # extracted | corrected
    span_start: Mapped[int | None] = mapped_column(Integer)
    span_end: Mapped[int | None] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer, default=1)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id"))
    confidence: Mapped[str | None] = mapped_column(String(16))  # how the latest reading read it (Amount.confidence)
    repaired_from: Mapped[str | None] = mapped_column(Text)  # the printed text of a value repaired from damaged OCR
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)

    @property
    def key(self) -> str:
        return f"{self.table_id}/{self.row_key}/{self.col_key}"


class FlagRow(Base):
    __tablename__ = "flags"
    id: Mapped[str] = mapped_column(String(255), primary_key=True)
    doc_id: Mapped[str] = mapped_column(ForeignKey("documents.id"), index=True)
    check_id: Mapped[str] = mapped_column(String(128), index=True)
    severity: Mapped[str] = mapped_column(String(16), index=True)
    message: Mapped[str] = mapped_column(Text)
    expected: Mapped[str | None] = mapped_column(String(64))
    found: Mapped[str | None] = mapped_column(String(64))
    difference: Mapped[str | None] = mapped_column(String(64))
    facts: Mapped[str] = mapped_column(Text)  # JSON list of FlagFact
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    present: Mapped[bool] = mapped_column(Boolean, default=True)  # raised by the latest check run
    version: Mapped[int] = mapped_column(Integer, default=1)
    status_by: Mapped[str | None] = mapped_column(String(128))
    status_reason: Mapped[str | None] = mapped_column(Text)
    status_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    template: Mapped[str | None] = mapped_column(String(64))
    params: Mapped[str | None] = mapped_column(Text)  # JSON
    suspect: Mapped[str | None] = mapped_column(Text)  # JSON of Suspect
    suggested: Mapped[str | None] = mapped_column(Text)  # JSON of Suggestion
    group_id: Mapped[str | None] = mapped_column(String(255), index=True)  # the review item it belongs to

    def flag(self) -> Flag:
        return Flag(
            id=self.id, doc=self.doc_id, check=self.check_id, severity=self.severity,  # type: ignore[arg-type]  # a SEVERITIES value
            message=self.message, facts=json.loads(self.facts), expected=self.expected, found=self.found,
            difference=self.difference, template=self.template, params=json.loads(self.params or "{}"),
            suspect=json.loads(self.suspect) if self.suspect else None,
            suggested=json.loads(self.suggested) if self.suggested else None,
        )  # fmt: skip


class CorrectionRow(Base):
    """Append-only: every fix of a value (and every confirmation that a printed value is right)."""

    __tablename__ = "corrections"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    doc_id: Mapped[str] = mapped_column(String(255), index=True)
    table_id: Mapped[str] = mapped_column(String(64))
    row_key: Mapped[str] = mapped_column(String(512))
    col_key: Mapped[str] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(16))  # fix | confirm
    sha256: Mapped[str | None] = mapped_column(String(64))  # the content it was made on
    span_start: Mapped[int | None] = mapped_column(Integer)  # the printed characters it was made on
    span_end: Mapped[int | None] = mapped_column(Integer)
    old_value: Mapped[str | None] = mapped_column(String(64))
    new_value: Mapped[str] = mapped_column(String(64))
    flag_id: Mapped[str | None] = mapped_column(String(255))
    reviewer: Mapped[str] = mapped_column(String(128))
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class AuditRow(Base):
    """Append-only: who did what, when, old → new, and why (system events too: load, resolve, reopen)."""

    __tablename__ = "audit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now, index=True)
    actor: Mapped[str] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(32))
    doc_id: Mapped[str | None] = mapped_column(String(255), index=True)
    flag_id: Mapped[str | None] = mapped_column(String(255))
    fact: Mapped[str | None] = mapped_column(String(800))
    old: Mapped[str | None] = mapped_column(Text)
    new: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    flags: Mapped[str | None] = mapped_column(Text)  # a group action: JSON list of the flags it covered
    suggestion: Mapped[str | None] = mapped_column(Text)  # JSON of the Suggestion an "accept" took
    detail: Mapped[str | None] = mapped_column(Text)  # JSON: what an undo of this entry restores
    undoes: Mapped[int | None] = mapped_column(Integer, index=True)  # an undo: the entry it reverses

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "at": _iso(self.at), "actor": self.actor, "action": self.action, "doc": self.doc_id,
            "flag": self.flag_id, "fact": self.fact, "old": self.old, "new": self.new, "reason": self.reason,
            "flags": json.loads(self.flags) if self.flags else None,
            "suggestion": json.loads(self.suggestion) if self.suggestion else None, "undoes": self.undoes,
        }  # fmt: skip


class UserRow(Base):
    __tablename__ = "users"
    name: Mapped[str] = mapped_column(String(128), primary_key=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    position: Mapped[str | None] = mapped_column(Text)  # JSON: the review item and queue filters last shown


class SessionRow(Base):
    """A login. The cookie holds a random token; only its sha256 is stored, so a database reader cannot
    log in as anyone. Deleting the row ends the session (logout, password change, user removed)."""

    __tablename__ = "sessions"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    username: Mapped[str] = mapped_column(ForeignKey("users.name", ondelete="CASCADE"), index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    flash: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    last_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class ThrottleRow(Base):
    """Failed logins for one key (``user:NAME`` or ``addr:IP``) and until when further tries are refused."""

    __tablename__ = "login_throttle"
    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer)
    last_failure: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    blocked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


@dataclass(frozen=True)
class Loaded:
    """What ``Store.load_document`` did: the run, the document id it went to, and whether that is new."""

    run_id: int
    doc: str
    new_document: bool


@dataclass(frozen=True)
class LoginSession:
    user: str
    csrf: str
    flash: str | None = None  # a one-time message waiting to be shown (``Store.flash`` takes it)


def _utc(d: datetime) -> datetime:
    return d if d.tzinfo is not None else d.replace(tzinfo=UTC)  # SQLite drops the zone; we store UTC


def _iso(d: datetime | None) -> str | None:
    return None if d is None else _utc(d).isoformat(timespec="seconds")


def _same_on_every_database(session: Session, _context: Any, _instances: Any) -> None:
    """Refuse, before anything is written, what PostgreSQL would refuse and SQLite would quietly store: a
    string longer than its column (a 600-character row label, a 100-digit "number" in a hostile report)
    or holding a NUL character. Both databases then behave the same, and say so in one line."""
    for obj in (*session.new, *session.dirty):
        mapper = sa_inspect(obj).mapper
        for attr in mapper.column_attrs:
            value = getattr(obj, attr.key, None)
            if not isinstance(value, str):
                continue
            column = attr.columns[0]
            limit = getattr(column.type, "length", None)
            where = f"{column.table.name}.{column.name}"
            if "\x00" in value:
                raise StoreError(f"{where}: a NUL character cannot be stored ({printable(value[:60])!r})")
            if limit is not None and len(value) > limit:
                raise StoreError(
                    f"{where}: {len(value)} characters, the store keeps at most {limit} ({printable(value[:60])!r}…)"
                )


def _require_sqlite_file(database: str | None, shown: str, create: bool) -> None:
    """A SQLite store that must exist (``create=False``) and does not is a clear error, not a new empty file."""
    if create or not database or database == ":memory:" or database.startswith("file:"):
        return
    if not Path(database).is_file():
        raise ConfigError(
            f"no review store at {shown} ({database} does not exist); `extractor extract … --db URL` creates one"
        )


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision with the migrations shipped in the package."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).with_name("migrations")))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


FactKey = tuple[str, str, str]


@dataclass(frozen=True)
class Reading:
    """How a stored fact's current value came to be: the extractor's confidence in its reading, the printed
    text of a repaired value, and whether a reviewer has set the value since (then ``shown`` is ``reviewer``:
    a person vouches for it, whatever the reading was)."""

    confidence: str | None
    repaired_from: str | None = None
    corrected: bool = False

    @property
    def shown(self) -> str | None:
        return "reviewer" if self.corrected else self.confidence

    def names(self) -> set[str]:
        """What ``--confidence`` selects it by: the reading's confidence, and ``reviewer`` once a person set it."""
        return {n for n in (self.confidence, "reviewer" if self.corrected else None) if n}

    def to_json(self) -> dict[str, Any]:
        return {"confidence": self.shown, "extracted_confidence": self.confidence, "repaired_from": self.repaired_from}


def _reading(f: FactRow) -> Reading:
    return Reading(f.confidence, f.repaired_from, f.source == "corrected")


def involved(flag: Flag) -> list[FactKey]:
    """The facts a flag involves: its suspect first, then every fact it names, each once."""
    keys = [] if flag.suspect is None else [(flag.suspect.table, flag.suspect.row, flag.suspect.col)]
    return list(dict.fromkeys([*keys, *((f.table, f.row, f.col) for f in flag.facts)]))


@dataclass
class FlagView:
    """A flag row as the review UI and CLI show it, with how each stored fact it involves was read."""

    flag: Flag
    status: str
    present: bool
    version: int
    status_by: str | None
    status_reason: str | None
    status_at: str | None
    readings: dict[FactKey, Reading] = field(default_factory=dict)

    def involves(self, confidences: frozenset[str]) -> bool:
        """Whether a stored fact it involves was read with (or is, ``reviewer``) one of ``confidences``."""
        return any(r.names() & confidences for r in self.readings.values())

    def to_json(self) -> dict[str, Any]:
        out = {
            **self.flag.model_dump(), "status": self.status, "present": self.present, "version": self.version,
            "status_by": self.status_by, "status_reason": self.status_reason, "status_at": self.status_at,
        }  # fmt: skip
        for f in [*out["facts"], *([out["suspect"]] if out["suspect"] else [])]:
            f.update(self.reading_json((f["table"], f["row"], f["col"])))
        return out

    def reading_json(self, key: FactKey) -> dict[str, Any]:
        """The fact's confidence fields (all None for a fact that is not stored: a blank cell, a prose word)."""
        return (self.readings.get(key) or Reading(None)).to_json()


def _views(s: Session, rows: list[FlagRow]) -> list[FlagView]:
    """The rows as views, each with the readings of the stored facts it involves (one query for all)."""
    docs = {r.doc_id for r in rows}
    if not docs:
        return []
    q = select(FactRow.doc_id, FactRow.table_id, FactRow.row_key, FactRow.col_key, FactRow.confidence,
               FactRow.repaired_from, FactRow.source)  # fmt: skip
    if len(docs) <= 500:
        q = q.where(FactRow.doc_id.in_(docs))
    stored = {(d, t, r, c): Reading(conf, rep, src == "corrected") for d, t, r, c, conf, rep, src in s.execute(q)}
    views = []
    for r in rows:
        fl = r.flag()
        readings = {k: stored[(fl.doc, *k)] for k in involved(fl) if (fl.doc, *k) in stored}
        views.append(
            FlagView(fl, r.status, r.present, r.version, r.status_by, r.status_reason, _iso(r.status_at), readings)
        )
    return views


def group_of(flag: Flag) -> str:
    """The review item a flag belongs to: one per suspect fact of a document (``group:<12 hex>``, stable
    across re-checks), or the flag itself when it has no suspect."""
    if flag.suspect is None:
        return flag.id
    key = f"{flag.doc}|{flag.suspect.table}/{flag.suspect.row}/{flag.suspect.col}"
    return "group:" + hashlib.sha1(key.encode()).hexdigest()[:12]


def merge_suggestions(flags: list[Flag]) -> Suggestion | None:
    """The value most of the flags suggest, with every identity (of any of them) that gives it."""
    values = [f.suggested.value for f in flags if f.suggested is not None]
    if not values:
        return None
    best = max(dict.fromkeys(values), key=values.count)
    basis: dict[tuple[str, str], Basis] = {}
    unit = None
    for f in flags:
        if f.suggested is not None and f.suggested.value == best:
            unit = unit or f.suggested.unit
            for b in f.suggested.basis:
                basis.setdefault((b.flag, b.text), b)
    return Suggestion(value=best, unit=unit, basis=list(basis.values()))


@dataclass
class Group:
    """One review item: the flags pointing at one suspect fact of one document (or one flag with none).

    One action — accept the suggestion, enter a value, confirm as printed, dismiss — applies to all its open
    flags at once, and is audited once."""

    id: str
    doc: str
    flags: list[FlagView]

    @property
    def suspect(self) -> Suspect | None:
        return next((v.flag.suspect for v in self.flags if v.flag.suspect is not None), None)

    @property
    def open(self) -> list[FlagView]:
        return [v for v in self.flags if v.status == "open"]

    @property
    def suggested(self) -> Suggestion | None:
        return merge_suggestions([v.flag for v in (self.open or self.flags)])

    @property
    def severity(self) -> str:
        order = {sev: i for i, sev in enumerate(SEVERITIES)}
        return min((v.flag.severity for v in self.flags), key=lambda x: order.get(x, 9))

    @property
    def status(self) -> str:
        return "open" if self.open else self.flags[0].status

    @property
    def disagreeing(self) -> int:
        """How many of its checks disagree beyond rounding (its rounding notes agree, within rounding)."""
        return sum(1 for v in self.flags if v.flag.severity != "info") or len(self.flags)

    def versions(self) -> dict[str, int]:
        return {v.flag.id: v.version for v in self.open}

    def involves(self, confidences: frozenset[str]) -> bool:
        return any(v.involves(confidences) for v in self.flags)

    @property
    def suspect_reading(self) -> Reading | None:
        """How the suspect fact was read (None: not a stored fact, or no suspect)."""
        s = self.suspect
        key = None if s is None else (s.table, s.row, s.col)
        return next((v.readings[key] for v in self.flags if key in v.readings), None)

    @property
    def reading(self) -> Reading | None:
        """How the fact the item is about was read: its suspect's, else the one stored fact its flags involve."""
        if self.suspect is not None:
            return self.suspect_reading
        found = {k: r for v in self.flags for k, r in v.readings.items()}
        return next(iter(found.values())) if len(found) == 1 else None

    def to_json(self) -> dict[str, Any]:
        sug, s = self.suggested, self.suspect
        suspect = None if s is None else {**s.model_dump(), **(self.suspect_reading or Reading(None)).to_json()}
        return {
            "id": self.id, "doc": self.doc, "severity": self.severity, "status": self.status, "suspect": suspect,
            "suggested": None if sug is None else sug.model_dump(), "checks": len(self.flags),
            "flags": [v.to_json() for v in self.flags],
        }  # fmt: skip


def group_views(views: list[FlagView]) -> list[Group]:
    """Flags (already filtered and ordered) as review items, in the order of their first flag."""
    groups: dict[str, Group] = {}
    for v in views:
        gid = group_of(v.flag)
        groups.setdefault(gid, Group(gid, v.flag.doc, [])).flags.append(v)
    return list(groups.values())


class Store:
    """One database. Cheap to open; migrates on open unless ``run_migrations=False``.

    ``create=False`` refuses a SQLite file that does not exist (the review commands: a mistyped or deleted
    store is an error, not a new empty one); ``extract --db`` and ``review adduser`` create it.
    """

    def __init__(
        self,
        url: str | None = None,
        *,
        run_migrations: bool = True,
        config: CheckConfig | None = None,
        create: bool = True,
    ):
        self.url = resolve_url(url)
        self.shown_url = redact(self.url)  # for messages: never the password
        try:
            parsed = make_url(self.url)
            kwargs: dict[str, Any] = {}
            if parsed.get_backend_name() == "sqlite":
                kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
                _require_sqlite_file(parsed.database, self.shown_url, create)
            self.engine = create_engine(self.url, future=True, **kwargs)
        except ExtractorError:
            raise
        except Exception as exc:  # bad URL, missing driver
            raise ConfigError(f"cannot open database {self.shown_url}: {redact(str(exc))}") from None
        if self.engine.dialect.name == "sqlite":

            @event.listens_for(self.engine, "connect")
            def _fk(dbapi_conn: Any, _: Any) -> None:
                dbapi_conn.execute("PRAGMA foreign_keys=ON")

        self._session = sessionmaker(self.engine, expire_on_commit=False)
        event.listen(self._session, "before_flush", _same_on_every_database)
        self.config = config or CheckConfig()
        if run_migrations:
            try:
                migrate(self.engine)
            except ExtractorError:
                raise
            except Exception as exc:
                raise ConfigError(f"cannot open database {self.shown_url}: {self._problem(exc)}") from None

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _tx(self) -> Iterator[Session]:
        """One write transaction; database failures become one clear ``StoreError`` line."""
        try:
            with self._session.begin() as s:
                yield s
        except ExtractorError:
            raise
        except sa_exc.IntegrityError:
            raise ConflictError("someone changed the same record at the same moment; reload and try again") from None
        except sa_exc.SQLAlchemyError as exc:
            raise StoreError(f"review store {self.shown_url}: {self._problem(exc)}") from None

    @contextmanager
    def _read(self) -> Iterator[Session]:
        """A read-only session; database failures become one clear ``StoreError`` line."""
        try:
            with self._session() as s:
                yield s
        except ExtractorError:
            raise
        except sa_exc.SQLAlchemyError as exc:
            raise StoreError(f"review store {self.shown_url}: {self._problem(exc)}") from None

    @staticmethod
    def _problem(exc: BaseException) -> str:
        text = str(getattr(exc, "orig", None) or exc).splitlines()[0] if str(exc) else type(exc).__name__
        low = text.lower()
        if "readonly" in low or "read-only" in low or "read only" in low:
            return "the database is read-only: listing works, changes need write access"
        if "no such table" in low or "unable to open" in low or "does not exist" in low:
            return f"the database is missing or not a review store ({redact(text)})"
        return redact(text)

    # -- loading -------------------------------------------------------------------------------
    def load(self, extraction: Extraction, text: str, sha256: str, **options: Any) -> int:
        """``load_document`` (same options), returning only the run id."""
        return self.load_document(extraction, text, sha256, **options).run_id

    def load_document(
        self,
        extraction: Extraction,
        text: str,
        sha256: str,
        *,
        path: str | None = None,
        version: str = "",
        actor: str = "extract",
    ) -> Loaded:
        """Load one reading of one document's content; keeps its review history.

        The document is found by ``sha256``; new content gets a new document, named after the file unless
        that name is taken (then ``<name>-<sha256[:12]>``). Facts are matched by key: a corrected fact
        keeps its corrected value when the new reading finds it at the same printed characters; read
        elsewhere, the correction is no longer applied (it stays in the log). Then the checks run on the
        corrected extraction and flags are synchronised by id.
        """
        with self._tx() as s:
            doc, new = self._document_for(s, extraction.doc, sha256, text, path)
            if extraction.doc != doc.id:
                extraction = extraction.model_copy(update={"doc": doc.id})
            run = RunRow(
                doc_id=doc.id, backend=extraction.backend, version=version, sha256=sha256,
                extraction=extraction.model_dump_json(),
            )  # fmt: skip
            s.add(run)
            s.flush()
            readings: dict[FactKey, Reading] = {}
            for table, row, col, a in extraction.amounts():
                readings.setdefault((table, row, col), Reading(a.confidence, a.repaired_from))
            self._sync_facts(s, doc.id, extraction.to_facts(), readings, run.id, actor)
            what = f"run {run.id}" if new or doc.name == extraction.doc else f"run {run.id} (loaded as {doc.id})"
            s.add(AuditRow(actor=actor, action="load", doc_id=doc.id, new=what, reason=path))
            s.flush()
            self._recheck(s, doc.id, actor="recheck")
            return Loaded(run.id, doc.id, new)

    @staticmethod
    def _document_for(s: Session, name: str, sha256: str, text: str, path: str | None) -> tuple[DocumentRow, bool]:
        """The document with this content, or a new one (under ``name`` if that is free)."""
        doc = s.scalars(
            select(DocumentRow).where(DocumentRow.sha256 == sha256).order_by(DocumentRow.created_at)
        ).first()
        if doc is not None:
            doc.path, doc.updated_at = path, _now()
            return doc, False
        doc_id = name
        for candidate in (name, f"{name}-{sha256[:12]}", f"{name}-{sha256}"):
            doc_id = candidate
            if s.get(DocumentRow, candidate) is None:
                break
        doc = DocumentRow(id=doc_id, name=name, path=path, sha256=sha256, text=text)
        s.add(doc)
        s.flush()
        return doc, True

    def _sync_facts(
        self, s: Session, doc: str, facts: list[Fact], readings: dict[FactKey, Reading], run_id: int, actor: str
    ) -> None:
        """Bring the stored facts to a new reading (see ``load_document``); each keeps how it was read last."""
        existing = {
            (f.table_id, f.row_key, f.col_key): f for f in s.scalars(select(FactRow).where(FactRow.doc_id == doc))
        }
        seen: set[tuple[str, str, str]] = set()
        for fact in facts:
            key = (fact.table, fact.row, fact.col)
            if key in seen:
                continue
            seen.add(key)
            span = fact.span or (None, None)
            read = readings.get(key) or Reading(None)
            row = existing.get(key)
            if row is None:
                s.add(
                    FactRow(
                        doc_id=doc, table_id=fact.table, row_key=fact.row, col_key=fact.col, unit=fact.unit,
                        value=fact.value, extracted_value=fact.value, source="extracted", span_start=span[0],
                        span_end=span[1], version=1, run_id=run_id, confidence=read.confidence,
                        repaired_from=read.repaired_from,
                    )
                )  # fmt: skip
                continue
            moved = (row.span_start, row.span_end) != tuple(span)
            row.extracted_value, row.unit, row.run_id = fact.value, fact.unit, run_id
            row.confidence, row.repaired_from = read.confidence, read.repaired_from
            row.span_start, row.span_end = span
            if row.source == "corrected" and moved:
                s.add(AuditRow(
                    actor=actor, action="unapply", doc_id=doc, fact=row.key, old=row.value, new=fact.value,
                    reason="the new reading finds this fact at other characters than the correction was made on; "
                    "the correction is kept in the log but no longer applied",
                ))  # fmt: skip
                row.source = "extracted"
            if row.source != "corrected" and row.value != fact.value:
                row.value, row.version, row.updated_at = fact.value, row.version + 1, _now()
        for old_key, row in existing.items():
            if old_key not in seen:
                if row.source == "corrected":
                    why = "the new reading no longer has this fact; the correction is kept in the log"
                    s.add(AuditRow(actor=actor, action="unapply", doc_id=doc, fact=row.key, old=row.value, reason=why))
                s.delete(row)

    # -- reading -------------------------------------------------------------------------------
    def documents(self) -> list[dict[str, Any]]:
        """Every document with its open flags per severity and its open review items (errors and warnings)."""
        with self._read() as s:
            docs = s.scalars(select(DocumentRow).order_by(DocumentRow.id)).all()
            counts: dict[str, dict[str, int]] = {d.id: dict.fromkeys(SEVERITIES, 0) for d in docs}
            q = (
                select(FlagRow.doc_id, FlagRow.severity, func.count())
                .where(FlagRow.status == "open")
                .group_by(FlagRow.doc_id, FlagRow.severity)
            )
            for doc_id, sev, n in s.execute(q):
                counts.setdefault(doc_id, dict.fromkeys(SEVERITIES, 0))[sev] = n
            facts = dict(s.execute(select(FactRow.doc_id, func.count()).group_by(FactRow.doc_id)).all())
            items = dict(
                s.execute(
                    select(FlagRow.doc_id, func.count(func.distinct(func.coalesce(FlagRow.group_id, FlagRow.id))))
                    .where(FlagRow.status == "open", FlagRow.severity != "info")
                    .group_by(FlagRow.doc_id)
                ).all()
            )
            return [
                {"doc": d.id, "name": d.name or d.id, "path": d.path, "sha256": d.sha256, "facts": facts.get(d.id, 0),
                 "open": counts[d.id], "items": items.get(d.id, 0), "updated_at": _iso(d.updated_at)}
                for d in docs
            ]  # fmt: skip

    def document(self, doc: str) -> dict[str, Any]:
        """One document's id, name, path and sha256 (not its text)."""
        with self._read() as s:
            d = s.get(DocumentRow, doc) if _key_ok(doc) else None
            if d is None:
                raise NotFoundError(f"no document {printable(doc)!r}")
            return {"doc": d.id, "name": d.name or d.id, "path": d.path, "sha256": d.sha256}

    def flags(
        self,
        doc: str | None = None,
        severity: str | None = None,
        check: str | None = None,
        status: str | None = "open",
        confidence: frozenset[str] | None = None,
    ) -> list[FlagView]:
        """Flags filtered by document, severity, check and status (``None`` or ``"all"``: any), errors first;
        with ``confidence`` (names of ``CONFIDENCES``), only flags involving a stored fact of one of them."""
        if not all(_key_ok(v) for v in (doc, severity, check, status) if v):
            return []  # nothing stored can match; PostgreSQL would refuse a NUL outright
        with self._read() as s:
            q = select(FlagRow)
            if doc:
                q = q.where(FlagRow.doc_id == doc)
            if severity and severity != "all":
                q = q.where(FlagRow.severity == severity)
            if check:
                q = q.where(FlagRow.check_id == check)
            if status and status != "all":
                q = q.where(FlagRow.status == status)
            order = {sev: i for i, sev in enumerate(SEVERITIES)}
            rows = sorted(s.scalars(q).all(), key=lambda r: (order.get(r.severity, 9), r.doc_id, r.check_id, r.message))
            views = _views(s, rows)
        return views if confidence is None else [v for v in views if v.involves(confidence)]

    def checks(self) -> list[str]:
        with self._read() as s:
            return list(s.scalars(select(FlagRow.check_id).distinct().order_by(FlagRow.check_id)))

    def flag(self, flag_id: str) -> FlagView:
        with self._read() as s:
            return _views(s, [self._flag_row(s, flag_id)])[0]

    def text(self, doc: str) -> str:
        with self._read() as s:
            d = s.get(DocumentRow, doc) if _key_ok(doc) else None
            if d is None:
                raise NotFoundError(f"no document {printable(doc)!r}")
            return d.text

    def extraction(self, doc: str, corrected: bool = True) -> Extraction:
        """The latest run's extraction, with the current (corrected) values unless ``corrected=False``."""
        with self._read() as s:
            return self._extraction(s, doc, corrected)

    def facts(self, doc: str | None = None) -> list[dict[str, Any]]:
        """Current facts with provenance: value, source (extracted/corrected), extracted value, version."""
        if doc and not _key_ok(doc):
            return []
        with self._read() as s:
            q = select(FactRow).order_by(FactRow.doc_id, FactRow.id)
            if doc:
                q = q.where(FactRow.doc_id == doc)
            return [self._fact_json(f) for f in s.scalars(q)]

    def fact_rows(self, doc: str, keys: list[tuple[str, str, str]]) -> list[dict[str, Any] | None]:
        """The stored facts for these keys (missing keys give ``None``), for the flag page."""
        with self._read() as s:
            out: list[dict[str, Any] | None] = []
            for t, r, c in keys:
                f = s.scalar(
                    select(FactRow).where(
                        FactRow.doc_id == doc, FactRow.table_id == t, FactRow.row_key == r, FactRow.col_key == c
                    )
                )
                out.append(None if f is None else self._fact_json(f))
            return out

    @staticmethod
    def _fact_json(f: FactRow) -> dict[str, Any]:
        return {
            "id": f.id, "doc": f.doc_id, "table": f.table_id, "row": f.row_key, "col": f.col_key,
            "value": f.value, "unit": f.unit,
            "span": None if f.span_start is None else [f.span_start, f.span_end],
            "source": f.source, "extracted_value": f.extracted_value, "version": f.version, **_reading(f).to_json(),
        }  # fmt: skip

    def log(self, doc: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        """The audit log, oldest first (the last ``limit`` entries when given)."""
        if doc and not _key_ok(doc):
            return []
        with self._read() as s:
            q = select(AuditRow).order_by(AuditRow.id.desc())
            if doc:
                q = q.where(AuditRow.doc_id == doc)
            if limit:
                q = q.limit(limit)
            return [a.to_json() for a in reversed(s.scalars(q).all())]

    # -- review items (groups) -------------------------------------------------------------------
    def groups(
        self,
        doc: str | None = None,
        severity: str | None = None,
        check: str | None = None,
        status: str | None = "open",
        confidence: frozenset[str] | None = None,
    ) -> list[Group]:
        """The review queue: the flags ``flags`` selects, one item per suspect fact (a flag with no suspect is
        an item of its own), most severe first. With ``confidence``, only the items one of whose flags involves
        a stored fact of one of those confidences (the whole item: all its flags)."""
        groups = group_views(self.flags(doc=doc, severity=severity, check=check, status=status))
        return groups if confidence is None else [g for g in groups if g.involves(confidence)]

    def group(self, item: str) -> Group:
        """One review item with all its flags (of any status: what its action resolved stays visible)."""
        with self._read() as s:
            rows = s.scalars(select(FlagRow).where(FlagRow.group_id == item)).all() if _key_ok(item) else []
            if not rows and _key_ok(item) and (one := s.get(FlagRow, item)) is not None:
                rows = [one]  # a flag that now belongs to another item: shown on its own
            if not rows:
                raise NotFoundError(f"no review item {printable(item)!r}; `extractor review list` shows the open ones")
            order = {sev: i for i, sev in enumerate(SEVERITIES)}
            rows = sorted(rows, key=lambda r: (r.status != "open", order.get(r.severity, 9), r.check_id, r.message))
            return Group(item, rows[0].doc_id, _views(s, rows))

    def act(
        self,
        item: str,
        action: str,
        *,
        reviewer: str,
        reason: str | None = None,
        value: str | None = None,
        fact: str | int | None = None,
        versions: dict[str, int] | None = None,
        fact_version: int | None = None,
        via_token: bool = False,
    ) -> dict[str, Any]:
        """One action on a whole review item, audited once, then one re-check.

        ``accept``: the suspect fact takes the item's suggested value (``value``, when given, must be the
        suggestion the reviewer saw); ``fix``: it takes ``value``; ``confirm`` (right as printed) and
        ``dismiss`` (a false alarm) set every open flag of the item. ``versions`` — flag id → the version the
        reviewer saw — names the flags acted on: a changed one refuses the whole action (``ConflictError``);
        without it every open flag is, and a fact a reviewer already corrected is not overwritten.
        ``fact`` is needed only for a fix of an item without a suspect whose flag involves several facts.
        """
        if action not in GROUP_ACTIONS:
            raise StoreError(f"unknown action {printable(action)!r}; one of: {', '.join(GROUP_ACTIONS)}")
        who = _actor(reviewer, via_token)
        if action != "accept":
            reason = check_reason(reason)
        if action == "fix" and value is None:  # the review page's item form posts no value when it is left empty
            raise StoreError("a fix needs a value: the correct figure as printed, e.g. 130.68")
        fixed = action == "fix" or (action == "accept" and value)
        new_value = parse_value(value) if value is not None and fixed else None
        with self._tx() as s:
            acted = self._acted(s, item, versions)
            doc = acted[0].doc_id
            ids = [r.id for r in acted]
            if action in ("accept", "fix"):
                suggestion = merge_suggestions([r.flag() for r in acted])
                if action == "accept":
                    if suggestion is None:
                        raise StoreError(f"review item {item} has no suggested value; enter the value instead")
                    if new_value is not None and new_value != parse_value(suggestion.value):
                        raise ConflictError(
                            f"the suggestion for {item} is now {suggestion.value}, not {new_value}; reload and decide "
                            "again", {"suggested": suggestion.value},
                        )  # fmt: skip
                    new_value = parse_value(suggestion.value)
                    reason = check_reason(reason) if reason else _accept_reason(suggestion)
                assert new_value is not None and reason is not None
                row = self._item_fact(s, acted, fact)
                res = self._set_value(s, row, new_value, fact_version, flag_id=ids[0], reviewer=who, reason=reason)
                s.add(AuditRow(
                    actor=who, action=action, doc_id=doc, flag_id=ids[0], fact=row.key, old=res["old"],
                    new=new_value, reason=reason, flags=_json(ids),
                    suggestion=suggestion.model_dump_json() if action == "accept" and suggestion else None,
                    detail=_json({"fact_id": row.id, "old": res["old"], "old_source": res["old_source"],
                                  "version": res["version"]}),
                ))  # fmt: skip
                out: dict[str, Any] = {"item": item, "action": action, "fact": row.key, "old": res["old"],
                                       "new": new_value, "flags": ids}  # fmt: skip
            else:
                assert reason is not None
                status = "confirmed" if action == "confirm" else "dismissed"
                before = {r.id: [r.status, r.version + 1] for r in acted}
                for r in acted:
                    self._status(s, r, status, who, reason)
                if action == "confirm":
                    self._record_confirm(s, acted, who, reason)
                s.add(AuditRow(actor=who, action=action, doc_id=doc, flag_id=ids[0], old="open", new=status,
                               reason=reason, flags=_json(ids), detail=_json({"statuses": before})))  # fmt: skip
                out = {"item": item, "action": action, "status": status, "flags": ids}
            s.flush()
            s.expire_all()
            return {**out, **self._recheck(s, doc, actor=who)}

    def undo(self, *, reviewer: str, via_token: bool = False) -> dict[str, Any]:
        """Undo the reviewer's last item action that is not undone yet: the value goes back (a fix or an
        accepted suggestion), or the flags reopen (a confirm or dismiss) — unless someone changed them since
        (``ConflictError``, nothing undone). Audited as ``undo``; then the document is re-checked."""
        who = _actor(reviewer, via_token)
        with self._tx() as s:
            undone = select(AuditRow.undoes).where(AuditRow.undoes.is_not(None))
            last = s.scalars(
                select(AuditRow)
                .where(AuditRow.actor == who, AuditRow.action.in_(GROUP_ACTIONS), AuditRow.detail.is_not(None),
                       AuditRow.id.not_in(undone))
                .order_by(AuditRow.id.desc())
            ).first()  # fmt: skip
            if last is None:
                raise StoreError(f"{who} has no review action left to undo")
            detail = json.loads(last.detail or "{}")
            out: dict[str, Any] = {"undone": last.id, "action": last.action, "flags": json.loads(last.flags or "[]")}
            if "fact_id" in detail:
                row = s.get(FactRow, detail["fact_id"])
                if row is None or row.version != detail["version"]:
                    raise self._conflict(s, row) if row is not None else ConflictError("the fact was removed meanwhile")
                current = row.value
                row.value, row.source = detail["old"], detail["old_source"]
                row.version, row.updated_at = row.version + 1, _now()
                sha = _doc_row(s, row.doc_id).sha256
                s.add(CorrectionRow(
                    doc_id=row.doc_id, table_id=row.table_id, row_key=row.row_key, col_key=row.col_key, kind="undo",
                    sha256=sha, span_start=row.span_start, span_end=row.span_end, old_value=current,
                    new_value=row.value, flag_id=last.flag_id, reviewer=who, reason=f"undo of entry {last.id}",
                ))  # fmt: skip
                s.add(AuditRow(actor=who, action="undo", doc_id=last.doc_id, flag_id=last.flag_id, fact=row.key,
                               old=current, new=row.value, reason=f"undo {last.action} (entry {last.id})",
                               flags=last.flags, undoes=last.id))  # fmt: skip
                out.update({"fact": row.key, "old": current, "new": row.value})
            else:
                for fid, (old_status, version) in detail.get("statuses", {}).items():
                    r = s.get(FlagRow, fid)
                    if r is None or r.version != version:
                        by = "" if r is None else f" (now {r.status} by {r.status_by}, version {r.version})"
                        raise ConflictError(f"flag {fid} changed since your {last.action}{by}; nothing undone")
                    self._status(s, r, old_status, who, f"undo {last.action} (entry {last.id})")
                s.add(AuditRow(actor=who, action="undo", doc_id=last.doc_id, flag_id=last.flag_id, old=last.new,
                               new="open", reason=f"undo {last.action} (entry {last.id})", flags=last.flags,
                               undoes=last.id))  # fmt: skip
            s.flush()
            s.expire_all()
            return {**out, **self._recheck(s, last.doc_id or "", actor=who)}

    def set_position(self, user: str, position: dict[str, str]) -> None:
        """Remember the review item (and queue filters) ``user`` is on; the queue opens there next time."""
        with self._tx() as s:
            u = s.get(UserRow, user) if _key_ok(user) else None
            if u is not None:
                u.position = _json({k: str(v)[:MAX_ID] for k, v in position.items()})

    def position(self, user: str) -> dict[str, str] | None:
        with self._read() as s:
            u = s.get(UserRow, user) if _key_ok(user) else None
            return json.loads(u.position) if u is not None and u.position else None

    def _acted(self, s: Session, item: str, versions: dict[str, int] | None) -> list[FlagRow]:
        """The open flags of ``item`` an action covers, checked against the versions the reviewer saw."""
        rows = s.scalars(select(FlagRow).where(FlagRow.group_id == item)).all() if _key_ok(item) else []
        if not rows and _key_ok(item) and (one := s.get(FlagRow, item)) is not None:
            rows = [one]
        if not rows:
            raise NotFoundError(f"no review item {printable(item)!r}; `extractor review list` shows the open ones")
        if versions is None:
            acted = [r for r in rows if r.status == "open"]
        else:
            acted = []
            for fid, seen in versions.items():
                r = s.get(FlagRow, fid) if _key_ok(fid) else None
                if r is None or r.id not in {x.id for x in rows}:
                    raise ConflictError(f"flag {printable(fid)} is no longer part of {item}; reload and decide again")
                if r.version != seen:
                    raise ConflictError(
                        f"flag {fid} was changed by {r.status_by or 'the checks'} at {_iso(r.status_at)}: now "
                        f"{r.status} ({r.status_reason or 'no reason'}, version {r.version}); reload and decide again",
                        {"flag": fid, "status": r.status, "by": r.status_by, "reason": r.status_reason,
                         "version": r.version},
                    )  # fmt: skip
                if r.status == "open":
                    acted.append(r)
        if not acted:
            raise StoreError(f"review item {item} has no open flag left to act on")
        return acted

    def _item_fact(self, s: Session, acted: list[FlagRow], fact: str | int | None) -> FactRow:
        """The fact a value is for: the item's suspect, else the one fact (or the named fact) of its flag."""
        suspect = next((json.loads(r.suspect) for r in acted if r.suspect), None)
        if suspect is None:
            return self._target_fact(s, acted[0], fact)
        key = f"{suspect['table']}/{suspect['row']}/{suspect['col']}"
        if fact not in (None, "") and str(fact) != key:
            raise StoreError(f"this item is about {key}; a value for {printable(str(fact))} is fixed on its own flag")
        row = s.scalar(
            select(FactRow).where(
                FactRow.doc_id == acted[0].doc_id, FactRow.table_id == suspect["table"],
                FactRow.row_key == suspect["row"], FactRow.col_key == suspect["col"],
            )
        )  # fmt: skip
        if row is None:
            if suspect["table"] in ("narrative", "text"):
                raise StoreError(f"{key} is a figure of the prose, not an extracted fact: confirm or dismiss instead")
            raise StoreError(
                f"{key} was not read (a blank cell in the extraction): a value can be set only on a figure that was "
                "read; confirm or dismiss, or correct the reading and load the report again"
            )
        return row

    def _set_value(
        self, s: Session, row: FactRow, new: str, seen: int | None, *, flag_id: str, reviewer: str, reason: str
    ) -> dict[str, Any]:
        """Correct one fact under optimistic concurrency and record the correction (not the audit entry)."""
        if seen is None and row.source == "corrected":
            raise self._conflict(s, row, unasked=True)
        seen = row.version if seen is None else seen
        if row.version != seen:
            raise self._conflict(s, row)
        old, old_source = row.value, row.source
        res = s.execute(
            update(FactRow)
            .where(FactRow.id == row.id, FactRow.version == seen)
            .values(value=new, source="corrected", version=seen + 1, updated_at=_now())
            .execution_options(synchronize_session=False)
        )
        if _rowcount(res) != 1:
            s.expire_all()
            raise self._conflict(s, s.get(FactRow, row.id))
        sha = _doc_row(s, row.doc_id).sha256
        s.add(CorrectionRow(
            doc_id=row.doc_id, table_id=row.table_id, row_key=row.row_key, col_key=row.col_key, kind="fix",
            sha256=sha, span_start=row.span_start, span_end=row.span_end, old_value=old, new_value=new,
            flag_id=flag_id, reviewer=reviewer, reason=reason,
        ))  # fmt: skip
        return {"old": old, "old_source": old_source, "version": seen + 1}

    @staticmethod
    def _status(s: Session, r: FlagRow, status: str, reviewer: str, reason: str) -> None:
        res = s.execute(
            update(FlagRow)
            .where(FlagRow.id == r.id, FlagRow.version == r.version)
            .values(status=status, status_by=reviewer, status_reason=reason, status_at=_now(), version=r.version + 1)
            .execution_options(synchronize_session=False)
        )
        if _rowcount(res) != 1:
            raise ConflictError(f"flag {r.id} was changed meanwhile; reload and try again")

    @staticmethod
    def _record_confirm(s: Session, acted: list[FlagRow], reviewer: str, reason: str) -> None:
        """A confirmation is recorded on the values it vouches for: the suspect's, else every fact's."""
        doc = acted[0].doc_id
        sha = _doc_row(s, doc).sha256
        suspect = next((json.loads(r.suspect) for r in acted if r.suspect), None)
        facts = [suspect] if suspect else [ff for r in acted for ff in json.loads(r.facts)]
        seen: set[tuple[str, str, str]] = set()
        for ff in facts:
            key = (ff["table"], ff["row"], ff["col"])
            if ff.get("value") is None or key in seen:
                continue
            seen.add(key)
            span = ff.get("span") or (None, None)
            s.add(CorrectionRow(
                doc_id=doc, table_id=key[0], row_key=key[1], col_key=key[2], kind="confirm", sha256=sha,
                span_start=span[0], span_end=span[1], old_value=ff["value"], new_value=ff["value"],
                flag_id=acted[0].id, reviewer=reviewer, reason=reason,
            ))  # fmt: skip

    # -- review actions ------------------------------------------------------------------------
    def fix(
        self,
        flag_id: str,
        value: str,
        *,
        reviewer: str,
        reason: str,
        fact: str | int | None = None,
        expected_version: int | None = None,
        via_token: bool = False,
    ) -> dict[str, Any]:
        """Correct one fact a flag involves: ``fact`` names it (id or ``table/row/col``); it may be left out
        only when the flag involves one fact. ``expected_version`` is the fact version the reviewer saw; a
        stale one raises ``ConflictError``, and so does leaving it out when a reviewer already corrected
        the fact. Then re-checks the document. Returns what changed. ``via_token``: the review app's bearer
        token acts, recorded as the reserved reviewer ``token``."""
        reviewer, reason, new = _actor(reviewer, via_token), check_reason(reason), parse_value(value)
        with self._tx() as s:
            fl = self._flag_row(s, flag_id)
            row = self._target_fact(s, fl, fact)
            key, doc = row.key, row.doc_id
            res = self._set_value(s, row, new, expected_version, flag_id=flag_id, reviewer=reviewer, reason=reason)
            s.add(AuditRow(actor=reviewer, action="fix", doc_id=doc, flag_id=flag_id, fact=key, old=res["old"],
                           new=new, reason=reason))  # fmt: skip
            s.flush()
            s.expire_all()
            changes = self._recheck(s, doc, actor=reviewer)
            return {"flag": flag_id, "fact": key, "old": res["old"], "new": new, "version": res["version"], **changes}

    def confirm(
        self, flag_id: str, *, reviewer: str, reason: str, expected_version: int | None = None, via_token: bool = False
    ) -> dict:
        """The values are right as printed: the flag stays confirmed, even when the checks raise it again."""
        return self._set_status(flag_id, "confirmed", _actor(reviewer, via_token), reason, expected_version)

    def dismiss(
        self, flag_id: str, *, reviewer: str, reason: str, expected_version: int | None = None, via_token: bool = False
    ) -> dict:
        """Not a problem (a false alarm): the flag stays dismissed, even when the checks raise it again."""
        return self._set_status(flag_id, "dismissed", _actor(reviewer, via_token), reason, expected_version)

    def _set_status(self, flag_id: str, status: str, reviewer: str, reason: str, expected: int | None) -> dict:
        reason = check_reason(reason)
        with self._tx() as s:
            fl = self._flag_row(s, flag_id)
            seen = fl.version if expected is None else expected
            if fl.version != seen or (expected is None and fl.status in ("confirmed", "dismissed")):
                raise ConflictError(
                    f"flag {flag_id} was changed by {fl.status_by or 'the checks'} at {_iso(fl.status_at)}: "
                    f"now {fl.status} ({fl.status_reason or 'no reason'}, version {fl.version}); "
                    + ("reload and try again" if expected is not None else "pass --version to change it anyway"),
                    {"status": fl.status, "by": fl.status_by, "at": _iso(fl.status_at), "reason": fl.status_reason,
                     "version": fl.version},
                )  # fmt: skip
            res = s.execute(
                update(FlagRow)
                .where(FlagRow.id == flag_id, FlagRow.version == seen)
                .values(status=status, status_by=reviewer, status_reason=reason, status_at=_now(), version=seen + 1)
                .execution_options(synchronize_session=False)
            )
            if _rowcount(res) != 1:
                raise ConflictError(f"flag {flag_id} was changed meanwhile; reload and try again")
            if status == "confirmed":
                sha = _doc_row(s, fl.doc_id).sha256
                for ff in json.loads(fl.facts):
                    if ff.get("value") is not None:
                        span = ff.get("span") or (None, None)
                        s.add(CorrectionRow(
                            doc_id=fl.doc_id, table_id=ff["table"], row_key=ff["row"], col_key=ff["col"],
                            kind="confirm", sha256=sha, span_start=span[0], span_end=span[1], old_value=ff["value"],
                            new_value=ff["value"], flag_id=flag_id, reviewer=reviewer, reason=reason,
                        ))  # fmt: skip
            action = {"confirmed": "confirm", "dismissed": "dismiss"}[status]
            s.add(AuditRow(actor=reviewer, action=action, doc_id=fl.doc_id, flag_id=flag_id, old=fl.status,
                           new=status, reason=reason))  # fmt: skip
            s.flush()
            s.expire_all()
            changes = self._recheck(s, fl.doc_id, actor=reviewer)
            return {"flag": flag_id, "status": status, **changes}

    # -- users and sessions --------------------------------------------------------------------
    def add_user(self, name: str, password: str) -> bool:
        """Create a reviewer, or set a new password (which ends every session of theirs). Stores an argon2
        hash only. Returns whether the user is new."""
        from argon2 import PasswordHasher

        name = check_name(name)
        if len(password) < 8 or len(password) > MAX_PASSWORD:
            raise StoreError(f"a password must have 8–{MAX_PASSWORD} characters")
        h = PasswordHasher().hash(password)
        with self._tx() as s:
            u = s.get(UserRow, name)
            if u is None:
                s.add(UserRow(name=name, password_hash=h))
            else:
                u.password_hash = h
                s.execute(delete(SessionRow).where(SessionRow.username == name))
            s.add(AuditRow(actor="admin", action="adduser" if u is None else "password", new=name))
            return u is None

    def remove_user(self, name: str) -> None:
        """Remove a reviewer and end their sessions at once. Their past actions stay in the audit log."""
        with self._tx() as s:
            u = s.get(UserRow, name) if _key_ok(name) else None
            if u is None:
                raise NotFoundError(f"no reviewer {printable(name)!r}")
            s.execute(delete(SessionRow).where(SessionRow.username == name))
            s.delete(u)
            s.add(AuditRow(actor="admin", action="deluser", old=name))

    def users(self) -> list[str]:
        with self._read() as s:
            return list(s.scalars(select(UserRow.name).order_by(UserRow.name)))

    def verify_user(self, name: str, password: str) -> bool:
        from argon2 import PasswordHasher
        from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

        ph = PasswordHasher()
        if not _key_ok(name) or len(password) > MAX_PASSWORD:
            return False
        with self._read() as s:
            u = s.get(UserRow, name)
            if u is None:
                ph.hash(password)  # same work for unknown names: no user enumeration by timing
                return False
            try:
                return ph.verify(u.password_hash, password)
            except (VerifyMismatchError, VerificationError, InvalidHashError):
                return False

    def create_session(self, user: str, lifetime: timedelta) -> tuple[str, str]:
        """A new login session for ``user``: (the token for the cookie, the session's CSRF token)."""
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        now = _now()
        with self._tx() as s:
            s.execute(delete(SessionRow).where(SessionRow.expires_at < now))
            s.add(SessionRow(id=_token_hash(token), username=user, csrf=csrf, created_at=now, last_seen=now,
                             expires_at=now + lifetime))  # fmt: skip
        return token, csrf

    def session(self, token: str | None, idle: timedelta) -> LoginSession | None:
        """The live session behind a cookie token, or None (unknown, ended, expired or idle too long)."""
        if not token or len(token) > 200:
            return None
        now = _now()
        with self._tx() as s:
            row = s.get(SessionRow, _token_hash(token))
            if row is None:
                return None
            if _utc(row.expires_at) <= now or _utc(row.last_seen) + idle <= now:
                s.delete(row)
                return None
            if now - _utc(row.last_seen) > timedelta(minutes=1):  # not a write per request
                row.last_seen = now
            return LoginSession(row.username, row.csrf, row.flash)

    def end_session(self, token: str | None) -> None:
        if token and len(token) <= 200:
            with self._tx() as s:
                s.execute(delete(SessionRow).where(SessionRow.id == _token_hash(token)))

    def flash(self, token: str, message: str | None = None) -> str | None:
        """Set the session's one-time message (``message`` given), or take it (returns it, clears it)."""
        with self._tx() as s:
            row = s.get(SessionRow, _token_hash(token))
            if row is None:
                return None
            if message is not None:
                row.flash = message
                return None
            old, row.flash = row.flash, None
            return old

    def login_wait(self, keys: list[str]) -> float:
        """Seconds before another login may be tried for any of ``keys`` (0: now)."""
        now = _now()
        with self._read() as s:
            rows = s.scalars(select(ThrottleRow).where(ThrottleRow.key.in_([k[:300] for k in keys]))).all()
        waits = [(_utc(r.blocked_until) - now).total_seconds() for r in rows if r.blocked_until is not None]
        return max([0.0, *waits])

    def login_failed(self, keys: list[str]) -> None:
        """Count a failed login against every key; from the sixth, each waits twice as long (≤ 15 min)."""
        now = _now()
        with self._tx() as s:
            s.execute(delete(ThrottleRow).where(ThrottleRow.last_failure < now - timedelta(days=1)))
            for key in dict.fromkeys(k[:300] for k in keys):
                row = s.get(ThrottleRow, key)
                if row is None:
                    row = ThrottleRow(key=key, failures=0, last_failure=now)
                    s.add(row)
                row.failures += 1
                row.last_failure = now
                if row.failures >= _FREE_ATTEMPTS:
                    wait = min(timedelta(seconds=2 ** (row.failures - _FREE_ATTEMPTS)), _MAX_BACKOFF)
                    row.blocked_until = now + wait

    def login_succeeded(self, keys: list[str]) -> None:
        with self._tx() as s:
            s.execute(delete(ThrottleRow).where(ThrottleRow.key.in_([k[:300] for k in keys])))

    # -- promote -------------------------------------------------------------------------------
    def promote(self, doc: str, to: str | Path) -> tuple[Path, int, int]:
        """Write the document's current facts as a golden file ``TO/<doc>.facts.jsonl``.

        Returns (path, facts written, open flags left). The doc id must exist in the store and be a plain
        file name (no separators, no leading dot): ids are never trusted as paths.
        """
        with self._read() as s:
            if not _key_ok(doc) or s.get(DocumentRow, doc) is None:
                raise NotFoundError(f"no document {printable(doc)!r} in the store")
            open_flags = s.scalar(
                select(func.count()).select_from(FlagRow).where(FlagRow.doc_id == doc, FlagRow.status == "open")
            )
        if not _SAFE_NAME.fullmatch(doc) or ".." in doc:
            raise StoreError(f"document id {doc!r} is not a safe file name; refusing to write it")
        out = Path(to)
        out.mkdir(parents=True, exist_ok=True)
        facts = [
            Fact(doc=f["doc"], table=f["table"], row=f["row"], col=f["col"], value=f["value"], unit=f["unit"],
                 span=tuple(f["span"]) if f["span"] else None)
            for f in self.facts(doc)
        ]  # fmt: skip
        target = out / f"{doc}.facts.jsonl"
        if target.resolve().parent != out.resolve():
            raise StoreError(f"refusing to write outside {out}")
        atomic_write(target, "".join(json.dumps(f.model_dump(), ensure_ascii=False) + "\n" for f in facts))
        return target, len(facts), int(open_flags or 0)

    # -- internals -----------------------------------------------------------------------------
    @staticmethod
    def _flag_row(s: Session, flag_id: str) -> FlagRow:
        fl = s.get(FlagRow, flag_id) if _key_ok(flag_id) else None
        if fl is None:
            raise NotFoundError(f"no flag {printable(flag_id)!r}; `extractor review list` shows the open ones")
        return fl

    @staticmethod
    def _target_fact(s: Session, fl: FlagRow, fact: str | int | None) -> FactRow:
        """The fact of the flag a fix is for. With several, the reviewer must say which: guessing the first
        once overwrote a correct figure."""
        candidates: dict[int, FactRow] = {}
        for f in json.loads(fl.facts):
            row = s.scalar(
                select(FactRow).where(
                    FactRow.doc_id == fl.doc_id, FactRow.table_id == f["table"], FactRow.row_key == f["row"],
                    FactRow.col_key == f["col"],
                )
            )  # fmt: skip
            if row is not None:
                candidates.setdefault(row.id, row)
        rows = list(candidates.values())
        if not rows:
            raise StoreError(f"flag {fl.id} involves no extracted fact to fix")
        choices = "; ".join(f"{r.key} (= {r.value}, version {r.version})" for r in rows)
        if fact is None or fact == "":
            if len(rows) == 1:
                return rows[0]
            raise StoreError(f"flag {fl.id} involves {len(rows)} facts; say which to fix with --fact: {choices}")
        for r in rows:
            if str(fact) == str(r.id) or str(fact) == r.key:
                return r
        raise StoreError(f"flag {fl.id} does not involve fact {printable(str(fact))!r}; choose one of: {choices}")

    @staticmethod
    def _conflict(s: Session, row: FactRow | None, unasked: bool = False) -> ConflictError:
        """The refusal of a stale save, naming the change that won. ``unasked``: no version was given and a
        reviewer already corrected the fact."""
        if row is None:
            return ConflictError("the fact was removed meanwhile; reload")
        last = s.scalars(
            select(CorrectionRow)
            .where(
                CorrectionRow.doc_id == row.doc_id, CorrectionRow.table_id == row.table_id,
                CorrectionRow.row_key == row.row_key, CorrectionRow.col_key == row.col_key,
                CorrectionRow.kind == "fix",
            )
            .order_by(CorrectionRow.id.desc())
        ).first()  # fmt: skip
        after = (
            f"pass --version {row.version} to change it anyway"
            if unasked
            else "your change was not saved — reload and decide again"
        )
        if last is None:
            return ConflictError(
                f"{row.key} changed meanwhile (now {row.value}, version {row.version}); {after}",
                {"fact": row.key, "new": row.value, "version": row.version},
            )
        change = {
            "fact": row.key, "old": last.old_value, "new": last.new_value, "reviewer": last.reviewer,
            "reason": last.reason, "at": _iso(last.created_at), "version": row.version,
        }  # fmt: skip
        return ConflictError(
            f"{row.key} was changed by {last.reviewer} at {change['at']}: {last.old_value} → {last.new_value} "
            f"(“{last.reason}”); {after}",
            change,
        )

    def _extraction(self, s: Session, doc: str, corrected: bool = True) -> Extraction:
        run = s.scalars(select(RunRow).where(RunRow.doc_id == doc).order_by(RunRow.id.desc())).first()
        if run is None:
            raise NotFoundError(f"no document {doc!r} in the store")
        ex = Extraction.model_validate_json(run.extraction)
        if not corrected:
            return ex
        current = {
            (f.table_id, f.row_key, f.col_key): f.value
            for f in s.scalars(select(FactRow).where(FactRow.doc_id == doc, FactRow.source == "corrected"))
        }
        return apply_values(ex, current)

    def _recheck(self, s: Session, doc: str, actor: str) -> dict[str, list[str]]:
        """Run the checks on the corrected extraction and synchronise the flags by id (same transaction).

        New flag → open. An open flag no longer raised, or raised only as a rounding difference (``info``)
        where it was an error or warning → resolved. A resolved flag raised again (beyond rounding, if rounding
        resolved it) → open. Confirmed and dismissed flags keep their status whether or not they are raised again.
        """
        ex = self._extraction(s, doc)
        text = _doc_row(s, doc).text
        new = {f.id: f for f in run_checks(ex, text, self.config)}
        rows = {r.id: r for r in s.scalars(select(FlagRow).where(FlagRow.doc_id == doc))}
        opened, resolved, reopened = [], [], []
        for fid, f in new.items():
            r = rows.get(fid)
            facts = json.dumps([ff.model_dump() for ff in f.facts], ensure_ascii=False)
            fresh = r is None
            if r is None:
                r = FlagRow(id=fid, doc_id=doc, check_id=f.check, status="open", present=True, version=1)
                s.add(r)
                opened.append(fid)
                s.add(AuditRow(actor=actor, action="open", doc_id=doc, flag_id=fid, new="open", reason=f.message))
            was, was_present = r.severity, r.present
            r.severity, r.message, r.expected, r.found, r.difference, r.facts = (
                f.severity, f.message, f.expected, f.found, f.difference, facts,
            )  # fmt: skip
            r.template, r.params = f.template, _json(f.params)
            if fresh or r.group_id is None:
                r.group_id = group_of(f)
            r.suspect = None if f.suspect is None else f.suspect.model_dump_json()
            r.suggested = None if f.suggested is None else f.suggested.model_dump_json()
            if fresh:
                continue
            r.present = True
            if r.status == "open" and f.severity == "info" and was != "info":
                # a change left only a rounding difference (尾差): the inconsistency itself is gone
                _auto_status(s, r, "resolved", "resolve", actor, "only a rounding difference (尾差) remains")
                resolved.append(fid)
            elif r.status == "resolved" and (f.severity != "info" or not was_present):
                _auto_status(s, r, "open", "reopen", actor, "raised again by the checks", audit_reason=f.message)
                reopened.append(fid)
            if r.status == "open":  # an open flag joins its suspect's item; a closed one stays where it was closed
                r.group_id = group_of(f)
        for fid, r in rows.items():
            if fid in new:
                continue
            r.present = False
            if r.status == "open":
                _auto_status(s, r, "resolved", "resolve", actor, "no longer raised by the checks")
                resolved.append(fid)
        return {"opened": opened, "resolved": resolved, "reopened": reopened}


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def apply_values(ex: Extraction, values: dict[tuple[str, str, str], str]) -> Extraction:
    """``ex`` with the facts ``(table, row, col)`` of ``values`` set to those values (in place; returned).

    A value a reviewer set is theirs: no longer a repair of damaged print, and the reader's confidence no
    longer speaks for it (``confidence`` and ``repaired_from`` cleared), so ``ocr.repaired`` closes."""
    if not values:
        return ex

    def set_(a: Amount, v: str) -> Amount:
        return a.model_copy(update={"value": Decimal(v), "confidence": None, "repaired_from": None})

    for t in ex.tables:
        rows: list[TableRow[Any]] = t.rows  # any table's rows: columns as plain strings
        for r in rows:
            for col, a in list(r.cells.items()):
                v = values.get((t.table, r.row, col))
                if v is not None:
                    r.cells[col] = set_(a, v)
    for n in ex.narrative:
        v = values.get(("narrative", n.row, n.col))
        if v is not None:
            n.amount = set_(n.amount, v)
    for p in ex.performance:
        for p_col, a in list(p.cells.items()):
            v = values.get(("performance", p.project, p_col))
            if v is not None:
                p.cells[p_col] = set_(a, v)
    return ex


def _accept_reason(suggestion: Suggestion) -> str:
    """The audit reason of an accepted suggestion: the value and the identities that give it."""
    why = "; ".join(b.text for b in suggestion.basis) or "the checks"
    return f"accepted the suggested {suggestion.value} ({why})"[:MAX_REASON]


def _auto_status(
    s: Session, r: FlagRow, status: str, action: str, actor: str, why: str, audit_reason: str | None = None
) -> None:
    """A status change the re-check made (not a reviewer): bump the version and audit old → new."""
    s.add(AuditRow(actor=actor, action=action, doc_id=r.doc_id, flag_id=r.id, old=r.status, new=status,
                   reason=audit_reason or why))  # fmt: skip
    r.status, r.status_by, r.status_at, r.version = status, actor, _now(), r.version + 1
    r.status_reason = why


__all__ = [
    "ACTIONS",
    "CONFIDENCES",
    "DEFAULT_URL",
    "GROUP_ACTIONS",
    "RESERVED_NAMES",
    "STATUSES",
    "TOKEN_ACTOR",
    "ConflictError",
    "FlagView",
    "Group",
    "Loaded",
    "LoginSession",
    "NotFoundError",
    "Reading",
    "Store",
    "StoreError",
    "apply_values",
    "check_name",
    "check_reason",
    "group_of",
    "group_views",
    "involved",
    "merge_suggestions",
    "migrate",
    "parse_confidences",
    "parse_value",
    "resolve_url",
]

"""The store: documents, runs, facts, flags, corrections and an audit log, in SQLite or PostgreSQL.

``Store(url)`` opens (and migrates, with the Alembic migrations shipped in ``extractor/migrations``) the
database at ``url``; ``sqlite:///extractor.db`` by default, ``EXTRACTOR_DB_URL`` or any SQLAlchemy URL
(``postgresql+psycopg://user:pw@host/db``) otherwise.

Every public method that writes is one transaction. A reviewer's change never overwrites history:
``corrections`` and ``audit`` are append-only, and each fact carries a ``version`` that a save must name
(optimistic concurrency): a save against a stale version raises ``ConflictError`` describing the change
that won. After every change the document's checks run again on the corrected extraction, so a flag the
change resolves closes itself and a new inconsistency opens a new flag; flags keep their review status by
their stable id, across re-checks and re-loads.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    func,
    select,
    update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

from extractor.checks import CheckConfig, run_checks
from extractor.errors import ConfigError, ExtractorError
from extractor.schemas import Extraction, Fact
from extractor.schemas.flags import SEVERITIES, Flag

DEFAULT_URL = "sqlite:///extractor.db"
STATUSES = ("open", "resolved", "confirmed", "dismissed")
ACTIONS = ("fix", "confirm", "dismiss")
_SAFE_NAME = re.compile(r"^[A-Za-z0-9_\-\u4e00-\u9fff][A-Za-z0-9_.\-\u4e00-\u9fff]{0,200}$")


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


def _now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class DocumentRow(Base):
    __tablename__ = "documents"
    id: Mapped[str] = mapped_column(String(255), primary_key=True)
    path: Mapped[str | None] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
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

    def flag(self) -> Flag:
        return Flag(
            id=self.id, doc=self.doc_id, check=self.check_id, severity=self.severity,  # type: ignore[arg-type]
            message=self.message, facts=json.loads(self.facts), expected=self.expected, found=self.found,
            difference=self.difference,
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

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "at": _iso(self.at), "actor": self.actor, "action": self.action, "doc": self.doc_id,
            "flag": self.flag_id, "fact": self.fact, "old": self.old, "new": self.new, "reason": self.reason,
        }  # fmt: skip


class UserRow(Base):
    __tablename__ = "users"
    name: Mapped[str] = mapped_column(String(128), primary_key=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


def _iso(d: datetime | None) -> str | None:
    if d is None:
        return None
    if d.tzinfo is None:  # SQLite drops the zone; we only ever store UTC
        d = d.replace(tzinfo=UTC)
    return d.isoformat(timespec="seconds")


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision with the migrations shipped in the package."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).with_name("migrations")))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


@dataclass
class FlagView:
    """A flag row as the review UI and CLI show it."""

    flag: Flag
    status: str
    present: bool
    version: int
    status_by: str | None
    status_reason: str | None
    status_at: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            **self.flag.model_dump(), "status": self.status, "present": self.present, "version": self.version,
            "status_by": self.status_by, "status_reason": self.status_reason, "status_at": self.status_at,
        }  # fmt: skip


def _view(r: FlagRow) -> FlagView:
    return FlagView(r.flag(), r.status, r.present, r.version, r.status_by, r.status_reason, _iso(r.status_at))


def _plain(value: str) -> str:
    """A reviewer's value as a plain decimal string (``1,903.01`` → ``1903.01``); refuses non-numbers."""
    v = value.strip().replace(",", "").replace(" ", "")
    try:
        d = Decimal(v)
    except InvalidOperation:
        raise StoreError(f"{value!r} is not a number; give the value as a plain decimal like 130.68") from None
    if not d.is_finite():
        raise StoreError(f"{value!r} is not a finite number")
    return format(d, "f")


class Store:
    """One database. Cheap to open; migrates on open unless ``migrate=False``."""

    def __init__(self, url: str | None = None, *, run_migrations: bool = True, config: CheckConfig | None = None):
        self.url = resolve_url(url)
        try:
            kwargs: dict[str, Any] = {}
            if self.url.startswith("sqlite"):
                kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
            self.engine = create_engine(self.url, future=True, **kwargs)
        except Exception as exc:  # bad URL, missing driver
            raise ConfigError(f"cannot open database {self.url!r}: {exc}") from None
        if self.url.startswith("sqlite"):
            from sqlalchemy import event

            @event.listens_for(self.engine, "connect")
            def _fk(dbapi_conn: Any, _: Any) -> None:
                dbapi_conn.execute("PRAGMA foreign_keys=ON")

        self._session = sessionmaker(self.engine, expire_on_commit=False)
        self.config = config or CheckConfig()
        if run_migrations:
            try:
                migrate(self.engine)
            except ExtractorError:
                raise
            except Exception as exc:
                raise ConfigError(f"cannot open database {self.url!r}: {str(exc).splitlines()[0]}") from None

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- loading -------------------------------------------------------------------------------
    def load(
        self,
        extraction: Extraction,
        text: str,
        sha256: str,
        *,
        path: str | None = None,
        version: str = "",
        actor: str = "extract",
    ) -> int:
        """Load one document's new run; keeps its review history. Returns the run id.

        Facts are matched by key: a corrected fact keeps its corrected value (the correction is re-applied
        on the new reading), the others take the new reading. Then the checks run on the corrected
        extraction and flags are synchronised by id.
        """
        with self._session.begin() as s:
            doc = s.get(DocumentRow, extraction.doc)
            if doc is None:
                doc = DocumentRow(id=extraction.doc, path=path, sha256=sha256, text=text)
                s.add(doc)
            else:
                doc.path, doc.sha256, doc.text, doc.updated_at = path, sha256, text, _now()
            run = RunRow(
                doc_id=extraction.doc, backend=extraction.backend, version=version, sha256=sha256,
                extraction=extraction.model_dump_json(),
            )  # fmt: skip
            s.add(run)
            s.flush()
            existing = {
                (f.table_id, f.row_key, f.col_key): f
                for f in s.scalars(select(FactRow).where(FactRow.doc_id == extraction.doc))
            }
            seen: set[tuple[str, str, str]] = set()
            for fact in extraction.to_facts():
                key = (fact.table, fact.row, fact.col)
                if key in seen:
                    continue
                seen.add(key)
                span = fact.span or (None, None)
                row = existing.get(key)
                if row is None:
                    s.add(
                        FactRow(
                            doc_id=fact.doc, table_id=fact.table, row_key=fact.row, col_key=fact.col, unit=fact.unit,
                            value=fact.value, extracted_value=fact.value, source="extracted", span_start=span[0],
                            span_end=span[1], version=1, run_id=run.id,
                        )
                    )  # fmt: skip
                    continue
                row.extracted_value, row.unit, row.run_id = fact.value, fact.unit, run.id
                row.span_start, row.span_end = span
                if row.source != "corrected" and row.value != fact.value:
                    row.value, row.version, row.updated_at = fact.value, row.version + 1, _now()
            for key, row in existing.items():
                if key not in seen:
                    s.delete(row)
            s.add(AuditRow(actor=actor, action="load", doc_id=extraction.doc, new=f"run {run.id}", reason=path))
            s.flush()
            self._recheck(s, extraction.doc, actor="recheck")
            return run.id

    # -- reading -------------------------------------------------------------------------------
    def documents(self) -> list[dict[str, Any]]:
        """Every document with its open flags per severity."""
        with self._session() as s:
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
            return [
                {"doc": d.id, "sha256": d.sha256, "facts": facts.get(d.id, 0), "open": counts[d.id],
                 "updated_at": _iso(d.updated_at)}
                for d in docs
            ]  # fmt: skip

    def flags(
        self,
        doc: str | None = None,
        severity: str | None = None,
        check: str | None = None,
        status: str | None = "open",
    ) -> list[FlagView]:
        """Flags filtered by document, severity, check and status (``None`` or ``"all"``: any), errors first."""
        with self._session() as s:
            q = select(FlagRow)
            if doc:
                q = q.where(FlagRow.doc_id == doc)
            if severity and severity != "all":
                q = q.where(FlagRow.severity == severity)
            if check:
                q = q.where(FlagRow.check_id == check)
            if status and status != "all":
                q = q.where(FlagRow.status == status)
            rows = s.scalars(q).all()
        order = {sev: i for i, sev in enumerate(SEVERITIES)}
        rows = sorted(rows, key=lambda r: (order.get(r.severity, 9), r.doc_id, r.check_id, r.message))
        return [_view(r) for r in rows]

    def checks(self) -> list[str]:
        with self._session() as s:
            return list(s.scalars(select(FlagRow.check_id).distinct().order_by(FlagRow.check_id)))

    def flag(self, flag_id: str) -> FlagView:
        with self._session() as s:
            r = s.get(FlagRow, flag_id)
            if r is None:
                raise NotFoundError(f"no flag {flag_id!r}; `extractor review list` shows the open ones")
            return _view(r)

    def text(self, doc: str) -> str:
        with self._session() as s:
            d = s.get(DocumentRow, doc)
            if d is None:
                raise NotFoundError(f"no document {doc!r}")
            return d.text

    def extraction(self, doc: str, corrected: bool = True) -> Extraction:
        """The latest run's extraction, with the current (corrected) values unless ``corrected=False``."""
        with self._session() as s:
            return self._extraction(s, doc, corrected)

    def facts(self, doc: str | None = None) -> list[dict[str, Any]]:
        """Current facts with provenance: value, source (extracted/corrected), extracted value, version."""
        with self._session() as s:
            q = select(FactRow).order_by(FactRow.doc_id, FactRow.id)
            if doc:
                q = q.where(FactRow.doc_id == doc)
            return [self._fact_json(f) for f in s.scalars(q)]

    def fact_rows(self, doc: str, keys: list[tuple[str, str, str]]) -> list[dict[str, Any]]:
        """The stored facts for these keys (missing keys give ``None``), for the flag page."""
        with self._session() as s:
            out = []
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
            "source": f.source, "extracted_value": f.extracted_value, "version": f.version,
        }  # fmt: skip

    def log(self, doc: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        """The audit log, oldest first (the last ``limit`` entries when given)."""
        with self._session() as s:
            q = select(AuditRow).order_by(AuditRow.id.desc())
            if doc:
                q = q.where(AuditRow.doc_id == doc)
            if limit:
                q = q.limit(limit)
            return [a.to_json() for a in reversed(s.scalars(q).all())]

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
    ) -> dict[str, Any]:
        """Correct one fact a flag involves (the flag's first fact unless ``fact`` names another, by id or
        ``table/row/col``). ``expected_version`` is the fact version the reviewer saw; a stale one raises
        ``ConflictError``. Then re-checks the document. Returns what changed."""
        self._require(reviewer, reason)
        new = _plain(value)
        with self._session.begin() as s:
            fl = self._flag_row(s, flag_id)
            row = self._target_fact(s, fl, fact)
            seen = row.version if expected_version is None else expected_version
            if row.version != seen:
                raise self._conflict(s, row)
            old = row.value
            res = s.execute(
                update(FactRow)
                .where(FactRow.id == row.id, FactRow.version == seen)
                .values(value=new, source="corrected", version=seen + 1, updated_at=_now())
                .execution_options(synchronize_session=False)
            )
            if res.rowcount != 1:  # someone saved between our read and our write
                s.expire_all()
                raise self._conflict(s, s.get(FactRow, row.id))
            key = row.key
            s.add(CorrectionRow(
                doc_id=row.doc_id, table_id=row.table_id, row_key=row.row_key, col_key=row.col_key, kind="fix",
                old_value=old, new_value=new, flag_id=flag_id, reviewer=reviewer, reason=reason,
            ))  # fmt: skip
            s.add(AuditRow(actor=reviewer, action="fix", doc_id=row.doc_id, flag_id=flag_id, fact=key, old=old,
                           new=new, reason=reason))  # fmt: skip
            s.flush()
            s.expire_all()
            changes = self._recheck(s, row.doc_id, actor=reviewer)
            return {"flag": flag_id, "fact": key, "old": old, "new": new, "version": seen + 1, **changes}

    def confirm(self, flag_id: str, *, reviewer: str, reason: str, expected_version: int | None = None) -> dict:
        """The values are right as printed: the flag stays confirmed, even when the checks raise it again."""
        return self._set_status(flag_id, "confirmed", reviewer, reason, expected_version)

    def dismiss(self, flag_id: str, *, reviewer: str, reason: str, expected_version: int | None = None) -> dict:
        """Not a problem (a false alarm): the flag stays dismissed, even when the checks raise it again."""
        return self._set_status(flag_id, "dismissed", reviewer, reason, expected_version)

    def _set_status(self, flag_id: str, status: str, reviewer: str, reason: str, expected: int | None) -> dict:
        self._require(reviewer, reason)
        with self._session.begin() as s:
            fl = self._flag_row(s, flag_id)
            seen = fl.version if expected is None else expected
            if fl.version != seen or (expected is None and fl.status in ("confirmed", "dismissed")):
                raise ConflictError(
                    f"flag {flag_id} was changed by {fl.status_by or 'the checks'} at {_iso(fl.status_at)}: "
                    f"now {fl.status} ({fl.status_reason or 'no reason'}); reload and try again",
                    {"status": fl.status, "by": fl.status_by, "at": _iso(fl.status_at), "reason": fl.status_reason},
                )
            res = s.execute(
                update(FlagRow)
                .where(FlagRow.id == flag_id, FlagRow.version == seen)
                .values(status=status, status_by=reviewer, status_reason=reason, status_at=_now(), version=seen + 1)
                .execution_options(synchronize_session=False)
            )
            if res.rowcount != 1:
                raise ConflictError(f"flag {flag_id} was changed meanwhile; reload and try again")
            if status == "confirmed":
                for ff in json.loads(fl.facts):
                    if ff.get("value") is not None:
                        s.add(CorrectionRow(
                            doc_id=fl.doc_id, table_id=ff["table"], row_key=ff["row"], col_key=ff["col"],
                            kind="confirm", old_value=ff["value"], new_value=ff["value"], flag_id=flag_id,
                            reviewer=reviewer, reason=reason,
                        ))  # fmt: skip
            action = {"confirmed": "confirm", "dismissed": "dismiss"}[status]
            s.add(AuditRow(actor=reviewer, action=action, doc_id=fl.doc_id, flag_id=flag_id, old=fl.status,
                           new=status, reason=reason))  # fmt: skip
            s.flush()
            s.expire_all()
            changes = self._recheck(s, fl.doc_id, actor=reviewer)
            return {"flag": flag_id, "status": status, **changes}

    # -- users ---------------------------------------------------------------------------------
    def add_user(self, name: str, password: str) -> None:
        """Create a reviewer, or set a new password; stores an argon2 hash only."""
        from argon2 import PasswordHasher

        if not name.strip() or len(name) > 128:
            raise StoreError("a reviewer name must be 1–128 characters")
        if len(password) < 8:
            raise StoreError("a password must have at least 8 characters")
        h = PasswordHasher().hash(password)
        with self._session.begin() as s:
            u = s.get(UserRow, name)
            if u is None:
                s.add(UserRow(name=name, password_hash=h))
            else:
                u.password_hash = h
            s.add(AuditRow(actor="admin", action="adduser", new=name))

    def verify_user(self, name: str, password: str) -> bool:
        from argon2 import PasswordHasher
        from argon2.exceptions import VerificationError, VerifyMismatchError

        ph = PasswordHasher()
        with self._session() as s:
            u = s.get(UserRow, name)
            if u is None:
                ph.hash(password)  # same work for unknown names: no user enumeration by timing
                return False
            try:
                return ph.verify(u.password_hash, password)
            except (VerifyMismatchError, VerificationError):
                return False

    # -- promote -------------------------------------------------------------------------------
    def promote(self, doc: str, to: str | Path) -> tuple[Path, int, int]:
        """Write the document's current facts as a golden file ``TO/<doc>.facts.jsonl``.

        Returns (path, facts written, open flags left). The doc id must exist in the store and be a plain
        file name (no separators, no leading dot): ids are never trusted as paths.
        """
        with self._session() as s:
            if s.get(DocumentRow, doc) is None:
                raise NotFoundError(f"no document {doc!r} in the store")
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
        from extractor.pipeline import atomic_write

        atomic_write(target, "".join(json.dumps(f.model_dump(), ensure_ascii=False) + "\n" for f in facts))
        return target, len(facts), int(open_flags or 0)

    # -- internals -----------------------------------------------------------------------------
    @staticmethod
    def _require(reviewer: str, reason: str) -> None:
        if not reviewer or not reviewer.strip():
            raise StoreError("a review action needs a reviewer")
        if not reason or not reason.strip():
            raise StoreError("a review action needs a reason (--reason)")

    @staticmethod
    def _flag_row(s: Session, flag_id: str) -> FlagRow:
        fl = s.get(FlagRow, flag_id)
        if fl is None:
            raise NotFoundError(f"no flag {flag_id!r}; `extractor review list` shows the open ones")
        return fl

    @staticmethod
    def _target_fact(s: Session, fl: FlagRow, fact: str | int | None) -> FactRow:
        keys = [(f["table"], f["row"], f["col"]) for f in json.loads(fl.facts)]
        rows = [
            s.scalar(
                select(FactRow).where(
                    FactRow.doc_id == fl.doc_id, FactRow.table_id == t, FactRow.row_key == r, FactRow.col_key == c
                )
            )
            for t, r, c in keys
        ]
        candidates = [r for r in rows if r is not None]
        if not candidates:
            raise StoreError(f"flag {fl.id} involves no extracted fact to fix")
        if fact is None or fact == "":
            return candidates[0]
        for r in candidates:
            if str(fact) == str(r.id) or str(fact) == r.key:
                return r
        names = ", ".join(r.key for r in candidates)
        raise StoreError(f"flag {fl.id} does not involve fact {fact!r}; choose one of: {names}")

    @staticmethod
    def _conflict(s: Session, row: FactRow | None) -> ConflictError:
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
        if last is None:
            return ConflictError(f"{row.key} changed meanwhile (now {row.value}, version {row.version}); reload")
        change = {
            "fact": row.key, "old": last.old_value, "new": last.new_value, "reviewer": last.reviewer,
            "reason": last.reason, "at": _iso(last.created_at), "version": row.version,
        }  # fmt: skip
        return ConflictError(
            f"{row.key} was changed by {last.reviewer} at {change['at']}: {last.old_value} → {last.new_value} "
            f"(“{last.reason}”); your change was not saved — reload and decide again",
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
        if not current:
            return ex
        for t in ex.tables:
            for r in t.rows:
                for col, a in list(r.cells.items()):
                    v = current.get((t.table, r.row, col))
                    if v is not None:
                        r.cells[col] = a.model_copy(update={"value": Decimal(v)})
        for n in ex.narrative:
            v = current.get(("narrative", n.row, n.col))
            if v is not None:
                n.amount = n.amount.model_copy(update={"value": Decimal(v)})
        for p in ex.performance:
            for col, a in list(p.cells.items()):
                v = current.get(("performance", p.project, col))
                if v is not None:
                    p.cells[col] = a.model_copy(update={"value": Decimal(v)})
        return ex

    def _recheck(self, s: Session, doc: str, actor: str) -> dict[str, list[str]]:
        """Run the checks on the corrected extraction and synchronise the flags by id (same transaction).

        New flag → open. An open flag no longer raised → resolved. A resolved flag raised again → open.
        Confirmed and dismissed flags keep their status whether or not they are raised again.
        """
        ex = self._extraction(s, doc)
        text = s.get(DocumentRow, doc).text  # type: ignore[union-attr]
        new = {f.id: f for f in run_checks(ex, text, self.config)}
        rows = {r.id: r for r in s.scalars(select(FlagRow).where(FlagRow.doc_id == doc))}
        opened, resolved, reopened = [], [], []
        for fid, f in new.items():
            r = rows.get(fid)
            facts = json.dumps([ff.model_dump() for ff in f.facts], ensure_ascii=False)
            if r is None:
                s.add(FlagRow(
                    id=fid, doc_id=doc, check_id=f.check, severity=f.severity, message=f.message, expected=f.expected,
                    found=f.found, difference=f.difference, facts=facts, status="open", present=True, version=1,
                ))  # fmt: skip
                opened.append(fid)
                s.add(AuditRow(actor=actor, action="open", doc_id=doc, flag_id=fid, new="open", reason=f.message))
                continue
            r.severity, r.message, r.expected, r.found, r.difference, r.facts = (
                f.severity, f.message, f.expected, f.found, f.difference, facts,
            )  # fmt: skip
            r.present = True
            if r.status == "resolved":
                _auto_status(s, r, "open", "reopen", actor, "raised again by the checks", audit_reason=f.message)
                reopened.append(fid)
        for fid, r in rows.items():
            if fid in new:
                continue
            r.present = False
            if r.status == "open":
                _auto_status(s, r, "resolved", "resolve", actor, "no longer raised by the checks")
                resolved.append(fid)
        return {"opened": opened, "resolved": resolved, "reopened": reopened}


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
    "DEFAULT_URL",
    "STATUSES",
    "ConflictError",
    "FlagView",
    "NotFoundError",
    "Store",
    "StoreError",
    "migrate",
    "resolve_url",
]

"""Where a batch writes: a local (or shared) folder, or any fsspec URL (``s3://bucket/run``, ``file:///…``).

Every output file is written whole or not at all: locally through a temp file and a rename, through fsspec
as one committed object (a transaction), so a worker killed mid-write never leaves half a file. Layout::

    DIR/manifest.jsonl                        one line per input: the batch's record of what is done
    DIR/<doc>.json, .facts.jsonl, .flags.jsonl, [.ocr.txt]    what `extract` writes, per input
    DIR/facts/doc=<doc>/part-0.parquet        facts, a Parquet dataset partitioned by document
    DIR/flags/doc=<doc>/part-0.parquet        flags, likewise
    DIR/documents.parquet                     one row per input: status, counts, manifest metadata
    DIR/run.json                              the batch as `extract`'s run.json (what `check DIR` reads)
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from pathlib import Path
from typing import IO, Protocol

from extractor.errors import ConfigError, OutputError
from extractor.pipeline import atomic_write

#: characters a hive partition value escapes as %XX (as Hive does); the rest, CJK included, stays readable
_UNSAFE = set('"#%*/:<>=?[\\]^{|}\x7f') | {chr(c) for c in range(32)}


def partition(dataset: str, doc: str) -> str:
    """``facts/doc=<doc>/part-0.parquet``: one file per document, overwritten when it is processed again."""
    value = "".join(f"%{ord(c):02X}" if c in _UNSAFE else c for c in doc)
    return f"{dataset}/doc={value}/part-0.parquet"


def doc_outputs(doc: str) -> list[str]:
    """Every output name that belongs to one document (removed when it fails after a success)."""
    return [f"{doc}{ext}" for ext in (".json", ".facts.jsonl", ".flags.jsonl", ".ocr.txt")] + [
        partition("facts", doc),
        partition("flags", doc),
    ]


class Sink(Protocol):
    """The output location. ``names()`` lists the files at its top level."""

    url: str
    can_append: bool

    def write(self, name: str, data: str | bytes) -> None: ...
    def append(self, name: str, text: str) -> None: ...
    def read_text(self, name: str) -> str | None: ...
    def remove(self, name: str) -> None: ...
    def names(self) -> set[str]: ...
    def lock(self) -> None: ...
    def close(self) -> None: ...


def open_sink(out: str | Path) -> Sink:
    """A local folder for a path, fsspec for a URL (``proto://…``)."""
    s = str(out)
    return FsspecSink(s) if "://" in s else LocalSink(Path(s))


class LocalSink:
    """A folder on this machine or a shared file system (NFS, Lustre…) every worker mounts at the same path."""

    can_append = True

    def __init__(self, root: Path) -> None:
        self.root = Path(os.path.abspath(root))
        self.url = str(self.root)
        self._lock: IO[str] | None = None
        if self.root.exists() and not self.root.is_dir():
            raise ConfigError(f"{self.root}: output path exists and is not a directory")
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ConfigError(f"{self.root}: cannot create output directory ({exc.strerror or exc})") from None

    def write(self, name: str, data: str | bytes) -> None:
        path = self.root / name
        if "/" in name:
            path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, data)

    def append(self, name: str, text: str) -> None:
        """Append and fsync: a record is on disk before the next input is handed out."""
        try:
            with (self.root / name).open("a", encoding="utf-8") as fh:
                fh.write(text)
                fh.flush()
                os.fsync(fh.fileno())
        except OSError as exc:
            raise OutputError(f"{self.root / name}: cannot write ({exc.strerror or exc})") from None

    def read_text(self, name: str) -> str | None:
        try:
            return (self.root / name).read_text(encoding="utf-8")
        except FileNotFoundError:
            return None

    def remove(self, name: str) -> None:
        path = self.root / name
        path.unlink(missing_ok=True)
        if "/" in name:
            with contextlib.suppress(OSError):  # the partition folder, when now empty
                path.parent.rmdir()

    def names(self) -> set[str]:
        return {e.name for e in os.scandir(self.root) if e.is_file()}

    def lock(self) -> None:
        """One batch per folder at a time; then sweep temp files a killed writer left behind (a batch killed
        itself)."""
        fh = (self.root / ".batch.lock").open("w")
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.close()
            raise ConfigError(
                f"{self.root}: another `extractor batch` is writing to this folder; wait for it or choose another --out"
            ) from None
        self._lock = fh
        self._sweep()

    def close(self) -> None:
        """Release the folder; the workers are stopped by now, so a temp file left is a killed writer's (Ctrl-C
        kills the workers mid-input): swept before the lock goes."""
        if self._lock is not None:
            self._sweep()
            self._lock.close()
            self._lock = None

    def _sweep(self) -> None:
        for tmp in [*self.root.glob(".*.tmp"), *self.root.glob("*/doc=*/.*.tmp")]:
            tmp.unlink(missing_ok=True)


class FsspecSink:
    """Any fsspec file system: object stores (``s3://`` with s3fs installed, ``gs://``, ``az://``…), ``file://``.

    Object stores cannot append, so the manifest is rewritten whole (see ``Manifest``); there is no lock,
    so run one batch per URL at a time."""

    can_append = False

    def __init__(self, url: str) -> None:
        try:
            from fsspec.core import url_to_fs

            self.fs, self.root = url_to_fs(url)
        except (ImportError, ValueError) as exc:  # unknown protocol, or its package is not installed
            raise ConfigError(f"--out {url}: {exc}") from None
        self.url = url.rstrip("/")
        self.fs.makedirs(self.root, exist_ok=True)

    def _path(self, name: str) -> str:
        return f"{self.root.rstrip('/')}/{name}"

    def write(self, name: str, data: str | bytes) -> None:
        raw = data.encode("utf-8") if isinstance(data, str) else data
        path = self._path(name)
        try:
            if "/" in name:
                self.fs.makedirs(path.rsplit("/", 1)[0], exist_ok=True)
            with self.fs.transaction, self.fs.open(path, "wb") as fh:  # committed whole at the end, or not at all
                fh.write(raw)
        except OSError as exc:
            raise OutputError(f"{self.url}/{name}: cannot write ({exc})") from None

    def append(self, name: str, text: str) -> None:  # pragma: no cover - can_append is False
        raise NotImplementedError

    def read_text(self, name: str) -> str | None:
        try:
            with self.fs.open(self._path(name), "rb") as fh:
                return fh.read().decode("utf-8")
        except FileNotFoundError:
            return None

    def remove(self, name: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.fs.rm_file(self._path(name))

    def names(self) -> set[str]:
        return {str(e["name"]).rsplit("/", 1)[-1] for e in self.fs.ls(self.root, detail=True) if e["type"] == "file"}

    def lock(self) -> None:
        pass

    def close(self) -> None:
        pass

"""Writing result files: whole or not at all, with the permissions the user's umask asks for.

Shared by the pipeline, the CLI and the store (which must not import the pipeline).
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from extractor.errors import OutputError


def atomic_write(path: Path, content: str | bytes) -> None:
    """Write via a temp file in the same folder and rename, so readers never see half a file.

    The temp file is created like any new file (mode 0666 less the umask; ``mkstemp`` would force 0600)
    and removed on any failure — a full disk, a signal, Ctrl-C — so no ``.tmp`` debris is left behind.
    """
    path = Path(path)
    data = content.encode("utf-8") if isinstance(content, str) else content
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None
        raise


__all__ = ["atomic_write"]

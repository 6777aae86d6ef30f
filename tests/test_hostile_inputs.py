"""No input takes a run down: every hostile file of the audit, given to `extractor extract` beside a good
report, gives one clean line naming it, and the good report and run.json are still written.

All through the real CLI in a subprocess (a hang or a MemoryError would be visible only there), with the
address space capped so a file that slipped past the limits could not take the machine with it.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import struct
import subprocess
import sys
import time
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import seed_path

GOOD = seed_path("002_846b8c47d01900a7")
MEMORY_CAP = 3 * 1024**3  # bytes of address space for the CLI under test


def _capped(umask: int | None = None, fsize: int | None = None) -> Callable[[], None]:
    def limits() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))
        if fsize is not None:  # a "full disk": writes past fsize bytes fail with EFBIG
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))
        if umask is not None:
            os.umask(umask)
        # Ctrl-C as a terminal delivers it, whatever the shell that started the tests did (a background job's
        # SIGINT is ignored, and an ignored signal stays ignored in the child: it would never be interrupted)
        signal.signal(signal.SIGINT, signal.SIG_DFL)

    return limits


def cli(*args: str | Path, timeout: float = 240, **limits: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "extractor", *map(str, args)], capture_output=True, text=True, timeout=timeout,
        preexec_fn=_capped(**limits),
    )  # fmt: skip


def _png_bomb(path: Path, width: int, height: int) -> Path:
    """A valid 1-bit PNG of width × height white pixels: a few hundred kB that declare gigapixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" + b"\xff" * ((width + 7) // 8)
    z = zlib.compressobj(9)
    body = b"".join(z.compress(row * 500) for _ in range(height // 500)) + z.flush()
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", body) + chunk(b"IEND", b""))
    return path


def _pdf(path: Path, pages: str, kids: str = "[]", count: int = 0) -> Path:
    """A minimal PDF (hand-written, as the audit's 197-byte one was)."""
    objs = [
        "<</Type/Catalog/Pages 2 0 R>>",
        f"<</Type/Pages/Kids{kids}/Count {count}>>",
        *([pages] if pages else []),
    ]
    out, offsets = "%PDF-1.4\n", []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj{o}endobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n" + "".join(f"{o:010d} 00000 n \n" for o in offsets)
    out += f"trailer<</Size {len(objs) + 1}/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF\n"
    path.write_text(out)
    return path


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, str]]:
    """name → (path, what the one error line must say)."""
    d = tmp_path_factory.mktemp("hostile")
    page = "<</Type/Page/Parent 2 0 R/MediaBox[0 0 {w} {h}]>>"
    os.mkfifo(d / "fifo.txt")
    (d / "loop1.txt").symlink_to(d / "loop2.txt")
    (d / "loop2.txt").symlink_to(d / "loop1.txt")
    (d / "dangling.txt").symlink_to(d / "nowhere.txt")
    (d / "zero.txt").symlink_to("/dev/zero")
    with open(d / "huge.txt", "wb") as fh:  # sparse: 65 MiB that take no disk
        fh.truncate(65 * 1024 * 1024)
    (d / "run.txt").write_bytes(GOOD.read_bytes())
    return {
        "bomb.png": (_png_bomb(d / "bomb.png", 12_000, 12_000), "images over 80 Mpx are refused"),
        "giga.png": (_png_bomb(d / "giga.png", 20_000, 20_000), "images over 80 Mpx are refused"),
        "huge_page.pdf": (_pdf(d / "huge_page.pdf", page.format(w=14400, h=14400), "[3 0 R]", 1), "twice A0"),
        "big_blank.pdf": (_pdf(d / "big_blank.pdf", page.format(w=3000, h=3000), "[3 0 R]", 1), "no text found"),
        "no_pages.pdf": (_pdf(d / "no_pages.pdf", ""), "is a PDF with no pages"),
        "fifo.txt": (d / "fifo.txt", "is a named pipe (FIFO), not a regular file"),
        "zero.txt": (d / "zero.txt", "is a character device, not a regular file"),
        "loop1.txt": (d / "loop1.txt", "is a symbolic link loop"),
        "dangling.txt": (d / "dangling.txt", "is a broken symbolic link"),
        "huge.txt": (d / "huge.txt", "reports over 64 MiB are refused (nothing read)"),
        "run.txt": (d / "run.txt", "would overwrite the run summary run.json"),
    }


def test_every_hostile_input_gives_one_clean_line_and_the_rest_completes(
    hostile: dict[str, tuple[Path, str]], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    t0 = time.monotonic()
    res = cli("extract", *(p for p, _ in hostile.values()), GOOD, "--out", out)
    assert time.monotonic() - t0 < 200
    assert res.returncode == 1, res.stderr
    assert "Traceback" not in res.stderr and "MemoryError" not in res.stderr
    errors = [line for line in res.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == len(hostile), res.stderr
    for (path, problem), line in zip(hostile.values(), errors, strict=True):
        assert str(path) in line and problem in line, (line, problem)
    assert f"{GOOD.stem}:" in res.stdout
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert run["status"] == "complete" and run["errors"] == len(hostile) and run["documents"] == 1
    assert [i["path"] for i in run["inputs"]] == [str(p) for p, _ in hostile.values()] + [str(GOOD)]
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["run.json", f"{GOOD.stem}.json", f"{GOOD.stem}.facts.jsonl", f"{GOOD.stem}.flags.jsonl"]
    )


def test_one_stray_byte_is_decoded_with_a_warning(tmp_path: Path) -> None:
    data = GOOD.read_bytes()
    i = data.index("收入".encode())
    damaged = tmp_path / "damaged.txt"
    damaged.write_bytes(data[:i] + b"\xff" + data[i + 1 :])
    res = cli("extract", damaged, "--out", tmp_path / "out")
    assert res.returncode == 0, res.stderr
    assert f"warning: {damaged}: bytes that are not UTF-8 in 1 place (the first at byte {i}), shown as U+FFFD" in (
        res.stderr
    )
    run = json.loads((tmp_path / "out" / "run.json").read_text(encoding="utf-8"))
    assert run["inputs"][0]["encoding"] == "utf-8" and run["inputs"][0]["warnings"]
    assert run["inputs"][0]["facts"] > 250


def test_outputs_respect_the_umask(tmp_path: Path) -> None:
    for umask, mode in ((0o022, 0o644), (0o027, 0o640)):
        out = tmp_path / f"u{umask:o}"
        assert cli("extract", GOOD, "--out", out, umask=umask).returncode == 0
        assert {p.name: p.stat().st_mode & 0o777 for p in out.iterdir()} == dict.fromkeys(
            ["run.json", f"{GOOD.stem}.json", f"{GOOD.stem}.facts.jsonl", f"{GOOD.stem}.flags.jsonl"], mode
        )


def test_a_full_disk_leaves_no_debris_and_a_true_run_json(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "run.json").write_text('{"stale": "from an earlier run"}')
    res = cli("extract", GOOD, "--out", out, fsize=60_000)  # run.json fits, the extraction does not
    assert res.returncode == 1 and "Traceback" not in res.stderr
    assert "cannot write (File too large)" in res.stderr
    assert sorted(p.name for p in out.iterdir()) == ["run.json"]  # no .tmp, no partial outputs
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert run["status"] == "complete" and run["inputs"][0]["status"] == "error"


def test_ctrl_c_marks_the_run_interrupted(tmp_path: Path) -> None:
    out = tmp_path / "out"
    inputs = []
    for i in range(12):
        p = tmp_path / f"copy{i}.txt"
        p.write_bytes(GOOD.read_bytes())
        inputs.append(p)
    proc = subprocess.Popen(
        [sys.executable, "-m", "extractor", "extract", *map(str, inputs), "--out", str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=_capped(),
    )  # fmt: skip
    deadline = time.monotonic() + 120
    # wait until the first input is done — the second's outputs are written (run.json is rewritten only while that
    # costs under 5% of the run, so on a loaded machine it may say nothing until the end) — then press Ctrl-C
    while time.monotonic() < deadline and not (out / "copy1.facts.jsonl").exists():
        time.sleep(0.02)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert run["status"] == "interrupted"
    assert 1 <= len(run["inputs"]) < len(inputs)
    assert len(run["inputs"]) + len(run["not_processed"]) == len(inputs)
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]

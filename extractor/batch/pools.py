"""Worker pools: long-lived worker processes, one input each at a time, that the driver can kill.

A pool has a fixed number of slots; each slot holds one worker, replaced when it dies or is killed. The
driver (``engine``) asks for idle slots, submits a task to one, waits for events and kills a slot whose
input ran past its time. ``LocalPool`` runs workers as processes on this machine; ``RayPool``
(``ray_pool``) as Ray actors anywhere in a cluster — same driver, same worker code.
"""

from __future__ import annotations

import multiprocessing as mp
import signal
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from socket import socket
from typing import Any, Protocol

from extractor.errors import ExtractorError

from .worker import Record, Task, WorkerConfig, local_worker_main

#: (slot, the worker's record, or None and why the worker died without one)
Event = tuple[int, Record | None, str | None]


class Pool(Protocol):
    size: int

    def idle(self) -> list[int]: ...
    def submit(self, slot: int, task: Task) -> None: ...
    def wait(self, timeout: float) -> list[Event]: ...
    def kill(self, slot: int) -> None: ...
    def close(self) -> None: ...


class WorkerStartError(ExtractorError):
    """Workers die before they are ready (a broken installation, no memory at all): the batch cannot run."""


#: how a native library dies when an allocation fails under the memory limit
_OUT_OF_MEMORY_SIGNALS = {signal.SIGSEGV, signal.SIGABRT, signal.SIGBUS}


def exit_reason(exitcode: int | None, memory_mib: int | None = None, doing: str = "while reading this input") -> str:
    """Why a worker process ended, in words: ``the worker process died (SIGSEGV) …``."""
    if exitcode is not None and exitcode < 0:
        sig: signal.Signals | None
        try:
            sig = signal.Signals(-exitcode)
            name = sig.name
        except ValueError:
            sig, name = None, f"signal {-exitcode}"
        hint = (
            f"; it may have run out of its {memory_mib} MiB (--memory-per-input)"
            if memory_mib and sig in _OUT_OF_MEMORY_SIGNALS
            else ""
        )
        return f"the worker process died ({name}) {doing}{hint}"
    return f"the worker process exited (code {exitcode}) {doing}"


@dataclass
class _Slot:
    proc: BaseProcess
    conn: Connection
    ready: bool = False
    busy: bool = False


class LocalPool:
    """Worker processes on this machine (spawned, so nothing of the driver's state is shared)."""

    MAX_START_FAILURES = 3

    def __init__(self, size: int, cfg: WorkerConfig) -> None:
        self.size = size
        self._cfg = cfg
        self._ctx = mp.get_context("spawn")
        self._start_failures = 0
        self._slots = [self._spawn() for _ in range(size)]

    def _spawn(self) -> _Slot:
        parent, child = self._ctx.Pipe()
        proc = self._ctx.Process(
            target=local_worker_main, args=(child, self._cfg), name="extractor-batch-worker", daemon=True
        )
        proc.start()
        child.close()
        return _Slot(proc, parent)

    def idle(self) -> list[int]:
        return [i for i, s in enumerate(self._slots) if s.ready and not s.busy]

    def submit(self, slot: int, task: Task) -> None:
        s = self._slots[slot]
        s.conn.send(task)
        s.busy = True

    def wait(self, timeout: float) -> list[Event]:
        owner: dict[Connection | socket | int, int] = {}  # what ``wait`` may return: a pipe end or a sentinel
        for i, s in enumerate(self._slots):
            owner[s.conn] = i
            owner[s.proc.sentinel] = i
        events: list[Event] = []
        for i in sorted({owner[o] for o in wait(list(owner), max(timeout, 0.0))}):
            s = self._slots[i]
            msg = self._recv(s)
            if msg is not None:
                kind, payload = msg
                if kind == "ready":
                    s.ready = True
                elif kind == "record":
                    s.busy = False
                    events.append((i, payload, None))
                else:
                    raise WorkerStartError(f"batch workers cannot start: {payload}")
            elif not s.proc.is_alive():
                s.proc.join()
                if s.busy:
                    events.append((i, None, exit_reason(s.proc.exitcode, self._cfg.memory_mib)))
                elif not s.ready:
                    self._start_failures += 1
                    if self._start_failures >= self.MAX_START_FAILURES:
                        why = exit_reason(s.proc.exitcode, self._cfg.memory_mib, doing="while starting")
                        raise WorkerStartError(f"batch workers cannot start: {why}")
                self._replace(i)
        return events

    @staticmethod
    def _recv(s: _Slot) -> tuple[str, Any] | None:
        """The worker's next message, if one is waiting: ``("ready", backend name)``, ``("record", Record)`` or
        ``("error", why)`` (unpickled from the pipe: typed by its kind, not statically)."""
        try:
            return s.conn.recv() if s.conn.poll() else None
        except (EOFError, OSError):
            return None

    def kill(self, slot: int) -> None:
        self._stop(self._slots[slot])
        self._replace(slot)

    def _replace(self, slot: int) -> None:
        self._slots[slot].conn.close()
        self._slots[slot] = self._spawn()

    @staticmethod
    def _stop(s: _Slot) -> None:
        if s.proc.is_alive():
            s.proc.kill()
        s.proc.join()

    def close(self) -> None:
        """Stop every worker at once (idle at the end of a batch; mid-input on Ctrl-C). Idempotent."""
        for s in self._slots:
            self._stop(s)
            s.conn.close()

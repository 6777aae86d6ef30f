"""The Ray executor: the batch's workers as Ray actors, on a local Ray instance or anywhere in a cluster.

Each slot is one actor (``num_cpus=1``) that keeps its OCR model loaded and reads one input at a time with
the same ``run_one`` as a local worker, writing straight to the shared output folder or URL; only the small
manifest record comes back to the driver. A timed-out input's actor is killed and replaced
(``ray.kill``); an actor that dies (segfault, the node's OOM killer, a lost node) fails its input with the
reason. Ray is an optional extra: ``pip install 'extractor[ray]'``.

A local instance (``--ray`` alone) listens on 127.0.0.1 only, with no dashboard and no usage reporting;
joining a cluster (``--ray ADDRESS``) uses that cluster's own settings.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from extractor.errors import ConfigError, ExtractorError

from .pools import Event, WorkerStartError
from .worker import Task, WorkerConfig, WorkerState

LOCAL = "local"
#: the object store only carries small records; Ray's minimum is 75 MB
OBJECT_STORE_BYTES = 128 * 1024 * 1024


def _import_ray(local: bool) -> Any:
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # never phone home
    if local:  # a single-node instance on loopback (read by ray at import, so set before it)
        os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")
    try:
        import ray
    except ImportError:
        raise ConfigError("--ray needs Ray: pip install 'extractor[ray]'") from None
    return ray


@contextmanager
def ray_session(address: str, workers: int | None) -> Iterator[int]:
    """Start a local Ray instance (``address`` = ``local``) or join a cluster; yield how many slots to run
    (``workers``, else every CPU Ray offers); shut down on exit."""
    local = address == LOCAL
    ray = _import_ray(local)
    kwargs: dict[str, Any] = {"include_dashboard": False, "configure_logging": False, "log_to_driver": False}
    try:
        if local:
            ray.init(num_cpus=workers or os.cpu_count() or 1, object_store_memory=OBJECT_STORE_BYTES, **kwargs)
        else:
            ray.init(address=address, **kwargs)
    except Exception as exc:  # ConnectionError, bad address, a cluster of another Ray version…
        raise ConfigError(
            f"cannot {'start a local Ray instance' if local else f'join the Ray cluster at {address!r}'}: "
            f"{str(exc).splitlines()[0] if str(exc) else type(exc).__name__} "
            "(`--ray` takes an optional address: put it after the sources, or write --ray=ADDRESS)"
        ) from None
    try:
        yield workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
    finally:
        ray.shutdown()


class _Actor:
    """The Ray actor: one long-lived worker (``WorkerState``) per slot."""

    def __init__(self, cfg: WorkerConfig) -> None:
        self.state = WorkerState(cfg)

    def ready(self) -> str:
        return self.state.name

    def run(self, task: Task) -> dict[str, Any]:
        return self.state.run(task)


@dataclass
class _Slot:
    actor: Any
    pending: Any  # the ready() call until it answers, then the running task's ref (None when idle)
    ready: bool = False


class RayPool:
    """Slots as actors; must be used inside ``ray_session``."""

    def __init__(self, size: int, cfg: WorkerConfig) -> None:
        self._ray = _import_ray(local=False)
        self._remote = self._ray.remote(num_cpus=1, max_restarts=0, max_task_retries=0)(_Actor)
        self.size = size
        self._cfg = cfg
        self._slots = [self._spawn() for _ in range(size)]

    def _spawn(self) -> _Slot:
        actor = self._remote.remote(self._cfg)
        return _Slot(actor, actor.ready.remote())

    def idle(self) -> list[int]:
        return [i for i, s in enumerate(self._slots) if s.ready and s.pending is None]

    def submit(self, slot: int, task: Task) -> None:
        s = self._slots[slot]
        s.pending = s.actor.run.remote(task)

    def wait(self, timeout: float) -> list[Event]:
        owner = {s.pending: i for i, s in enumerate(self._slots) if s.pending is not None}
        if not owner:
            time.sleep(max(timeout, 0.0))
            return []
        done, _ = self._ray.wait(list(owner), num_returns=1, timeout=max(timeout, 0.0))
        if done:  # collect everything else that finished meanwhile too
            done, _ = self._ray.wait(list(owner), num_returns=len(owner), timeout=0)
        events: list[Event] = []
        for ref in done:
            i = owner[ref]
            s = self._slots[i]
            if not s.ready:
                try:
                    self._ray.get(ref)
                except Exception as exc:
                    mib = self._cfg.memory_mib
                    hint = f" (is --memory-per-input {mib} MiB too little?)" if mib else ""
                    raise WorkerStartError(f"Ray batch workers cannot start: {_first_line(exc)}{hint}") from None
                s.ready, s.pending = True, None
                continue
            s.pending = None
            try:
                events.append((i, self._ray.get(ref), None))
            except self._ray.exceptions.RayActorError as exc:
                events.append((i, None, f"the Ray worker died while reading this input ({_first_line(exc)})"))
                self._slots[i] = self._spawn()
            except ExtractorError:
                raise
            except Exception as exc:  # run_one never raises; this is Ray failing to deliver the task
                events.append((i, None, f"Ray could not run this input ({type(exc).__name__}: {_first_line(exc)})"))
        return events

    def kill(self, slot: int) -> None:
        self._ray.kill(self._slots[slot].actor, no_restart=True)
        self._slots[slot] = self._spawn()

    def close(self) -> None:
        for s in self._slots:
            self._ray.kill(s.actor, no_restart=True)


def _first_line(exc: BaseException) -> str:
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()]
    return lines[0] if lines else type(exc).__name__

"""Extraction backends behind one interface and a registry.

Adding a backend is one new file in this package: subclass ``Backend``, set ``name`` and decorate the
class with ``@register``; modules here are imported on first lookup.
"""

from __future__ import annotations

import importlib
import pkgutil

from extractor.backends.base import Backend
from extractor.errors import ConfigError

_REGISTRY: dict[str, type[Backend]] = {}
_loaded = False


def register(cls: type[Backend]) -> type[Backend]:
    """Class decorator: make a backend available by its ``name``."""
    _REGISTRY[cls.name] = cls
    return cls


def _load_all() -> None:
    global _loaded
    if _loaded:
        return
    for mod in pkgutil.iter_modules(__path__):
        if mod.name != "base":
            importlib.import_module(f"{__name__}.{mod.name}")
    _loaded = True


def available() -> dict[str, str]:
    """Backend names and one-line descriptions."""
    _load_all()
    return {name: cls.description for name, cls in sorted(_REGISTRY.items())}


def get_backend(name: str) -> Backend:
    """An instance of the backend called ``name``; a miss lists what exists and how to add one.

    The module named like the backend is imported first (``rules`` → ``backends/rules.py``), so a rules-only
    run never imports the model client (openai, instructor: about a second of start-up); every module is
    imported only when that does not register the name."""
    if name not in _REGISTRY and name.isidentifier() and name != "base":
        try:
            importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise
    if name not in _REGISTRY:
        _load_all()
    try:
        return _REGISTRY[name]()
    except KeyError:
        names = ", ".join(sorted(_REGISTRY)) or "none"
        raise ConfigError(
            f"unknown backend {name!r}; available: {names} "
            "(add one as a module in extractor/backends/ with a @register'd Backend subclass)"
        ) from None


__all__ = ["Backend", "available", "get_backend", "register"]

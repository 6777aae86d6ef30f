"""Prompt templates: files in ``prompts/`` (shipped as ``extractor.prompts``), one per section schema.

A template is ``<name>.<version>.txt``; the version is part of the file name, so changing a prompt means a
new file, and the version goes into every cache key and into run.json. Layout::

    # free comment lines
    # variables: table, columns, chunk
    === system
    … may use {{table}} …
    === example
    --- text
    a synthetic snippet (never text from eval/seeds or eval/golden)
    --- answer
    {"rows": […]}            # JSON, every value's source printed in the snippet above
    === user
    … <chunk>
    {{chunk}}
    </chunk>

Variables are ``{{name}}``; the header declares them. A template that uses an undeclared variable (or
declares one it never uses) fails when loaded; rendering with a missing or an extra variable fails too.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from extractor.llm.errors import PromptError

_VAR = re.compile(r"\{\{\s*(\w+)\s*\}\}")
_FILE = re.compile(r"^(?P<name>[a-z_]+)\.(?P<version>v\d+)\.txt$")


@dataclass(frozen=True)
class Example:
    """A few-shot example: a synthetic snippet and the answer read from it."""

    text: str
    answer: dict[str, Any]


@dataclass(frozen=True)
class Prompt:
    name: str
    version: str
    variables: tuple[str, ...]
    system: str
    user: str
    examples: tuple[Example, ...]
    digest: str  # sha256 of the template file, first 16 hex digits

    @property
    def id(self) -> str:
        """``table_rows.v1``: what run.json and the cache keys record."""
        return f"{self.name}.{self.version}"

    def render(self, **values: Any) -> list[dict[str, str]]:
        """Chat messages: the system text with the examples, then the user text with ``values`` filled in."""
        missing = set(self.variables) - set(values)
        extra = set(values) - set(self.variables)
        if missing or extra:
            parts = []
            if missing:
                parts.append(f"missing {', '.join(sorted(missing))}")
            if extra:
                parts.append(f"undeclared {', '.join(sorted(extra))}")
            raise PromptError(f"prompt {self.id}: {'; '.join(parts)} (declared: {', '.join(self.variables)})")
        system = _fill(self.system, values)
        for ex in self.examples:  # compact: the example text, then its answer as JSON without spaces
            answer = json.dumps(ex.answer, ensure_ascii=False, separators=(",", ":"))
            system += f"\nExample:\n<example>\n{ex.text}\n</example>\n{answer}"
        return [{"role": "system", "content": system}, {"role": "user", "content": _fill(self.user, values)}]


def _fill(text: str, values: dict[str, Any]) -> str:
    return _VAR.sub(lambda m: str(values[m.group(1)]), text)


def available_prompts() -> dict[str, list[str]]:
    """Template name → its versions, oldest first."""
    out: dict[str, list[str]] = {}
    for entry in resources.files("extractor.prompts").iterdir():
        m = _FILE.match(entry.name)
        if m:
            out.setdefault(m.group("name"), []).append(m.group("version"))
    return {k: sorted(v, key=lambda s: int(s[1:])) for k, v in sorted(out.items())}


@cache
def load_prompt(ref: str) -> Prompt:
    """The template ``name.vN`` (or the newest version of ``name``), parsed and checked."""
    name, _, version = ref.partition(".")
    versions = available_prompts().get(name)
    if not versions or (version and version not in versions):
        raise PromptError(f"no prompt template {ref!r} in prompts/; available: {available_prompts()}")
    version = version or versions[-1]
    file = f"{name}.{version}.txt"
    text = resources.files("extractor.prompts").joinpath(file).read_text(encoding="utf-8")
    return parse_prompt(name, version, text)


def parse_prompt(name: str, version: str, text: str) -> Prompt:
    """Parse a template's text; raise ``PromptError`` naming the file and the problem."""
    where = f"prompts/{name}.{version}.txt"
    header, sep, body = text.partition("\n=== ")
    if not sep:
        raise PromptError(f"{where}: no '=== system' / '=== user' blocks")
    declared: tuple[str, ...] | None = None
    for line in header.splitlines():
        m = re.match(r"#\s*variables:\s*(.*)$", line.strip())
        if m:
            declared = tuple(v.strip() for v in m.group(1).split(",") if v.strip())
    if declared is None:
        raise PromptError(f"{where}: the header must declare '# variables: a, b, …'")
    blocks: dict[str, str] = {}
    examples: list[Example] = []
    for block in ("=== " + body).split("\n=== ")[0:]:
        head, _, content = block.removeprefix("=== ").partition("\n")
        kind = head.strip()
        if kind == "example":
            examples.append(_parse_example(where, content))
        elif kind in ("system", "user") and kind not in blocks:
            blocks[kind] = content.strip("\n")
        else:
            raise PromptError(f"{where}: unexpected block '=== {kind}' (system, example…, user)")
    if set(blocks) != {"system", "user"}:
        raise PromptError(f"{where}: needs exactly one '=== system' and one '=== user' block")
    used = set(_VAR.findall(blocks["system"])) | set(_VAR.findall(blocks["user"]))
    if used != set(declared):
        raise PromptError(
            f"{where}: declared variables {sorted(declared)} but the template uses {sorted(used)}; make them match"
        )
    for ex in examples:
        if _VAR.search(ex.text):
            raise PromptError(f"{where}: examples cannot use variables")
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    return Prompt(name, version, declared, blocks["system"], blocks["user"], tuple(examples), digest)


def _parse_example(where: str, content: str) -> Example:
    m = re.fullmatch(r"\s*--- text\n(?P<text>.*?)\n--- answer\n(?P<answer>.*)", content, re.S)
    if not m:
        raise PromptError(f"{where}: an example needs '--- text' then '--- answer' (JSON)")
    try:
        answer = json.loads(m.group("answer"))
    except json.JSONDecodeError as exc:
        raise PromptError(f"{where}: example answer is not JSON ({exc})") from None
    return Example(text=m.group("text").strip("\n"), answer=answer)

"""What the model must answer, one schema per section (the model never sees another section's schema).

Every number comes with ``source``: the exact characters it was read from. Validation checks that the
source reads as the value (the facts spec's normalization); a failure is fed back to the model by
instructor. Whether the source is really in the chunk is the backend's job (grounding), not the model's.

The schemas are sent compactly (``compact_schema``): nested models inlined, no titles, descriptions,
defaults or ``additionalProperties`` — the prompt explains every field once, in words, so the JSON schema
only has to say the shape. Whatever the instructor mode (tools, json_schema, json), that is what goes out.
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model, model_validator

from extractor.normalize import normalize_value
from extractor.schemas import TABLE_COLUMNS
from extractor.schemas.report import NARRATIVE_COUNT_UNITS, NarrativeKey, PerformanceCol

_PLAIN = re.compile(r"-?\d+(?:\.\d+)?")


def compact_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with ``$ref`` inlined and every title, description, default and ``additionalProperties``
    dropped, except the top-level ``title`` (the tool / response-format name) and ``description``."""
    defs = schema.get("$defs", {})

    def walk(node: Any) -> Any:
        if isinstance(node, list):
            return [walk(x) for x in node]
        if not isinstance(node, dict):
            return node
        if "$ref" in node:
            return walk(defs[node["$ref"].rsplit("/", 1)[-1]])
        drop = {"title", "description", "default", "additionalProperties", "$defs"}
        return {k: walk(v) for k, v in node.items() if k not in drop}

    out = walk(schema)
    out["title"] = schema["title"]
    if schema.get("description"):
        out["description"] = schema["description"]
    return out


class _Answer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @classmethod
    def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:  # type: ignore[override]
        """The compact schema (see ``compact_schema``): what every instructor mode sends to the model."""
        full = super().model_json_schema(*args, **kwargs)
        out = compact_schema(full)
        out["description"] = "the answer"  # instructor would otherwise send a long boilerplate sentence
        return out


class ReadValue(_Answer):
    """A number as read: its plain value and the characters it was printed as."""

    value: str = Field(description="the number as a plain decimal: ASCII digits, no separators, spaces or %")
    source: str = Field(description="the number exactly as printed in the text, character for character")

    @model_validator(mode="after")
    def _source_reads_as_value(self) -> ReadValue:
        if not _PLAIN.fullmatch(self.value):
            raise ValueError(f"value {self.value!r} is not a plain decimal like 1903.01")
        if normalize_value(self.source) != self.value:
            raise ValueError(
                f"source {self.source!r} does not read as value {self.value!r}; "
                "copy the number's characters exactly and give value as their plain decimal"
            )
        return self


@cache
def table_answer(table: str) -> type[BaseModel]:
    """``TableRows_<table>``: rows with a key and cells over the table's closed column set."""
    if table not in TABLE_COLUMNS:
        raise KeyError(f"unknown table {table!r}")
    cols = TABLE_COLUMNS[table]
    cell = create_model(
        f"Cell_{table}",
        __base__=ReadValue,
        col=(Literal[cols], Field(description="the column, one of the table's columns")),  # type: ignore[valid-type]
    )
    row = create_model(
        f"Row_{table}",
        __base__=_Answer,
        key=(str, Field(description="row key: the classification code (206, 20601, 2060101) or the label")),
        label=(str, Field(default="", description="the row label exactly as printed")),
        cells=(list[cell], Field(description="the row's non-blank number cells, in printed order")),  # type: ignore[valid-type]
    )
    return create_model(f"TableRows_{table}", __base__=_Answer, rows=(list[row], Field(default_factory=list)))  # type: ignore[valid-type]


class NarrativeItem(ReadValue):
    key: NarrativeKey = Field(description="which figure of the vocabulary the sentence states")
    unit: Literal["万元", "元", "辆", "批次", "人次"]
    context: str = Field(description="the words printed right before the number, e.g. 收入总计")

    @model_validator(mode="after")
    def _unit_fits_key(self) -> NarrativeItem:
        want = NARRATIVE_COUNT_UNITS.get(self.key)
        if want and self.unit != want:
            raise ValueError(f"{self.key} is a count in {want}, not {self.unit}")
        if not want and self.unit not in ("万元", "元"):
            raise ValueError(f"{self.key} is money: unit 万元 or 元, not {self.unit}")
        return self


class NarrativeFacts(_Answer):
    facts: list[NarrativeItem] = Field(default_factory=list)


class PerformanceItem(ReadValue):
    project: str = Field(description="project name as printed, without quotes or 项目/自评综述")
    col: PerformanceCol


class PerformanceFacts(_Answer):
    items: list[PerformanceItem] = Field(default_factory=list)


def schema_hash(model: type[BaseModel]) -> str:
    """A short digest of a response schema: part of every cache key."""
    text = json.dumps(model.model_json_schema(), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]

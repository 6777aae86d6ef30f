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
    def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """The compact schema (see ``compact_schema``): what every instructor mode sends to the model."""
        full = super().model_json_schema(*args, **kwargs)
        out = compact_schema(full)
        out["description"] = "the answer"  # instructor would otherwise send a long boilerplate sentence
        return out


class ReadValue(_Answer):
    """A number as read: its plain value and the characters it was printed as."""

    value: str = Field(description="the number as a plain decimal: ASCII digits, no separators, spaces or %")
    source: str = Field(description="the number exactly as printed in the text, character for character")

    @model_validator(mode="before")
    @classmethod
    def _value_from_source(cls, data: Any) -> Any:
        """An answer held to ``grammar_schema`` (``json_grammar``) gives only ``source``: its value is the spec's
        normalization of it — the rule the check below applies anyway."""
        if isinstance(data, dict) and "value" not in data and isinstance(data.get("source"), str):
            plain = normalize_value(data["source"])
            if plain is not None:
                return {**data, "value": plain}
        return data

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


#: for a grammar-constraining server (``json_grammar`` mode), what a printed number's characters may be: the
#: validators cannot travel in a JSON schema, a pattern can (a model held to it can still misread). Bounded, so a
#: small model cannot run on in digits until max_tokens; ``[.]``, not an escaped dot, which llama-cpp-python's
#: schema-to-grammar converter turns into a grammar llama.cpp cannot parse (the server dies)
_SOURCE_PATTERN = r"^-?[0-9][0-9,]{0,15}([.][0-9]{1,4})?%?$"


def grammar_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The compact schema for a grammar-constraining server (``json_grammar``): every read number is its
    ``source`` alone, held to a number's characters by a ``pattern``; its value is derived from it on validation
    (``ReadValue._value_from_source``). A grammar cannot tie two fields together, and a small model held to
    both printed one number as source and another as value (SmolLM2-135M: source 3.65, value 48.75)."""

    def walk(node: Any) -> Any:
        if isinstance(node, list):
            return [walk(x) for x in node]
        if not isinstance(node, dict):
            return node
        out = {k: walk(v) for k, v in node.items()}
        props = out.get("properties")
        if isinstance(props, dict) and {"value", "source"} <= props.keys():
            source = {**props.pop("source"), "pattern": _SOURCE_PATTERN}
            del props["value"]
            out["properties"] = {"source": source, **props}
            out["required"] = [r for r in out.get("required", []) if r != "value"]
        return out

    return walk(model.model_json_schema())


@cache
def table_answer(table: str) -> type[BaseModel]:
    """``TableRows_<table>``: rows with a key and cells over the table's closed column set."""
    if table not in TABLE_COLUMNS:
        raise KeyError(f"unknown table {table!r}")
    col_type: Any = Literal[TABLE_COLUMNS[table]]  # a Literal made at run time: no static type to give it
    cell = create_model(
        f"Cell_{table}",
        __base__=ReadValue,
        col=(col_type, Field(description="the column, one of the table's columns")),
    )
    # list[cell], list[row]: lists of model classes made at run time, which no static type names (valid-type)
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

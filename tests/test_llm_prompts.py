"""Prompt templates, answer schemas and the LLM notes checks — no server, no network."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import BaseModel

import extractor.llm as llm
from extractor.backends.llm import PROMPTS, candidates
from extractor.checks import run_checks
from extractor.llm import NarrativeFacts, PerformanceFacts, PromptError, load_prompt, table_answer
from extractor.llm.answers import ReadValue
from extractor.llm.prompts import available_prompts, parse_prompt
from extractor.normalize import normalize_value
from extractor.schemas import TABLE_COLUMNS, Extraction, Unread

ROOT = Path(__file__).resolve().parent.parent


def _answer_model(name: str) -> type[BaseModel]:
    if name == "narrative":
        return NarrativeFacts
    if name == "performance":
        return PerformanceFacts
    return table_answer("income")


def _values(obj: object) -> list[dict[str, str]]:
    if isinstance(obj, dict):
        here = [obj] if {"value", "source"} <= obj.keys() else []
        return here + [v for x in obj.values() for v in _values(x)]
    if isinstance(obj, list):
        return [v for x in obj for v in _values(x)]
    return []


@pytest.mark.parametrize("ref", sorted(PROMPTS.values()))
def test_every_example_value_is_in_its_own_example_text(ref: str) -> None:
    prompt = load_prompt(ref)
    assert prompt.examples
    for ex in prompt.examples:
        _answer_model(prompt.name).model_validate(ex.answer)  # examples fit the schema they teach
        values = _values(ex.answer)
        assert values
        for v in values:
            assert v["source"] in ex.text, (ref, v)
            assert normalize_value(v["source"]) == v["value"]
            assert candidates(ex.text, v["value"], v["source"]), (ref, v)
        for name in re.findall(r'"(?:project|context)": "([^"]+)"', str(ex.answer).replace("'", '"')):
            assert name in ex.text


def test_examples_are_synthetic_not_from_the_eval_texts() -> None:
    corpus = "".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "eval").rglob("*") if p.suffix in (".txt", ".jsonl")
    )
    for ref in PROMPTS.values():
        for ex in load_prompt(ref).examples:
            for line in ex.text.splitlines():
                if len(line.strip()) >= 12:
                    assert line.strip() not in corpus, (ref, line)


def test_prompt_versions_are_in_the_file_names() -> None:
    assert available_prompts() == {"narrative": ["v1", "v2"], "performance": ["v1", "v2"], "table_rows": ["v1", "v2"]}
    assert load_prompt("table_rows").id == "table_rows.v2"
    assert load_prompt("table_rows.v1").id == "table_rows.v1"
    with pytest.raises(PromptError, match="no prompt template"):
        load_prompt("table_rows.v9")


def test_rendering_fails_loudly_on_missing_or_undeclared_variables() -> None:
    p = load_prompt("performance.v2")
    messages = p.render(chunk="示例")
    assert messages[0]["role"] == "system" and "<chunk>\n示例\n</chunk>" in messages[1]["content"]
    with pytest.raises(PromptError, match="missing chunk"):
        p.render()
    with pytest.raises(PromptError, match="undeclared extra"):
        p.render(chunk="x", extra=1)


def test_templates_must_declare_exactly_what_they_use() -> None:
    with pytest.raises(PromptError, match="declared variables"):
        parse_prompt("t", "v1", "# variables: a\n=== system\n{{a}} {{b}}\n=== user\nx\n")
    with pytest.raises(PromptError, match="must declare"):
        parse_prompt("t", "v1", "# nothing\n=== system\nx\n=== user\ny\n")
    ok = parse_prompt("t", "v1", "# variables: a\n=== system\ns\n=== user\n{{a}}\n")
    assert ok.render(a="1")[1]["content"] == "1"


def test_answer_validation_feeds_back_a_useful_error() -> None:
    assert ReadValue(value="1903.01", source="1, 903. 01").value == "1903.01"
    with pytest.raises(ValueError, match="does not read as"):
        ReadValue(value="1903.01", source="1903.10")
    with pytest.raises(ValueError, match="plain decimal"):
        ReadValue(value="1,903.01", source="1,903.01")
    model = table_answer("three_public")
    with pytest.raises(ValueError):
        model.model_validate({"rows": [{"key": "合计", "cells": [{"col": "金额", "value": "1", "source": "1"}]}]})
    with pytest.raises(ValueError, match="count in 辆"):
        NarrativeFacts.model_validate(
            {"facts": [{"key": "车辆总数", "value": "2", "source": "2", "unit": "万元", "context": "车辆"}]}
        )


def test_grounding_respects_number_boundaries() -> None:
    text = "合计 21.74 1.7 1,903.01"
    assert candidates(text, "1.7", "1.7") == [(9, 12)]
    assert candidates(text, "1903.01", "1903.01") == [(13, 21)]
    assert candidates(text, "9.99", "9.99") == []


def test_public_api() -> None:
    for name in llm.__all__:
        assert hasattr(llm, name), name


def test_backend_notes_become_flags() -> None:
    ex = Extraction(
        doc="d",
        backend="hybrid",
        unread=[
            Unread(what="llm:income/206/本年收入合计", reason="not in chunk 3", span=(0, 50),
                   kind="ungrounded", claim="98761.01"),
            Unread(what="hybrid:summary/收入总计/金额", reason="rules read 1, the model read 2", span=(1, 2),
                   kind="conflict", claim="2", other_span=(5, 6)),
            Unread(what="llm:narrative/收入总计/金额", reason="chunk 1 reads 1 but chunk 2 reads 3", span=(1, 2),
                   kind="conflict", claim="3", other_span=(8, 9)),
            Unread(what="income 206", reason="a plain reader note"),
        ],
    )  # fmt: skip
    flags = {f.check: f for f in run_checks(ex)}
    assert flags["llm.ungrounded"].found == "98761.01" and flags["llm.ungrounded"].severity == "warning"
    spans = [x.span for x in flags["hybrid.disagreement"].facts]
    assert spans == [(1, 2), (5, 6)] and flags["hybrid.disagreement"].found == "2"
    assert [x.span for x in flags["llm.conflict"].facts] == [(1, 2), (8, 9)]


def test_schemas_are_sent_compactly() -> None:
    """No titles, descriptions or $refs inside: the prompt explains the fields; the schema gives the shape."""
    import json as _json

    for model in (table_answer("income"), NarrativeFacts, PerformanceFacts):
        schema = model.model_json_schema()
        text = _json.dumps(schema, ensure_ascii=False)
        assert "$ref" not in text and "$defs" not in text and text.count('"title"') == 1
        assert schema["title"] == model.__name__
        assert len(text) < 800
    cols = table_answer("income").model_json_schema()["properties"]["rows"]["items"]["properties"]["cells"]
    assert set(cols["items"]["properties"]["col"]["enum"]) == set(TABLE_COLUMNS["income"])  # only its own

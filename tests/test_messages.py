"""Flag messages as templates: the English ``message`` other tools read, and the same flag in Chinese."""

from __future__ import annotations

import string

import pytest

from extractor.checks.messages import CATALOG, Text, basis_text, label, render
from extractor.schemas.flags import Flag
from tests.conftest import SEED_IDS, seed_result


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("template", sorted(CATALOG))
def test_every_template_reads_in_both_languages(template: str) -> None:
    en, zh = CATALOG[template]
    assert _fields(zh) <= _fields(en) | {"total"}, "a Chinese message may only use what the English one is given"
    assert any("\u4e00" <= ch <= "\u9fff" for ch in zh.replace("{", "").replace("}", ""))


@pytest.mark.parametrize("doc", SEED_IDS)
def test_every_flag_of_the_seeds_has_a_template_and_reads_in_chinese(doc: str) -> None:
    for f in seed_result(doc).flags:
        assert f.template in CATALOG, (f.check, f.message)
        assert render(f, "en") == f.message
        zh = render(f, "zh")
        assert zh != f.message and "{" not in zh and "basic_by_economic" not in zh


def test_the_subtotal_reads_naturally_in_chinese() -> None:
    flag = next(f for f in seed_result("000_d2cac5324267c124").flags if f.check == "economic.subtotals")
    assert render(flag, "zh") == "06表 公用经费合计 决算数 为 130.6，但 302 = 130.68"
    assert flag.message == "basic_by_economic 公用经费合计: 130.6 ≠ 302 = 130.68"
    assert flag.suggested is not None
    texts = [basis_text(b, "zh", "basic_by_economic/公用经费合计/决算数") for b in flag.suggested.basis]
    assert "Σ 302 = 130.68" in texts and "情况说明 公用经费 = 130.68" in texts


def test_labels_and_parameters_in_each_language() -> None:
    assert label("fiscal_summary/年初财政拨款结转和结余/一般公共预算财政拨款/金额", "zh") == (
        "04表 年初财政拨款结转和结余/一般公共预算财政拨款"
    )
    assert label("narrative/公用经费/金额", "zh") == "情况说明 公用经费"
    msg = Text.of("unknown_code", code="2200150", where=["income", "expenditure"], kind="function")
    assert msg.render("en") == "2200150 (income, expenditure): not in the shipped function dictionary"
    assert msg.render("zh") == "2200150（02表、03表）：随附的功能分类科目字典中没有这个编码"
    with pytest.raises(KeyError):
        Text.of("no_such_template")


def test_a_flag_without_a_template_keeps_its_message() -> None:
    f = Flag(id="x:1", doc="d", check="x", severity="warning", message="an older flag")
    assert render(f, "zh") == "an older flag"

"""A fund row table 01 leaves blank while its income sum fails is not a zero for table 02's 合计.

Seed 003 in rows rebuilt from RapidOCR's heavy scan of draw M (held out when it was drawn and scored; committed
as the engine printed it): table 01 prints ``1 741.64 一、一般公共服务支出 32`` and the fund's label on the next
line, so its first reading gives 741.64 to the expenditure and leaves 一般公共预算财政拨款收入 blank, with
本年收入合计 = Σ income failing. Taken as a zero, that blank made table 02's 合计 row anchor 财政拨款收入 at 0, and
the ``741.64 741.64`` pair of every row went to 其他收入 — 20 wrong values, each of them a whole column off,
with no flag. A blank under an identity that fails says nothing; table 04's confirmed 本年收入合计 (741.64)
anchors the fund column instead, and table 02 is read right.
"""

from __future__ import annotations

from pathlib import Path

from tests.test_ocr_skew_rows import _read_copy

DATA = Path(__file__).resolve().parent / "data"
S003 = "003_9ee8868df83b9797"


def test_a_blank_fund_under_a_failing_sum_anchors_nothing(tmp_path: Path) -> None:
    read, gold = _read_copy(tmp_path, DATA / "fund_blank_s15" / "M_rows_seed003_heavy.txt", S003, {"income"})
    assert {k: v for k, v in read.items() if gold.get(k) != v} == {}  # was 20 values in 其他收入
    assert read[("income", "合计", "财政拨款收入")] == "741.64"
    assert not any(col == "其他收入" for _, _, col in read)
    assert len(read) >= 40  # of 46

"""Traditional / variant characters the recognition model sometimes prints for simplified ones.

The recogniser is trained on both scripts and, on a blurred glyph, may answer ``決`` for ``决`` — which
would hide a table title (``支出決算表``) from the segmenter. Reports read here are printed in simplified
Chinese, so the characters of their vocabulary are folded back one for one (offsets never move).
"""

from __future__ import annotations

_PAIRS = (
    "決决 預预 財财 撥拨 費费 經经 營营 資资 計计 項项 總总 業业 單单 補补 數数 結结 餘余 轉转 稅税 務务 "
    "車车 購购 運运 維维 護护 國国 門门 說说 額额 際际 類类 編编 碼码 稱称 級级 養养 險险 職职 醫医 療疗 "
    "衛卫 農农 環环 節节 會会 學学 術术 協协 開开 發发 與与 廣广 電电 視视 鄉乡 區区 災灾 應应 監监 屬属 "
    "繳缴 處处 從从 為为 個个 實实 對对 報报 貼贴 減减 產产 設设 備备 機机 關关 續续 專专 議议 員员 傳传 "
    "體体 儲储 氣气 訊讯 億亿 萬万 興兴 衆众 眾众 離离 撫抚 恤恤 歸归 還还 債债 務务 權权 參参 "
    "兩两 間间 當当 據据 價价 達达 標标 準准 組组 織织 團团 黨党 辦办 廳厅 縣县 鎮镇 園园 場场 號号 "
    "條条 規规 劃划 質质 證证 審审 計计 彙汇 匯汇 優优 勞劳 動动 較较 導导 過过 進进 處处 貸贷 "
    "統统 籌筹 獎奖 勵励 雜杂 護护 災灾 險险 舊旧 義义 圖图 書书 館馆 藝艺 廠厂 礦矿 權权 術术"
)
FOLD = {pair[0]: pair[1] for pair in _PAIRS.split() if len(pair) == 2 and pair[0] != pair[1]}
_TABLE = str.maketrans(FOLD)


def fold_text(text: str) -> str:
    """Traditional / variant characters → simplified, one character for one."""
    return text.translate(_TABLE)

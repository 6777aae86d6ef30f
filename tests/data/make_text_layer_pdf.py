"""Made tests/data/text_layer.pdf once (fpdf2 + Debian fonts-wqy-microhei): a PDF with a text layer.

python tests/data/make_text_layer_pdf.py
"""

from pathlib import Path

from fpdf import FPDF

pdf = FPDF(format="A4")
pdf.add_font("wqy", fname="/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
pdf.add_page()
pdf.set_font("wqy", size=14)
pdf.cell(0, 10, "财政拨款“三公”经费支出决算表", align="C", new_x="LMARGIN", new_y="NEXT")
pdf.set_font("wqy", size=10)
for line in ["公开09表", "金额单位：万元"]:
    pdf.cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
rows = [
    ["项目", "预算数", "决算数"],
    ["合计", "12.50", "10.30"],
    ["因公出国(境)费", "0.00", "0.00"],
    ["公务用车购置及运行费", "8.00", "7.10"],
    ["公务用车购置费", "0.00", "0.00"],
    ["公务用车运行维护费", "8.00", "7.10"],
    ["公务接待费", "4.50", "3.20"],
]
for r in rows:
    pdf.cell(70, 8, r[0], border=1)
    pdf.cell(40, 8, r[1], border=1, align="R")
    pdf.cell(40, 8, r[2], border=1, align="R", new_x="LMARGIN", new_y="NEXT")
pdf.output(str(Path(__file__).with_name("text_layer.pdf")))

"""End-to-end review in a real browser: Playwright driving Debian's Chromium against a real uvicorn server.

Never runs ``playwright install``: the browser is /usr/bin/chromium (``EXTRACTOR_CHROMIUM`` overrides).
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Dialog, Page, expect, sync_playwright

from extractor.pipeline import DocResult
from tests.conftest import OCR_DAMAGED, need_service
from tests.test_review_app import (
    DOC,
    PASSWORD,
    PASSWORD2,
    USER,
    USER2,
    XSS_DOC,
    Server,
    start_server,
)

CHROMIUM = os.environ.get("EXTRACTOR_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run"]  # fmt: skip
SHOTS = os.environ.get("EXTRACTOR_SCREENSHOTS")  # a folder: save the README screenshots there


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, scan: DocResult) -> Iterator[Server]:
    yield from start_server(tmp_path_factory.mktemp("e2e"), scan)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    need_service(
        Path(CHROMIUM).exists(), f"no Chromium at {CHROMIUM}: apt-get install chromium (tests/services.sh does)"
    )
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


def _login(browser: Browser, server: Server, user: str = USER, password: str = PASSWORD) -> Page:
    page = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN").new_page()
    page.goto(server.url + "/flags")
    expect(page).to_have_url(server.url + "/login?next=%2Fflags")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    expect(page).to_have_url(server.url + "/flags")
    return page


def test_unauthenticated_browser_sees_only_the_login_page(browser: Browser, server: Server) -> None:
    page = browser.new_page()
    page.goto(f"{server.url}/flags/{server.subtotal}")
    assert page.url.startswith(server.url + "/login")
    assert "公用经费合计" not in page.content()
    r = page.request.get(server.url + "/api/flags")
    assert r.status == 401 and "economic" not in r.text()
    page.context.close()


def _item_id(server: Server, doc: str = DOC) -> str:
    [g] = server.store.groups(doc=doc, severity="error", status="all")
    return g.id


def test_one_wrong_figure_is_one_item_accepted_with_one_key_in_chinese(browser: Browser, server: Server) -> None:
    page = _login(browser, server)
    page.goto(f"{server.url}/flags?doc={DOC}&severity=error")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.locator("h1")).to_contain_text("待审事项")
    rows = page.locator("tr.item-row")
    expect(rows).to_have_count(1)  # four error flags, one item
    expect(rows.first).to_contain_text("06表 公用经费合计 决算数 = 130.6 —— 4 项检查不一致；建议 130.68（Σ 302")
    expect(rows.first).to_contain_text("情况说明 与 表格")
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / "review-queue.png"), full_page=True)
    page.keyboard.press("j")
    expect(rows.first).to_have_class(re.compile(r"\bselected\b"))
    page.keyboard.press("Enter")
    expect(page.locator("#printed")).to_have_text("130.6")
    expect(page.locator("#suggested-value")).to_have_text("130.68")
    expect(page.locator("#suggestion")).to_contain_text("情况说明 公用经费 = 130.68")
    expect(page.locator("section.check")).to_have_count(4)
    expect(page.locator("#suspect tr.hit mark")).to_have_text("130.6")
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / "review-item.png"), full_page=True)
    page.keyboard.press("a")  # accept the suggestion: on to the next item (none left: the queue)
    expect(page.locator("#flash")).to_contain_text("130.6 → 130.68；已解决 4 条")
    item = _item_id(server)
    assert {v.status for v in server.store.group(item).flags} == {"resolved"}
    accepted = [e for e in server.store.log(DOC) if e["action"] == "accept"]
    assert len(accepted) == 1 and accepted[0]["actor"] == USER and accepted[0]["suggestion"]["value"] == "130.68"
    page.keyboard.press("u")  # undo: back on the item, open again
    expect(page.locator("#status")).to_have_attribute("data-status", "open")
    expect(page.locator("#flash")).to_contain_text("已撤销")
    assert next(f for f in server.store.facts(DOC) if f["row"] == "公用经费合计")["value"] == "130.6"
    page.context.close()


def test_every_action_is_one_key_and_the_queue_remembers_the_item(browser: Browser, server: Server) -> None:
    page = _login(browser, server)
    item = _item_id(server)
    page.goto(f"{server.url}/items/{item}?doc={DOC}&severity=error")
    page.keyboard.press("e")  # enter a value: the field has the focus, the reason is filled in
    expect(page.locator("#fix-form input[name=value]")).to_be_focused()
    page.keyboard.type("130.68")
    page.keyboard.press("Enter")
    expect(page.locator("#flash")).to_contain_text("130.6 → 130.68")
    page.keyboard.press("u")
    expect(page.locator("#status")).to_have_attribute("data-status", "open")
    page.keyboard.press("c")  # confirm: the reason box has the focus; Esc leaves it, keys work again
    expect(page.locator("#confirm-form textarea")).to_be_focused()
    page.keyboard.press("Escape")
    page.keyboard.press("d")
    expect(page.locator("#dismiss-form textarea")).to_be_focused()
    page.keyboard.type("误报：报告原样如此")
    page.keyboard.press("Enter")
    expect(page.locator("#flash")).to_contain_text("已忽略 4 条问题")
    assert {v.status for v in server.store.group(item).flags} == {"dismissed"}
    page.keyboard.press("u")
    expect(page.locator("#status")).to_have_attribute("data-status", "open")
    page.goto(f"{server.url}/flags?doc={DOC}&severity=error")  # the queue starts where the reviewer was
    expect(page.locator(f"tr.item-row[data-item='{item}']")).to_have_class(re.compile(r"\bselected\b"))
    page.goto(f"{server.url}/resume")
    expect(page).to_have_url(re.compile(r"/items/group"))
    page.locator("#lang-switch").click()  # English on request, remembered
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_contain_text("4 checks disagree")
    page.goto(f"{server.url}/flags?doc={DOC}&severity=error")
    expect(page.locator("tr.item-row").first).to_contain_text("suggested 130.68 (Σ 302 = 130.68")
    page.locator("#lang-switch").click()
    page.context.close()


def test_a_single_flag_can_still_be_fixed_on_its_page(browser: Browser, server: Server) -> None:
    page = _login(browser, server)
    page.goto(f"{server.url}/flags?doc={DOC}&severity=error&view=flags&lang=en")
    row = page.locator("tr.flag-row", has_text="公用经费合计: 130.6 ≠ 302 = 130.68")
    expect(row).to_have_count(1)
    # keyboard: j moves the selection down the queue, Enter opens the selected flag
    rows = page.locator("tr.flag-row")
    target = next(i for i in range(rows.count()) if "130.6 ≠ 302" in rows.nth(i).inner_text())
    for _ in range(target + 1):
        page.keyboard.press("j")
    expect(rows.nth(target)).to_have_class("flag-row selected")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text("economic.subtotals")
    hit = page.locator("section.fact").first.locator("tr.hit")
    expect(hit.locator("mark")).to_have_text("130.6")
    expect(hit).to_contain_text("人员经费合计")
    expect(page.locator("section.fact").first.locator("tr.hdr").last).to_contain_text("科目编码")
    expect(page.locator("#status")).to_have_attribute("data-status", "open")
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / "review-flag.png"), full_page=True)
    form = page.locator("#fix-form")
    form.locator("select[name=fact]").select_option(label="basic_by_economic/公用经费合计/决算数 = 130.6")
    form.locator("input[name=value]").fill("130.68")
    form.locator("textarea[name=reason]").fill("OCR dropped the last digit; 302 alone is 130.68")
    form.locator("button[type=submit]").click()
    expect(page.locator("#status")).to_have_attribute("data-status", "resolved")
    expect(page.locator(".flash")).to_contain_text("130.6 → 130.68")
    page.goto(server.url + "/log")
    fix = page.locator("#log tr.act-fix").first  # newest first
    expect(fix).to_contain_text(USER)
    expect(fix).to_contain_text("130.68")
    expect(fix).to_contain_text("OCR dropped the last digit")
    expect(page.locator("#log tr.act-resolve", has_text=server.subtotal).first).to_be_visible()
    page.goto(f"{server.url}/flags?lang=zh")
    page.context.close()


def test_script_in_a_report_shows_as_text(browser: Browser, server: Server) -> None:
    page = _login(browser, server)
    dialogs: list[str] = []

    def on_dialog(d: Dialog) -> None:
        dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", on_dialog)
    page.goto(f"{server.url}/flags/{server.flag_id(XSS_DOC)}")
    expect(page.locator("section.fact").first.locator("tr.hdr", has_text="<script>")).to_have_count(1)
    assert page.evaluate("typeof window.xss") == "undefined"
    assert page.locator("section.fact b").count() == 0
    assert not dialogs
    page.context.close()


def test_second_reviewer_is_told_about_the_first_change(browser: Browser, server: Server) -> None:
    flag = server.flag_id(XSS_DOC)
    ann, bob = _login(browser, server), _login(browser, server, USER2, PASSWORD2)
    for p in (ann, bob):
        p.goto(f"{server.url}/flags/{flag}")
    total = "basic_by_economic/公用经费合计/决算数 = 130.6"
    ann.locator("#fix-form select[name=fact]").select_option(label=total)
    ann.locator("#fix-form input[name=value]").fill("130.68")
    ann.locator("#fix-form textarea[name=reason]").fill("ann's fix")
    ann.locator("#fix-form button[type=submit]").click()
    expect(ann.locator("#status")).to_have_attribute("data-status", "resolved")
    bob.locator("#fix-form select[name=fact]").select_option(label=total)
    bob.locator("#fix-form input[name=value]").fill("999")
    bob.locator("#fix-form textarea[name=reason]").fill("bob's fix")
    bob.locator("#fix-form button[type=submit]").click()
    expect(bob.locator("#error")).to_contain_text("ann")
    expect(bob.locator("#error")).to_contain_text("130.68")
    expect(bob.locator("#error")).to_contain_text("ann's fix")
    values = {f["row"]: f["value"] for f in server.store.facts(XSS_DOC) if f["table"] == "basic_by_economic"}
    assert values["公用经费合计"] == "130.68"
    ann.context.close()
    bob.context.close()


def test_a_fix_of_a_flag_with_several_facts_needs_the_fact_chosen(browser: Browser, server: Server) -> None:
    page = _login(browser, server)
    before = server.store.log()
    page.goto(f"{server.url}/flags/{server.subtotal}")
    form = page.locator("#fix-form")
    form.locator("input[name=value]").fill("999")
    form.locator("textarea[name=reason]").fill("which one?")
    form.locator("button[type=submit]").click()  # no fact chosen: the browser does not send the form
    assert form.locator("select[name=fact]").evaluate("s => s.validity.valueMissing")
    page.wait_for_timeout(300)
    assert server.store.log() == before
    page.context.close()


def test_the_reviewer_of_a_scan_sees_where_each_fact_was_read(browser: Browser, server: Server) -> None:
    page = _login(browser, server)
    page.goto(f"{server.url}/flags/{server.scan_flag}")
    facts = page.locator("section.fact")
    expect(facts).to_have_count(4)
    for i in range(4):  # every involved fact has its crop beside it, loaded and of a sensible size
        img = facts.nth(i).locator("figure.scan img.crop")
        expect(img).to_be_visible()
        w, h = img.evaluate("i => [i.naturalWidth, i.naturalHeight]")
        assert 100 < w < 1200 and 40 < h < 400, (i, w, h)
    expect(facts.first.locator("figcaption")).to_contain_text("第 1 页")
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / "review-scan.png"), full_page=True)
    with page.expect_popup() as popup:
        facts.first.locator("a.page-link").click()
    whole = popup.value
    whole.wait_for_load_state()
    size = whole.evaluate("() => [document.images[0].naturalWidth, document.images[0].naturalHeight]")
    assert size[0] > 600 and size[1] > 300, size  # the whole page, not the crop
    whole.close()
    item = server.store.groups(doc="sangong_scan", severity="error")[0]
    page.goto(f"{server.url}/items/{item.id}")  # the item shows its suspect on the page too
    img = page.locator("#suspect figure.scan img.crop")
    expect(img).to_be_visible()
    assert img.evaluate("i => i.naturalWidth") > 100
    page.context.close()


def test_an_ended_session_shows_nothing(browser: Browser, server: Server) -> None:
    page = _login(browser, server)
    cookies = page.context.cookies()
    page.locator("header form.logout button").click()
    expect(page).to_have_url(server.url + "/login")
    replay = browser.new_context()
    # Playwright types cookies() as Cookie and takes SetCookieParam: the same keys, only declared Optional there
    replay.add_cookies(cookies)  # type: ignore[arg-type]  # the cookie copied before logout
    other = replay.new_page()
    other.goto(f"{server.url}/flags/{server.scan_flag}")
    assert other.url.startswith(server.url + "/login")
    assert other.request.get(f"{server.url}/flags/{server.scan_flag}/crop/0.png").status == 401
    replay.close()
    page.context.close()


def test_the_reviewer_sees_how_each_value_was_read_and_filters_by_it(
    browser: Browser, server: Server, ocr_repaired: DocResult
) -> None:
    """OCR text whose 206 income total printed ``1,550:75`` (repaired to 1550.75): its badge, the printed text
    beside it, the queue's confidence filter, and the badge once the reviewer has entered the value."""
    res = ocr_repaired
    doc = server.store.load_document(
        res.extraction.model_copy(deep=True), res.source.text, res.source.sha256, path=str(res.source.path)
    ).doc
    page = _login(browser, server)
    page.goto(f"{server.url}/flags?doc={doc}")
    rows = page.locator("tr.item-row")
    expect(rows).to_have_count(len(server.store.groups(doc=doc)))
    page.locator("select[name=confidence]").select_option("repaired")
    page.locator("form.filters button[type=submit]").click()
    expect(rows).to_have_count(1)
    expect(rows.first.locator(".conf")).to_have_text("OCR修复")
    expect(rows.first.locator(".repaired-from")).to_have_text(f"原件印为 {OCR_DAMAGED}")
    rows.first.locator("a").click()
    fact = page.locator("section.check .other")
    expect(fact).to_contain_text("206 本年收入合计 = 1550.75")  # the value read, beside what was printed
    expect(fact.locator(".conf")).to_have_text("OCR修复")
    expect(fact.locator(".conf")).to_have_attribute("title", re.compile("勾稽关系所确认"))
    expect(fact.locator(".repaired-from")).to_have_text(f"原件印为 {OCR_DAMAGED}")
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / "review-confidence.png"), full_page=True)
    page.locator("#fix-form input[name=value]").fill("1550.75")  # read on the page
    page.locator("#fix-form button[type=submit]").click()
    expect(page.locator("#flash")).to_contain_text("→ 1550.75")
    page.goto(f"{server.url}/flags?doc={doc}&status=all&confidence=reviewer&lang=en")
    expect(rows).to_have_count(1)
    expect(rows.first.locator(".conf")).to_have_text("set by reviewer")
    expect(rows.first.locator(".read-as")).to_have_text("read as: OCR repaired")
    [subtotal] = server.store.groups(doc=doc, severity="error")
    page.goto(f"{server.url}/items/{subtotal.id}")
    # 130.6 (≠ 302's 130.68): economic.subtotals fails for it — the badge says so, not "read as printed"
    expect(page.locator("#headline .conf")).to_have_text("identity fails")
    expect(page.locator("section.check .other .conf").first).to_have_text("confirmed by identity")
    page.locator("#lang-switch").click()
    page.context.close()

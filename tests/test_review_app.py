"""The review web app over HTTP: a real uvicorn server on 127.0.0.1 (free port), started by a fixture.

Also home of ``start_server``, which the Playwright tests (test_review_e2e.py) use.
"""

from __future__ import annotations

import io
import re
import shutil
import socket
import threading
import time
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import numpy as np
import pytest
import uvicorn
from PIL import Image

import extractor.store as store_module
from extractor.errors import ConfigError
from extractor.pipeline import DocResult
from extractor.review.app import create_app
from extractor.store import Store
from tests.conftest import _pg_url, flag_id, seed_result

DOC = "000_d2cac5324267c124"
XSS_DOC = "xss_doc"
TOTAL = "basic_by_economic/公用经费合计/决算数"
ITEM_302 = "basic_by_economic/302/决算数"
USER, PASSWORD = "ann", "correct horse battery"
USER2, PASSWORD2 = "bob", "staple battery horse"
TOKEN = "test-token-0123456789abcdef0123456789"
PAYLOAD = "<script>window.xss=1</script>"
SCAN_TOTAL = "three_public/合计/决算数"


@dataclass
class Server:
    url: str
    db: str
    store: Store
    scan: DocResult | None = None

    def flag_id(self, doc: str, check: str = "economic.subtotals", *facts: str) -> str:
        return flag_id(self.store.flags(doc=doc, check=check, status="all"), check, *(facts or (TOTAL,)))

    @property
    def subtotal(self) -> str:
        """Seed 000's 公用经费合计 flag: printed 130.6, but 302 alone is 130.68."""
        return self.flag_id(DOC, "economic.subtotals", TOTAL, ITEM_302)

    @property
    def scan_flag(self) -> str:
        return self.flag_id("sangong_scan", "three_public.sum", SCAN_TOTAL)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _xss_text(text: str, table_start: int) -> str:
    """The seed text with a table 06 header line replaced (same length, spans intact) by a script tag."""
    i = text.index("科目编码\t科目名称\t决算数", table_start)
    line_end = text.index("\n", i)
    body = (PAYLOAD + "\t<b>粗体</b>\t").ljust(line_end - i)[: line_end - i]
    return text[:i] + body + text[line_end:]


def load_store(db: str, scan: DocResult | None = None) -> Store:
    """A store with seed 000, a copy whose table 06 header holds a script tag, two reviewers and the scan."""
    store = Store(db)
    r = seed_result(DOC)
    store.load(r.extraction.model_copy(deep=True), r.source.text, r.source.sha256, path=str(r.source.path))
    ex = r.extraction.model_copy(deep=True, update={"doc": XSS_DOC})
    table06 = ex.table("basic_by_economic")
    assert table06 is not None
    store.load(ex, _xss_text(r.source.text, table06.span[0]), "0" * 64, path="xss.txt")
    if scan is not None:
        store.load(scan.extraction.model_copy(deep=True), scan.source.text, scan.source.sha256, path=scan.source.path)
    store.add_user(USER, PASSWORD)
    store.add_user(USER2, PASSWORD2)
    return store


def start_server(
    tmp: Path, scan: DocResult | None = None, db: str | None = None, secure_cookies: bool = False
) -> Generator[Server, None, None]:
    db = db or f"sqlite:///{tmp / 'review.db'}"
    store = load_store(db, scan)
    port = _free_port()
    app = create_app(db, token=TOKEN, secure_cookies=secure_cookies)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("review server did not start")
        time.sleep(0.05)
    try:
        yield Server(f"http://127.0.0.1:{port}", db, store, scan)
    finally:
        server.should_exit = True
        thread.join(10)
        app.state.store.close()
        store.close()


@pytest.fixture(scope="module")
def review_server(tmp_path_factory: pytest.TempPathFactory, scan: DocResult) -> Iterator[Server]:
    yield from start_server(tmp_path_factory.mktemp("review"), scan)


@pytest.fixture
def fresh_server(tmp_path: Path) -> Iterator[Server]:
    """A server of its own, for tests that change accounts or throttle the test client's address."""
    yield from start_server(tmp_path)


def _csrf(html: str) -> str:
    m = re.search(r'name="csrf" value="([^"]+)"', html)
    assert m, "no CSRF token in the page"
    return m.group(1)


def login(server: Server, user: str = USER, password: str = PASSWORD) -> httpx.Client:
    c = httpx.Client(base_url=server.url, headers={"accept": "text/html"})
    page = c.get("/login")
    r = c.post("/login", data={"username": user, "password": password, "csrf": _csrf(page.text), "next": "/"})
    assert r.status_code == 303, r.text
    return c


def _paths(server: Server) -> list[str]:
    flag = server.subtotal
    item = server.store.groups(doc=DOC, severity="error", status="all")[0].id
    scan_item = server.store.groups(doc="sangong_scan", severity="error", status="all")[0].id
    return ["/", "/flags", f"/flags/{flag}", "/log", "/api/flags", "/api/log", f"/flags/{server.scan_flag}/crop/0.png",
            f"/flags/{server.scan_flag}/page/0.png", f"/items/{item}", "/api/items", f"/api/items/{item}", "/resume",
            f"/items/{scan_item}/crop.png", f"/items/{scan_item}/page.png"]  # fmt: skip


def test_unauthenticated_requests_get_nothing(review_server: Server) -> None:
    for path in _paths(review_server):
        page = httpx.get(review_server.url + path, headers={"accept": "text/html"})
        assert page.status_code == 303 and page.headers["location"].startswith("/login"), path
        assert "130.6" not in page.text and "economic" not in page.text
        api = httpx.get(review_server.url + path)
        assert api.status_code == 401, path
        assert "economic" not in api.text and not api.content.startswith(b"\x89PNG")
        bad = httpx.get(review_server.url + path, headers={"authorization": "Bearer wrong"})
        assert bad.status_code == 401


def test_unauthenticated_posts_change_nothing(review_server: Server) -> None:
    flag = review_server.subtotal
    r = httpx.post(f"{review_server.url}/flags/{flag}/dismiss", data={"reason": "x", "csrf": "x"})
    assert r.status_code == 401
    assert review_server.store.flag(flag).status == "open"
    item = review_server.store.groups(doc=DOC, severity="error")[0].id
    for path in (f"/items/{item}/accept", f"/items/{item}/dismiss", "/undo"):
        assert httpx.post(review_server.url + path, data={"reason": "x", "csrf": "x"}).status_code == 401
    assert review_server.store.flag(flag).status == "open"


def test_wrong_password_is_refused(review_server: Server) -> None:
    c = httpx.Client(base_url=review_server.url)
    page = c.get("/login")
    r = c.post("/login", data={"username": USER, "password": "nope", "csrf": _csrf(page.text)})
    assert r.status_code == 401
    assert c.get("/flags", headers={"accept": "text/html"}).status_code == 303
    review_server.store.login_succeeded(["addr:127.0.0.1"])  # the other tests log in from here too


def test_logged_in_reviewer_gets_the_queue(review_server: Server) -> None:
    c = login(review_server)
    r = c.get("/flags", params={"doc": DOC, "severity": "error"})
    assert r.status_code == 200
    assert r.text.count('class="flag-row item-row') == 1  # seed 000's four errors: one item, in Chinese
    assert "06表 公用经费合计 决算数 = 130.6 —— 4 项检查不一致；建议 130.68（Σ 302 = 130.68" in r.text
    assert '<html lang="zh-CN">' in r.text and "待审事项" in r.text
    flat = c.get("/flags", params={"doc": DOC, "severity": "error", "view": "flags", "lang": "en"})
    assert "economic.subtotals" in flat.text and "公用经费合计: 130.6 ≠ 302 = 130.68" in flat.text
    assert '<html lang="en">' in c.get("/flags").text  # the language stays chosen
    c.get("/flags", params={"lang": "zh"})
    assert 'charset="utf-8"' in r.text and "Noto Sans CJK SC" in c.get("/static/style.css").text
    assert "script-src 'self'" in r.headers["content-security-policy"]


def test_one_request_accepts_an_items_suggestion_and_the_next_item_follows(fresh_server: Server) -> None:
    c = login(fresh_server)
    [item] = httpx.get(f"{fresh_server.url}/api/items", params={"doc": DOC, "severity": "error"},
                       headers={"authorization": f"Bearer {TOKEN}"}).json()  # fmt: skip
    assert item["suggested"]["value"] == "130.68" and len(item["flags"]) == 4
    page = c.get(f"/items/{item['id']}", params={"doc": DOC})
    versions = re.search(r'name="versions" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    stale = ",".join(f"{p.rpartition(':')[0]}:9" for p in versions.split(","))
    r = c.post(f"/items/{item['id']}/accept", params={"doc": DOC},
               data={"csrf": _csrf(page.text), "versions": stale, "value": "130.68"})  # fmt: skip
    assert r.status_code == 409 and fresh_server.store.group(item["id"]).status == "open"
    r = c.post(f"/items/{item['id']}/accept", params={"doc": DOC},
               data={"csrf": _csrf(page.text), "versions": versions, "value": "130.68"})  # fmt: skip
    assert r.status_code == 303 and r.headers["location"].startswith("/items/")  # straight on to the next item
    assert {v.status for v in fresh_server.store.group(item["id"]).flags} == {"resolved"}
    nxt = c.get(r.headers["location"])
    assert "已更正 06表 公用经费合计 决算数：130.6 → 130.68；已解决 4 条" in nxt.text
    assert fresh_server.store.position(USER) is not None  # the queue remembers the item shown
    r = c.post("/undo", data={"csrf": _csrf(nxt.text), "back": "/flags"})
    assert r.status_code == 303 and r.headers["location"] == f"/items/{item['id']}"
    assert {v.status for v in fresh_server.store.group(item["id"]).flags} == {"open"}


def test_fixing_an_item_with_its_value_left_empty_is_refused_not_a_500(review_server: Server) -> None:
    h = {"authorization": f"Bearer {TOKEN}"}
    items = httpx.get(f"{review_server.url}/api/items", params={"doc": DOC}, headers=h).json()
    item = items[0]["id"]
    r = httpx.post(f"{review_server.url}/items/{item}/fix", data={"reason": "read on the page", "value": ""}, headers=h)
    assert r.status_code == 400 and "needs a value" in r.text, r.text
    assert review_server.store.group(item).status == "open"


def test_post_without_csrf_is_refused(review_server: Server) -> None:
    c = login(review_server)
    flag = review_server.subtotal
    r = c.post(f"/flags/{flag}/dismiss", data={"reason": "no token"})
    assert r.status_code == 403
    assert review_server.store.flag(flag).status == "open"


def test_document_text_is_escaped(review_server: Server) -> None:
    c = login(review_server)
    page = c.get(f"/flags/{review_server.flag_id(XSS_DOC)}")
    assert page.status_code == 200
    assert PAYLOAD not in page.text
    assert "&lt;script&gt;window.xss=1&lt;/script&gt;" in page.text


def test_second_save_of_a_fact_is_refused_with_the_first_change(review_server: Server) -> None:
    flag = review_server.flag_id(XSS_DOC)
    ann, bob = login(review_server), login(review_server, USER2, PASSWORD2)
    page_a, page_b = ann.get(f"/flags/{flag}").text, bob.get(f"/flags/{flag}").text
    fact = re.search(r'<option value="(\d+:\d+)">basic_by_economic/公用经费合计', page_b).group(1)  # type: ignore[union-attr]
    r = ann.post(
        f"/flags/{flag}/fix", data={"csrf": _csrf(page_a), "fact": fact, "value": "130.68", "reason": "misprint"}
    )
    assert r.status_code == 303
    r = bob.post(f"/flags/{flag}/fix", data={"csrf": _csrf(page_b), "fact": fact, "value": "131", "reason": "mine"})
    assert r.status_code == 409
    assert "ann" in r.text and "130.68" in r.text and "misprint" in r.text
    facts = {f["row"]: f["value"] for f in review_server.store.facts(XSS_DOC) if f["table"] == "basic_by_economic"}
    assert facts["公用经费合计"] == "130.68"


def test_bearer_token_scripts(review_server: Server) -> None:
    h = {"authorization": f"Bearer {TOKEN}"}
    flags = httpx.get(f"{review_server.url}/api/flags", params={"doc": DOC, "severity": "error"}, headers=h).json()
    subtotal = review_server.subtotal
    assert subtotal in [f["id"] for f in flags]
    other = next(f["id"] for f in flags if f["id"] != subtotal)
    r = httpx.post(f"{review_server.url}/flags/{other}/confirm", data={"reason": "as printed"}, headers=h)
    assert r.status_code == 200 and r.json()["status"] == "confirmed"
    assert review_server.store.flag(other).status_by == "token"
    page = {**h, "accept": "text/html"}  # a script that asks for pages gets them, as a browser would
    third = next(f["id"] for f in flags if f["id"] not in (subtotal, other))
    r = httpx.post(f"{review_server.url}/flags/{third}/dismiss", data={"reason": "noise"}, headers=page)
    assert r.status_code == 303 and review_server.store.flag(third).status == "dismissed"
    # a fix of a flag with two facts must name the fact, over the API too
    r = httpx.post(f"{review_server.url}/flags/{subtotal}/fix", data={"value": "130.68", "reason": "x"}, headers=h)
    assert r.status_code == 400 and TOTAL in r.json()["detail"] and ITEM_302 in r.json()["detail"]
    r = httpx.post(f"{review_server.url}/flags/{subtotal}/fix", headers=h,
                   data={"value": "1e-10000000", "reason": "x", "fact": TOTAL})  # fmt: skip
    assert r.status_code == 400 and "plain decimal" in r.json()["detail"]


def test_login_next_cannot_leave_the_site(review_server: Server) -> None:
    c = httpx.Client(base_url=review_server.url)
    page = c.get("/login", params={"next": "//evil.example/"})
    r = c.post("/login", data={"username": USER, "password": PASSWORD, "csrf": _csrf(page.text), "next": "//evil"})
    assert r.headers["location"] == "/"


def test_a_session_ends_at_logout_even_for_a_copied_cookie(review_server: Server) -> None:
    c = login(review_server)
    cookie = c.cookies["extractor_review"]
    assert c.get("/flags").status_code == 200
    r = c.post("/logout", data={"csrf": _csrf(c.get("/flags").text)})
    assert r.status_code == 303
    replay = httpx.get(review_server.url + "/api/flags", cookies={"extractor_review": cookie})
    assert replay.status_code == 401 and "economic" not in replay.text


def test_password_change_and_removal_end_sessions(fresh_server: Server) -> None:
    ann, bob = login(fresh_server), login(fresh_server, USER2, PASSWORD2)
    api = {"accept": "application/json"}
    fresh_server.store.add_user(USER, "another long password")
    assert ann.get("/api/flags", headers=api).status_code == 401
    assert bob.get("/api/flags", headers=api).status_code == 200
    fresh_server.store.remove_user(USER2)
    assert bob.get("/api/flags", headers=api).status_code == 401


def test_failed_logins_are_throttled_per_user_and_address(
    fresh_server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the store's clock stands still: the first back-off (one second) must not expire on a slow machine
    frozen = store_module._now()
    monkeypatch.setattr(store_module, "_now", lambda: frozen)
    c = httpx.Client(base_url=fresh_server.url)
    csrf = _csrf(c.get("/login").text)
    codes = [c.post("/login", data={"username": USER, "password": "guess", "csrf": csrf}).status_code for _ in range(6)]
    assert codes[:5] == [401] * 5 and codes[5] == 429
    r = c.post("/login", data={"username": USER, "password": PASSWORD, "csrf": csrf})  # even the right one waits
    assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1 and "秒后再试" in r.text
    # the address is throttled too: another name from the same address waits as well
    assert c.post("/login", data={"username": USER2, "password": PASSWORD2, "csrf": csrf}).status_code == 429


def test_secure_cookie_and_hsts_when_served_over_https(tmp_path: Path) -> None:
    gen = start_server(tmp_path, secure_cookies=True)
    server = next(gen)
    try:
        c = httpx.Client(base_url=server.url)
        page = c.get("/login")
        assert "secure" in page.headers["set-cookie"].lower() and "httponly" in page.headers["set-cookie"].lower()
        assert page.headers["strict-transport-security"].startswith("max-age=")
    finally:
        gen.close()


def test_short_secrets_are_refused(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'r.db'}"
    Store(db).close()
    for kwargs in ({"secret": "x"}, {"token": "short-token"}):
        with pytest.raises(ConfigError, match="at least 32 characters"):
            create_app(db, **kwargs)  # type: ignore[arg-type]


def test_the_reviewer_of_a_scan_sees_the_page(review_server: Server) -> None:
    c = login(review_server)
    flag = review_server.scan_flag
    page = c.get(f"/flags/{flag}")
    assert page.status_code == 200
    crops = re.findall(r'<img class="crop" src="([^"]+)"', page.text)
    assert len(crops) == 4  # 合计 and its three parts, each beside its fact
    crop = c.get(crops[0])
    assert crop.status_code == 200 and crop.headers["content-type"] == "image/png"
    assert crop.headers["cache-control"] == "no-store"
    img = Image.open(io.BytesIO(crop.content)).convert("RGB")
    assert 100 < img.width < 1200 and 40 < img.height < 400
    px = np.asarray(img).astype(int)
    red = int(((px[..., 0] > 180) & (px[..., 1] < 80) & (px[..., 2] < 80)).sum())
    assert red > 100  # the fact's box is outlined
    whole = c.get(f"/flags/{flag}/page/0.png")
    full = Image.open(io.BytesIO(whole.content))
    assert full.size == Image.open(review_server.scan.source.path).size  # type: ignore[union-attr]
    assert c.get(f"/flags/{flag}/crop/9.png").status_code == 404
    assert c.get(f"/flags/{review_server.subtotal}/crop/0.png").status_code == 404  # a text report has no pages


def test_a_moved_or_changed_scan_is_not_shown(review_server: Server, tmp_path: Path) -> None:
    assert review_server.scan is not None
    src = Path(review_server.scan.source.path)
    c = login(review_server)
    flag = review_server.scan_flag
    backup = tmp_path / "backup.png"
    shutil.copy(src, backup)
    try:
        Image.new("L", (50, 50), 255).save(src)  # other content at the same path
        page = c.get(f"/flags/{flag}")
        assert "has changed since it was loaded" in page.text and 'class="crop"' not in page.text
        assert c.get(f"/flags/{flag}/crop/0.png").status_code == 404
    finally:
        shutil.copy(backup, src)
    assert c.get(f"/flags/{flag}/crop/0.png").status_code == 200


@pytest.fixture(params=["sqlite", "postgresql"])
def db_server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Server]:
    if request.param == "sqlite":
        yield from start_server(tmp_path)
    else:
        for url in _pg_url():
            yield from start_server(tmp_path, db=url)


def test_hostile_requests_get_answers_not_500s_on_both_databases(db_server: Server) -> None:
    c = login(db_server)
    h = {"authorization": f"Bearer {TOKEN}"}
    flag = db_server.subtotal
    for path in ("/flags/%00", "/flags/" + "x" * 5000, "/flags?doc=%00&check=%00", "/api/log?doc=%00"):
        assert c.get(path).status_code in (200, 404), path
    for data in ({"value": "1" * 5000, "reason": "x"}, {"value": "1", "reason": "x" * 50_000},
                 {"value": "1", "reason": "a\x00b"}, {"value": "1", "reason": "x", "fact": "\x00" * 300}):  # fmt: skip
        r = httpx.post(f"{db_server.url}/flags/{flag}/fix", data={"fact": TOTAL, **data}, headers=h)
        assert r.status_code == 400, (data, r.text)
    for version in ("9" * 5000, "²", "-1", "1" * 30):
        r = httpx.post(f"{db_server.url}/flags/{flag}/confirm", data={"reason": "x", "version": version}, headers=h)
        assert r.status_code in (400, 409), (version, r.text)
    r = httpx.post(f"{db_server.url}/flags/{'x' * 5000}/dismiss", data={"reason": "x"}, headers=h)
    assert r.status_code == 404
    assert [e for e in db_server.store.log() if e["action"] in ("fix", "confirm", "dismiss")] == []

"""The review web app over HTTP: a real uvicorn server on 127.0.0.1 (free port), started by a fixture.

Also home of ``review_server``, the fixture the Playwright tests (test_review_e2e.py) use.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
httpx = pytest.importorskip("httpx")
uvicorn = pytest.importorskip("uvicorn")

from extractor.review.app import create_app  # noqa: E402
from extractor.store import Store  # noqa: E402
from tests.conftest import seed_result  # noqa: E402

DOC = "000_d2cac5324267c124"
XSS_DOC = "xss_doc"
FLAG = "economic.subtotals:57cde6728e0e"
USER, PASSWORD = "ann", "correct horse battery"
USER2, PASSWORD2 = "bob", "staple battery horse"
TOKEN = "test-token-0123456789"
PAYLOAD = "<script>window.xss=1</script>"


@dataclass
class Server:
    url: str
    db: str
    store: Store

    def flag_id(self, doc: str, check: str = "economic.subtotals") -> str:
        return next(v.flag.id for v in self.store.flags(doc=doc, check=check, status="all"))


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


def start_server(tmp: Path) -> Iterator[Server]:
    db = f"sqlite:///{tmp / 'review.db'}"
    store = Store(db)
    r = seed_result(DOC)
    store.load(r.extraction.model_copy(deep=True), r.source.text, r.source.sha256, path=str(r.source.path))
    ex = r.extraction.model_copy(deep=True, update={"doc": XSS_DOC})
    table06 = ex.table("basic_by_economic")
    assert table06 is not None
    store.load(ex, _xss_text(r.source.text, table06.span[0]), "0" * 64, path="xss.txt")
    store.add_user(USER, PASSWORD)
    store.add_user(USER2, PASSWORD2)
    port = _free_port()
    config = uvicorn.Config(create_app(db, token=TOKEN), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("review server did not start")
        time.sleep(0.05)
    try:
        yield Server(f"http://127.0.0.1:{port}", db, store)
    finally:
        server.should_exit = True
        thread.join(10)
        store.close()


@pytest.fixture(scope="module")
def review_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    yield from start_server(tmp_path_factory.mktemp("review"))


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


@pytest.mark.parametrize("path", ["/", "/flags", f"/flags/{FLAG}", "/log", "/api/flags", "/api/log"])
def test_unauthenticated_requests_get_nothing(review_server: Server, path: str) -> None:
    page = httpx.get(review_server.url + path, headers={"accept": "text/html"})
    assert page.status_code == 303 and page.headers["location"].startswith("/login")
    assert "130.6" not in page.text and "economic" not in page.text
    api = httpx.get(review_server.url + path)
    assert api.status_code == 401
    assert "economic" not in api.text
    bad = httpx.get(review_server.url + path, headers={"authorization": "Bearer wrong"})
    assert bad.status_code == 401


def test_unauthenticated_posts_change_nothing(review_server: Server) -> None:
    r = httpx.post(f"{review_server.url}/flags/{FLAG}/dismiss", data={"reason": "x", "csrf": "x"})
    assert r.status_code == 401
    assert review_server.store.flag(FLAG).status == "open"


def test_wrong_password_is_refused(review_server: Server) -> None:
    c = httpx.Client(base_url=review_server.url)
    page = c.get("/login")
    r = c.post("/login", data={"username": USER, "password": "nope", "csrf": _csrf(page.text)})
    assert r.status_code == 401
    assert c.get("/flags", headers={"accept": "text/html"}).status_code == 303


def test_logged_in_reviewer_gets_the_queue(review_server: Server) -> None:
    c = login(review_server)
    r = c.get("/flags", params={"doc": DOC, "severity": "error"})
    assert r.status_code == 200
    assert "economic.subtotals" in r.text and "公用经费合计: 130.6 ≠ 302 = 130.68" in r.text
    assert 'charset="utf-8"' in r.text and "Noto Sans CJK SC" in c.get("/static/style.css").text
    assert "script-src 'self'" in r.headers["content-security-policy"]


def test_post_without_csrf_is_refused(review_server: Server) -> None:
    c = login(review_server)
    r = c.post(f"/flags/{FLAG}/dismiss", data={"reason": "no token"})
    assert r.status_code == 403
    assert review_server.store.flag(FLAG).status == "open"


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
    fact = re.search(r'<option value="(\d+:\d+)"', page_b).group(1)  # type: ignore[union-attr]
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
    assert FLAG in [f["id"] for f in flags]
    other = next(f["id"] for f in flags if f["id"] != FLAG)
    r = httpx.post(f"{review_server.url}/flags/{other}/confirm", data={"reason": "as printed"}, headers=h)
    assert r.status_code == 200 and r.json()["status"] == "confirmed"
    assert review_server.store.flag(other).status_by == "token"


def test_login_next_cannot_leave_the_site(review_server: Server) -> None:
    c = httpx.Client(base_url=review_server.url)
    page = c.get("/login", params={"next": "//evil.example/"})
    r = c.post("/login", data={"username": USER, "password": PASSWORD, "csrf": _csrf(page.text), "next": "//evil"})
    assert r.headers["location"] == "/"

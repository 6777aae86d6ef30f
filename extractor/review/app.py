"""The review web app: documents, a flag queue, a flag page with the source text (and, for a scan, the page
it was read from), and the three actions.

Security model (README "Security" has the threat model and deployment):

* binds 127.0.0.1 unless told otherwise (``serve``); behind a TLS proxy or with a certificate the session
  cookie is ``Secure`` and HSTS is sent;
* every page, image and action needs a reviewer: a server-side session from ``/login`` (users with
  argon2-hashed passwords in the store) or ``Authorization: Bearer <EXTRACTOR_REVIEW_TOKEN>`` (at least 32
  characters) for scripts. Unauthenticated page requests are redirected to ``/login``; anything else gets
  401 — never data;
* a session is a row in the store, referenced by a random token in the (signed, HttpOnly, SameSite=Lax)
  cookie: logout, a password change and removing the user end it at once; it also ends after 12 hours,
  or 2 idle hours;
* failed logins are throttled per user name and per client address: after 5, each further try waits
  twice as long (up to 15 minutes), answered 429 without checking the password;
* the reviewer's name comes from the login (or ``token`` for the bearer token), never from a form;
* every POST from a browser carries the session's CSRF token (the login form a pre-session one); a bearer
  request carries no cookie, so it needs none;
* all text is escaped by Jinja's autoescaping, and a Content-Security-Policy allows only our own script;
* ids are looked up in the database, never used as file paths; page images come from the path the
  document was loaded from, only while its sha256 matches.
"""

from __future__ import annotations

import contextlib
import hmac
import os
import secrets
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import FastAPI, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.middleware.sessions import SessionMiddleware

from extractor.checks import messages
from extractor.checks.messages import DEFAULT_LANG, LANGS, Lang, basis_text, check_name, label
from extractor.errors import ConfigError
from extractor.review import pages
from extractor.review.i18n import translate
from extractor.review.source import excerpt
from extractor.review.text import headline, suggestion_text
from extractor.schemas.flags import SEVERITIES, FlagFact
from extractor.schemas.report import Span
from extractor.store import (
    CONFIDENCES,
    GROUP_ACTIONS,
    STATUSES,
    TOKEN_ACTOR,
    ConflictError,
    FlagView,
    Group,
    LoginSession,
    NotFoundError,
    Store,
    StoreError,
    group_of,
)

HERE = Path(__file__).parent
TOKEN_ENV = "EXTRACTOR_REVIEW_TOKEN"
SECRET_ENV = "EXTRACTOR_REVIEW_SECRET"
MIN_SECRET = 32
SESSION_LIFETIME = timedelta(hours=12)
SESSION_IDLE = timedelta(hours=2)
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


class Unauthorized(Exception):
    pass


class BadCsrf(Exception):
    pass


def _strong(value: str | None, name: str) -> str | None:
    """A configured secret, refused when it is short enough to guess."""
    if value is not None and len(value) < MIN_SECRET:
        raise ConfigError(f"{name} must have at least {MIN_SECRET} characters (e.g. `openssl rand -hex 32`)")
    return value


def _version(sent: str) -> int | None:
    """The version a form names (none: ``""``); anything but a plain number is refused, not guessed."""
    if not sent:
        return None
    if not (sent.isascii() and sent.isdigit() and len(sent) <= 9):
        raise StoreError(f"version {sent[:20]!r} is not a version number; reload the page")
    return int(sent)


def printed(text: str, span: Any) -> str | None:
    """The characters a figure is printed as in the report (line breaks shown as spaces)."""
    if not span or not 0 <= span[0] < span[1] <= len(text):
        return None
    return " ".join(text[span[0] : span[1]].split())


def create_app(
    db_url: str | None = None,
    *,
    token: str | None = None,
    secret: str | None = None,
    secure_cookies: bool = False,
) -> FastAPI:
    """The review app over the store at ``db_url`` (which must exist). ``token`` defaults to
    ``$EXTRACTOR_REVIEW_TOKEN``, ``secret`` (signs the cookie) to ``$EXTRACTOR_REVIEW_SECRET`` or a random
    key per start; both need 32 characters. ``secure_cookies``: served over HTTPS (directly or by a proxy)."""
    token = _strong(token if token is not None else os.environ.get(TOKEN_ENV) or None, TOKEN_ENV)
    secret = _strong(secret or os.environ.get(SECRET_ENV) or None, SECRET_ENV) or secrets.token_urlsafe(32)
    store = Store(db_url, create=False)

    app = FastAPI(title="extractor review", docs_url=None, redoc_url=None, openapi_url=None)
    app.add_middleware(
        SessionMiddleware, secret_key=secret, session_cookie="extractor_review", same_site="lax",
        https_only=secure_cookies, max_age=int(SESSION_LIFETIME.total_seconds()),
    )  # fmt: skip
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.autoescape = True
    app.state.store = store

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        resp: Response = await call_next(request)
        resp.headers["Content-Security-Policy"] = CSP
        resp.headers["X-Content-Type-Options"] = "nosniff"
        resp.headers["Referrer-Policy"] = "same-origin"
        resp.headers["X-Frame-Options"] = "DENY"
        if secure_cookies:
            resp.headers["Strict-Transport-Security"] = "max-age=31536000"
        if request.url.path != "/login" and not request.url.path.startswith("/static"):
            resp.headers["Cache-Control"] = "no-store"
        return resp

    @app.exception_handler(Unauthorized)
    async def unauthorized(request: Request, _: Unauthorized) -> Response:
        wants_html = request.method == "GET" and "text/html" in request.headers.get("accept", "")
        if wants_html:
            nxt = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse("/login?" + urlencode({"next": nxt}), status_code=303)
        return JSONResponse({"detail": "log in first"}, status_code=401, headers={"WWW-Authenticate": "Bearer"})

    @app.exception_handler(BadCsrf)
    async def bad_csrf(request: Request, _: BadCsrf) -> Response:
        return JSONResponse({"detail": "missing or wrong CSRF token; reload the page"}, status_code=403)

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:  # a read-only or vanished store
        return JSONResponse({"detail": str(exc)}, status_code=503)

    def bearer(request: Request) -> bool:
        auth = request.headers.get("authorization", "")
        if token and auth.lower().startswith("bearer "):
            return hmac.compare_digest(auth[7:].strip().encode(), token.encode())
        return False

    def login_session(request: Request) -> LoginSession | None:
        """The live server-side session behind the cookie (looked up once per request)."""
        if not hasattr(request.state, "login"):
            request.state.login = store.session(request.session.get("sid"), SESSION_IDLE)
        return request.state.login

    def reviewer(request: Request) -> str:
        if bearer(request):
            return TOKEN_ACTOR
        login = login_session(request)
        if login is None:
            raise Unauthorized()
        return login.user

    def csrf_token(request: Request) -> str:
        login = login_session(request)
        if login is not None:
            return login.csrf
        tok = request.session.get("csrf")  # the login form's, before there is a session
        if not tok:
            tok = request.session["csrf"] = secrets.token_urlsafe(32)
        return str(tok)

    def check_csrf(request: Request, sent: str | None) -> None:
        if bearer(request):
            return
        tok = csrf_token(request)
        if not sent or not hmac.compare_digest(tok.encode(), sent.encode()):
            raise BadCsrf()

    def lang_of(request: Request) -> Lang:
        """The reviewer's language: ``?lang=`` (remembered in the session), else the session's, else zh-CN."""
        asked = request.query_params.get("lang", "")
        if asked in LANGS:
            request.session["lang"] = asked
            return asked
        kept = request.session.get("lang")
        return kept if kept in LANGS else DEFAULT_LANG

    def words(lang: Lang) -> dict[str, Any]:
        """What every template needs to speak the reviewer's language."""
        return {
            "lang": lang, "other_lang": "en" if lang == "zh" else "zh",
            "t": lambda key, **p: translate(key, lang, **p), "msg": lambda flag: messages.render(flag, lang),
            "check_name": lambda check: check_name(check, lang), "label": lambda key: label(key, lang),
        }  # fmt: skip

    def render(request: Request, name: str, ctx: dict[str, Any], status: int = 200) -> Response:
        login = login_session(request)
        flash = store.flash(request.session["sid"]) if login is not None and login.flash else None
        lang = lang_of(request)
        switch = {**request.query_params, "lang": "en" if lang == "zh" else "zh"}
        base = {"user": login.user if login else None, "csrf": csrf_token(request), "flash": flash,
                "here": request.url.path + (f"?{request.url.query}" if request.url.query else ""),
                "lang_url": f"{request.url.path}?{urlencode(switch)}", **words(lang)}  # fmt: skip
        return templates.TemplateResponse(request, name, {**base, **ctx}, status_code=status)

    def safe_next(nxt: str | None) -> str:
        return nxt if nxt and nxt.startswith("/") and not nxt.startswith("//") and "\\" not in nxt else "/"

    # -- login -----------------------------------------------------------------------------------
    @app.get("/login", response_class=HTMLResponse)
    def login_page(request: Request, next: str = "/") -> Response:
        return render(request, "login.html", {"next": safe_next(next), "error": None})

    @app.post("/login")
    def login(
        request: Request,
        username: str = Form(...),
        password: str = Form(...),
        csrf: str = Form(""),
        next: str = Form("/"),
    ) -> Response:
        check_csrf(request, csrf)
        address = request.client.host if request.client else "unknown"
        keys = [f"user:{username.strip().casefold()[:128]}", f"addr:{address}"]
        wait = store.login_wait(keys)
        lang = lang_of(request)
        if wait > 0:
            msg = translate("too_many", lang, s=int(wait) + 1)
            resp = render(request, "login.html", {"next": safe_next(next), "error": msg}, 429)
            resp.headers["Retry-After"] = str(int(wait) + 1)
            return resp
        if not store.verify_user(username, password):
            store.login_failed(keys)
            msg = translate("wrong_login", lang)
            return render(request, "login.html", {"next": safe_next(next), "error": msg}, 401)
        store.login_succeeded(keys[:1])
        sid, _ = store.create_session(username, SESSION_LIFETIME)
        request.session.clear()
        request.session["sid"] = sid
        request.session["lang"] = lang
        return RedirectResponse(safe_next(next), status_code=303)

    @app.post("/logout")
    def logout(request: Request, csrf: str = Form("")) -> Response:
        check_csrf(request, csrf)
        store.end_session(request.session.get("sid"))
        request.session.clear()
        return RedirectResponse("/login", status_code=303)

    # -- pages -----------------------------------------------------------------------------------
    @app.get("/", response_class=HTMLResponse)
    def documents(request: Request) -> Response:
        reviewer(request)
        return render(request, "documents.html", {"docs": store.documents(), "severities": SEVERITIES})

    def _filters(request: Request) -> dict[str, str]:
        q = request.query_params
        f = {k: q.get(k, "") for k in ("severity", "check", "doc", "status", "confidence")}
        f["status"] = f["status"] or "open"
        return f

    def _selection(f: dict[str, str]) -> dict[str, Any]:
        """The store's arguments for the queue filters (``confidence``: a comma list; an unknown name, like an
        unknown severity, matches nothing)."""
        return {
            "doc": f["doc"] or None, "severity": f["severity"] or None, "check": f["check"] or None,
            "status": f["status"], "confidence": frozenset(n for n in f["confidence"].split(",") if n) or None,
        }  # fmt: skip

    def _queue(f: dict[str, str]) -> list[Any]:
        return store.flags(**_selection(f))

    def _items(f: dict[str, str]) -> list[Group]:
        return store.groups(**_selection(f))

    def _qs(f: dict[str, str]) -> str:
        return urlencode({k: v for k, v in f.items() if v})

    @app.get("/flags", response_class=HTMLResponse)
    def queue(request: Request) -> Response:
        """The review queue: one row per item (suspect fact), or per flag with ``view=flags``."""
        who = reviewer(request)
        f = _filters(request)
        lang = lang_of(request)
        by_flag = request.query_params.get("view") == "flags"
        position = store.position(who) if who != TOKEN_ACTOR else None
        items = [] if by_flag else [
            {"group": g, "headline": headline(g, lang), "checks": sorted({check_name(v.flag.check, lang)
                                                                           for v in g.flags}),
             "reading": g.reading.to_json() if g.reading else None}
            for g in _items(f)
        ]  # fmt: skip
        return render(
            request, "queue.html",
            {"flags": _queue(f) if by_flag else [], "items": items, "by_flag": by_flag, "filters": f, "qs": _qs(f),
             "severities": SEVERITIES, "statuses": (*STATUSES, "all"), "checks": store.checks(),
             "confidences": CONFIDENCES,
             "docs": [d["doc"] for d in store.documents()], "position": (position or {}).get("item")},
        )  # fmt: skip

    @app.get("/resume")
    def resume(request: Request) -> Response:
        """Back to the item the reviewer was last on (with the queue filters of then), else the queue."""
        who = reviewer(request)
        pos = store.position(who) if who != TOKEN_ACTOR else None
        if pos and pos.get("item"):
            qs = pos.get("qs", "")
            return RedirectResponse(f"/items/{quote(pos['item'], safe=':')}" + (f"?{qs}" if qs else ""), 303)
        return RedirectResponse("/flags", status_code=303)

    @app.get("/api/items")
    def api_items(request: Request) -> Response:
        reviewer(request)
        return JSONResponse([g.to_json() for g in _items(_filters(request))])

    @app.get("/api/items/{item}")
    def api_item(request: Request, item: str) -> Response:
        reviewer(request)
        try:
            return JSONResponse(store.group(item).to_json())
        except NotFoundError as exc:
            return JSONResponse({"detail": str(exc)}, status_code=404)

    @app.get("/api/flags")
    def api_flags(request: Request) -> Response:
        reviewer(request)
        return JSONResponse([v.to_json() for v in _queue(_filters(request))])

    def fact_spans(flag_id: str) -> tuple[FlagView, list[tuple[FlagFact, dict[str, Any] | None, Span | None]]]:
        """The flag and, per involved fact: its reference, its stored row and the span it was read from."""
        view = store.flag(flag_id)
        fl = view.flag
        stored = store.fact_rows(fl.doc, [(x.table, x.row, x.col) for x in fl.facts])
        out = []
        for ff, row in zip(fl.facts, stored, strict=True):
            span = tuple(row["span"]) if row and row["span"] else ff.span
            out.append((ff, row, span))
        return view, out

    def scan_source(doc: str) -> pages.PageSource | str:
        d = store.document(doc)
        return pages.page_source(d["path"], d["sha256"], store.extraction(doc, corrected=False))

    def flag_context(request: Request, flag_id: str) -> dict[str, Any]:
        view, involved = fact_spans(flag_id)
        fl = view.flag
        text = store.text(fl.doc)
        ex = store.extraction(fl.doc, corrected=False)
        src = scan_source(fl.doc)
        facts = []
        for i, (ff, row, span) in enumerate(involved):
            page = pages.page_number(src, span) if isinstance(src, pages.PageSource) and span else None
            facts.append({"ref": ff, "row": row, "excerpt": excerpt(text, ex, ff.table, span), "index": i,
                          "page": page, "printed": printed(text, span)})  # fmt: skip
        f = _filters(request)
        ids = [v.flag.id for v in _queue(f)]
        prev_id = next_id = None
        if flag_id in ids:
            i = ids.index(flag_id)
            prev_id = ids[i - 1] if i > 0 else None
            next_id = ids[i + 1] if i + 1 < len(ids) else None
        elif ids:
            next_id = ids[0]
        history = [e for e in store.log(fl.doc) if e["flag"] == flag_id]
        qs = urlencode({k: v for k, v in f.items() if v})
        scan_note = src if isinstance(src, str) and src != "not a scan" else None
        return {"view": view, "flag": fl, "facts": facts, "prev_id": prev_id, "next_id": next_id, "qs": qs,
                "history": history, "error": None, "conflict": None, "scan_note": scan_note}  # fmt: skip

    @app.get("/flags/{flag_id}", response_class=HTMLResponse)
    def flag_page(request: Request, flag_id: str) -> Response:
        reviewer(request)
        try:
            ctx = flag_context(request, flag_id)
        except NotFoundError as exc:
            return render(request, "error.html", {"error": str(exc)}, 404)
        return render(request, "flag.html", ctx)

    def page_image(request: Request, flag_id: str, index: int, whole: bool) -> Response:
        """A scan's page (or the crop of it) one involved fact was read from, outlined; reviewers only."""
        reviewer(request)
        try:
            view, involved = fact_spans(flag_id)
        except NotFoundError:
            return Response(status_code=404)
        if not 0 <= index < len(involved) or involved[index][2] is None:
            return Response(status_code=404)
        src = scan_source(view.flag.doc)
        if isinstance(src, str):
            return Response(src, status_code=404, media_type="text/plain")
        span = involved[index][2]
        assert span is not None
        png = pages.page_png(src, span) if whole else pages.crop_png(src, span)
        if png is None:
            return Response("this fact was not read from a page", status_code=404, media_type="text/plain")
        return Response(png, media_type="image/png")

    @app.get("/flags/{flag_id}/crop/{index}.png")
    def crop(request: Request, flag_id: str, index: int) -> Response:
        return page_image(request, flag_id, index, whole=False)

    @app.get("/flags/{flag_id}/page/{index}.png")
    def page(request: Request, flag_id: str, index: int) -> Response:
        return page_image(request, flag_id, index, whole=True)

    def refused(request: Request, exc: StoreError, template: str, context: Callable[[], dict[str, Any]]) -> Response:
        """A refused action: JSON for a script (409 for a conflict, 400 for bad input), else the page again
        with the reason — and, for a conflict, whose change won."""
        status = 409 if isinstance(exc, ConflictError) else 400
        if bearer(request) and "text/html" not in request.headers.get("accept", ""):
            body = {"detail": str(exc), **({"change": exc.change} if isinstance(exc, ConflictError) else {})}
            return JSONResponse(body, status_code=status)
        ctx = context()
        ctx["error"] = str(exc)
        ctx["conflict"] = exc.change if isinstance(exc, ConflictError) else None
        return render(request, template, ctx, status)

    async def _act(request: Request, flag_id: str, action: str) -> Response:
        who = reviewer(request)
        form = await request.form()
        check_csrf(request, str(form.get("csrf", "")))
        reason = str(form.get("reason", ""))
        try:
            if action == "fix":
                target = str(form.get("fact", ""))
                fact_id, _, version = target.partition(":")
                version = version or str(form.get("version", ""))
                res = store.fix(
                    flag_id, str(form.get("value", "")), reviewer=who, reason=reason, fact=fact_id or None,
                    expected_version=_version(version), via_token=bearer(request),
                )  # fmt: skip
                lang = lang_of(request)
                msg = translate("flash_fix", lang, fact=label(res["fact"], lang), old=res["old"], new=res["new"])
            else:
                v = str(form.get("version", ""))
                fn = store.confirm if action == "confirm" else store.dismiss
                res = fn(flag_id, reviewer=who, reason=reason, expected_version=_version(v), via_token=bearer(request))
                msg = f"{translate(res['status'], lang_of(request))} {flag_id}"
        except NotFoundError as exc:
            return JSONResponse({"detail": str(exc)}, status_code=404)
        except (ConflictError, StoreError) as exc:
            return refused(request, exc, "flag.html", lambda: flag_context(request, flag_id))
        if res.get("resolved"):
            msg += f"; resolved: {', '.join(res['resolved'])}"
        if res.get("opened"):
            msg += f"; new flags: {', '.join(res['opened'])}"
        if bearer(request) and "text/html" not in request.headers.get("accept", ""):
            return JSONResponse(res)
        if login_session(request) is not None:
            store.flash(request.session["sid"], msg)
        qs = request.url.query
        return RedirectResponse(f"/flags/{flag_id}" + (f"?{qs}" if qs else ""), status_code=303)

    @app.post("/flags/{flag_id}/fix")
    async def fix(request: Request, flag_id: str) -> Response:
        return await _act(request, flag_id, "fix")

    @app.post("/flags/{flag_id}/confirm")
    async def confirm(request: Request, flag_id: str) -> Response:
        return await _act(request, flag_id, "confirm")

    @app.post("/flags/{flag_id}/dismiss")
    async def dismiss(request: Request, flag_id: str) -> Response:
        return await _act(request, flag_id, "dismiss")

    # -- review items ----------------------------------------------------------------------------
    def evidence(doc: str, text: str, ex: Any, key: tuple[str, str, str], span: Any, lang: Lang) -> dict[str, Any]:
        return {"key": "/".join(key), "label": label(key, lang), "printed": printed(text, span),
                "excerpt": excerpt(text, ex, key[0], tuple(span) if span else None)}  # fmt: skip

    def item_context(request: Request, item: str) -> dict[str, Any]:
        """An item: its suspect (as printed, with the source rows and the page), its suggestion, and every
        check with its message and the other facts it involves."""
        g = store.group(item)
        lang = lang_of(request)
        text = store.text(g.doc)
        ex = store.extraction(g.doc, corrected=False)
        src = scan_source(g.doc)
        skey = None if g.suspect is None else (g.suspect.table, g.suspect.row, g.suspect.col)
        suspect = None
        if skey is not None:
            [row] = store.fact_rows(g.doc, [skey])
            span = row["span"] if row and row["span"] else g.suspect.span  # type: ignore[union-attr]
            suspect = {**evidence(g.doc, text, ex, skey, span, lang), "row": row,
                       "page": pages.page_number(src, tuple(span)) if isinstance(src, pages.PageSource) and span
                       else None}  # fmt: skip
        checks, fixable, seen = [], [], set()
        for v in g.flags:
            keys = [(x.table, x.row, x.col) for x in v.flag.facts]
            rows = store.fact_rows(g.doc, keys)
            others = []
            for x, key, row in zip(v.flag.facts, keys, rows, strict=True):
                span = row["span"] if row and row["span"] else x.span
                if row is not None and key not in seen:
                    seen.add(key)
                    fixable.append({"row": row, "label": label(key, lang), "printed": printed(text, span)})
                if key != skey:
                    others.append({**evidence(g.doc, text, ex, key, span, lang), "value": x.value, "row": row})
            checks.append({"view": v, "name": check_name(v.flag.check, lang), "message": messages.render(v.flag, lang),
                           "facts": others[:6], "more": max(0, len(others) - 6)})  # fmt: skip
        f = _filters(request)
        ids = [x.id for x in _items(f)]
        i = ids.index(item) if item in ids else -1
        sug = g.suggested
        flag_ids = {v.flag.id for v in g.flags}
        history = [e for e in store.log(g.doc) if e["flag"] in flag_ids or flag_ids & set(e["flags"] or [])]
        return {
            "group": g, "headline": headline(g, lang), "suspect": suspect, "checks": checks, "qs": _qs(f),
            "suggested": sug, "suggestion": suggestion_text(g, lang),
            "basis": [basis_text(b, lang, "/".join(skey) if skey else None) for b in (sug.basis if sug else [])],
            "versions": ",".join(f"{k}:{n}" for k, n in g.versions().items()), "fixable": fixable,
            "prev_id": ids[i - 1] if i > 0 else None,
            "next_id": ids[i + 1] if 0 <= i < len(ids) - 1 else (ids[0] if i < 0 and ids else None),
            "history": history, "error": None, "conflict": None,
            "scan_note": src if isinstance(src, str) and src != "not a scan" else None,
        }  # fmt: skip

    @app.get("/items/{item}", response_class=HTMLResponse)
    def item_page(request: Request, item: str) -> Response:
        who = reviewer(request)
        try:
            ctx = item_context(request, item)
        except NotFoundError as exc:
            return render(request, "error.html", {"error": str(exc)}, 404)
        if who != TOKEN_ACTOR:
            store.set_position(who, {"item": item, "qs": ctx["qs"]})
        return render(request, "item.html", ctx)

    def suspect_image(request: Request, item: str, whole: bool) -> Response:
        reviewer(request)
        try:
            g = store.group(item)
        except NotFoundError:
            return Response(status_code=404)
        if g.suspect is None:
            return Response(status_code=404)
        [row] = store.fact_rows(g.doc, [(g.suspect.table, g.suspect.row, g.suspect.col)])
        span = tuple(row["span"]) if row and row["span"] else g.suspect.span
        src = scan_source(g.doc)
        if span is None or isinstance(src, str):
            return Response(src if isinstance(src, str) else "", status_code=404, media_type="text/plain")
        png = pages.page_png(src, span) if whole else pages.crop_png(src, span)
        return Response(png, media_type="image/png") if png else Response(status_code=404)

    @app.get("/items/{item}/crop.png")
    def item_crop(request: Request, item: str) -> Response:
        return suspect_image(request, item, whole=False)

    @app.get("/items/{item}/page.png")
    def item_page_image(request: Request, item: str) -> Response:
        return suspect_image(request, item, whole=True)

    def _versions(sent: str) -> dict[str, int] | None:
        """``flag:version,flag:version`` as the item page sends them (none: every open flag)."""
        if not sent:
            return None
        out = {}
        for part in sent.split(",")[:500]:
            fid, _, v = part.rpartition(":")
            version = _version(v)
            if not fid or version is None:
                raise StoreError("the item's flag versions are malformed; reload the page")
            out[fid] = version
        return out

    def _flash_text(res: dict[str, Any], lang: Lang) -> str:
        if "fact" in res:
            msg = translate("flash_fix", lang, fact=label(res["fact"], lang), old=res["old"], new=res["new"])
        else:
            msg = translate("flash_status", lang, status=translate(res["status"], lang), n=len(res["flags"]))
        if res.get("resolved"):
            msg += translate("flash_resolved", lang, n=len(res["resolved"]))
        if res.get("opened"):
            msg += translate("flash_opened", lang, n=len(res["opened"]))
        return msg + translate("flash_undo_hint", lang)

    @app.post("/items/{item}/{action}")
    async def item_action(request: Request, item: str, action: str) -> Response:
        """One action on a whole item; then the next item of the queue (the reviewer's flow)."""
        who = reviewer(request)
        if action not in GROUP_ACTIONS:
            return JSONResponse({"detail": f"unknown action; one of {', '.join(GROUP_ACTIONS)}"}, status_code=404)
        form = await request.form()
        check_csrf(request, str(form.get("csrf", "")))
        f, lang, api = _filters(request), lang_of(request), bearer(request)
        api_only = api and "text/html" not in request.headers.get("accept", "")
        before = [x.id for x in _items(f)]
        after = before[before.index(item) + 1 :] if item in before else before
        try:
            fact_id, _, fact_version = str(form.get("fact", "")).partition(":")
            res = store.act(
                item, action, reviewer=who, reason=str(form.get("reason", "")) or None,
                value=str(form.get("value", "")) or None, fact=fact_id or None,
                versions=_versions(str(form.get("versions", ""))),
                fact_version=_version(fact_version or str(form.get("fact_version", ""))), via_token=api,
            )  # fmt: skip
        except NotFoundError as exc:
            return JSONResponse({"detail": str(exc)}, status_code=404)
        except (ConflictError, StoreError) as exc:
            return refused(request, exc, "item.html", lambda: item_context(request, item))
        if api_only:
            return JSONResponse(res)
        if login_session(request) is not None:
            store.flash(request.session["sid"], _flash_text(res, lang))
        left = [x.id for x in _items(f)]
        nxt = next((x for x in after if x in left), left[0] if left else None)
        qs = request.url.query
        target = f"/items/{quote(nxt, safe=':')}" if nxt else "/flags"
        return RedirectResponse(target + (f"?{qs}" if qs else ""), status_code=303)

    @app.post("/undo")
    async def undo(request: Request) -> Response:
        """Undo the reviewer's last item action, and show that item again."""
        who = reviewer(request)
        form = await request.form()
        check_csrf(request, str(form.get("csrf", "")))
        lang, api = lang_of(request), bearer(request)
        back = safe_next(str(form.get("back", "")) or "/flags")
        try:
            res = store.undo(reviewer=who, via_token=api)
        except (ConflictError, StoreError) as exc:
            if api and "text/html" not in request.headers.get("accept", ""):
                return JSONResponse({"detail": str(exc)}, status_code=409 if isinstance(exc, ConflictError) else 400)
            if login_session(request) is not None:
                store.flash(request.session["sid"], str(exc))
            return RedirectResponse(back, status_code=303)
        if api and "text/html" not in request.headers.get("accept", ""):
            return JSONResponse(res)
        what = translate(res["action"] if res["action"] != "fix" else "enter_value", lang)
        if login_session(request) is not None:
            store.flash(request.session["sid"], translate("flash_undo", lang, what=what))
        target = back
        if res.get("flags"):
            with contextlib.suppress(NotFoundError):
                target = f"/items/{quote(group_of(store.flag(res['flags'][0]).flag), safe=':')}"
        qs = back.partition("?")[2]
        return RedirectResponse(target + (f"?{qs}" if qs and "?" not in target else ""), status_code=303)

    @app.get("/log", response_class=HTMLResponse)
    def log(request: Request, doc: str = "") -> Response:
        reviewer(request)
        entries = list(reversed(store.log(doc or None, limit=500)))
        return render(request, "log.html", {"entries": entries, "doc": doc})

    @app.get("/api/log")
    def api_log(request: Request, doc: str = "") -> Response:
        reviewer(request)
        return JSONResponse(store.log(doc or None))

    return app


def serve(
    db_url: str | None = None,
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    ssl_certfile: str | None = None,
    ssl_keyfile: str | None = None,
    proxy: str | None = None,
) -> None:
    """Run the review app with uvicorn (127.0.0.1 unless ``host`` says otherwise).

    With ``ssl_certfile``/``ssl_keyfile`` it serves HTTPS itself; with ``proxy`` (the address of a TLS
    proxy in front) it trusts that proxy's ``X-Forwarded-For``/``-Proto`` headers and nobody else's. Either
    way the session cookie is ``Secure``.
    """
    import uvicorn

    if bool(ssl_certfile) != bool(ssl_keyfile):
        raise ConfigError("--ssl-certfile and --ssl-keyfile go together")
    app = create_app(db_url, secure_cookies=bool(ssl_certfile or proxy))
    uvicorn.run(
        app, host=host, port=port, log_level="info", ssl_certfile=ssl_certfile, ssl_keyfile=ssl_keyfile,
        proxy_headers=bool(proxy), forwarded_allow_ips=proxy or "",
    )  # fmt: skip

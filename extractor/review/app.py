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

import hmac
import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.middleware.sessions import SessionMiddleware

from extractor.errors import ConfigError
from extractor.review import pages
from extractor.review.source import excerpt
from extractor.schemas.flags import SEVERITIES
from extractor.store import STATUSES, TOKEN_ACTOR, ConflictError, LoginSession, NotFoundError, Store, StoreError

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

    def render(request: Request, name: str, ctx: dict[str, Any], status: int = 200) -> Response:
        login = login_session(request)
        flash = store.flash(request.session["sid"]) if login is not None and login.flash else None
        base = {"user": login.user if login else None, "csrf": csrf_token(request), "flash": flash}
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
        if wait > 0:
            msg = f"too many failed logins; try again in {int(wait) + 1} s"
            resp = render(request, "login.html", {"next": safe_next(next), "error": msg}, 429)
            resp.headers["Retry-After"] = str(int(wait) + 1)
            return resp
        if not store.verify_user(username, password):
            store.login_failed(keys)
            return render(request, "login.html", {"next": safe_next(next), "error": "wrong name or password"}, 401)
        store.login_succeeded(keys[:1])
        sid, _ = store.create_session(username, SESSION_LIFETIME)
        request.session.clear()
        request.session["sid"] = sid
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
        f = {k: q.get(k, "") for k in ("severity", "check", "doc", "status")}
        f["status"] = f["status"] or "open"
        return f

    def _queue(f: dict[str, str]) -> list[Any]:
        return store.flags(
            doc=f["doc"] or None, severity=f["severity"] or None, check=f["check"] or None, status=f["status"]
        )

    @app.get("/flags", response_class=HTMLResponse)
    def queue(request: Request) -> Response:
        reviewer(request)
        f = _filters(request)
        flags = _queue(f)
        return render(
            request, "queue.html",
            {"flags": flags, "filters": f, "qs": urlencode({k: v for k, v in f.items() if v}),
             "severities": SEVERITIES, "statuses": (*STATUSES, "all"), "checks": store.checks(),
             "docs": [d["doc"] for d in store.documents()]},
        )  # fmt: skip

    @app.get("/api/flags")
    def api_flags(request: Request) -> Response:
        reviewer(request)
        return JSONResponse([v.to_json() for v in _queue(_filters(request))])

    def fact_spans(flag_id: str) -> tuple[Any, list[tuple[Any, dict | None, tuple[int, int] | None]]]:
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
                          "page": page})  # fmt: skip
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
                msg = f"fixed {res['fact']}: {res['old']} → {res['new']}"
            else:
                v = str(form.get("version", ""))
                fn = store.confirm if action == "confirm" else store.dismiss
                res = fn(flag_id, reviewer=who, reason=reason, expected_version=_version(v), via_token=bearer(request))
                msg = f"{res['status']} {flag_id}"
        except NotFoundError as exc:
            return JSONResponse({"detail": str(exc)}, status_code=404)
        except (ConflictError, StoreError) as exc:
            status = 409 if isinstance(exc, ConflictError) else 400
            if bearer(request) and "text/html" not in request.headers.get("accept", ""):
                body = {"detail": str(exc), **({"change": exc.change} if isinstance(exc, ConflictError) else {})}
                return JSONResponse(body, status_code=status)
            ctx = flag_context(request, flag_id)
            ctx["error"] = str(exc)
            ctx["conflict"] = exc.change if isinstance(exc, ConflictError) else None
            return render(request, "flag.html", ctx, status)
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

"""The review web app: documents, a flag queue, a flag page with the source text, and the three actions.

Security model:

* binds 127.0.0.1 unless told otherwise (``serve``);
* every page and action needs a reviewer: a session from ``/login`` (users with argon2-hashed passwords in
  the store) or ``Authorization: Bearer <EXTRACTOR_REVIEW_TOKEN>`` for scripts. Unauthenticated page
  requests are redirected to ``/login``; anything else gets 401 — never data;
* the reviewer's name comes from the login (or ``token`` for the bearer token), never from a form;
* every POST from a browser carries the session's CSRF token (a bearer request carries no cookie, so it
  needs none); the session cookie is HttpOnly and SameSite=Lax;
* all text is escaped by Jinja's autoescaping, and a Content-Security-Policy allows only our own script;
* ids are looked up in the database, never used as file paths.
"""

from __future__ import annotations

import hmac
import os
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.middleware.sessions import SessionMiddleware

from extractor.review.source import excerpt
from extractor.schemas.flags import SEVERITIES
from extractor.store import STATUSES, ConflictError, NotFoundError, Store, StoreError

HERE = Path(__file__).parent
TOKEN_ENV = "EXTRACTOR_REVIEW_TOKEN"
SECRET_ENV = "EXTRACTOR_REVIEW_SECRET"
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


class Unauthorized(Exception):
    pass


class BadCsrf(Exception):
    pass


def create_app(db_url: str | None = None, *, token: str | None = None, secret: str | None = None) -> FastAPI:
    """The review app over the store at ``db_url``. ``token`` defaults to ``$EXTRACTOR_REVIEW_TOKEN``."""
    store = Store(db_url)
    token = token if token is not None else os.environ.get(TOKEN_ENV) or None
    secret = secret or os.environ.get(SECRET_ENV) or secrets.token_urlsafe(32)

    app = FastAPI(title="extractor review", docs_url=None, redoc_url=None, openapi_url=None)
    app.add_middleware(
        SessionMiddleware, secret_key=secret, session_cookie="extractor_review", same_site="lax", https_only=False,
        max_age=12 * 3600,
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

    def bearer(request: Request) -> bool:
        auth = request.headers.get("authorization", "")
        if token and auth.lower().startswith("bearer "):
            return hmac.compare_digest(auth[7:].strip().encode(), token.encode())
        return False

    def reviewer(request: Request) -> str:
        if bearer(request):
            return "token"
        user = request.session.get("user")
        if not user:
            raise Unauthorized()
        return str(user)

    def csrf_token(request: Request) -> str:
        tok = request.session.get("csrf")
        if not tok:
            tok = request.session["csrf"] = secrets.token_urlsafe(32)
        return str(tok)

    def check_csrf(request: Request, sent: str | None) -> None:
        if bearer(request):
            return
        tok = request.session.get("csrf")
        if not tok or not sent or not hmac.compare_digest(str(tok).encode(), sent.encode()):
            raise BadCsrf()

    def render(request: Request, name: str, ctx: dict[str, Any], status: int = 200) -> Response:
        flash = request.session.pop("flash", None)
        base = {"user": request.session.get("user"), "csrf": csrf_token(request), "flash": flash}
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
        if not store.verify_user(username, password):
            return render(request, "login.html", {"next": safe_next(next), "error": "wrong name or password"}, 401)
        request.session.clear()
        request.session["user"] = username
        request.session["csrf"] = secrets.token_urlsafe(32)
        return RedirectResponse(safe_next(next), status_code=303)

    @app.post("/logout")
    def logout(request: Request, csrf: str = Form("")) -> Response:
        check_csrf(request, csrf)
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

    def flag_context(request: Request, flag_id: str) -> dict[str, Any]:
        view = store.flag(flag_id)
        fl = view.flag
        text = store.text(fl.doc)
        ex = store.extraction(fl.doc, corrected=False)
        stored = store.fact_rows(fl.doc, [(x.table, x.row, x.col) for x in fl.facts])
        facts = []
        for ff, row in zip(fl.facts, stored, strict=True):
            span = tuple(row["span"]) if row and row["span"] else ff.span
            facts.append({"ref": ff, "row": row, "excerpt": excerpt(text, ex, ff.table, span)})  # type: ignore[arg-type]
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
        return {"view": view, "flag": fl, "facts": facts, "prev_id": prev_id, "next_id": next_id, "qs": qs,
                "history": history, "error": None, "conflict": None}  # fmt: skip

    @app.get("/flags/{flag_id}", response_class=HTMLResponse)
    def flag_page(request: Request, flag_id: str) -> Response:
        reviewer(request)
        try:
            ctx = flag_context(request, flag_id)
        except NotFoundError as exc:
            return render(request, "error.html", {"error": str(exc)}, 404)
        return render(request, "flag.html", ctx)

    async def _act(request: Request, flag_id: str, action: str) -> Response:
        who = reviewer(request)
        form = await request.form()
        check_csrf(request, str(form.get("csrf", "")))
        reason = str(form.get("reason", "")).strip()
        try:
            if action == "fix":
                target = str(form.get("fact", ""))
                fact_id, _, version = target.partition(":")
                res = store.fix(
                    flag_id, str(form.get("value", "")), reviewer=who, reason=reason, fact=fact_id or None,
                    expected_version=int(version) if version.isdigit() else None,
                )  # fmt: skip
                msg = f"fixed {res['fact']}: {res['old']} → {res['new']}"
            else:
                v = str(form.get("version", ""))
                fn = store.confirm if action == "confirm" else store.dismiss
                res = fn(flag_id, reviewer=who, reason=reason, expected_version=int(v) if v.isdigit() else None)
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
        request.session["flash"] = msg
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


def serve(db_url: str | None = None, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Run the review app with uvicorn (127.0.0.1 unless ``host`` says otherwise)."""
    import uvicorn

    uvicorn.run(create_app(db_url), host=host, port=port, log_level="info", proxy_headers=False)

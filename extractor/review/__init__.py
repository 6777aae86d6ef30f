"""Review: a web UI (FastAPI + Jinja templates, no front-end build) and CLI helpers over ``extractor.store``.

``extractor.review.app.create_app(db_url)`` builds the app; ``serve`` runs it with uvicorn on 127.0.0.1 by
default (HTTPS itself, or behind a TLS proxy, with Secure cookies). Every page, page image and action needs
a logged-in reviewer — a server-side session that logout, a password change or removing the user ends — or
``Authorization: Bearer $EXTRACTOR_REVIEW_TOKEN`` for scripts; logins are throttled; every form POST
carries a CSRF token; all document text goes through Jinja's autoescaping. ``pages`` renders the page a
scanned report's fact was read from.
"""

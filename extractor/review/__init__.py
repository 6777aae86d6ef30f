"""Review: a web UI (FastAPI + Jinja templates, no front-end build) and CLI helpers over ``extractor.store``.

``extractor.review.app.create_app(db_url)`` builds the app; ``serve`` runs it with uvicorn on 127.0.0.1 by
default. Every page and action needs a logged-in reviewer (or ``Authorization: Bearer
$EXTRACTOR_REVIEW_TOKEN`` for scripts); every form POST carries a CSRF token; all document text goes through
Jinja's autoescaping.
"""

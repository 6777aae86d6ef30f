"""Alembic migrations of the review store, shipped as package data and run on open by ``Store``."""

"""Deterministic readers used by the rules backend: one module per part of the report.

Each reader takes a segmented ``Document`` and returns schema objects plus ``Unread`` notes for what it
saw but could not read (reported in run.json, never guessed).
"""

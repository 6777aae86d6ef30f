"""Prompt templates, one file per schema section, versioned by file name (used by the LLM backend)."""

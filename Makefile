# One task runner for the project. `make demo` and `make test` work on a fresh machine with Python 3.11+.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
SAMPLE ?= eval/seeds/002_846b8c47d01900a7.txt

.PHONY: install demo test lint bench clean

$(BIN)/extractor: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

install: $(BIN)/extractor

demo: install  ## extract the bundled sample with the offline rules backend, then show its first facts
	$(BIN)/extractor extract $(SAMPLE) --out out/demo
	@head -n 5 out/demo/$(notdir $(basename $(SAMPLE))).facts.jsonl

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check extractor schemas tests eval
	$(BIN)/lint-imports

test: lint  ## lint, layering contracts, system services (PostgreSQL, Chromium), then the whole suite
	. ./tests/services.sh && $(BIN)/pytest && $(BIN)/pytest --nbmake notebooks/

bench: install
	$(BIN)/python eval/bench_rules.py

clean:
	rm -rf $(VENV) out .pytest_cache .ruff_cache

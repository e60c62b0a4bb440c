# geokg: `make run` serves the seed graph, `make test` runs the test suite. Nothing else needs installing.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-deps install install-test ingest-seeds serve lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml setup.py | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml setup.py | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

ingest-seeds: install
	$(BIN)/geokg ingest seeds/

serve: install
	@echo "geokg on http://$(HOST):$(PORT)  (explorer: http://$(HOST):$(PORT)/, docs: /docs)"
	@echo "try:  curl 'http://$(HOST):$(PORT)/entities?q=Zarif'"
	$(BIN)/geokg serve --host $(HOST) --port $(PORT)

run: ingest-seeds serve

test-deps:
	@bash scripts/test-deps.sh

test: install-test test-deps
	@# pytest exits 5 when it collected no tests: that is a failure, not a pass
	$(BIN)/python -m pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo 'no tests were collected' >&2; exit 1; fi; exit $$rc

lint: install-test
	$(BIN)/ruff check geokg graph ingest api tests bench

bench: install
	$(BIN)/python bench/extract.py
	$(BIN)/python bench/store.py
	$(BIN)/python bench/reingest.py
	$(BIN)/python bench/api.py
	$(BIN)/python bench/sources.py
	$(BIN)/python bench/explore.py

clean:
	rm -rf $(VENV) data .pytest_cache

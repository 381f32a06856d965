# wikikg — every task a target. `make test` works from a fresh clone: it builds .venv itself.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
SHARED ?= ../shared/data
DUMP   ?=
OUT    ?= out
JOBS   ?= 2

.PHONY: run test lint typecheck unit bench clean venv

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

venv: $(STAMP)

## make run — the graph of a real topic from today's Wikipedia, served on http://127.0.0.1:8000
##   make run DUMP=path [LANGLINKS=path]: local files instead, no network (settings: scripts/run.sh)
run: $(STAMP)
	@scripts/run.sh

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests
	$(VENV)/bin/mypy

unit: $(STAMP)
	$(VENV)/bin/pytest -q -n 2

## the whole suite: lint, types, tests
test: lint unit

## make bench — extraction speed on the battles dump against reading it
bench: $(STAMP)
	$(PY) -m wikikg.pipeline.bench $(SHARED)/dumps/en/enwiki-2020-battles-546pages.xml.bz2 --mappings $(SHARED)/dbpedia

clean:
	rm -rf $(VENV) out run test-output .pytest_cache .mypy_cache .ruff_cache

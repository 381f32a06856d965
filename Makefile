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

## make run DUMP=path — extract a dump and summarise what came out
run: $(STAMP)
	@if [ -z "$(DUMP)" ]; then echo "usage: make run DUMP=path/to/dump.xml.bz2 [OUT=out]"; exit 2; fi
	$(VENV)/bin/wikikg extract "$(DUMP)" -o "$(OUT)" --jobs $(JOBS)
	$(VENV)/bin/wikikg report "$(OUT)"

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
	rm -rf $(VENV) out test-output .pytest_cache .mypy_cache .ruff_cache

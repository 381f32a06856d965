# wikikg — every task a target. `make test` works from a fresh clone: it builds .venv itself.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
SHARED ?= ../shared/data
DUMP   ?=
OUT    ?= out
JOBS   ?= 2

.PHONY: run test quick lint unit unit-quick bench bench-serve soak browser-deps clean venv

$(STAMP): pyproject.toml
	@echo "== venv: $(VENV) (python: $(PYTHON))"
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@echo "== venv: upgrading pip"
	$(PY) -m pip install -q --upgrade pip
	@echo "== venv: installing wikikg (editable) with its test tools, from pyproject.toml"
	$(PY) -m pip install -e '.[test]'
	touch $(STAMP)
	@echo "== venv: ready"

venv: $(STAMP)

## make run — the graph of a real topic from today's Wikipedia, served on http://127.0.0.1:8000
##   make run DUMP=path [LANGLINKS=path]: local files instead, no network (settings: scripts/run.sh)
run: $(STAMP)
	@scripts/run.sh

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests
	$(VENV)/bin/mypy

unit: $(STAMP) browser-deps
	$(VENV)/bin/pytest -q -n 2 --dist loadgroup

## the tests but the slow ones (whole dumps, Spark) and the browser ones: the loop while working
unit-quick: $(STAMP)
	$(VENV)/bin/pytest -q -n 2 --dist loadgroup -m "not slow and not browser"

## what the browser tests need: Debian's chromium and chromium-driver (installed as root, as CI runs) and Playwright
browser-deps: $(STAMP)
	@command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1 || { \
	  [ "$$(id -u)" = 0 ] || { echo "browser tests need Debian's chromium: sudo apt-get install chromium chromium-driver"; exit 1; }; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; }
	@$(PY) -c "import playwright" 2>/dev/null || $(PY) -m pip install -q 'playwright>=1.50'

## the whole suite: lint, types, tests
test: lint unit

## make quick — lint, types and every test but the slow and browser ones (under a minute on 2 cores)
quick: lint unit-quick

## make bench — extraction speed on the battles dump against reading it
bench: $(STAMP)
	$(PY) -m wikikg.pipeline.bench $(SHARED)/dumps/en/enwiki-2020-battles-546pages.xml.bz2 --mappings $(SHARED)/dbpedia

## make soak — the hardening probes repeated for a few minutes (cross-talk, kill -9, pathological pages, slow clients); a table
soak: $(STAMP)
	$(PY) scripts/soak.py --shared $(SHARED)

## make bench-serve — load time beside pyoxigraph's bulk load; /page, /data, /lookup/prefix, SPARQL latency under load
bench-serve: $(STAMP)
	$(PY) -m wikikg.server.bench $(SHARED)/dumps/en/enwiki-2020-battles-546pages.xml.bz2 --mappings $(SHARED)/dbpedia

## make bench-spark — Spark local[2] beside the local engine (--jobs 2) on the battles dump; English Wikipedia projected
.PHONY: bench-spark
bench-spark: $(STAMP)
	$(PY) -m wikikg.spark.bench $(SHARED)/dumps/en/enwiki-2020-battles-546pages.xml.bz2 --mappings $(SHARED)/dbpedia

clean:
	rm -rf $(VENV) out run test-output .pytest_cache .mypy_cache .ruff_cache

## make bench-scale [PAGES=200000] — every phase at PAGES and PAGES/4 pages (three editions, langlinks): time, CPU, peak memory
PAGES ?= 200000
.PHONY: bench-scale
bench-scale: $(STAMP)
	$(PY) -m wikikg.pipeline.bench_scale --pages $(PAGES) --shared $(SHARED) --jobs $(JOBS)

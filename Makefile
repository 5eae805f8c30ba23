# vnstd — everything an operator or developer runs. Variables are overridable:
#   make index CORPUS=/data/qcvn INDEX=/srv/vnstd/index JOBS=2 SEMANTIC=1
# Every option reaches vnstd as a command-line flag; one left empty is not passed, so the
# VNSTD_* environment variable (or the default) decides.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
VNSTD  := $(VENV)/bin/vnstd
CORPUS ?= corpus
INDEX  ?= var/index
JOBS   ?=
SEMANTIC ?=
HOST   ?= 127.0.0.1
PORT   ?= 8000
SHARED ?= ../shared
STAMP  := $(VENV)/.installed
# SEMANTIC=1 (or yes/true/on) → --semantic (embed now), SEMANTIC=0 (no/false/off) →
# --no-semantic (lexical only); unset: `vnstd serve` embeds the vectors in the background
INDEX_FLAGS = $(if $(JOBS),--jobs $(JOBS)) \
  $(if $(filter 1 yes true on,$(SEMANTIC)),--semantic,$(if $(filter 0 no false off,$(SEMANTIC)),--no-semantic))

.PHONY: install index reindex serve run test test-fast lint fmt bench bench-cluster ocr-bench ocr-eval eval eval-tables eval-metadata eval-semantic loadtest hostile faults samples clean

$(STAMP): pyproject.toml  ## quiet: one line, then only what pip or setuptools has to warn about
	@echo "installing vnstd and its dependencies into $(VENV)"
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install -q --disable-pip-version-check --upgrade pip
	@$(PY) -m pip install -q --disable-pip-version-check -e '.[test,dev,pdfium,semantic,cluster]'
	@touch $(STAMP)

install: $(STAMP)

index: install
	$(VNSTD) index $(CORPUS) --index $(INDEX) $(INDEX_FLAGS)

reindex: install
	$(VNSTD) index $(CORPUS) --index $(INDEX) $(INDEX_FLAGS) --rebuild

serve: install
	$(VNSTD) serve --index $(INDEX) --corpus $(CORPUS) --host $(HOST) --port $(PORT)

run: index serve

test: install
	$(PY) -m pytest -q

test-fast: install
	$(PY) -m pytest -q -m "not slow and not browser"

lint: install  ## exactly what CI runs: style, types, import contracts, module and function sizes
	$(VENV)/bin/ruff check indexer search_api tests corpus
	$(VENV)/bin/ruff format --check indexer search_api tests corpus
	$(VENV)/bin/mypy indexer search_api
	$(VENV)/bin/lint-imports
	$(PY) -m pytest -q -p no:cacheprovider tests/test_architecture.py

fmt: install
	$(VENV)/bin/ruff check --fix indexer search_api tests corpus
	$(VENV)/bin/ruff format indexer search_api tests corpus

samples: install
	$(PY) corpus/make_samples.py

bench: install
	$(PY) tests/bench/bench_build.py --shared $(SHARED)

bench-cluster: install  ## a full build of the shared corpus locally (--jobs 2) and on a local Dask cluster (scheduler + 2 workers)
	$(PY) tests/bench/bench_cluster.py --shared $(SHARED)

ocr-bench: install  ## OCR of rasterised ICT pages against their text layer: CER, syllable recall, pages/s
	$(PY) tests/bench/ocr_bench.py --shared $(SHARED) --pages 30 --jobs 2

ocr-eval: install  ## the ICT dev questions on the 50 ICT PDFs as they are and as OCR'd scans (~30 min the first time)
	$(PY) tests/bench/ocr_eval.py --shared $(SHARED) --jobs 2

eval: install  ## hybrid ranking (the first run embeds every clause: about an hour on 2 cores) and lexical against FTS5 and BM25, what the page says (suggestions, highlights, grouping), what the catalog says (identity)
	$(PY) tests/bench/eval_relevance.py --shared $(SHARED)
	$(PY) tests/bench/eval_truth.py --shared $(SHARED)
	$(PY) tests/bench/eval_metadata.py --shared $(SHARED)
	$(PY) tests/bench/eval_tables.py --shared $(SHARED)

eval-tables: install  ## table cells on the labelled table pages (docs/tables.md), a few seconds
	$(PY) tests/bench/eval_tables.py --shared $(SHARED)

eval-metadata: install  ## only the identity measurement (docs/metadata.md), a few minutes
	$(PY) tests/bench/eval_metadata.py --shared $(SHARED)

eval-semantic: install  ## the dense fusion's variants (make eval is hybrid by default; vectors come from INDEX/vector-cache)
	$(PY) tests/bench/eval_relevance.py --shared $(SHARED) --ablation --semantic

loadtest: install
	$(PY) tests/bench/loadtest.py --shared $(SHARED)

hostile: install  ## the most expensive requests: CPU and memory each, /health under 8 of them
	$(PY) tests/bench/hostile.py --shared $(SHARED)

faults: install  ## damage an index under a running server, repair it, count what happened
	$(PY) tests/bench/faults.py

clean:
	rm -rf var .pytest_cache .ruff_cache .mypy_cache

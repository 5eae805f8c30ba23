# vnstd — everything an operator or developer runs. Variables are overridable:
#   make index CORPUS=/data/qcvn INDEX=/srv/vnstd/index JOBS=2
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
VNSTD  := $(VENV)/bin/vnstd
CORPUS ?= corpus
INDEX  ?= var/index
JOBS   ?= 0
HOST   ?= 127.0.0.1
PORT   ?= 8000
SHARED ?= ../shared
SEMANTIC ?= $(VNSTD_SEMANTIC)
STAMP  := $(VENV)/.installed

.PHONY: install index reindex serve run test test-fast lint fmt bench eval eval-semantic loadtest samples clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test,dev,pdfium,semantic]'
	touch $(STAMP)

install: $(STAMP)

index: install
	VNSTD_SEMANTIC=$(SEMANTIC) $(VNSTD) index $(CORPUS) --index $(INDEX) --jobs $(JOBS)

reindex: install
	VNSTD_SEMANTIC=$(SEMANTIC) $(VNSTD) index $(CORPUS) --index $(INDEX) --jobs $(JOBS) --rebuild

serve: install
	$(VNSTD) serve --index $(INDEX) --corpus $(CORPUS) --host $(HOST) --port $(PORT)

run: index serve

test: install
	$(PY) -m pytest -q

test-fast: install
	$(PY) -m pytest -q -m "not slow and not browser"

lint: install
	$(VENV)/bin/ruff check indexer search_api tests corpus
	$(VENV)/bin/ruff format --check indexer search_api tests corpus
	$(VENV)/bin/mypy indexer search_api

fmt: install
	$(VENV)/bin/ruff check --fix indexer search_api tests corpus
	$(VENV)/bin/ruff format indexer search_api tests corpus

samples: install
	$(PY) corpus/make_samples.py

bench: install
	$(PY) tests/bench/bench_build.py --shared $(SHARED)

eval: install
	$(PY) tests/bench/eval_relevance.py --shared $(SHARED)

eval-semantic: install  ## also vnstd+e5 (first run embeds every clause: about 45 min on 2 cores)
	$(PY) tests/bench/eval_relevance.py --shared $(SHARED) --semantic

loadtest: install
	$(PY) tests/bench/loadtest.py --shared $(SHARED)

clean:
	rm -rf var .pytest_cache .ruff_cache .mypy_cache

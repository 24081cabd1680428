# Every target bootstraps its own virtualenv: a fresh clone needs only python3 and make.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: install test lint run bench schemas clean

# Sources that setup.py compiles with mypyc: editing one reinstalls (ioc_stream/native.py runs them from
# source meanwhile).
COMPILED := setup.py ioc_stream/construct.py $(wildcard ioc_stream/enrich/*.py)

$(STAMP): pyproject.toml $(COMPILED)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

test: install lint  ## install, run the gates, then the whole test suite (what CI runs)
	$(PY) -m pytest -q

lint: install  ## the gates: ruff format and lint, mypy (strict on the pure core); the import contracts run in pytest
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

run: install   ## install and run the embedded demo: broker, worker, simulator, console
	$(VENV)/bin/ioc-stream demo

# `make bench` gets its own virtualenv (inside .venv/, so `make clean` drops it too): the Quix Streams peer
# pins pydantic<2.14, and the dev environment must not be downgraded for it.
BENCH_MODE  ?= quick
BENCH_VENV  ?= $(VENV)/bench
BENCH_STAMP := $(BENCH_VENV)/.installed

$(BENCH_STAMP): pyproject.toml $(COMPILED)
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install -q --upgrade pip
	$(BENCH_VENV)/bin/python -m pip install -q -e '.[bench]'
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)  ## benchmarks side by side with the peers -> benchmarks/results.json + BENCHMARKS.md (BENCH_MODE=full for real numbers)
	BENCH_COMMAND="make bench BENCH_MODE=$(BENCH_MODE)" $(BENCH_VENV)/bin/python -m benchmarks.run_all --mode $(BENCH_MODE)

schemas: install  ## regenerate schemas/*.json from the pydantic models
	$(VENV)/bin/ioc-stream schemas --out schemas

clean:
	rm -rf $(VENV) .pytest_cache

# Every target bootstraps its own virtualenv: a fresh clone needs only python3 and make.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: install test run bench schemas clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

test: install  ## install and run the whole test suite (what CI runs)
	$(PY) -m pytest -q

run: install   ## install and run the embedded demo: broker, worker, simulator, console
	$(VENV)/bin/ioc-stream demo

schemas: install  ## regenerate schemas/*.json from the pydantic models
	$(VENV)/bin/ioc-stream schemas --out schemas

clean:
	rm -rf $(VENV) .pytest_cache

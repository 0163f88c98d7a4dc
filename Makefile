# The two commands: `make demo` (the main job) and `make test` (the whole test suite).
# Each creates .venv if it is missing and installs what it needs; nothing is installed by hand.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip install --quiet --disable-pip-version-check
PYTEST_ARGS ?= -n 2

.PHONY: demo test lint bench clean

demo: $(VENV)/.installed-base
	$(VENV)/bin/alignlab demo

test: $(VENV)/.installed-dev
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check src tests benchmarks

bench: $(VENV)/.installed-dev
	@for b in benchmarks/*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

$(PY):
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "alignlab needs Python >= 3.11"'
	$(PYTHON) -m venv $(VENV)
	$(PIP) --upgrade pip

$(VENV)/.installed-base: pyproject.toml | $(PY)
	$(PIP) -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(PY)
	$(PIP) -e '.[dev]'
	touch $@ $(VENV)/.installed-base

clean:
	rm -rf $(VENV) alignlab-demo .pytest_cache build src/*.egg-info

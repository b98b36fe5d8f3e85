# The two commands of the quickstart are `make demo` and `make test`.
# Both create .venv and install the project with its extras when needed, so they work on a fresh clone.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
CODE   := src tests $(wildcard examples/*.py) $(wildcard benchmarks/*.py)

.PHONY: install lint types unit test test-long demo bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,postgres]'
	touch $(STAMP)

install: $(STAMP)

lint: install
	$(BIN)/ruff check $(CODE)
	$(BIN)/ruff format --check $(CODE)

types: install
	$(BIN)/mypy $(CODE)

unit: install
	$(BIN)/python -m pytest -q

test: lint types unit

test-long: install
	$(BIN)/python -m pytest -q --run-slow

demo: install
	$(BIN)/python -m bridge demo

# Every benchmarks/*.py in turn (not the _helpers), then a table of their RESULT lines.
bench: install
	$(BIN)/python benchmarks/_run_all.py

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache .hypothesis

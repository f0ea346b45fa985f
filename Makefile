# Two entry points, both from a fresh clone with only python3:
#   make demo   — set up .venv, validate the rules, print the 2024Q1 ranking
#   make test   — set up .venv with the test extras, run the test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test venv bench hostile lint messages schemas clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	$(BIN)/kpi rules validate
	$(BIN)/kpi score 2024Q1

# then the CLI tests, the guide and the Windows tests again with what Windows' Python lacks hidden
test: $(STAMP)
	$(BIN)/python -m pytest
	$(BIN)/python -m pytest -p tests.windows_like tests/test_cli.py tests/test_guide.py tests/test_windows.py

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

hostile: $(STAMP)
	$(BIN)/python benchmarks/hostile.py

lint: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,dev]'
	$(BIN)/ruff check engine tests benchmarks
	$(BIN)/ruff format --check engine tests benchmarks
	$(BIN)/mypy

# the message catalogues: engine/locale/<lang>/LC_MESSAGES/kpi.po → kpi.mo (committed; run after editing a .po)
messages: $(STAMP)
	$(BIN)/pybabel compile --domain kpi --directory engine/locale --statistics

# the schemas' compiled checks: schemas/*.schema.json → engine/schemacode/*.py (committed; run after editing a schema)
schemas: $(STAMP)
	$(BIN)/python -m engine.schemacode.generate

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache

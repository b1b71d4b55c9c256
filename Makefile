# One command per job. `make run` and `make test` are the two in the README.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 2
# PostgreSQL server used by `make test` when reachable (a fresh database is created per run).
TEST_POSTGRES ?= postgres://postgres@127.0.0.1:5432
PYTEST_ARGS ?=

.PHONY: install run serve migrate demo test test-sqlite test-postgres lint fuzz bench bench-linking bench-relink bench-related bench-search eval eval-related clean

CHECKERS := tests/checkers

install: $(VENV)/.installed $(CHECKERS)/node_modules/.package-lock.json

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
	touch $@

# The Nu HTML checker (vnu.jar, run with Java) and axe-core, pinned in $(CHECKERS)/package-lock.json.
$(CHECKERS)/node_modules/.package-lock.json: $(CHECKERS)/package-lock.json
	@if command -v npm >/dev/null; then cd $(CHECKERS) && npm ci --silent; \
	else echo "npm not found: the HTML and accessibility checks will install their tools or skip"; fi

run: install migrate
	$(BIN)/dossiers demo --if-empty
	$(BIN)/dossiers serve --host $(HOST) --port $(PORT) --workers $(WORKERS)

migrate: install
	$(BIN)/dossiers migrate --noinput

demo: install migrate
	$(BIN)/dossiers demo

test: install lint test-sqlite test-postgres

# The gates besides the tests: style, formatting, the layers of docs/architecture.md, types.
lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/lint-imports
	$(BIN)/mypy

test-sqlite: install
	@echo "== tests on SQLite =="
	env -u DATABASE_URL $(BIN)/pytest -n 2 $(PYTEST_ARGS)

test-postgres: install
	@if $(BIN)/python -c "import psycopg; psycopg.connect('$(TEST_POSTGRES)/postgres', connect_timeout=3).close()" 2>/dev/null; then \
		echo "== tests on PostgreSQL =="; \
		DATABASE_URL=$(TEST_POSTGRES)/dossiers_run_$$$$ $(BIN)/pytest -n 2 $(PYTEST_ARGS); \
	elif [ -n "$$DOSSIERS_REQUIRE_POSTGRES" ]; then \
		echo "PostgreSQL is required (DOSSIERS_REQUIRE_POSTGRES) but not reachable at $(TEST_POSTGRES)"; exit 1; \
	else \
		echo "== PostgreSQL not reachable at $(TEST_POSTGRES): PostgreSQL run skipped =="; \
	fi

# Every parser with DOSSIERS_FUZZ_EXAMPLES inputs (100,000 by default) each; prints, per
# parser, the inputs and the unhandled exceptions (examples saved in var/fuzz/).
fuzz: install
	$(BIN)/python tests/fuzz/run.py --examples $${DOSSIERS_FUZZ_EXAMPLES:-100000}

bench: install
	$(BIN)/python benchmarks/pages.py

bench-linking: install
	$(BIN)/python benchmarks/linking.py

bench-relink: install
	$(BIN)/python benchmarks/relink.py

bench-related: install
	$(BIN)/python benchmarks/related.py

eval-related: install
	$(BIN)/dossiers eval related ../shared/fixtures/corpora/bbc-news/

bench-search: install
	$(BIN)/python benchmarks/search.py

eval: install
	$(BIN)/dossiers eval reuters ../shared/fixtures/corpora/reuters21578/

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache

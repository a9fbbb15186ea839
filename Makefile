# Two commands on a fresh machine with Python 3.11+ and make: `make run` and `make test`.
PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
BIN := .venv/bin
# Python's compiled modules are kept (some shells turn that off): without them every process,
# each test's server and CLI included, compiles the app and its libraries anew, seconds each.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: run test lint bench install clean

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

install: $(UV)
	$(UV) sync --locked --quiet --compile-bytecode

# Development server: embedded SQLite in var/, demo data on first run, mail at /dev/mailbox.
run: install
	BETWEEN_ENV=$${BETWEEN_ENV:-development} $(BIN)/between serve --migrate --demo

# The whole suite on SQLite; with BETWEEN_TEST_POSTGRES_URL, on PostgreSQL too, side by side
# (two processes on two cores; each prints its report when both are done).
test: install
	@if [ -n "$${BETWEEN_TEST_POSTGRES_URL:-}" ]; then \
		mkdir -p var; \
		echo "--- the whole suite on SQLite and on PostgreSQL, side by side"; \
		$(BIN)/pytest > var/test-sqlite.log 2>&1 & lite_pid=$$!; \
		TEST_DATABASE_URL="$$BETWEEN_TEST_POSTGRES_URL" $(BIN)/pytest > var/test-postgres.log 2>&1; pg=$$?; \
		wait $$lite_pid; lite=$$?; \
		echo "=== SQLite"; cat var/test-sqlite.log; \
		echo "=== PostgreSQL"; cat var/test-postgres.log; \
		test $$lite -eq 0 -a $$pg -eq 0; \
	elif [ -n "$${CI:-}" ]; then \
		echo "CI must run the suite on PostgreSQL too: BETWEEN_TEST_POSTGRES_URL is not set." >&2; exit 1; \
	else \
		$(BIN)/pytest && echo "(Not run on PostgreSQL: set BETWEEN_TEST_POSTGRES_URL=postgresql://postgres@127.0.0.1:5432/postgres to do so.)"; \
	fi

# The gate CI runs before the tests: lint, formatting and types (`ruff format .` fixes the formatting).
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: install
	$(BIN)/python -m benchmarks

clean:
	rm -rf .venv $(TOOLS) var .pytest_cache

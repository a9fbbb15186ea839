# Two commands on a fresh machine with Python 3.11+ and make: `make run` and `make test`.
PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
BIN := .venv/bin

.PHONY: run test bench install clean

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

install: $(UV)
	$(UV) sync --locked --quiet

# Development server: embedded SQLite in var/, demo data on first run, mail at /dev/mailbox.
run: install
	BETWEEN_ENV=$${BETWEEN_ENV:-development} $(BIN)/between serve --migrate --demo

# The whole suite on SQLite, then on PostgreSQL when BETWEEN_TEST_POSTGRES_URL names a server.
test: install
	$(BIN)/pytest
	@if [ -n "$${BETWEEN_TEST_POSTGRES_URL:-}" ]; then \
		echo "--- the whole suite again, on PostgreSQL"; \
		TEST_DATABASE_URL="$$BETWEEN_TEST_POSTGRES_URL" $(BIN)/pytest; \
	elif [ -n "$${CI:-}" ]; then \
		echo "CI must run the suite on PostgreSQL too: BETWEEN_TEST_POSTGRES_URL is not set." >&2; exit 1; \
	else \
		echo "(Not run on PostgreSQL: set BETWEEN_TEST_POSTGRES_URL=postgresql://postgres@127.0.0.1:5432/postgres to do so.)"; \
	fi

bench: install
	$(BIN)/python -m benchmarks

clean:
	rm -rf .venv $(TOOLS) var .pytest_cache

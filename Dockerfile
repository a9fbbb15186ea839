# syntax=docker/dockerfile:1
# Between: the web app (default command) and, with `between worker`, the outbox worker.
FROM python:3.11-slim

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/app/.venv

RUN pip install --no-cache-dir uv==0.13.9

WORKDIR /app

# Dependencies first: this layer is rebuilt only when pyproject.toml or uv.lock change.
COPY pyproject.toml uv.lock ./
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --locked --no-dev --no-install-project

# The project itself. It is installed editable on purpose: app/config.py finds templates/,
# static/, migrations/ and var/ next to app/. README.md is the package's readme (pyproject.toml).
COPY README.md alembic.ini ./
COPY migrations/ migrations/
COPY templates/ templates/
COPY static/ static/
COPY app/ app/
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --locked --no-dev

# Run as an unprivileged user; var/ (the default SQLite location) is the only writable place.
RUN useradd --system --create-home --home-dir /home/between --uid 10001 between \
    && mkdir -p /app/var \
    && chown between:between /app/var
USER between

ENV PATH=/app/.venv/bin:$PATH \
    HOST=0.0.0.0 \
    PORT=8000

EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ.get('PORT', '8000') + '/healthz', timeout=4)"]

CMD ["between", "serve", "--migrate"]

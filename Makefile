# newsroom: `make run` serves the demo, `make test` runs the linter and the tests.
# Each target sets up what it needs from a fresh clone.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run serve test lint format e2e migrate demo clean bench catalogs

# The install is not editable: the project runs from its folder and installs no package
# of its own (an editable install only adds setuptools' warning about same-named folders).
$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "newsroom needs Python 3.11 or newer; set PYTHON=/path/to/python3.11")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet '.[dev]'
	touch $(STAMP)

# The translation catalogs (locale/*/LC_MESSAGES/django.po) compiled to .mo, in Python.
catalogs: $(STAMP)
	$(BIN)/python -m newsroom.catalogs

migrate: catalogs
	$(BIN)/python manage.py migrate --no-input

demo: migrate
	$(BIN)/python manage.py load_demo

# The background worker (emails, digests) runs beside the server and stops with it:
# Ctrl-C reaches both, and the trap ends the worker whenever the server exits. It does
# not reload on code changes (the server does): restart `make run` after changing a task.
run: demo
	@echo
	@echo "  The Harbour Ledger is at http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	@echo "  Background tasks run in manage.py db_worker; their emails print here."
	@echo
	@$(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Production serving: gunicorn, DEBUG off, static files collected (hashed, compressed)
# and served by WhiteNoise. Needs DJANGO_SECRET_KEY; see docs/deployment.md. Sync workers
# are held by slow clients: keep HOST on loopback, with docs/nginx.conf in front (it
# reads whole requests before passing them on).
WORKERS ?= $(shell echo $$(( $$(nproc) * 2 + 1 )))
serve: catalogs
	@test -n "$$DJANGO_SECRET_KEY" || { echo "make serve: set DJANGO_SECRET_KEY (and REDIS_URL, DJANGO_ALLOWED_HOSTS); see docs/deployment.md" >&2; exit 1; }
	DJANGO_DEBUG=0 $(BIN)/python manage.py collectstatic --no-input -v0
	DJANGO_DEBUG=0 $(BIN)/python manage.py migrate --no-input -v0
	DJANGO_DEBUG=0 $(BIN)/gunicorn newsroom.wsgi --bind $(HOST):$(PORT) --workers $(WORKERS) \
		--timeout 30 --graceful-timeout 30 \
		--access-logfile - --forwarded-allow-ips='127.0.0.1'

# The page benchmark against the production server (about 90 s; needs Redis, uses wrk
# when installed). Never part of `make test`; figures and the other benchmarks are in
# docs/performance.md.
bench: $(STAMP)
	$(BIN)/python bench/pages.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: lint catalogs
	DATABASE_URL= $(BIN)/python manage.py makemigrations --check --dry-run  # needs no database
	$(BIN)/pytest -n auto

clean:
	rm -rf $(VENV) staticfiles .ruff_cache

e2e: $(STAMP)
	$(BIN)/pytest tests/e2e

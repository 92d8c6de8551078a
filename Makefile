# Observatoire — the few commands people type. `make demo` and `make test` do all the set-up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: poppler demo test test-browser test-celery lint format messages run serve migrate bench clean help

help:
	@echo "make demo          virtualenv, install, migrate, registry, demo data, rankings, members, awards, serve on :8000"
	@echo "make test          the whole test suite (SQLite, or PostgreSQL with DATABASE_URL)"
	@echo "make test-browser  end-to-end tests in Debian's Chromium"
	@echo "make test-celery   a collection through one real Celery worker (REDIS_URL, PostgreSQL)"
	@echo "make lint          ruff"
	@echo "make messages      extract translatable strings into the English .po, compile the .mo"
	@echo "make run           serve what exists on http://127.0.0.1:8000"
	@echo "make serve         the same with the production server (gunicorn, DEBUG off)"
	@echo "make bench         the benchmarks that build their own data (bench/README.md)"

$(STAMP): pyproject.toml package-lock.json
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,server]'
	@if [ -f package.json ]; then npm ci --no-audit --no-fund --silent || npm install --no-audit --no-fund --silent; fi
	touch $(STAMP)

install: $(STAMP)

migrate: $(STAMP)
	mkdir -p var
	$(BIN)/observatoire migrate --no-input

# The PDF report's tests read pages back with poppler (pdftotext, pdftoppm): a Debian package.
poppler:
	@command -v pdftotext >/dev/null && command -v pdftoppm >/dev/null || \
		{ SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		  $$SUDO apt-get update -q && $$SUDO apt-get install -y -q poppler-utils; }

test: $(STAMP) poppler
	$(BIN)/pytest -m "not browser and not celery" $(PYTEST_ARGS)

test-browser: $(STAMP)
	$(BIN)/pytest -m browser $(PYTEST_ARGS)

# The worker is another process: it needs a database it can open (PostgreSQL by default).
test-celery: $(STAMP)
	REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/0} \
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/observatoire_celery} \
	$(BIN)/pytest -m celery $(PYTEST_ARGS)

# Then translate the new entries of observatoire/locale/en/LC_MESSAGES/django.po, run it again
# and commit both the .po and the .mo (the site serves the committed .mo).
messages: $(STAMP)
	$(BIN)/observatoire makemessages -l en --ignore=.venv --ignore=node_modules --ignore=var \
		--ignore=bench --ignore=tests/e2e
	$(BIN)/observatoire compilemessages --ignore=.venv --ignore=node_modules

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

run: migrate
	$(BIN)/observatoire runserver 127.0.0.1:8000

# The production server (gunicorn, docs/operations.md) on what exists, DEBUG off unless set;
# WEB_CONCURRENCY / WEB_THREADS / WEB_BIND change the workers, threads and address.
serve: migrate
	DEBUG=$${DEBUG:-false} $(BIN)/observatoire collectstatic --no-input -v0
	DEBUG=$${DEBUG:-false} $(BIN)/observatoire serve

demo: migrate
	$(BIN)/observatoire territories load
	$(BIN)/observatoire demo generate
	$(BIN)/observatoire demo rank
	$(BIN)/observatoire census build --all
	$(BIN)/observatoire dumps build --all
	$(BIN)/observatoire demo login
	$(BIN)/observatoire demo awards
	$(BIN)/observatoire runserver 127.0.0.1:8000

# The benchmarks that generate their own data in a fresh database (bench/README.md), one after
# the other at full scale (long): BENCH="ranking" picks some, BENCH_ARGS="--profiles 3000"
# passes options to each. site.py and load.py measure an existing demo database: run them by hand.
BENCH ?= ranking import collect
bench: $(STAMP)
	for name in $(BENCH); do $(BIN)/python bench/$$name.py $(BENCH_ARGS) || exit 1; done

clean:
	rm -rf $(VENV) var node_modules

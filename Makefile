# Two commands on a fresh machine with Python 3.11 and make:
#   make run    set up, load reference and demo data, serve on http://127.0.0.1:8000
#   make test   set up and run every test (browser tests need /usr/bin/chromium)

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
CHROMIUM ?= /usr/bin/chromium
ARTIFACTS := test-artifacts
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run worker test test-later lint check bench loadtest clean

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: requirements.txt | $(PY)
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(PY)
	$(PIP) install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime $@

run: $(VENV)/.runtime
	DEBUG=1 $(PY) manage.py migrate --no-input
	DEBUG=1 $(PY) manage.py load_regions --if-missing
	DEBUG=1 $(PY) manage.py seed_demo
	@echo ""
	@echo "TPS Khusus berjalan di http://127.0.0.1:8000 (berhenti: Ctrl+C)"
	@# The task worker runs beside the dev server (area exports are made in the background) and stops with it.
	DEBUG=1 $(PY) manage.py db_worker --no-reload --verbosity 0 & trap 'kill $$!' EXIT; \
		DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

# The task worker alone (background exports), e.g. beside a server started otherwise; docs/deploy.md.
worker: $(VENV)/.runtime
	DEBUG=1 $(PY) manage.py db_worker

# axe-core (accessibility checks in the browser tests), pinned in package-lock.json; needs npm.
node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

test: $(VENV)/.dev
	@mkdir -p $(ARTIFACTS)/screenshots
	@if command -v npm >/dev/null 2>&1; then \
		$(MAKE) --no-print-directory node_modules/.installed; \
	else \
		echo "Accessibility tests: no npm, axe-core not installed (they fail when TPS_REQUIRE_BROWSER=1)"; \
	fi
	@if [ -x "$(CHROMIUM)" ]; then \
		echo "Browser tests: Chromium $(CHROMIUM); screenshots go to $(CURDIR)/$(ARTIFACTS)/screenshots"; \
	else \
		echo "Browser tests SKIPPED: no Chromium at $(CHROMIUM) (install it with: apt-get install chromium)"; \
	fi
	@echo "Database: $${DATABASE_URL:-SQLite (default)}"
	CHROMIUM=$(CHROMIUM) TPS_ARTIFACTS=$(CURDIR)/$(ARTIFACTS) $(PY) -m pytest -n 2 --dist loadfile $(PYTEST_ARGS)
	@echo "Screenshots: $(CURDIR)/$(ARTIFACTS)/screenshots"

# The same suite with every test process's clock two years ahead: dates must not expire.
test-later:
	TPS_TEST_CLOCK_SHIFT_DAYS=730 $(MAKE) test

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .

check: lint
	$(PY) manage.py makemigrations --check --dry-run

# One table of a normal day's pages and jobs on the current database (seed_demo first; seed_scale for the
# national case, docs/performance.md "Scale"); the import and export benchmarks stay as separate commands.
bench: $(VENV)/.dev
	$(PY) manage.py bench --runs 5

# 50 simulated users for 60 s against gunicorn (DEBUG off) on DATABASE_URL (the demo loaded if empty);
# locust comes from its own requirements file, so `make test` does not install it. docs/performance.md.
$(VENV)/.loadtest: requirements-loadtest.txt | $(PY)
	$(PIP) install --quiet -r requirements-loadtest.txt
	touch $@

loadtest: $(VENV)/.runtime $(VENV)/.loadtest
	$(PY) loadtest/run.py

clean:
	rm -rf $(VENV) $(ARTIFACTS) node_modules staticfiles db.sqlite3 db.sqlite3-shm db.sqlite3-wal

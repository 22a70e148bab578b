# Two commands: `make run` starts the whole product locally, `make test` passes the tests.
# Both set everything up on a fresh Debian machine (Python 3.11, Node 20, apt).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY_STAMP := $(VENV)/.installed
SITE_STAMP := node_modules/.installed
STAGE ?= dev

.PHONY: run test bench lint deps site browser deploy package clean

run: deps site
	$(BIN)/python -m infra.local

test: deps site browser
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/pytest

bench: deps
	$(BIN)/python -m bench.run

lint: deps
	$(BIN)/ruff check .
	$(BIN)/lint-imports

deps: $(PY_STAMP)

$(PY_STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

site: $(SITE_STAMP)

$(SITE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	npm run --silent build
	touch $@

# make deploy STAGE=dev|prod: provision (idempotent), chalice deploy, publish the site,
# print the site and API URLs and the DNS records. With AWS_ENDPOINT_URL set (the
# emulator) it provisions and publishes but skips chalice deploy (see README).
deploy: deps site
	$(BIN)/python -m infra.deploy --stage $(STAGE)

# make package STAGE=dev|prod: build/$(STAGE)/sam.json, one CloudFormation template, cfn-lint clean.
package: deps
	$(BIN)/python -m infra.package build --stage $(STAGE)
	$(BIN)/cfn-lint build/$(STAGE)/sam.json

# Browser tests drive Debian's chromium; Playwright cannot download browsers here.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		SUDO=$$(command -v sudo >/dev/null && [ "$$(id -u)" != 0 ] && echo sudo); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium; }

clean:
	rm -rf $(VENV) node_modules static_site/vendor static_site/config.js

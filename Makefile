# Kefu Academy: `make run` to try it, `make test` to check it. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
FLASK := $(BIN)/flask --app wsgi

.PHONY: run test lint pytest translations i18n system-deps bench clean-db

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime-installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime-installed

translations: $(VENV)/.runtime-installed
	@$(BIN)/pybabel compile -d examapp/translations >/dev/null

## make run: venv, install, migrate, demo data, serve on http://127.0.0.1:$(PORT)
run: export KEFU_ENV = development
run: $(VENV)/.runtime-installed translations
	@mkdir -p instance
	$(FLASK) db upgrade
	$(FLASK) demo load --history
	@echo "Kefu Academy: http://127.0.0.1:$(PORT)  (logins: demo-trainee / demo-trainer / demo-manager / demo-admin, password kefu-demo)"
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

## make test: everything the tests need, then lint and the whole suite
test: $(VENV)/.dev-installed system-deps translations lint
	KEFU_ENV=development $(FLASK) banks check question_banks/
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Browser tests drive Debian's Chromium; the CJK font makes Chinese pages render in screenshots.
system-deps:
	@if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi "WenQuanYi Micro Hei"; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null; \
	  else echo "chromium / fonts-wqy-microhei missing and not root: browser tests will be skipped"; fi; \
	fi

## make i18n: extract the UI strings and merge them into both catalogues
i18n: $(VENV)/.runtime-installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o examapp/translations/messages.pot . >/dev/null
	$(BIN)/pybabel update -i examapp/translations/messages.pot -d examapp/translations >/dev/null

## make bench: load and size benchmarks, printed as a table
bench: $(VENV)/.dev-installed translations
	$(BIN)/python -m bench

clean-db:
	rm -f instance/kefu.sqlite3 instance/kefu.sqlite3-wal instance/kefu.sqlite3-shm

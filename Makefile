# Two commands do all the set-up on a fresh Debian machine with Python 3.11+:
#   make run    start the app on demo data
#   make test   lint, type-check, layering check and the whole test suite (SQLite + PostgreSQL)
SHELL := /bin/bash
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
	&& { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
DEMO_DIR ?= demo-data
TS := $(wildcard resources/i18n/*.ts)
QM := $(TS:.ts=.qm)

.PHONY: run test deps venv translations bytecode lint typecheck layers pytest bench soak screenshots update-translations clean

run: deps venv translations bytecode
	@if [ ! -f "$(DEMO_DIR)/inspector.sqlite3" ]; then $(BIN)/inspector demo --data-dir "$(DEMO_DIR)"; fi
	$(BIN)/inspector --data-dir "$(DEMO_DIR)"

test: deps venv translations
	scripts/pg-test-server.sh $(MAKE) --no-print-directory lint typecheck layers pytest

deps:
	@scripts/system-deps.sh

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.11 or newer is required" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	@touch $@

translations: venv $(QM)

# The project is installed editable, so pip compiled nothing; an installed app has its bytecode, and
# where PYTHONDONTWRITEBYTECODE is set (CI, these machines) every start would compile our modules
# again (~10 ms of the window's start). Python still recompiles any source changed since.
bytecode: venv
	@$(BIN)/python -m compileall -q inspector

resources/i18n/%.qm: resources/i18n/%.ts
	$(BIN)/pyside6-lrelease -silent $< -qm $@

# Re-scan the UI sources for strings after changing them; then translate the new entries.
update-translations: venv
	$(BIN)/pyside6-lupdate -no-obsolete -locations none $$(find inspector/ui -name '*.py' | sort) \
		-ts resources/i18n/inspector_zh_CN.ts

lint: venv
	$(BIN)/ruff check inspector tests bench
	$(BIN)/ruff format --check inspector tests bench

typecheck: venv
	$(BIN)/mypy

layers: venv
	$(BIN)/lint-imports

pytest: venv
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest -q

bench: deps venv translations bytecode
	scripts/pg-test-server.sh env QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench

soak: venv
	$(BIN)/python bench/soak_kill.py --runs 200

.PHONY: dist dist-check

# The one-folder build an office copies to its laptops: dist/inspector/ (see packaging/inspector.spec).
# PyInstaller comes with the dist extra, installed here only. The same commands on Windows: README.
dist: deps venv translations
	$(BIN)/pip install --quiet -e ".[dist]"
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller \
		packaging/inspector.spec

# Starts the built folder headless on a fresh data directory (demo, verify, a document, the first
# frame, a PostgreSQL database) and reports its size and start time; fails if any step fails.
dist-check: deps venv
	scripts/pg-test-server.sh $(BIN)/python -m bench.dist_check

screenshots: deps venv translations
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/screenshots.py docs/screenshots --documents docs/documents

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache $(QM)

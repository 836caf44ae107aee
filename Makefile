# Qualitative Coding Workbench — `make run` opens the demo, `make test` runs every check headless.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
BASE   := $(VENV)/.installed-base
TESTS  := $(VENV)/.installed-test
BUILDS := $(VENV)/.installed-installer
SERVER := $(VENV)/.installed-server

.PHONY: run test lint typecheck pytest bench soak corpus system clean installer screenshots \
	server server-stop

run: $(BASE)
	$(PY) main.py --demo

test: $(TESTS)
	$(VENV)/bin/ruff check workbench tests benchmarks installer docs main.py
	$(VENV)/bin/mypy workbench
	$(VENV)/bin/vulture
	$(VENV)/bin/lint-imports
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/pytest -q -p no:cacheprovider

# `make bench SCALES="0.25 1 4"`: issue 18's table at R/4, R and 4R instead (REPEAT=1 at 4R saves time).
bench: $(BASE)
	$(PY) benchmarks/run.py $(if $(SCALES),--scales "$(SCALES)" --repeat $(or $(REPEAT),3))

screenshots: $(BASE)
	$(PY) docs/make_screenshots.py

# A local PostgreSQL for trying the team server (it prints the URL to open); kept until server-stop.
server: $(SERVER)
	@$(PY) -m workbench.core.server.dev_server start

server-stop: $(SERVER)
	@$(PY) -m workbench.core.server.dev_server stop

soak: $(TESTS)
	$(PY) benchmarks/crash_soak.py

system:
	@$(PYTHON) -m workbench.system_check

$(VENV)/bin/python: | system
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(BASE): pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e .
	@touch $@

$(TESTS): pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $(BASE) $@

installer: $(BUILDS)
	$(PY) installer/build.py

$(BUILDS): pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e '.[installer]'
	@touch $(BASE) $@

$(SERVER): pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e '.[server]'
	@touch $(BASE) $@

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache .import_linter_cache

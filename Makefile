# Set-up is part of every target: a fresh clone needs only Python 3.12.
VENV := .venv
BIN := $(VENV)/bin
PYTHON ?= $(shell command -v python3.12 2>/dev/null || command -v python3 2>/dev/null)

.PHONY: run test lint bench clean venv

venv: $(BIN)/.installed

$(BIN)/.installed: pyproject.toml
	@if [ -z "$(PYTHON)" ] || ! "$(PYTHON)" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 12) else 1)' 2>/dev/null; then \
		echo "fraudchain needs Python 3.12 (found: $$($(PYTHON) --version 2>&1 || echo none))."; \
		echo "Install it (e.g. 'pyenv install 3.12' -- .python-version asks pyenv for it) and run make again."; \
		exit 1; fi
	@[ -x $(BIN)/python ] || "$(PYTHON)" -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $@

run: venv
	$(BIN)/python -m fraudchain.dashboard.warm
	$(BIN)/fraudchain dashboard --port 8501

test: venv
	$(BIN)/ruff check sim agents scenarios dashboard tests
	$(BIN)/python -m pytest -n 2 --dist loadfile -q --durations=30

bench: venv
	$(BIN)/fraudchain bench

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache

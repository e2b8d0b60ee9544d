# FollowUp: `make run` opens the app, `make test` checks everything.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-slow lint fmt bench bench-scaling screenshots package clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Re-install only when the project's metadata changes.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/followup-gui

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

fmt: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: lint
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest -m "not packaging and not desktop and not slow"

# The long robustness runs (kills, the hostile sweep); .ci/run runs them too.
test-slow: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest -m slow -p no:randomly -q

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench

# The whole bench at N = 200, 2,000 and 20,000: every figure's growth, and the plot.
bench-scaling: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench.scaling

# The main screens, light and dark, at 1366x768, for the README (docs/screenshots/).
screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench.screenshots docs/screenshots

package: $(STAMP)
	packaging/build.sh

clean:
	rm -rf build dist .mypy_cache .pytest_cache .ruff_cache

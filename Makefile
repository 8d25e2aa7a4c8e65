# kzanalysis — `make` lists the targets; `make report` and `make test` do all set-up.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PIP    := $(BIN)/python -m pip --disable-pip-version-check
ROOT_FLAG := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)

.DEFAULT_GOAL := help
.PHONY: help env report test lab sync benchmarks clean lock

help: ## List the targets with one-line help
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-11s %s\n", $$1, $$2}'

# The hot modules compiled with mypyc (setup.py); KZANALYSIS_NATIVE=auto|required|off.
NATIVE := $(shell sed -n 's/^native-modules = \[\(.*\)\]/\1/p' pyproject.toml | tr -d '",')
KZANALYSIS_NATIVE ?= auto
export KZANALYSIS_NATIVE

$(VENV)/.requirements: requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q -r requirements.lock
	touch $@

# the build mode in effect, as a file whose name changes with it
$(VENV)/.native-$(KZANALYSIS_NATIVE): $(VENV)/.requirements
	rm -f $(VENV)/.native-*
	touch $@

# reinstalled (and recompiled) when a compiled module or the build mode changes
$(STAMP): $(VENV)/.requirements $(VENV)/.native-$(KZANALYSIS_NATIVE) pyproject.toml setup.py $(NATIVE:%=kzanalysis/%.py)
	$(PIP) install -q --no-deps --no-build-isolation -e .
	touch $(STAMP)

env: $(STAMP) ## Create .venv from the lock file, install the package (editable) and compile its hot modules

report: $(STAMP) ## Run every notebook headless; write notebooks, HTML, figures and tables to reports/
	$(BIN)/python -m kzanalysis report --out reports

test: $(STAMP) ## Run the whole test suite, including headless execution of every notebook
	$(BIN)/python -m pytest
	KZANALYSIS_PURE_PYTHON=1 $(BIN)/python -m pytest -q -m pure_python

lab: $(STAMP) ## Open JupyterLab on notebooks/
	$(BIN)/jupyter lab --notebook-dir notebooks $(ROOT_FLAG)

sync: $(STAMP) ## Re-pair notebooks with their py:percent text files (jupytext)
	$(BIN)/jupytext --sync notebooks/*.ipynb

benchmarks: $(STAMP) ## Run the benchmark scripts (need ../shared beside the project)
	for script in benchmarks/bench_*.py; do $(BIN)/python $$script || exit 1; done

clean: ## Remove generated output (reports/, data/interim/), keep .venv
	rm -rf reports data/interim

lock: $(STAMP) ## Re-pin requirements.lock from .venv and regenerate environment.yml
	$(PIP) freeze --all --exclude-editable | grep -v -E '^(pip|kzanalysis)[=@ ]' | sort -f > requirements.lock
	$(BIN)/python scripts/write_environment.py

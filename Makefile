# confsearch: `make run` serves the search engine, `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CHROMIUM := /usr/bin/chromium
ARGS ?=

.PHONY: run test bench plot fit install clean chromium

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@# An editable install compiles nothing: compile now, so that the first commands (and shells that set
	@# PYTHONDONTWRITEBYTECODE) do not compile the package on every start.
	$(BIN)/python -m compileall -q search webui
	touch $(STAMP)

install: $(STAMP)

# Serve on the default index; `confsearch serve` builds it from corpus/ first when there is none.
run: $(STAMP)
	$(BIN)/confsearch serve

# The browser tests drive Debian's Chromium (never a downloaded browser); install it when it is missing.
chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
		echo "Installing Debian's chromium for the browser tests..."; \
		apt-get update -qq -o DPkg::Lock::Timeout=300 >/dev/null && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=300 --no-install-recommends chromium fonts-dejavu-core >/dev/null \
		|| echo "warning: could not install chromium; the browser tests will be skipped"; \
	fi

test: $(STAMP) chromium
	$(BIN)/python -m pytest -q $(ARGS)

bench: $(STAMP)
	$(BIN)/python bench/run.py $(ARGS)

# Refit the splitter's weights on the labelled pages (../shared/devcorpus*, tests/fixtures/pages) and print
# each source's scores, also with weights fitted without it (leave one source out); writes search/ingest/weights.json.
fit: $(STAMP)
	$(BIN)/python -m search.ingest.fit --loso $(ARGS)
# Draw docs/benchmarks/curve.png and the curve table in docs/benchmarks.md from docs/benchmarks/curve.json
# (recorded by `make bench ARGS=--curve`); matplotlib comes with the optional `bench` extra.
plot: $(STAMP)
	$(BIN)/pip install --quiet -e '.[test,bench]'
	$(BIN)/python bench/plot.py $(ARGS)

clean:
	rm -rf $(VENV) build *.egg-info

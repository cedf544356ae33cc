# `make site` builds the website and the offline bundle; `make test` runs every test.
# Both set up .venv with the exact versions in requirements/ first.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# `make serve PORT=8001` previews on another port.
PORT ?= 8000
SITE_DEPS := $(VENV)/.site-deps
TEST_DEPS := $(VENV)/.test-deps

.PHONY: site test serve check golden bench clean chromium timelinejs

site: $(SITE_DEPS)
	$(BIN)/python -m generator build

test: chromium $(TEST_DEPS) timelinejs
	$(BIN)/python -m pytest

serve: $(SITE_DEPS)
	$(BIN)/python -m generator serve --dev-addr 127.0.0.1:$(PORT)

check: $(SITE_DEPS)
	$(BIN)/python -m generator check

# Rewrite the golden Markdown after an intended change to the pages; review the diff.
golden: $(TEST_DEPS)
	$(BIN)/python -m pytest tests/test_golden.py --update-golden

# Our build at 1,000, 10,000 and 100,000 events against Material's blog plugin (to 10,000),
# first search from loopback and file://, the preview's edit-to-page time (about an hour).
bench: $(TEST_DEPS)
	$(BIN)/python -m benchmarks.bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(SITE_DEPS): requirements/site.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/site.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

$(TEST_DEPS): requirements/test.txt $(SITE_DEPS)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/test.txt
	touch $@

# Debian's Chromium for the browser tests: silent when it is there, installed when this user
# may (root or passwordless sudo), otherwise one line says what to run.
chromium:
	@bash tools/ensure-chromium

# TimelineJS from npm, an exact version, into .venv/timelinejs/: the browser test of the
# TimelineJS export loads the real slider (tests/test_timelinejs.py).
timelinejs: | $(BIN)/python
	@bash tools/ensure-timelinejs

# Also what a killed build may leave beside the outputs: temporary folders of ours.
clean:
	rm -rf site dist docs/generated .timeline-tmp-* .timeline-old-* dist/.timeline-tmp-*

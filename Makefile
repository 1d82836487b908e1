# Two commands: `make demo` and `make test`. Each builds .venv from nothing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml requirements.lock | cksum | cut -d' ' -f1)

.PHONY: demo test venv clean bench train browser

venv: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check --upgrade pip==25.3
	$(PY) -m pip install -q --disable-pip-version-check -c requirements.lock -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/newsgraph analyze examples/wikinews-sample.jsonl --format summary
	$(VENV)/bin/newsgraph analyze examples/wikinews-sample.jsonl --format jsonl -o demo-output.jsonl
	@echo "records: demo-output.jsonl"

# Debian's chromium for the Playwright UI tests (never `playwright install`: no browser downloads).
browser:
	test -x /usr/bin/chromium || (apt-get update && apt-get install -y chromium)

test: $(STAMP) browser
	$(PY) -m pytest -rs

# Retrain the event type model shipped in src/newsgraph/models/ (seeded, deterministic).
train: $(STAMP)
	$(PY) -m pip install -q --disable-pip-version-check -c requirements.lock -e '.[test,train]'
	$(PY) train/events.py --seed 13

clean:
	rm -rf $(VENV) demo-output.jsonl

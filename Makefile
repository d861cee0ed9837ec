.DEFAULT_GOAL := help
.PHONY: help run test lint setup bench messages lock audit

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

run: ## set up, load the demo data and serve LegalDesk at http://127.0.0.1:8000/
	@scripts/setup.sh run
	.venv/bin/legaldesk demo
	.venv/bin/legaldesk serve

# Three test workers on CI's two cores: the tests wait on PostgreSQL, child processes and the
# browser, and a third worker fills those waits (13:32 → 11:03 for the suite, 2026-11-30);
# workers steal queued tests from each other, so no worker ends with a run of slow ones.
test: ## set up and run the linters and the whole test suite
	@scripts/setup.sh test
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy legaldesk index harvesters web bench
	.venv/bin/python -m pytest -n 3 --dist worksteal -q

lint: ## ruff and mypy only
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy legaldesk index harvesters web bench

messages: ## extract the interface's messages and merge them into web/locale (then translate the new ones)
	.venv/bin/pybabel -q extract -F babel.cfg -k Msg --no-location --sort-output --project LegalDesk -o .messages.pot web legaldesk harvesters
	.venv/bin/pybabel update -i .messages.pot -d web/locale --no-fuzzy-matching -w 100
	rm -f .messages.pot

# Every dependency pinned with the hashes of its files, for Python 3.11 and later on any
# platform (--universal); the test lock holds the runtime one's pins (-c), so what the tests
# ran is what a server installs. Existing pins are kept while pyproject allows them:
# `make lock UPGRADE=1` moves everything to the newest allowed releases.
LOCK = .venv/bin/uv pip compile -q --universal --python-version 3.11 --generate-hashes \
	--custom-compile-command "make lock" $(if $(UPGRADE),--upgrade)
lock: ## pin the dependencies with their hashes (requirements/lock*.txt) from pyproject.toml
	$(LOCK) pyproject.toml requirements/build.in -o requirements/lock.txt
	$(LOCK) --extra test pyproject.toml requirements/build.in -c requirements/lock.txt \
		-o requirements/lock-test.txt

audit: ## look the locked releases up in the vulnerability database (pip-audit)
	scripts/audit.sh

.DEFAULT_GOAL := help
.PHONY: help run test lint setup bench

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

run: ## set up, load the demo data and serve LegalDesk at http://127.0.0.1:8000/
	@scripts/setup.sh run
	.venv/bin/legaldesk demo
	.venv/bin/legaldesk serve

test: ## set up and run the linters and the whole test suite
	@scripts/setup.sh test
	.venv/bin/ruff check .
	.venv/bin/mypy legaldesk index harvesters web
	.venv/bin/python -m pytest -n 2 -q

lint: ## ruff and mypy only
	.venv/bin/ruff check .
	.venv/bin/mypy legaldesk index harvesters web

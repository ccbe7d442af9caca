# The two commands a new user needs (see README.md).
.PHONY: run test check lint bench

run:            ## set up, then run the daemon on the embedded defaults
	scripts/bootstrap run
	.venv/bin/rtt run

test:           ## set up, then run lint, types, the import contracts and the whole test suite
	scripts/bootstrap test
	.venv/bin/ruff check .
	.venv/bin/mypy
	.venv/bin/lint-imports
	.venv/bin/pytest

bench:
	scripts/bootstrap test
	.venv/bin/python bench/run_all.py

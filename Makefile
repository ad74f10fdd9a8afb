# The two commands: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test chat lint unit integration bench soak clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

# `make run PORT=9000 HOST=0.0.0.0` (or the same in the environment or .env) moves the server.
run: $(STAMP)
	$(BIN)/bobby db upgrade
	$(BIN)/bobby serve $(if $(HOST),--host $(HOST)) $(if $(PORT),--port $(PORT))

chat: $(STAMP)
	$(BIN)/bobby chat

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy src tests
	$(BIN)/lint-imports

unit: $(STAMP)
	$(BIN)/pytest tests/unit -m "not slow"

test: lint
	$(BIN)/pytest

bench: $(STAMP)
	@for script in bench/*.py; do [ "$$script" = bench/soak.py ] && continue; \
	  echo "== $$script"; $(BIN)/python $$script || exit 1; done

# 30 minutes (`make soak SOAK_ARGS="--minutes 10"`); on a quiet machine only.
soak: $(STAMP)
	$(BIN)/python bench/soak.py $(SOAK_ARGS)

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache

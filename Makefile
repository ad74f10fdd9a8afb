# The two commands: `make run` and `make test`. Everything else is a helper.
# The first Python on PATH that is 3.11 or newer (`make run PYTHON=...` to choose).
PYTHON ?= $(shell for p in python3.11 python3.12 python3.13 python3.14 python3; do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && echo $$p && break; \
	done)
VENV := .venv
BIN := $(VENV)/bin
UV := $(BIN)/uv
INSTALL := $(UV) pip install --quiet --python $(BIN)/python
# Two installs into one .venv, each at the versions its lock file pins (`make lock`): the
# runtime alone (run, chat), and the runtime with every extra and the test and lint tools
# (test, unit, lint, bench). The second also counts as the first.
RUN_STAMP := $(VENV)/.installed-run
STAMP := $(VENV)/.installed
EXTRAS := dev,gcs,classifier
LOCK_UPGRADE ?= --upgrade
LOCK = $(UV) pip compile --quiet --universal --python-version 3.11 --annotation-style line \
	--custom-compile-command 'make lock' $(LOCK_UPGRADE)

.PHONY: run test chat lint unit integration bench soak lock clean

# uv installs the rest: seconds where pip took half a minute. The venv's own pip installs uv.
$(UV):
	@test -x $(BIN)/python || test -n "$(PYTHON)" || \
		{ echo "make: Bobby needs Python 3.11 or newer; none found on PATH (set PYTHON=...)"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c requirements-dev.lock uv

# -c: the lock pins versions and installs nothing by itself; pyproject.toml says what is needed.
$(RUN_STAMP): pyproject.toml requirements.lock | $(UV)
	$(INSTALL) -c requirements.lock -e .
	@touch $@

$(STAMP): pyproject.toml requirements-dev.lock | $(UV)
	$(INSTALL) -c requirements-dev.lock -e '.[$(EXTRAS)]'
	@touch $@ $(RUN_STAMP)

# `make run PORT=9000 HOST=0.0.0.0` (or the same in the environment or .env) moves the server.
run: $(RUN_STAMP)
	$(BIN)/bobby db upgrade
	$(BIN)/bobby serve $(if $(HOST),--host $(HOST)) $(if $(PORT),--port $(PORT))

chat: $(RUN_STAMP)
	$(BIN)/bobby chat

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy src tests
	$(BIN)/lint-imports
	$(BIN)/deptry src tests bench
	$(BIN)/deptry src --optional-dependencies-dev-groups dev

unit: $(STAMP)
	$(BIN)/pytest tests/unit -m "not slow"

# On every core, a test file to a worker (its fixtures, and the order of its tests, stay together).
test: lint
	$(BIN)/pytest -n auto --dist loadfile

bench: $(STAMP)
	@for script in bench/*.py; do [ "$$script" = bench/soak.py ] && continue; \
	  echo "== $$script"; $(BIN)/python $$script || exit 1; done

# 30 minutes (`make soak SOAK_ARGS="--minutes 10"`); on a quiet machine only.
soak: $(STAMP)
	$(BIN)/python bench/soak.py $(SOAK_ARGS)

# Both lock files again from pyproject.toml's ranges, at the newest releases they allow;
# `make lock LOCK_UPGRADE=` keeps today's pins and only follows what pyproject.toml changed.
# The dev lock is resolved within the runtime's pins, so both agree on every shared package.
lock: | $(UV)
	$(LOCK) --extra gcs --extra classifier pyproject.toml -o requirements.lock
	$(LOCK) --all-extras -c requirements.lock pyproject.toml -o requirements-dev.lock

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache

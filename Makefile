# The two commands: `make run` (set up everything and serve the site) and `make test`.
PYTHON ?= python3
VENV ?= .venv
# Optional dependency groups from pyproject.toml: none to run the site, "test" for the tests
# (CI adds postgres and redis).
run: EXTRAS ?=
test lint: EXTRAS ?= test
BIN = $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: run test install messages lint clean

run: install messages
	DEBUG=1 $(BIN)/python manage.py migrate
	DEBUG=1 $(BIN)/python manage.py load_content
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST)

test: install messages
	$(BIN)/python -m pytest

# Installs into .venv once per set of extras, again when pyproject.toml changes.
install:
	@stamp="$(VENV)/.installed-$(EXTRAS)"; \
	if [ ! -f "$$stamp" ] || [ pyproject.toml -nt "$$stamp" ]; then \
		$(PYTHON) -m venv $(VENV) && \
		$(BIN)/pip install --quiet --upgrade pip && \
		$(BIN)/pip install --quiet -e "$(if $(EXTRAS),.[$(EXTRAS)],.)" && \
		touch "$$stamp"; \
	fi

# Compile the interface translations (needs GNU gettext's msgfmt).
messages: install
	$(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules --verbosity=0

lint: install
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) staticfiles db.sqlite3

# The two commands: `make run` (set up everything and serve the site) and `make test`.
PYTHON ?= python3
VENV ?= .venv
EXTRAS ?= test
BIN = $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: run test install messages lint clean

run: install messages
	DEBUG=1 $(BIN)/python manage.py migrate
	DEBUG=1 $(BIN)/python manage.py load_content
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST)

test: install messages
	$(BIN)/python -m pytest

install: $(VENV)/.installed-$(EXTRAS)

$(VENV)/.installed-$(EXTRAS): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[$(EXTRAS)]"
	touch $@

# Compile the interface translations (needs GNU gettext's msgfmt).
messages: install
	$(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules --verbosity=0

lint: install
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) staticfiles db.sqlite3

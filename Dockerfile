# Production images of the portal; see docs/deployment.md.
#
#   docker build -t portal-app .             the app: gunicorn serving portal.wsgi (default)
#   docker build -t portal-web --target web .  nginx in front, with the static files
#
# No secret is built in: SECRET_KEY, DATABASE_URL and the rest come from the environment
# when a container starts.
ARG PYTHON_IMAGE=python:3.11-slim-bookworm
ARG NGINX_IMAGE=nginx:1.28-alpine

# --- build: compilers and headers stay here ----------------------------------------------
FROM ${PYTHON_IMAGE} AS build
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential libpq-dev gettext \
    && rm -rf /var/lib/apt/lists/*
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 PYTHONDONTWRITEBYTECODE=1
WORKDIR /app

# Dependencies first, from pyproject.toml alone, so that a change to the code does not
# reinstall them. psycopg2 is compiled against Debian's libpq (not the -binary wheel).
COPY pyproject.toml ./
RUN python -c "import tomllib; p = tomllib.load(open('pyproject.toml', 'rb'))['project']; \
extra = p['optional-dependencies']; \
print('\n'.join(p['dependencies'] + extra['postgres'] + extra['redis']))" > requirements.txt \
    && python -m venv /venv \
    && /venv/bin/pip install --no-binary psycopg2 -r requirements.txt

# The code runs from /app (not installed as a package).
COPY manage.py gunicorn.conf.py ./
COPY portal portal
COPY guides guides
COPY templates templates
COPY static static
COPY locale locale
COPY fixtures fixtures

# Build time only: compile the interface translations, collect the static files (hashed
# names, gzip and brotli copies) and the bytecode. DEBUG=1 here gives these commands a
# throw-away key; it is not kept in the image.
RUN DEBUG=1 /venv/bin/python manage.py compilemessages --verbosity=0 \
    && DEBUG=1 /venv/bin/python manage.py collectstatic --noinput --verbosity=0 \
    && /venv/bin/python -m compileall -q portal guides gunicorn.conf.py

# --- web: nginx, the load balancer in front of the app servers (compose.yaml) -------------
FROM ${NGINX_IMAGE} AS web
# The image fills in ${PORTAL_...} in /etc/nginx/templates/*.template at start, into conf.d.
RUN rm -f /etc/nginx/conf.d/default.conf
COPY deploy/nginx/upstream.conf /etc/nginx/conf.d/upstream.conf
COPY deploy/nginx/templates/ /etc/nginx/templates/
COPY --from=build /app/staticfiles /srv/portal/static
ENV NGINX_ENVSUBST_FILTER=^PORTAL_ \
    PORTAL_LISTEN=80 \
    PORTAL_DOCUMENT_ROOT=/srv/portal \
    PORTAL_PUBLIC_SCHEME="" \
    PORTAL_ACCESS_LOG=/dev/stdout
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s \
    CMD ["wget", "-q", "-O", "/dev/null", "http://127.0.0.1/healthz"]

# --- app: the default image --------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS app
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpq5 \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 portal \
    && useradd --system --uid 10001 --gid portal --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin portal
COPY --from=build /venv /venv
# Owned by root: the app reads its code and static files and writes nothing there.
COPY --from=build /app /app
WORKDIR /app
# gunicorn's worker heartbeat files in memory rather than on the container's disk.
ENV PATH="/venv/bin:$PATH" \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PORT=8000 \
    GUNICORN_CMD_ARGS="--worker-tmp-dir /dev/shm"
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '8000'), timeout=4)"]
# Workers from WEB_CONCURRENCY (default two per core plus one), graceful stop on SIGTERM.
CMD ["gunicorn", "portal.wsgi", "--config", "gunicorn.conf.py"]

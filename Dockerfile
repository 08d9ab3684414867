# Production image: gunicorn serving portal.wsgi, static files through WhiteNoise.
FROM python:3.11-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends build-essential libpq-dev gettext \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
COPY portal portal
COPY guides guides
RUN python -m venv /venv && /venv/bin/pip install --no-cache-dir ".[postgres,redis]"
COPY . .
# Build-time only: compile translations and collect hashed, compressed static files.
RUN DEBUG=1 /venv/bin/python manage.py compilemessages --ignore=.venv --ignore=node_modules \
    && DEBUG=1 /venv/bin/python manage.py collectstatic --noinput

FROM python:3.11-slim
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /app portal
COPY --from=build /venv /venv
COPY --from=build --chown=portal /app /app
WORKDIR /app
ENV PATH="/venv/bin:$PATH" PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1
USER portal
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"
CMD ["gunicorn", "portal.wsgi", "--config", "gunicorn.conf.py"]

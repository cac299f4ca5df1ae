# syntax=docker/dockerfile:1
#
# One image for every process of the platform: the web process (gunicorn), the
# Celery worker, Celery beat and the one-shot jobs (migrate, manage ...). The
# role is the first argument of deploy/entrypoint.sh; compose.yaml names it.
#
#   docker build -t shequ-platform .
#
# Python 3.11: the version the lock file is resolved and tested on (README:
# "Python 3.11 or newer"). Bookworm, so the system libraries match the Debian
# release the project is developed on.
ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# --- build: the dependencies, from the hashed lock only ----------------------
FROM ${PYTHON_IMAGE} AS build

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1

RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH

# An office network may only reach a PyPI mirror:
#   docker compose build --build-arg PIP_INDEX_URL=https://pypi.mirror.example/simple/
# The hashes in the lock still decide what is installed, so a mirror cannot
# change a package. (pip reads these build arguments from the environment.)
ARG PIP_INDEX_URL
ARG PIP_TRUSTED_HOST

# Only the lock file first, so the dependency layer is rebuilt only when the
# lock changes. Every package, transitive ones included, must carry a hash in
# the lock: pip refuses anything else, and --only-binary refuses sdists, so
# nothing is compiled and the image needs no compiler.
COPY requirements/base.txt /tmp/requirements/base.txt
RUN pip install --require-hashes --only-binary=:all: -r /tmp/requirements/base.txt

# --- runtime -----------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/var/lib/shequ/media \
    PRIVATE_ROOT=/var/lib/shequ/private \
    CELERY_BEAT_SCHEDULE_DIR=/var/lib/shequ/beat

# A system user without a login shell owns nothing but its data folder; the
# code and the collected static files belong to root and are read-only to it.
RUN groupadd --system --gid 10001 shequ \
 && useradd --system --uid 10001 --gid shequ --home-dir /var/lib/shequ \
        --no-create-home --shell /usr/sbin/nologin shequ \
 && mkdir -p /var/lib/shequ/media /var/lib/shequ/private /var/lib/shequ/beat \
 && chown -R shequ:shequ /var/lib/shequ

COPY --from=build /opt/venv /opt/venv

WORKDIR /app
COPY . /app

# Static files are collected once, here, with the production settings (the
# manifest storage names every file by its hash). Those settings refuse to load
# without their four variables; the values below exist for this one command
# and are not kept in the image: nothing connects to them. The translations'
# .mo file is committed, so no gettext is needed. Bytecode is compiled as root
# so that the non-root processes never need to write beside the code.
RUN SECRET_KEY=collectstatic-only \
    DATABASE_URL=postgres://build@localhost:5432/build \
    ALLOWED_HOSTS=localhost \
    REDIS_URL=redis://localhost:6379/0 \
    python manage.py collectstatic --noinput \
 && python -m compileall -q /app -x '/app/(tests|bench)/' \
 && chmod 0755 /app/deploy/entrypoint.sh

USER shequ:shequ
EXPOSE 8000

# Liveness only (/healthz: the process answers; no database or Redis call), so
# a database restart does not get every web container killed. The entrypoint
# knows which role the container runs and checks that role.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["/app/deploy/entrypoint.sh", "health"]

ENTRYPOINT ["/app/deploy/entrypoint.sh"]
CMD ["web"]

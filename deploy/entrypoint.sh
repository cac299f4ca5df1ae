#!/bin/sh
# The image's entrypoint: one image, one role per container.
#
#   web                 gunicorn (deploy/gunicorn.conf.py: workers, timeout from env)
#   worker              the Celery worker
#   beat                Celery beat: run exactly ONE per deployment
#   migrate             apply the database migrations, then exit
#   copy-static DEST    copy the collected static files into DEST (nginx's volume)
#   manage ARGS...      any manage.py command (createsuperuser, rollup, ...)
#   health [ROLE]       the container's health check (the Dockerfile's HEALTHCHECK)
#
# Anything else is run as a command (e.g. `sh` for a shell).
set -eu

cd "$(dirname "$0")/.."
role_file=${SHEQU_ROLE_FILE:-/tmp/shequ-role}
beat_dir=${CELERY_BEAT_SCHEDULE_DIR:-/var/lib/shequ/beat}

log_level=$(printf '%s' "${LOG_LEVEL:-INFO}" | tr '[:upper:]' '[:lower:]')

health() {
  role=${1:-$(cat "$role_file" 2>/dev/null || echo web)}
  case "$role" in
    web)
      # Liveness, as nginx would ask: an allowed host name and HTTPS as seen
      # behind the proxy, so neither the host check nor the HTTPS redirect
      # answers instead of the platform. Redirects are not followed.
      exec python - <<'PY'
import http.client
import os
import sys

hosts = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
host = next((h.lstrip(".") for h in hosts if h != "*"), "localhost")
port = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000").rsplit(":", 1)[-1]
try:
    conn = http.client.HTTPConnection("127.0.0.1", int(port), timeout=4)
    conn.request("GET", "/healthz", headers={"Host": host, "X-Forwarded-Proto": "https"})
    status = conn.getresponse().status
except OSError as error:
    sys.exit(f"/healthz: {error}")
sys.exit(0 if status == 200 else f"/healthz answered {status}")
PY
      ;;
    worker)
      # The worker answers a ping through the broker within 10 seconds.
      exec celery -A config inspect ping --destination "celery@$(hostname)" --timeout 10 >/dev/null
      ;;
    beat)
      # Beat rewrites its schedule file at least every few minutes (the
      # bidding check runs every five): a file older than 15 minutes means
      # beat is stuck. (The file's suffix depends on Python's dbm module.)
      fresh=$(find "$beat_dir" -maxdepth 1 -name 'celerybeat-schedule*' -mmin -15 | head -n 1)
      [ -n "$fresh" ] || { echo "beat schedule not written for 15 minutes" >&2; exit 1; }
      ;;
    *)
      exit 0  # one-shot jobs: nothing to check
      ;;
  esac
}

cmd=${1:-web}
[ "$#" -gt 0 ] && shift

case "$cmd" in
  web|worker|beat|migrate|copy-static|manage)
    echo "$cmd" > "$role_file" 2>/dev/null || true
    ;;
esac

case "$cmd" in
  web)
    exec gunicorn --config /app/deploy/gunicorn.conf.py config.wsgi "$@"
    ;;
  worker)
    exec celery -A config worker --loglevel "$log_level" \
      --concurrency "${CELERY_WORKER_CONCURRENCY:-2}" "$@"
    ;;
  beat)
    # The schedule file (when each task last ran) lives in a writable volume,
    # not beside the code, which this user cannot write.
    mkdir -p "$beat_dir"
    exec celery -A config beat --loglevel "$log_level" \
      --schedule "$beat_dir/celerybeat-schedule" "$@"
    ;;
  migrate)
    exec python manage.py migrate --noinput "$@"
    ;;
  copy-static)
    # Files of earlier releases stay: their names carry their hash, and pages
    # still open in a browser (or served by a web container not yet upgraded)
    # ask for them during a rolling upgrade.
    dest=${1:?usage: copy-static DEST}
    cp -R "${STATIC_ROOT:-/app/staticfiles}/." "$dest/"
    echo "static files copied to $dest"
    ;;
  manage)
    exec python manage.py "$@"
    ;;
  health)
    health "$@"
    ;;
  *)
    exec "$cmd" "$@"
    ;;
esac

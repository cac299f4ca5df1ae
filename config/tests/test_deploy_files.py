"""The production shape in the repository: Dockerfile, compose.yaml, nginx.

No container runs on this machine, so the compose files are checked against
the Compose specification's JSON schema (vendored in deploy/compose-spec/,
with its source) and for the shape the deployment promises; the nginx site
template is rendered and run by Debian's nginx on loopback, in front of two
small upstream servers; gunicorn runs with the image's configuration, and the
entrypoint's health checks are run against it.
"""

import gzip
import http.client
import json
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
TEMPLATE = DEPLOY / "nginx" / "shequ.conf.template"
PLACEHOLDERS = {
    "SHEQU_UPSTREAM_SERVERS",
    "SHEQU_LISTEN",
    "SHEQU_SERVER_NAME",
    "SHEQU_TLS_CERT",
    "SHEQU_TLS_KEY",
    "SHEQU_STATIC_ROOT",
}
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
needs_nginx = pytest.mark.skipif(
    NGINX is None, reason="nginx is not installed (apt-get install nginx-light)"
)


def compose(name="compose.yaml"):
    return yaml.safe_load((ROOT / name).read_text())


def services():
    return compose()["services"]


def runs(service, role):
    return service.get("command", [None])[0] == role


# --- compose.yaml ------------------------------------------------------------


@pytest.mark.parametrize("name", ["compose.yaml", "compose.http-only.yaml"])
def test_compose_files_follow_the_compose_specification(name):
    schema = json.loads((DEPLOY / "compose-spec" / "compose-spec.json").read_text())
    validator = jsonschema.Draft202012Validator(schema)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(compose(name))]
    assert errors == []


def test_the_schema_check_catches_a_broken_file():
    schema = json.loads((DEPLOY / "compose-spec" / "compose-spec.json").read_text())
    broken = compose()
    broken["services"]["web1"]["depends_on"]["migrate"]["condition"] = "service_finished"
    assert not jsonschema.Draft202012Validator(schema).is_valid(broken)


def test_exactly_one_beat():
    beats = [name for name, service in services().items() if runs(service, "beat")]
    assert beats == ["beat"]
    beat = services()["beat"]
    assert beat.get("deploy", {}).get("replicas", 1) == 1
    assert beat.get("scale", 1) == 1


def test_two_web_processes_behind_nginx():
    webs = sorted(name for name, service in services().items() if runs(service, "web"))
    assert webs == ["web1", "web2"]
    upstream = services()["nginx"]["environment"]["SHEQU_UPSTREAM_SERVERS"]
    assert re.findall(r"server (\w+):8000", upstream) == ["web1", "web2"]
    # nginx starts once both answer their health check.
    depends = services()["nginx"]["depends_on"]
    assert {depends[w]["condition"] for w in webs} == {"service_healthy"}


def test_every_long_running_service_has_a_health_check_and_restarts():
    long_running = {
        name: service
        for name, service in services().items()
        if not service.get("profiles") and service.get("restart") != "no"
    }
    assert set(long_running) == {
        "nginx",
        "web1",
        "web2",
        "worker",
        "beat",
        "db",
        "redis",
        "minio",
    }
    for name, service in long_running.items():
        check = service.get("healthcheck", {})
        assert check.get("test") and not check.get("disable"), name
        assert service["restart"] == "unless-stopped", name
        assert service["logging"]["options"]["max-file"], name


def test_one_shot_jobs_run_before_the_application():
    for name in ("web1", "web2", "worker", "beat"):
        depends = services()[name]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully", name
        assert depends["bucket"]["condition"] == "service_completed_successfully", name
    assert services()["migrate"]["command"] == ["migrate"]
    assert services()["nginx"]["depends_on"]["static"]["condition"] == (
        "service_completed_successfully"
    )


def test_manage_passes_its_arguments_to_manage_py():
    # `docker compose run --rm manage createsuperuser` replaces the command,
    # not the entrypoint.
    manage = services()["manage"]
    assert manage["entrypoint"] == ["/app/deploy/entrypoint.sh", "manage"]
    assert manage["profiles"] == ["tools"]


def test_only_nginx_is_reachable_from_outside():
    published = {name for name, service in services().items() if service.get("ports")}
    assert published == {"nginx"}
    assert compose()["networks"]["backend"]["internal"] is True
    for name in ("db", "redis", "minio"):
        assert services()[name]["networks"] == ["backend"], name
    # nginx cannot even reach the object store, and serves no uploaded file.
    assert services()["nginx"]["networks"] == ["edge"]
    template = TEMPLATE.read_text()
    assert "minio" not in template and "9000" not in template
    assert "/media" not in re.sub(r"#.*", "", template)


def test_every_variable_is_documented_in_env_example():
    documented = set(
        re.findall(r"^#? ?([A-Z][A-Z0-9_]*)=", (DEPLOY / "env.example").read_text(), re.M)
    )
    used = set()
    for name in ("compose.yaml", "compose.http-only.yaml"):
        text = (ROOT / name).read_text().replace("$$", "")
        used |= set(re.findall(r"\$\{([A-Z][A-Z0-9_]*)", text))
    assert used, "compose.yaml interpolates variables"
    promised = {
        "SECRET_KEY",
        "DATABASE_URL",
        "REDIS_URL",
        "ALLOWED_HOSTS",
        "CSRF_TRUSTED_ORIGINS",
        "TRUSTED_PROXY_COUNT",
        "S3_BUCKET",
        "S3_ENDPOINT_URL",
        "S3_ACCESS_KEY_ID",
        "S3_SECRET_ACCESS_KEY",
        "S3_REGION",
        "S3_ADDRESSING_STYLE",
        "LOG_FORMAT",
        "SENTRY_DSN",
        "EMAIL_URL",
    }
    assert (used | promised) - documented == set()


@pytest.mark.skipif(
    shutil.which("docker-compose") is None, reason="docker-compose is not installed"
)
def test_docker_compose_accepts_the_files(tmp_path):
    for name in ("compose.yaml", "compose.http-only.yaml", "Dockerfile"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(DEPLOY, tmp_path / "deploy")
    shutil.copy(DEPLOY / "env.example", tmp_path / ".env")
    result = subprocess.run(
        ["docker-compose", "-f", "compose.yaml", "-f", "compose.http-only.yaml", "config", "-q"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


# --- Dockerfile ----------------------------------------------------------------


def dockerfile_instructions():
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    lines = [line.strip() for line in text.splitlines()]
    return [line for line in lines if line and not line.startswith("#")]


def test_the_image_installs_only_from_the_hashed_lock():
    runs_ = [line for line in dockerfile_instructions() if line.startswith("RUN")]
    installs = [line for line in runs_ if "pip install" in line]
    assert installs, "the image installs its dependencies"
    for line in installs:
        assert "--require-hashes" in line and "requirements/base.txt" in line, line


def test_the_image_is_multi_stage_non_root_and_checks_its_health():
    lines = dockerfile_instructions()
    froms = [line for line in lines if line.startswith("FROM")]
    assert len(froms) >= 2
    assert all("python:3.11-slim" in line or "${PYTHON_IMAGE}" in line for line in froms)
    user = [line for line in lines if line.startswith("USER")]
    assert user and not user[-1].split()[1].startswith(("root", "0"))
    assert any(line.startswith("HEALTHCHECK") and "health" in line for line in lines)
    assert any("collectstatic" in line and "SECRET_KEY=" in line for line in lines)
    assert lines[-2:] == ['ENTRYPOINT ["/app/deploy/entrypoint.sh"]', 'CMD ["web"]']


def test_the_build_context_leaves_out_secrets_and_local_data():
    ignored = (ROOT / ".dockerignore").read_text().split()
    for name in (".env", ".dev-secret", ".git", ".venv", "*.sqlite3", "/media", "/private"):
        assert name in ignored, name


# --- nginx ------------------------------------------------------------------------


def test_the_template_has_only_the_agreed_placeholders():
    found = set(re.findall(r"\$\{([^}]*)\}", TEMPLATE.read_text()))
    assert found == PLACEHOLDERS


def render(values):
    return re.sub(r"\$\{(\w+)\}", lambda m: values[m.group(1)], TEMPLATE.read_text())


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def nginx_site(tmp_path, upstream_ports, listen_port):
    """Renders the template and a minimal main configuration around it."""
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=shequ.test",
            "-keyout",
            str(tmp_path / "key.pem"),
            "-out",
            str(tmp_path / "cert.pem"),
        ],
        check=True,
        capture_output=True,
    )
    static = tmp_path / "static"
    static.mkdir()
    site = render(
        {
            "SHEQU_UPSTREAM_SERVERS": "\n    ".join(
                f"server 127.0.0.1:{port} max_fails=1 fail_timeout=30s;" for port in upstream_ports
            ),
            "SHEQU_LISTEN": f"127.0.0.1:{listen_port} ssl",
            "SHEQU_SERVER_NAME": "shequ.test",
            "SHEQU_TLS_CERT": str(tmp_path / "cert.pem"),
            "SHEQU_TLS_KEY": str(tmp_path / "key.pem"),
            "SHEQU_STATIC_ROOT": str(static),
        }
    )
    (tmp_path / "site.conf").write_text(site)
    user = "user root root;" if os.geteuid() == 0 else ""
    temp = " ".join(
        f"{kind}_temp_path {tmp_path}/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (tmp_path / "main.conf").write_text(
        f"""{user}
daemon off;
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    access_log {tmp_path}/access.log;
    {temp}
    include {tmp_path}/site.conf;
}}
"""
    )
    return static


@needs_nginx
def test_the_rendered_template_passes_nginx_t(tmp_path):
    nginx_site(tmp_path, [free_port(), free_port()], free_port())
    result = subprocess.run(
        [NGINX, "-t", "-c", str(tmp_path / "main.conf"), "-p", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


@needs_nginx
@pytest.mark.parametrize("redirect", ["redirect.conf", "no-redirect.conf"])
def test_compose_main_configuration_passes_nginx_t(tmp_path, redirect):
    # compose.yaml's nginx.conf around the rendered site, with the image's
    # paths pointed at this machine's (and Debian's user for the image's).
    nginx_site(tmp_path, [free_port()], free_port())
    main = (DEPLOY / "nginx" / "nginx.conf").read_text()
    main = main.replace("user nginx;", "user root root;" if os.geteuid() == 0 else "")
    main = main.replace("pid /tmp/nginx.pid;", f"pid {tmp_path}/nginx.pid;")
    main = main.replace(
        "/etc/nginx/conf.d/redirect.conf", str(DEPLOY / "nginx" / redirect)
    ).replace("/etc/nginx/conf.d/shequ.conf", str(tmp_path / "site.conf"))
    assert "/etc/nginx/conf.d" not in main
    (tmp_path / "compose-main.conf").write_text(main)
    result = subprocess.run(
        [NGINX, "-t", "-c", str(tmp_path / "compose-main.conf"), "-p", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


class Echo(BaseHTTPRequestHandler):
    """An upstream that answers with the headers it was sent."""

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        body = json.dumps(
            {"server": self.server.name, "path": self.path, "headers": dict(self.headers)}
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, *args):
        pass


@pytest.fixture
def site(tmp_path):
    upstreams = []
    for name in ("a", "b"):
        server = ThreadingHTTPServer(("127.0.0.1", 0), Echo)
        server.name = name
        threading.Thread(target=server.serve_forever, daemon=True).start()
        upstreams.append(server)
    port = free_port()
    static = nginx_site(tmp_path, [s.server_address[1] for s in upstreams], port)
    nginx = subprocess.Popen(
        [NGINX, "-c", str(tmp_path / "main.conf"), "-p", str(tmp_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            break
        except OSError:
            time.sleep(0.05)
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE

    def request(method, path, body=None, headers=None):
        conn = http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=10)
        conn.request(method, path, body=body, headers={"Host": "shequ.test", **(headers or {})})
        response = conn.getresponse()
        data = response.read()
        conn.close()
        return response, data

    yield request, static, upstreams
    nginx.send_signal(signal.SIGQUIT)
    nginx.wait(timeout=10)
    for server in upstreams:
        server.shutdown()


@needs_nginx
def test_nginx_forwards_the_client_as_the_platform_expects(site):
    request, _, _ = site
    response, data = request(
        "GET",
        "/grids/?page=2",
        headers={
            "X-Forwarded-For": "6.6.6.6",
            "X-Request-ID": "forged",
            "X-Forwarded-Proto": "http",
        },
    )
    assert response.status == 200
    seen = json.loads(data)
    headers = {k.lower(): v for k, v in seen["headers"].items()}
    # The forged entry stays first; the address nginx saw is appended last,
    # which is the one TRUSTED_PROXY_COUNT=1 makes the platform believe.
    assert headers["x-forwarded-for"] == "6.6.6.6, 127.0.0.1"
    assert headers["x-forwarded-proto"] == "https"
    assert re.fullmatch(r"[0-9a-f]{32}", headers["x-request-id"])
    assert headers["host"] == "shequ.test"
    assert seen["path"] == "/grids/?page=2"


@needs_nginx
def test_nginx_balances_and_skips_a_web_process_that_is_down(site):
    request, _, upstreams = site
    served = {json.loads(request("GET", "/")[1])["server"] for _ in range(4)}
    assert served == {"a", "b"}
    upstreams[0].shutdown()
    upstreams[0].server_close()
    statuses = [request("GET", "/")[0].status for _ in range(4)]
    assert statuses == [200, 200, 200, 200]


@needs_nginx
def test_nginx_refuses_a_body_over_twelve_megabytes(site):
    request, _, _ = site
    assert request("POST", "/imports/", body=b"x" * (11 * 1024 * 1024))[0].status == 200
    assert request("POST", "/imports/", body=b"x" * (13 * 1024 * 1024))[0].status == 413


@needs_nginx
def test_nginx_serves_static_files_and_no_uploads(site):
    request, static, _ = site
    (static / "css").mkdir()
    css = b"body { color: black; }\n" * 100
    (static / "css" / "portal.0123456789ab.css").write_bytes(css)
    (static / "css" / "portal.0123456789ab.css.gz").write_bytes(gzip.compress(css))
    (static / "css" / "portal.css").write_bytes(css)

    response, data = request("GET", "/static/css/portal.0123456789ab.css")
    assert response.status == 200 and data == css
    assert "immutable" in response.headers["Cache-Control"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    response, data = request(
        "GET", "/static/css/portal.0123456789ab.css", headers={"Accept-Encoding": "gzip"}
    )
    assert response.headers["Content-Encoding"] == "gzip" and gzip.decompress(data) == css
    response, _ = request("GET", "/static/css/portal.css")
    assert response.status == 200 and "immutable" not in response.headers["Cache-Control"]
    # No way out of the static folder (the alias and its location both end in /).
    for path in ("/static/../site.conf", "/static../site.conf", "/static/%2e%2e/site.conf"):
        assert b"proxy_pass" not in request("GET", path)[1], path
    # Uploaded files are the platform's to serve, after its checks.
    assert json.loads(request("GET", "/media/tickets/photo.jpg")[1])["path"] == (
        "/media/tickets/photo.jpg"
    )


# --- gunicorn and the entrypoint ----------------------------------------------------

APP = """
def application(environ, start_response):
    ok = environ["PATH_INFO"] == "/healthz" and environ.get("HTTP_HOST") == "shequ.test"
    ok = ok and environ.get("HTTP_X_FORWARDED_PROTO") == "https"
    start_response("200 OK" if ok else "400 Bad Request", [("Content-Type", "text/plain")])
    return [b"ok"]
"""


@pytest.fixture
def gunicorn(tmp_path):
    (tmp_path / "tinyapp.py").write_text(APP)
    port = free_port()
    env = {
        **os.environ,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
        "LOG_FORMAT": "json",
        "ALLOWED_HOSTS": ".shequ.test,localhost",
        "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
    }
    log = tmp_path / "gunicorn.log"
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "--config",
            str(DEPLOY / "gunicorn.conf.py"),
            "--chdir",
            str(tmp_path),
            "tinyapp:application",
        ],
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            break
        except OSError:
            time.sleep(0.1)
    yield port, env, log
    process.terminate()
    process.wait(timeout=30)


def test_gunicorn_logs_each_request_as_json_with_its_request_id(gunicorn):
    port, _, log = gunicorn
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    conn.request("GET", "/people/?phone=13800138000", headers={"X-Request-ID": "a" * 32})
    conn.getresponse().read()
    for _ in range(50):
        lines = [line for line in log.read_text().splitlines() if '"gunicorn.access"' in line]
        if lines:
            break
        time.sleep(0.1)
    entry = json.loads(lines[0])
    assert entry["request_id"] == "a" * 32
    assert entry["path"] == "/people/" and entry["status"] == 400
    assert "13800138000" not in log.read_text()


def test_the_web_health_check_asks_for_healthz_as_nginx_would(gunicorn):
    _, env, _ = gunicorn
    entrypoint = str(DEPLOY / "entrypoint.sh")
    assert subprocess.run([entrypoint, "health", "web"], env=env, timeout=30).returncode == 0
    # Another host name: the platform would refuse it, so the check fails.
    wrong = {**env, "ALLOWED_HOSTS": "elsewhere.test"}
    result = subprocess.run(
        [entrypoint, "health", "web"], env=wrong, capture_output=True, text=True, timeout=30
    )
    assert result.returncode != 0 and "400" in result.stderr


def test_the_beat_health_check_wants_a_recent_schedule(tmp_path):
    env = {**os.environ, "CELERY_BEAT_SCHEDULE_DIR": str(tmp_path)}
    entrypoint = str(DEPLOY / "entrypoint.sh")
    assert subprocess.run([entrypoint, "health", "beat"], env=env).returncode != 0
    schedule = tmp_path / "celerybeat-schedule"
    schedule.write_bytes(b"")
    assert subprocess.run([entrypoint, "health", "beat"], env=env).returncode == 0
    old = time.time() - 20 * 60
    os.utime(schedule, (old, old))
    assert subprocess.run([entrypoint, "health", "beat"], env=env).returncode != 0


def test_copy_static_keeps_the_files_of_earlier_releases(tmp_path):
    collected, volume = tmp_path / "collected", tmp_path / "volume"
    (collected / "css").mkdir(parents=True)
    (collected / "css" / "portal.bbbbbbbbbbbb.css").write_text("new")
    (volume / "css").mkdir(parents=True)
    (volume / "css" / "portal.aaaaaaaaaaaa.css").write_text("old")
    env = {**os.environ, "STATIC_ROOT": str(collected), "SHEQU_ROLE_FILE": str(tmp_path / "role")}
    subprocess.run(
        [str(DEPLOY / "entrypoint.sh"), "copy-static", str(volume)],
        env=env,
        check=True,
        capture_output=True,
    )
    assert sorted(p.name for p in (volume / "css").iterdir()) == [
        "portal.aaaaaaaaaaaa.css",
        "portal.bbbbbbbbbbbb.css",
    ]


def test_backup_refuses_to_leave_the_object_store_out(tmp_path):
    # Files in a bucket and no way to copy it: the backup stops before it
    # starts, rather than leaving a dump whose files are nowhere.
    env = {
        "PATH": "/usr/bin:/bin",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
        "S3_BUCKET": "shequ",
    }
    if shutil.which("mc", path=env["PATH"]):
        pytest.skip("the MinIO client is installed here")
    result = subprocess.run(
        [str(ROOT / "ops" / "backup"), str(tmp_path)], env=env, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "mc" in result.stderr and "not be backed up" in result.stderr
    assert list(tmp_path.iterdir()) == []

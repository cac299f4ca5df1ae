"""The production shape on one machine, as real processes over loopback.

Two web nodes (gunicorn on production settings, each with its own local
folders for temp files, media and private files, which must stay empty), one
Celery worker and one beat, PostgreSQL and Redis from the machine, an
S3-compatible object store (moto's server mode), and nginx in front with TLS,
rendering the same site template the compose file uses
(`deploy/nginx/shequ.conf.template`). Nothing here is mocked: the test talks
HTTP to nginx and to each node.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import string
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
TEMPLATE = Path(
    os.environ.get("DEPLOYMENT_NGINX_TEMPLATE", ROOT / "deploy" / "nginx" / "shequ.conf.template")
)
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
PG = os.environ.get("DEPLOYMENT_PG", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("DEPLOYMENT_REDIS", "redis://127.0.0.1:6379/13")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(what: str, check, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except Exception as exc:  # not up yet, whatever it says
            last = exc
        time.sleep(0.3)
    raise RuntimeError(f"{what} did not come up in {timeout:.0f} s (last: {last!r})")


@dataclass
class Stack:
    base: Path
    database: str
    nginx_port: int
    node_ports: list[int]
    env: dict
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    seed: dict = field(default_factory=dict)

    @property
    def nginx(self) -> str:
        return f"https://127.0.0.1:{self.nginx_port}"

    def node(self, index: int) -> str:
        return f"http://127.0.0.1:{self.node_ports[index]}"

    def node_env(self, name: str) -> dict:
        """Each node's own local folders: files there would not be seen by
        the other node, so the test checks they stay empty."""
        own = self.base / name
        for sub in ("tmp", "media", "private"):
            (own / sub).mkdir(parents=True, exist_ok=True)
        return {
            **self.env,
            "TMPDIR": str(own / "tmp"),
            "MEDIA_ROOT": str(own / "media"),
            "PRIVATE_ROOT": str(own / "private"),
        }

    def local_files(self) -> list[str]:
        """Files a node left in its local media or private folder."""
        found = []
        for name in ("web-a", "web-b", "worker"):
            for sub in ("media", "private"):
                folder = self.base / name / sub
                found += [str(p) for p in folder.rglob("*") if p.is_file()]
        return found

    def manage(self, *args: str, env: dict | None = None) -> str:
        completed = subprocess.run(
            [str(BIN / "python"), "manage.py", *args],
            cwd=ROOT,
            env=env or self.node_env("manage"),
            capture_output=True,
            text=True,
            timeout=600,
        )
        if completed.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{completed.stderr[-3000:]}")
        return completed.stdout

    def start(self, name: str, argv: list[str], env: dict) -> None:
        log = open(self.base / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process
        self.processes[name] = subprocess.Popen(
            argv, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )

    def log(self, name: str) -> str:
        path = self.base / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.terminate()
        for name, process in self.processes.items():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            if process.returncode not in (0, -15, 143) and os.environ.get("CI"):
                print(f"--- {name} exited {process.returncode}; its log:\n{self.log(name)[-4000:]}")


def render_site(stack: Stack, static_root: Path, cert: Path, key: Path) -> str:
    upstreams = "\n".join(f"    server 127.0.0.1:{port};" for port in stack.node_ports)
    values = {
        "SHEQU_UPSTREAM_SERVERS": upstreams,
        "SHEQU_LISTEN": f"127.0.0.1:{stack.nginx_port} ssl",
        "SHEQU_SERVER_NAME": "127.0.0.1 localhost",
        "SHEQU_TLS_CERT": str(cert),
        "SHEQU_TLS_KEY": str(key),
        "SHEQU_STATIC_ROOT": str(static_root),
    }
    text = TEMPLATE.read_text()
    # Only our names, as the nginx image's envsubst does: nginx's own
    # variables ($host, $remote_addr) are left alone.
    return string.Template(text).safe_substitute(values)


def nginx_main_conf(prefix: Path, site: Path) -> str:
    user = "user root;\n" if os.geteuid() == 0 else ""
    temp = "\n".join(
        f"    {kind}_temp_path {prefix / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""{user}worker_processes 1;
pid {prefix / "nginx.pid"};
error_log {prefix / "error.log"} warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {prefix / "access.log"};
{temp}
    include {site};
}}
"""


def create_database(name: str) -> None:
    subprocess.run(
        ["psql", "-q", f"{PG}/postgres", "-c", f"CREATE DATABASE {name}"],
        check=True,
        capture_output=True,
    )


def drop_database(name: str) -> None:
    subprocess.run(
        ["psql", "-q", f"{PG}/postgres", "-c", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"],
        capture_output=True,
    )


def bring_up(base: Path) -> Stack:
    """Start everything; the caller stops it with `tear_down`."""
    database = f"shequ_deploy_{os.getpid()}_{int(time.time())}"
    s3_port = free_port()
    stack = Stack(
        base=base,
        database=database,
        nginx_port=free_port(),
        node_ports=[free_port(), free_port()],
        env={},
    )
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_", "S3_", "PYTEST", "CELERY_"))
    }
    stack.env = {
        **clean,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        # the real calendar, whatever a demo left in the folder's .env
        "PLATFORM_TODAY": "",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"{PG}/{database}",
        "REDIS_URL": REDIS,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{stack.nginx_port}",
        "TRUSTED_PROXY_COUNT": "1",
        "S3_BUCKET": "shequ",
        "S3_ENDPOINT_URL": f"http://127.0.0.1:{s3_port}",
        "S3_ACCESS_KEY_ID": "deploy-test",
        "S3_SECRET_ACCESS_KEY": "deploy-test-secret",
        "S3_REGION": "us-east-1",
        "STATIC_ROOT": str(base / "static"),
        "LOG_FORMAT": "json",
        "PYTHONUNBUFFERED": "1",
    }
    subprocess.run(
        ["redis-cli", "-u", REDIS, "flushdb"], check=True, capture_output=True, timeout=10
    )

    # The object store, and its bucket (an office creates it once, by hand or
    # with MinIO's client, as docs/deploy.md says).
    stack.start(
        "s3",
        [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(s3_port)],
        dict(stack.env),
    )
    wait_for("the object store", lambda: requests.get(stack.env["S3_ENDPOINT_URL"], timeout=2))
    import boto3

    boto3.client(
        "s3",
        endpoint_url=stack.env["S3_ENDPOINT_URL"],
        aws_access_key_id="deploy-test",
        aws_secret_access_key="deploy-test-secret",
        region_name="us-east-1",
    ).create_bucket(Bucket="shequ")

    # The README's production steps: migrate, collectstatic, an account.
    create_database(database)
    stack.manage("migrate", "--noinput")
    stack.manage("collectstatic", "--noinput")
    seeded = subprocess.run(
        [str(BIN / "python"), "-m", "tests.deployment.seed"],
        cwd=ROOT,
        env=stack.node_env("manage"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    if seeded.returncode:
        raise RuntimeError(f"seeding failed:\n{seeded.stderr[-3000:]}")
    stack.seed = json.loads(seeded.stdout.strip().splitlines()[-1])

    for name, port in zip(("web-a", "web-b"), stack.node_ports, strict=True):
        stack.start(
            name,
            [
                str(BIN / "gunicorn"),
                "config.wsgi",
                "--config",
                str(ROOT / "deploy" / "gunicorn.conf.py"),
                "--bind",
                f"127.0.0.1:{port}",
            ],
            {**stack.node_env(name), "GUNICORN_WORKERS": "2"},
        )
    stack.start(
        "worker",
        [str(BIN / "celery"), "-A", "config", "worker", "-l", "info", "-c", "1"],
        stack.node_env("worker"),
    )
    stack.start(
        "beat",
        [
            str(BIN / "celery"),
            "-A",
            "config",
            "beat",
            "-l",
            "info",
            "-s",
            str(base / "beat-schedule"),
        ],
        stack.node_env("beat"),
    )

    prefix = base / "nginx"
    prefix.mkdir()
    cert, key = prefix / "cert.pem", prefix / "key.pem"
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
            "/CN=127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    site = prefix / "site.conf"
    site.write_text(render_site(stack, base / "static", cert, key))
    main = prefix / "nginx.conf"
    main.write_text(nginx_main_conf(prefix, site))
    subprocess.run(
        [NGINX, "-t", "-p", str(prefix), "-c", str(main)], check=True, capture_output=True
    )
    stack.start(
        "nginx", [NGINX, "-p", str(prefix), "-c", str(main), "-g", "daemon off;"], stack.env
    )

    for index in range(2):
        wait_for(
            f"web node {'AB'[index]}",
            lambda i=index: requests.get(stack.node(i) + "/healthz", timeout=2).ok,
        )
    wait_for("nginx", lambda: requests.get(stack.nginx + "/healthz", timeout=2, verify=False).ok)
    wait_for("the worker", lambda: "ready" in stack.log("worker"), timeout=60)
    return stack


def tear_down(stack: Stack) -> None:
    stack.stop()
    drop_database(stack.database)

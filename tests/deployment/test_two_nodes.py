"""Two web machines behind nginx, as an office that scales out runs them.

Real processes over loopback (see `stack.py`), production settings, files
in an S3-compatible store. The cross-node steps address node A and node B
directly (a round-robin proxy could send both requests to one node); the
rest goes through nginx, as a browser does. Run by `.ci/run` (its
"Deployment" section); skipped elsewhere, since it needs PostgreSQL, Redis,
nginx and moto's server on this machine.
"""

import io
import json
import os
import re
import shutil
import time
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

import openpyxl
import pytest
import requests
from PIL import Image
from requests.adapters import HTTPAdapter

from tests.deployment import stack as deployment

pytestmark = [
    pytest.mark.deployment,
    # nginx's certificate is one the stack made for itself.
    pytest.mark.filterwarnings("ignore::urllib3.exceptions.InsecureRequestWarning"),
    pytest.mark.skipif(
        os.environ.get("DEPLOYMENT_TEST") != "1",
        reason="starts gunicorn, Celery, nginx and an S3 server: run by .ci/run "
        "(DEPLOYMENT_TEST=1) on a machine with PostgreSQL, Redis and nginx",
    ),
]


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    if not shutil.which(deployment.NGINX):
        pytest.fail("nginx is not installed (apt-get install nginx-light)")
    base = tmp_path_factory.mktemp("deployment")
    base.chmod(0o755)
    running = deployment.bring_up(base)
    try:
        yield running
    finally:
        deployment.tear_down(running)


class Visitor:
    """A browser without the browser: keeps its cookies, sends CSRF tokens.

    Requests straight to a node carry what nginx would add (the forwarded
    protocol and address), since production settings trust the proxy for
    them; the session cookie is Secure, so it is sent by hand."""

    def __init__(self, stack):
        self.stack = stack
        self.cookies: dict[str, str] = {}

    def request(self, method, url, **kwargs):
        parts = urlsplit(url)
        headers = {
            "Referer": f"https://{parts.netloc}/",
            "Accept-Language": "zh-hans",
            **kwargs.pop("headers", {}),
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if parts.scheme == "http":  # straight to a node, as nginx would pass it on
            headers.setdefault("X-Forwarded-Proto", "https")
            headers.setdefault("X-Forwarded-For", "203.0.113.7")
        response = requests.request(
            method,
            url,
            headers=headers,
            allow_redirects=False,
            verify=False,
            timeout=30,
            **kwargs,
        )
        for header in response.raw.headers.getlist("Set-Cookie"):
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or morsel.value == "":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response

    def get(self, url, **kwargs):
        return self.request("GET", url, **kwargs)

    def post(self, url, data=None, **kwargs):
        if "csrftoken" not in self.cookies:
            self.get(url)  # any page of ours sets the CSRF cookie
        data = {**(data or {}), "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
        return self.request("POST", url, data=data, **kwargs)

    def log_in(self, base, username):
        self.get(f"{base}/accounts/login/")
        response = self.post(
            f"{base}/accounts/login/",
            {"username": username, "password": self.stack.seed["password"]},
        )
        assert response.status_code == 302, response.text[:500]
        assert "sessionid" in self.cookies
        return self


def test_static_files_are_served_through_nginx(stack):
    page = requests.get(f"{stack.nginx}/accounts/login/", verify=False, timeout=10)
    assert page.status_code == 200
    assets = re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js))"', page.text)
    assert assets, "the login page links no CSS or JS"
    for asset in assets:
        assert re.search(r"\.[0-9a-f]{12}\.(css|js)$", asset), f"not a hashed name: {asset}"
        response = requests.get(stack.nginx + asset, verify=False, timeout=10)
        assert response.status_code == 200, asset
        assert response.headers["Content-Type"].split(";")[0] in {
            "text/css",
            "application/javascript",
            "text/javascript",
        }
        # A hashed name never changes, so browsers keep it for a year.
        assert "immutable" in response.headers["Cache-Control"]


def test_a_session_started_on_node_a_works_on_node_b(stack):
    visitor = Visitor(stack).log_in(stack.node(0), "street_a")
    on_b = visitor.get(f"{stack.node(1)}/admin/")
    assert on_b.status_code == 200
    assert "street_a" in on_b.text
    stranger = Visitor(stack).get(f"{stack.node(1)}/admin/")
    assert stranger.status_code == 302 and "/login/" in stranger.headers["Location"]


def _ledger_file() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["组织名称*", "所属社区", "组织类别（大类）", "组织类别（小类）", "负责人"])
    sheet.append(["英才社区书画社", "英才社区", "文体活动类", "书画", "王建国"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _until(visitor, url, state, seconds=60):
    """The job's page once it shows `state` (the worker runs the job)."""
    deadline = time.monotonic() + seconds
    while True:
        page = visitor.get(url)
        assert page.status_code == 200, page.text[:2000]
        if f'data-state="{state}"' in page.text or time.monotonic() > deadline:
            return page
        time.sleep(0.5)


def test_an_import_checked_on_node_a_is_confirmed_on_node_b(stack):
    """Uploaded through node A, checked and written by the worker from the
    bucket, confirmed and followed through node B."""
    visitor = Visitor(stack).log_in(stack.node(0), "street_a")
    page = "/admin/orgs/organisation/import/"
    uploaded = visitor.post(
        stack.node(0) + page,
        files={"file": ("台账.xlsx", _ledger_file())},
    )
    assert uploaded.status_code == 302, uploaded.text[:2000]
    job = urlsplit(uploaded.headers["Location"]).path
    checked = _until(visitor, stack.node(1) + job, "checked")
    assert 'data-state="checked"' in checked.text, checked.text[:3000]
    confirmed = visitor.post(stack.node(1) + job)
    assert confirmed.status_code == 302, confirmed.text[:2000]
    done = _until(visitor, stack.node(0) + job, "done")
    assert 'data-state="done"' in done.text, done.text[:3000]
    listed = visitor.get(f"{stack.node(1)}/admin/orgs/organisation/?q=书画社")
    assert "英才社区书画社" in listed.text
    assert stack.local_files() == []


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 120, 200)).save(buffer, "JPEG")
    return buffer.getvalue()


def _token(base, username, password):
    response = requests.post(
        f"{base}/api/v1/auth/token/",
        data={"username": username, "password": password},
        headers={"X-Forwarded-Proto": "https"},
        timeout=10,
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Token {response.json()['token']}", "X-Forwarded-Proto": "https"}


def test_a_photo_uploaded_through_node_a_is_read_through_node_b(stack):
    seed = stack.seed
    grid_member = _token(stack.node(0), "grid", seed["password"])
    reported = requests.post(
        f"{stack.node(0)}/api/v1/tickets/",
        json={
            "grid": seed["grid"],
            "category": seed["category"],
            "description": "楼道堆放杂物，堵塞消防通道。",
            "location": "3号楼2单元",
        },
        headers=grid_member,
        timeout=10,
    )
    assert reported.status_code == 201, reported.text
    ticket = reported.json()["id"]
    photo = _jpeg()
    uploaded = requests.post(
        f"{stack.node(0)}/api/v1/tickets/{ticket}/photos/",
        files={"image": ("IMG_0001.jpg", photo, "image/jpeg")},
        headers=grid_member,
        timeout=10,
    )
    assert uploaded.status_code == 201, uploaded.text
    detail = requests.get(
        f"{stack.node(1)}/api/v1/tickets/{ticket}/", headers=grid_member, timeout=10
    )
    url = urlsplit(detail.json()["photos"][0]["url"]).path
    assert "IMG_0001" not in url  # the uploader's name is data, not the path

    worker = Visitor(stack).log_in(stack.node(1), "community")
    served = worker.get(stack.node(1) + url)
    assert served.status_code == 200
    assert served.content == photo
    assert served.headers["X-Content-Type-Options"] == "nosniff"

    outsider = Visitor(stack).log_in(stack.node(1), "street_b")
    assert outsider.get(stack.node(1) + url).status_code in (403, 404)
    anonymous = Visitor(stack).get(stack.node(0) + url)
    assert anonymous.status_code in (302, 403, 404)
    assert stack.local_files() == []


def test_a_download_requested_on_node_a_is_fetched_from_node_b(stack):
    visitor = Visitor(stack).log_in(stack.node(0), "district")
    started = visitor.post(
        f"{stack.node(0)}/downloads/new/", {"kind": "organisations", "fmt": "xlsx"}
    )
    assert started.status_code == 302, started.text[:2000]
    deadline = time.monotonic() + 60
    while True:
        centre = visitor.get(f"{stack.node(1)}/downloads/")
        links = re.findall(r'href="/downloads/(\d+)/"', centre.text)
        if links:
            break
        assert time.monotonic() < deadline, stack.log("worker")[-3000:]
        time.sleep(0.5)
    fetched = visitor.get(f"{stack.node(1)}/downloads/{links[0]}/")
    assert fetched.status_code == 200
    content = b"".join(fetched.iter_content()) if not fetched.content else fetched.content
    assert content[:2] == b"PK"
    names = openpyxl.load_workbook(io.BytesIO(content), read_only=True).active
    assert any("夕阳红合唱团" in str(c) for row in names.iter_rows(values_only=True) for c in row)
    other = Visitor(stack).log_in(stack.node(0), "street_a")
    assert other.get(f"{stack.node(0)}/downloads/{links[0]}/").status_code == 404
    assert stack.local_files() == []


def test_pages_through_nginx_carry_a_request_id_and_the_security_headers(stack):
    response = requests.get(f"{stack.nginx}/accounts/login/", verify=False, timeout=10)
    assert response.status_code == 200
    # nginx chooses the id; the platform logs it and sends it back.
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-ID"])
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert requests.get(f"{stack.nginx}/healthz", verify=False, timeout=10).status_code == 200
    # Readiness is for monitoring inside: each node answers it, nginx does not.
    assert requests.get(f"{stack.nginx}/readyz", verify=False, timeout=10).status_code == 404
    for index in range(2):
        ready = requests.get(f"{stack.node(index)}/readyz", timeout=10)
        assert ready.status_code == 200, ready.text
        assert set(ready.json().values()) == {"ok"}


class FromAddress(HTTPAdapter):
    """Connects from a given loopback address (all of 127.0.0.0/8 is ours),
    so nginx sees a different client for each resident."""

    def __init__(self, address):
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


def _report_from(stack, address, forged=None):
    session = requests.Session()
    session.mount("https://", FromAddress(address))
    headers = {"X-Forwarded-For": forged} if forged else {}
    return session.post(
        f"{stack.nginx}/api/v1/public/tickets/",
        json={
            "community": stack.seed["community"],
            "category": stack.seed["category"],
            "description": "路灯不亮，晚上一片漆黑。",
            "location": "小区东门",
            "resident_name": "王女士",
            "resident_phone": "13903710001",
        },
        headers=headers,
        verify=False,
        timeout=10,
    ).status_code


def test_behind_nginx_each_resident_is_counted_by_their_own_address(stack):
    # Eleven residents, one report each: none is refused for the others'.
    answers = [_report_from(stack, f"127.0.0.{n}") for n in range(2, 13)]
    assert answers == [201] * 11
    # One client inventing a new X-Forwarded-For each time is still one client.
    forged = [_report_from(stack, "127.0.0.99", forged=f"10.9.{n}.1") for n in range(12)]
    assert forged[:10] == [201] * 10
    assert forged[10:] == [429, 429]


def test_the_logs_carry_request_ids_and_no_phone_numbers(stack):
    """Last in the file: by now residents have reported with their phones."""
    access = [
        json.loads(line)
        for name in ("web-a", "web-b")
        for line in stack.log(name).splitlines()
        if line.startswith("{") and '"gunicorn.access"' in line
    ]
    # Requests through nginx carry its id into the web node's access line.
    through_nginx = [e for e in access if re.fullmatch(r"[0-9a-f]{32}", e["request_id"])]
    assert through_nginx
    assert any(e["path"] == "/api/v1/public/tickets/" for e in through_nginx)
    for name in ("web-a", "web-b", "worker", "beat"):
        assert "13903710001" not in stack.log(name), name

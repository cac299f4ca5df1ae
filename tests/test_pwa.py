"""The installable web app's two root files (config/pwa.py), without a
browser: tests/browser/test_pwa.py drives the worker itself in Chromium."""

import json
import re

from django.contrib.staticfiles import finders

from config import pwa


def is_static_file(url):
    """The test client serves no static files; the finders say they exist."""
    return url.startswith("/static/") and finders.find(url.removeprefix("/static/")) is not None


def test_the_manifest_names_the_app_in_chinese_with_its_icons(client):
    response = client.get("/manifest.webmanifest", HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert (manifest["name"], manifest["lang"], manifest["display"]) == (
        "社区服务",
        "zh-CN",
        "standalone",
    )
    assert {icon.get("purpose", "any") for icon in manifest["icons"]} == {"any", "maskable"}
    assert all(is_static_file(icon["src"]) for icon in manifest["icons"])


def worker_text(client):
    response = client.get("/sw.js")
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    return response.content.decode()


def test_the_worker_keeps_only_the_form_and_static_files(client):
    text = worker_text(client)
    assert "__" not in re.sub(r"//.*", "", text)  # every name filled in
    pages = json.loads(re.search(r"const PAGES = (.*);", text).group(1))
    shell = json.loads(re.search(r"const SHELL = (.*);", text).group(1))
    assert pages == ["/public/tickets/new/"]
    assert all(is_static_file(url) for url in shell)


def test_a_changed_file_gives_the_worker_a_new_cache(client, monkeypatch):
    version = re.compile(r'const VERSION = "([0-9a-f]+)";')
    before = version.search(worker_text(client)).group(1)
    read = pwa._read
    monkeypatch.setattr(
        pwa, "_read", lambda name: read(name) + (b"/* new */" if name.endswith(".css") else b"")
    )
    after = version.search(worker_text(client)).group(1)
    assert before != after

"""The volunteer's pages are part of the installable web app: in the
manifest's scope, with a shortcut, the manifest linked, never kept offline."""

import json

import pytest
from django.urls import reverse

from .helpers import sign_in

pytestmark = pytest.mark.django_db


def test_the_manifest_has_a_shortcut_to_the_volunteer_s_pages(client):
    manifest = json.loads(client.get("/manifest.webmanifest", HTTP_ACCEPT_LANGUAGE="zh-CN").content)
    assert manifest["scope"] == "/"
    shortcuts = {s["url"]: s["name"] for s in manifest["shortcuts"]}
    assert shortcuts["/me/volunteer/?source=pwa"] == "我的志愿服务"


def test_the_pages_link_the_manifest_and_the_worker_never_keeps_them(client, territory):
    sign_in(client, "13903710001")
    for url in (reverse("volunteers:home"), reverse("volunteers:register")):
        page = client.get(url).content.decode()
        assert reverse("pwa_manifest") in page and reverse("pwa_worker") in page
    assert '"/me/"' in client.get("/sw.js").content.decode()  # NEVER: the network only

"""The resident pages as an installable web app: the manifest and the
service worker, both at the site's root.

The service worker must be served from `/sw.js` (not /static/) to control
the resident pages under /public/: a worker's scope cannot reach above the
folder it is served from. Its text is static/pwa/sw.js with two things filled
in here: the list of files it keeps for offline use (their URLs as the static
storage names them, hashed in production) and a version drawn from those
files' contents. Any change to one of them changes the worker's bytes, so the
browser installs the new worker, which drops the old cache: a deploy
replaces what phones keep. The worker itself is never cached for long
(`no-cache`), so the browser checks for a new one on every visit.
"""

import hashlib
import json

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

# The brand colour of static/portal/frame.css (--brand).
THEME_COLOUR = "#b71c1c"
# What the worker keeps for the report form to open without a network: the
# static files its page loads (the page itself is added by URL in sw.js).
SHELL_FILES = [
    "portal/frame.css",
    "portal/portal.css",
    "portal/portal.js",
    "portal/locate.js",
    "portal/pwa.js",
    "portal/drafts.js",
    "portal/offline_report.js",
    "pwa/icon-192.png",
]
WORKER = "pwa/sw.js"


def _read(name: str) -> bytes:
    path = finders.find(name)
    if path:
        with open(path, "rb") as file:
            return file.read()
    with staticfiles_storage.open(name) as file:  # collected only (production)
        return file.read()


@require_GET
def manifest(request):
    lang = get_language() or "zh-hans"
    icons = [
        {"src": static("pwa/icon-192.png"), "sizes": "192x192", "type": "image/png"},
        {"src": static("pwa/icon-512.png"), "sizes": "512x512", "type": "image/png"},
        {
            "src": static("pwa/icon-maskable-512.png"),
            "sizes": "512x512",
            "type": "image/png",
            "purpose": "maskable",
        },
    ]
    body = {
        "name": _("Community services"),
        "short_name": _("Community services"),
        "description": _("Report a problem to your community and follow it."),
        "lang": "zh-CN" if lang == "zh-hans" else lang,
        "start_url": reverse("public_tickets:form") + "?source=pwa",
        "scope": "/",
        "display": "standalone",
        "background_color": "#fafafa",
        "theme_color": THEME_COLOUR,
        "icons": icons,
        # The installed app's long-press menu: a volunteer's own pages (under
        # /me/, which the worker never keeps: they go to the network only).
        "shortcuts": [
            {"name": _("My volunteering"), "url": reverse("volunteers:home") + "?source=pwa"},
            {"name": _("My reports"), "url": reverse("residents:reports") + "?source=pwa"},
        ],
    }
    response = JsonResponse(
        body, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False}
    )
    patch_cache_control(response, public=True, max_age=3600)
    return response


@require_GET
def service_worker(request):
    shell = [static(name) for name in SHELL_FILES]
    pages = [reverse("public_tickets:form")]
    worker = _read(WORKER)
    version = hashlib.sha256(worker)
    for name, url in zip(SHELL_FILES, shell, strict=True):
        version.update(url.encode() + b"\0" + _read(name))
    text = (
        worker.decode()
        .replace("__VERSION__", version.hexdigest()[:16])
        .replace("__SHELL__", json.dumps(shell))
        .replace("__PAGES__", json.dumps(pages))
        .replace("__DRAFTS__", json.dumps(static("portal/drafts.js")))
    )
    response = HttpResponse(text, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    patch_cache_control(response, no_cache=True, max_age=0)
    return response

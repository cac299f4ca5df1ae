"""The resident pages as an installable web app, on a phone's screen: the
manifest and its icons, the service worker that keeps the report form for
use without a network, and a report kept on the phone while the signal is
down and sent by itself when it returns (config/pwa.py, static/pwa/sw.js,
static/portal/drafts.js, static/portal/offline_report.js)."""

import json

import pytest
from django.core.cache import cache
from playwright.sync_api import Error, expect

from grids.models import Ticket
from tests.browser.test_accessibility import AXE, axe_findings
from tests.grid_helpers import photo

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 375, "height": 812}
SAVED = "信号不好，已保存在手机上，恢复网络后会自动提交"
# What the browser itself logs when a request finds no network: expected
# while the test holds the phone offline, and nothing else is.
NO_NETWORK = ("net::ERR_INTERNET_DISCONNECTED", "Failed to fetch")


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True)
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    page.errors = []
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    context.close()


def controlled(page):
    """Waits for the service worker to control the page; returns its script URL."""
    # A function, not an expression: the CSP refuses eval(), which Playwright
    # uses to poll an expression.
    return page.evaluate(
        """async () => {
          await navigator.serviceWorker.ready;
          if (!navigator.serviceWorker.controller) {
            await new Promise((r) =>
              navigator.serviceWorker.addEventListener("controllerchange", r, {once: true}));
          }
          return navigator.serviceWorker.controller.scriptURL;
        }"""
    )


def stored_draft(page):
    return page.evaluate(
        """() => new Promise((resolve) => {
          const open = indexedDB.open("shequ-drafts", 1);
          open.onsuccess = () => {
            const get = open.result.transaction("drafts").objectStore("drafts").get("ticket");
            get.onsuccess = () => resolve(get.result ? {
              queued: get.result.queued,
              fields: Object.fromEntries(get.result.fields),
              photos: (get.result.photos || []).length,
            } : null);
          };
        })"""
    )


def test_the_manifest_is_linked_with_its_icons(phone, live_server):
    cache.clear()
    phone.goto(f"{live_server.url}/public/tickets/new/")
    href = phone.locator("link[rel=manifest]").get_attribute("href")
    response = phone.request.get(live_server.url + href)
    assert response.ok
    assert response.headers["content-type"].startswith("application/manifest+json")
    manifest = json.loads(response.text())
    assert manifest["display"] == "standalone"
    assert manifest["lang"] == "zh-CN"
    assert manifest["name"] == "社区服务"
    assert manifest["start_url"] == "/public/tickets/new/?source=pwa"
    assert manifest["theme_color"] == "#b71c1c"
    sizes = {(icon["sizes"], icon.get("purpose", "any")) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for icon in manifest["icons"]:
        image = phone.request.get(live_server.url + icon["src"])
        assert image.ok and image.headers["content-type"] == "image/png", icon["src"]
    touch = phone.locator("link[rel=apple-touch-icon]").get_attribute("href")
    assert phone.request.get(live_server.url + touch).ok
    worker = phone.request.get(f"{live_server.url}/sw.js")
    assert worker.headers["content-type"].startswith("application/javascript")
    assert worker.headers["service-worker-allowed"] == "/"
    assert "no-cache" in worker.headers["cache-control"]
    assert controlled(phone) == f"{live_server.url}/sw.js"
    assert phone.errors == []


def test_a_report_made_offline_is_kept_and_sent_when_the_signal_returns(
    phone, grids, live_server, screenshot, tmp_path
):
    cache.clear()
    page = phone
    form_url = f"{live_server.url}/public/tickets/new/"
    page.goto(form_url)
    controlled(page)
    page.reload()  # the worker now answers for the form (and kept it on install)
    controlled(page)
    assert page.errors == []

    # The signal drops: the form still opens, from the worker's cache. (The
    # emulated offline holds for the worker's own requests too: its request
    # for the page fails, so what opens is what it kept.)
    page.context.set_offline(True)
    failed = []
    page.context.on("requestfailed", lambda r: r.service_worker and failed.append(r.url))
    response = page.goto(form_url + "?source=pwa")
    assert response.ok and response.from_service_worker
    assert failed == [form_url + "?source=pwa"]
    assert page.locator("html[data-kept-offline]").count() == 1
    page.get_by_label("所在社区").select_option(str(grids.a1.community.pk))
    page.get_by_label("问题类型").select_option(str(grids.hazard.pk))
    page.get_by_label("遇到了什么问题？").fill("楼道灯坏了，晚上看不见台阶。")
    page.get_by_label("在什么地方？").fill("3号楼2单元")
    page.get_by_label("您的姓名").fill("李先生")
    page.get_by_label("您的电话").fill("13903710002")
    picture = tmp_path / "stairs.jpg"
    picture.write_bytes(photo().read())
    page.get_by_label("照片").set_input_files(str(picture))

    # What is typed is kept as the resident goes, and put back on a reload.
    page.wait_for_timeout(800)  # the draft is kept 300 ms after the last key
    page.reload()
    expect(page.get_by_text("已恢复您上次填写的内容。")).to_be_visible()
    expect(page.get_by_label("您的电话")).to_have_value("13903710002")
    assert page.get_by_label("照片").evaluate("(input) => input.files.length") == 1
    assert stored_draft(page)["queued"] is False

    page.get_by_role("button", name="提交").click()
    page.get_by_text(SAVED).wait_for()
    draft = stored_draft(page)
    assert draft["queued"] is True
    assert draft["fields"]["resident_phone"] == "13903710002"
    assert draft["photos"] == 1
    page.wait_for_timeout(1500)  # time enough for a send that should not happen
    assert not Ticket.objects.exists()
    screenshot(page, "pwa-offline-draft")
    assert axe_findings(page, "offline draft") == []

    # The signal returns: the draft goes through the API by itself.
    page.context.set_offline(False)
    follow = page.get_by_role("link", name="查看办理进度")
    follow.wait_for()
    ticket = Ticket.objects.get()
    assert ticket.resident_phone == "13903710002"
    assert ticket.photos.count() == 1
    assert stored_draft(page) is None
    screenshot(page, "pwa-draft-sent")
    assert axe_findings(page, "draft sent") == []
    follow.click()
    page.get_by_role("heading", name="我反映的问题").wait_for()
    assert page.get_by_text("楼道灯坏了，晚上看不见台阶。").is_visible()
    assert [e for e in page.errors if not any(n in e for n in NO_NETWORK)] == []

    # The follow page (personal data) went to the network only: nothing but
    # the form and its static files is kept, and offline it does not open.
    kept = page.evaluate(
        """async () => {
          const urls = [];
          for (const name of await caches.keys()) {
            for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
          }
          return urls;
        }"""
    )
    paths = {url.removeprefix(live_server.url) for url in kept}
    assert "/public/tickets/new/" in paths
    assert all(p == "/public/tickets/new/" or p.startswith("/static/") for p in paths), paths
    page.context.set_offline(True)
    with pytest.raises(Error):
        page.reload()


def test_a_kept_report_the_api_refuses_comes_back_to_be_corrected(phone, grids, live_server):
    """A wrong phone typed offline: back online, the API's refusal is shown
    and the draft kept; corrected and sent again from the page the worker
    kept (whose CSRF token is not this browser's), it goes through the API."""
    cache.clear()
    page = phone
    form_url = f"{live_server.url}/public/tickets/new/"
    page.goto(form_url)
    controlled(page)
    page.context.set_offline(True)
    page.goto(form_url)
    page.get_by_label("所在社区").select_option(str(grids.a1.community.pk))
    page.get_by_label("问题类型").select_option(str(grids.hazard.pk))
    page.get_by_label("遇到了什么问题？").fill("垃圾桶满了没人清。")
    page.get_by_label("在什么地方？").fill("南门")
    page.get_by_label("您的姓名").fill("赵女士")
    page.get_by_label("您的电话").fill("12345")
    page.get_by_role("button", name="提交").click()
    page.get_by_text(SAVED).wait_for()

    page.context.set_offline(False)
    page.get_by_text("未能提交").wait_for()
    expect(page.locator("#offline-draft li")).to_contain_text("您的电话")
    assert stored_draft(page)["queued"] is False
    assert not Ticket.objects.exists()

    page.get_by_label("您的电话").fill("13903710003")
    page.get_by_role("button", name="提交").click()
    page.get_by_role("link", name="查看办理进度").wait_for()
    assert Ticket.objects.get().resident_phone == "13903710003"
    assert axe_findings(page, "kept report sent") == []

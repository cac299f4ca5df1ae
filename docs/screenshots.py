"""Take the README's screenshots: each demo role's home with its to-dos.

    .venv/bin/python docs/screenshots.py

Builds the demo district into a throwaway SQLite file, serves it on a free
port with the demo's day pinned, signs in as each role in Debian's Chromium
(never a downloaded browser) and saves docs/screenshots/<role>.png at a
desktop width, plus the residents' front door and a phone-width home.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
PYTHON = str(ROOT / ".venv" / "bin" / "python")
ROLES = ("street", "community", "operator", "leader", "grid", "reviewer", "district")
PASSWORD = "Shequ@2026"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    folder = tempfile.mkdtemp(prefix="shequ-shots-")
    env = dict(
        os.environ,
        DATABASE_URL=f"sqlite:///{folder}/demo.sqlite3",
        DJANGO_SETTINGS_MODULE="config.settings.base",
    )
    env.pop("REDIS_URL", None)
    subprocess.run(
        [PYTHON, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    subprocess.run([PYTHON, "manage.py", "demo", "--quiet"], cwd=ROOT, env=env, check=True)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    import django

    django.setup()
    from devdata.demo.orgs import TODAY

    env["PLATFORM_TODAY"] = TODAY.isoformat()
    port = free_port()
    server = subprocess.Popen(
        [PYTHON, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path="/usr/bin/chromium",
                headless=True,
                args=["--no-sandbox", "--disable-gpu"],
            )
            page = browser.new_page(locale="zh-CN", viewport={"width": 1280, "height": 800})
            page.goto(f"{base}/")
            page.screenshot(path=str(OUT / "residents.png"), full_page=True)
            page.close()
            for role in ROLES:
                context = browser.new_context(
                    locale="zh-CN", viewport={"width": 1280, "height": 800}
                )
                page = context.new_page()
                page.goto(f"{base}/accounts/login/")
                page.get_by_label("用户名").fill(role)
                page.get_by_label("密码").fill(PASSWORD)
                page.get_by_role("button", name="登录").click()
                page.wait_for_url(f"{base}/")
                page.screenshot(path=str(OUT / f"{role}.png"))
                if role == "community":
                    page.set_viewport_size({"width": 390, "height": 844})
                    page.screenshot(path=str(OUT / "community-phone.png"))
                context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait()
    print(f"screenshots in {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

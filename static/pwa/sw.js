// The service worker of the resident pages, served at /sw.js by config/pwa.py,
// which fills in the names written __LIKE_THIS__.
//
// What it keeps: the report form's page and the static files it loads, so the
// form opens without a network once it has been opened with one. What it never
// keeps: anything else. It answers only for those URLs and leaves every other
// request to the browser as if it were not there: the admin, the API, the
// staff's pages, the resident's own pages (a tracking page, a rating link:
// they carry personal data, and go to the network only), uploads.
//
// The page is fetched for the cache without cookies, so what is kept is the
// anonymous page: never a signed-in person's header, never a session's data.
// A visit online shows the network's page; the kept copy is renewed in the
// background once it is older than a day. The cache's name carries a version
// drawn from the files' contents: a deploy that changes any of them brings a
// new worker, which drops the old cache when it takes over.
//
// Background Sync (where the browser has it): a report the resident asked to
// send while offline is sent by the worker when the signal returns, even if
// the page was closed; drafts.js holds the sending, shared with the page.
/* global ShequDrafts */
const VERSION = "__VERSION__";
const SHELL = __SHELL__;
const PAGES = __PAGES__;
const CACHE = `shequ-${VERSION}`;
const RENEW_AFTER_MS = 24 * 3600 * 1000;
// Belt and braces: never answered from the cache, whatever the lists say.
const NEVER = ["/admin/", "/api/", "/me/", "/accounts/", "/t/", "/files/", "/public/files/"];

importScripts(__DRAFTS__);

const anonymous = (url) => fetch(new Request(url, { credentials: "omit", cache: "no-store" }));

// A page is kept marked (<html data-kept-offline>): its form's CSRF token is
// the anonymous fetch's, not this browser's, so offline_report.js sends what
// is typed on it through the API rather than posting the form.
async function keep(cache, url) {
  const response = await anonymous(url);
  if (!response.ok || response.redirected) return;
  if (!PAGES.includes(url)) return cache.put(url, response);
  const page = (await response.text()).replace("<html ", "<html data-kept-offline ");
  await cache.put(url, new Response(page, { status: 200, headers: response.headers }));
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await Promise.all([...PAGES, ...SHELL].map((url) => keep(cache, url)));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith("shequ-") && name !== CACHE) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

async function page(event, path) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(event.request);
    event.waitUntil(
      (async () => {
        const kept = await cache.match(path, { ignoreVary: true });
        const date = kept && Date.parse(kept.headers.get("Date") || "");
        if (!kept || !date || Date.now() - date > RENEW_AFTER_MS) await keep(cache, path);
      })().catch(() => {}),
    );
    return response;
  } catch (error) {
    const kept = await cache.match(path, { ignoreVary: true });
    if (kept) return kept;
    throw error;
  }
}

async function file(request) {
  const kept = await caches.match(request, { cacheName: CACHE });
  return kept || fetch(request);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (NEVER.some((prefix) => url.pathname.startsWith(prefix))) return;
  if (PAGES.includes(url.pathname) && request.mode === "navigate") {
    event.respondWith(page(event, url.pathname));
  } else if (SHELL.includes(url.pathname)) {
    event.respondWith(file(request));
  }
});

async function sendKept(key) {
  const result = await ShequDrafts.send(key); // rejects offline: the browser retries the sync
  const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  for (const client of windows) client.postMessage({ type: "shequ-draft", key, result });
}

self.addEventListener("sync", (event) => {
  if (event.tag.startsWith("shequ-draft:")) event.waitUntil(sendKept(event.tag.slice(12)));
});

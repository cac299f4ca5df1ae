// The resident pages as an installable web app: registers the service worker
// (/sw.js, named by this script's data-worker attribute; config/pwa.py says
// what it keeps). Loaded by templates/includes/pwa_head.html, on the resident
// pages only: staff pages neither register it nor offer to be installed.
(() => {
  const worker = document.currentScript && document.currentScript.dataset.worker;
  if (!worker || !("serviceWorker" in navigator)) return;
  window.addEventListener("load", () => {
    navigator.serviceWorker.register(worker, { scope: "/" }).catch(() => {
      // No worker (a private window, an old browser): the pages work as before.
    });
  });
})();

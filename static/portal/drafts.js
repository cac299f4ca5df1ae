// Reports kept on the phone (IndexedDB) until they can be sent: shared by the
// report form's page (offline_report.js) and the service worker (sw.js, for
// Background Sync), so it touches no page: no document, no window.
//
// One record per form, by key ("ticket"):
//   {key, fields: [[name, value]…], photos: [File…], queued, claimedAt,
//    api, follow, errors}
// `queued` marks a report the resident asked to send; without it the record
// is only what they have typed so far, put back if the page is reloaded.
// The page and the worker may both try to send it when the signal returns:
// each first claims the record in one IndexedDB transaction (transactions on
// one store run one after the other), so only one sends it. A claim older
// than CLAIM_MS is taken to be from a sender that died (a closed page).
// A report sent leaves {token, url} under "<key>:sent" for the page to show.
/* exported ShequDrafts */
const ShequDrafts = (() => {
  const DB = "shequ-drafts";
  const STORE = "drafts";
  const CLAIM_MS = 60 * 1000;
  // Fields of the form that are never sent to the API.
  const SKIP = new Set(["csrfmiddlewaretoken", "website", "photos"]);

  function open() {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open(DB, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "key" });
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }

  // Runs change(record) → new record (or null to delete, undefined to leave)
  // inside one readwrite transaction; resolves with what change returned.
  async function update(key, change) {
    const db = await open();
    return new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, "readwrite");
      const store = tx.objectStore(STORE);
      let result;
      const read = store.get(key);
      read.onsuccess = () => {
        result = change(read.result || null);
        if (result === null) store.delete(key);
        else if (result !== undefined) store.put({ ...result, key });
      };
      tx.oncomplete = () => {
        db.close();
        resolve(result);
      };
      tx.onerror = tx.onabort = () => {
        db.close();
        reject(tx.error);
      };
    });
  }

  async function get(key) {
    const db = await open();
    return new Promise((resolve, reject) => {
      const request = db.transaction(STORE).objectStore(STORE).get(key);
      request.onsuccess = () => {
        db.close();
        resolve(request.result || null);
      };
      request.onerror = () => {
        db.close();
        reject(request.error);
      };
    });
  }

  const put = (key, record) => update(key, () => record);
  const remove = (key) => update(key, () => null);

  // Keeps what the resident has typed (fields, photos, where to send it),
  // with its queued mark and claim as they were; `queue` marks it to send.
  const save = (key, record, queue) =>
    update(key, (draft) => ({
      ...(draft || { claimedAt: 0 }),
      ...record,
      queued: Boolean(queue || (draft && draft.queued)),
      errors: queue ? null : (draft && draft.errors) || null,
    }));

  // Takes the queued draft for sending, or resolves null if there is none or
  // another sender holds it.
  function claim(key) {
    let taken = null;
    return update(key, (draft) => {
      if (!draft || !draft.queued) return undefined;
      if (draft.claimedAt && Date.now() - draft.claimedAt < CLAIM_MS) return undefined;
      taken = { ...draft, claimedAt: Date.now() };
      return taken;
    }).then(() => taken);
  }

  const release = (key) => update(key, (draft) => (draft ? { ...draft, claimedAt: 0 } : undefined));

  // Sends the queued draft through the public JSON API. Resolves with
  // {sent: {token, url}}, {refused: errors} (the draft is kept, no longer
  // queued, for the resident to correct), {later: true} (the server asks to
  // wait: throttled or failing) or null (nothing to send); rejects when the
  // network fails (the draft stays queued).
  async function send(key) {
    const draft = await claim(key);
    if (!draft) return null;
    const body = new FormData();
    for (const [name, value] of draft.fields) {
      if (!SKIP.has(name) && value !== "") body.append(name, value);
    }
    for (const photo of draft.photos || []) body.append("photos", photo, photo.name || "photo.jpg");
    let response;
    try {
      response = await fetch(draft.api, {
        method: "POST",
        body,
        credentials: "omit",
        headers: { Accept: "application/json" },
      });
    } catch (error) {
      await release(key);
      throw error;
    }
    const answer = await response.json().catch(() => ({}));
    if (response.status === 201) {
      const sent = {
        token: answer.tracking_token,
        url: draft.follow.replace("TOKEN", encodeURIComponent(answer.tracking_token)),
      };
      await update(key, () => null);
      await put(`${key}:sent`, sent);
      return { sent };
    }
    if (response.status === 400) {
      await update(key, (kept) => (kept ? { ...kept, queued: false, claimedAt: 0, errors: answer } : undefined));
      return { refused: answer };
    }
    await release(key);
    return { later: true };
  }

  return { get, put, save, remove, send };
})();

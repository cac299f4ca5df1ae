// The report form when the signal drops (templates/includes/offline_draft.html
// holds the messages, translated, and where to send; drafts.js keeps the draft).
//
// - What the resident types (and the photos chosen) is kept on the phone as
//   they go, and put back if the page is reloaded or opened again.
// - On "Send", the page first checks the network answers (a HEAD to the probe
//   address). If it does, the form is sent as usual and the draft dropped: the
//   server's answer (the follow page, or the form with its errors) takes over.
//   If not, the draft is marked to send and the resident told it is kept. (A
//   page opened from the worker's cache is never posted: its CSRF token is
//   not this browser's; its draft goes through the API at once if it can.)
// - A draft marked to send goes through the JSON API as soon as it can: now
//   if the page finds the network, on the browser's "online" event, when the
//   page is opened again, or from the service worker (Background Sync). The
//   page then shows the follow link the API returns, or what to correct.
document.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("offline-draft");
  if (!box || !window.indexedDB || typeof ShequDrafts === "undefined") return;
  const form = box.closest("form");
  const key = box.dataset.key;
  const photosInput = form.querySelector("input[type=file][name=photos]");
  const text = box.querySelector(".draft-message");
  const link = box.querySelector(".draft-follow a");
  const problems = box.querySelector("ul");

  function show(message, { follow = null, errors = [] } = {}) {
    box.hidden = false;
    text.textContent = message;
    box.scrollIntoView({ block: "nearest" });
    link.parentElement.hidden = !follow;
    if (follow) link.href = follow;
    problems.replaceChildren(
      ...errors.map((error) => {
        const item = document.createElement("li");
        item.textContent = error;
        return item;
      }),
    );
  }

  function fields() {
    const kept = [];
    for (const element of form.elements) {
      if (!element.name || element.type === "file" || element.name === "csrfmiddlewaretoken") continue;
      if ((element.type === "checkbox" || element.type === "radio") && !element.checked) continue;
      kept.push([element.name, element.value]);
    }
    return kept;
  }

  const record = () => ({
    fields: fields(),
    photos: photosInput ? Array.from(photosInput.files) : [],
    api: box.dataset.api,
    follow: box.dataset.follow,
  });

  function restore(draft) {
    for (const [name, value] of draft.fields) {
      const element = form.elements.namedItem(name);
      if (!element || element instanceof RadioNodeList || element.type === "checkbox") continue;
      element.value = value;
    }
    if (photosInput && draft.photos && draft.photos.length && window.DataTransfer) {
      const chosen = new DataTransfer();
      for (const photo of draft.photos) chosen.items.add(photo);
      photosInput.files = chosen.files;
    }
  }

  // The API's refusal, {field: [messages]} or {detail: message}, as lines.
  function refusals(answer) {
    const lines = [];
    for (const [name, messages] of Object.entries(answer || {})) {
      const element = form.elements.namedItem(name);
      const label = element && element.labels && element.labels[0];
      const prefix = label ? `${label.firstChild.textContent.trim()}: ` : "";
      for (const message of [].concat(messages)) lines.push(prefix + message);
    }
    return lines;
  }

  function showResult(result) {
    if (!result) return;
    if (result.sent) {
      form.reset();
      if (photosInput) photosInput.value = "";
      show(box.dataset.sent, { follow: result.sent.url });
      ShequDrafts.remove(`${key}:sent`);
    } else if (result.refused) {
      show(box.dataset.refused, { errors: refusals(result.refused) });
    }
  }

  async function sendKept() {
    let result;
    try {
      result = await ShequDrafts.send(key);
    } catch {
      return; // still no network: kept, and tried again later
    }
    showResult(result);
  }

  async function reachable() {
    const stop = new AbortController();
    const timer = setTimeout(() => stop.abort(), 8000);
    try {
      await fetch(box.dataset.probe, { method: "HEAD", cache: "no-store", credentials: "omit", signal: stop.signal });
      return true; // any answer at all: the network works
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  async function keepToSend() {
    await ShequDrafts.save(key, record(), true);
    show(box.dataset.saved);
    try {
      const registration = await navigator.serviceWorker.ready;
      if (registration.sync) await registration.sync.register(`shequ-draft:${key}`);
    } catch {
      // No Background Sync: the page sends it when it is next online.
    }
  }

  let typing = null;
  const keepTyping = () => {
    clearTimeout(typing);
    typing = setTimeout(() => ShequDrafts.save(key, record(), false), 300);
  };
  form.addEventListener("input", keepTyping);
  form.addEventListener("change", keepTyping);

  // A page the service worker kept carries a stale CSRF token (sw.js): what
  // is typed on it goes through the API, even once the network is back.
  const keptPage = document.documentElement.hasAttribute("data-kept-offline");
  let native = false;
  form.addEventListener("submit", async (event) => {
    if (native) return;
    event.preventDefault();
    const online = navigator.onLine && (await reachable());
    if (online && !keptPage) {
      clearTimeout(typing);
      await ShequDrafts.remove(key);
      native = true;
      form.submit();
      return;
    }
    if (!form.checkValidity()) {
      form.reportValidity();
      return;
    }
    await keepToSend();
    if (online) sendKept();
  });

  window.addEventListener("online", sendKept);
  if (navigator.serviceWorker) {
    navigator.serviceWorker.addEventListener("message", (event) => {
      if (event.data && event.data.type === "shequ-draft" && event.data.key === key) {
        showResult(event.data.result);
      }
    });
  }

  (async () => {
    const sent = await ShequDrafts.get(`${key}:sent`);
    if (sent) showResult({ sent });
    const draft = await ShequDrafts.get(key);
    if (!draft) return;
    // A form sent back with errors shows the server's copy of the answers.
    if (!form.querySelector(".form-errors")) {
      restore(draft);
      if (!draft.queued && !draft.errors) show(box.dataset.restored);
    }
    if (draft.errors) show(box.dataset.refused, { errors: refusals(draft.errors) });
    if (draft.queued) {
      show(box.dataset.saved);
      sendKept();
    }
  })();
});

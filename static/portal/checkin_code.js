// The organiser's check-in code page (activities/code.html): the code changes
// every minute, so the page asks for the current one (QR as SVG and its link)
// when the minute turns, and counts down the seconds until then.
(() => {
  const box = document.querySelector("[data-checkin-code]");
  if (!box) return;
  const qr = box.querySelector("[data-qr]");
  const link = box.querySelector("[data-check-link]");
  const left = box.querySelector("[data-seconds-left]");
  let seconds = Number(box.dataset.seconds) || 60;

  async function refresh() {
    try {
      const response = await fetch(box.dataset.refreshUrl, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!response.ok) throw new Error(String(response.status));
      const state = await response.json();
      qr.innerHTML = state.svg; // the server's own SVG markup, the link escaped
      link.href = state.link;
      link.textContent = state.link;
      seconds = state.seconds;
    } catch (error) {
      seconds = 5; // try again soon
    }
  }

  setInterval(() => {
    seconds -= 1;
    if (seconds <= 0) {
      seconds = 60;
      refresh();
    }
    if (left) left.textContent = String(Math.max(seconds, 0));
  }, 1000);
})();

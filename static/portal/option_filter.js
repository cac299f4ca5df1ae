// A search box over long lists of choices (the joint bid's member picker:
// every organisation of a district, hundreds): typing hides the options that
// do not contain the words, keeping each list's chosen option. Without
// script the box stays hidden and the lists work as they are.
(() => {
  document.querySelectorAll("input[data-filters]").forEach((box) => {
    const lists = document.querySelectorAll(box.dataset.filters);
    if (!lists.length) return;
    box.closest("[hidden]")?.removeAttribute("hidden");
    box.addEventListener("input", () => {
      const words = box.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      lists.forEach((list) => {
        Array.from(list.options).forEach((option) => {
          const text = option.textContent.toLowerCase();
          const fits = !option.value || option.selected || words.every((w) => text.includes(w));
          option.hidden = !fits;
        });
      });
    });
  });
})();

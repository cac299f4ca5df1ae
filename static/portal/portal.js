// Small behaviours of the portal pages, wired here rather than in the markup:
// the Content-Security-Policy refuses inline handlers (onclick=, onchange=).
//   <select data-autosubmit>  submits its form when the choice changes
//   <button data-print>       prints the page
//   a form sent back with errors: the focus goes to the first field marked
//   invalid (its label, help and error are read out with it), or to the
//   summary of errors (.form-errors) when only the form as a whole is wrong
//   a table wider than the screen can take the focus, to be scrolled by keyboard
document.addEventListener("change", (event) => {
  const field = event.target.closest("[data-autosubmit]");
  if (field && field.form) field.form.submit();
});
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});
document.addEventListener("DOMContentLoaded", () => {
  const target = document.querySelector("[aria-invalid=true]") || document.querySelector(".form-errors");
  if (target) target.focus();
});

// A table wider than a narrow screen scrolls inside its own box (portal.css);
// such a box takes the keyboard's focus, so it can be scrolled without a mouse.
// (In the admin the box that scrolls is a list's results or an inline group.)
function focusableWideTables() {
  for (const box of document.querySelectorAll("main table, #changelist .results, #content .inline-group")) {
    if (box.scrollWidth > box.clientWidth + 1) box.setAttribute("tabindex", "0");
    else if (box.getAttribute("tabindex") === "0") box.removeAttribute("tabindex");
  }
}
focusableWideTables();
window.addEventListener("resize", focusableWideTables);
// A table folded in a <details> (a chart's figures) has its width once opened.
document.addEventListener("toggle", focusableWideTables, true);

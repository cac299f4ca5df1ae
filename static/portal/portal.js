// Small behaviours of the portal pages, wired here rather than in the markup:
// the Content-Security-Policy refuses inline handlers (onclick=, onchange=).
//   <select data-autosubmit>  submits its form when the choice changes
//   <button data-print>       prints the page
document.addEventListener("change", (event) => {
  const field = event.target.closest("[data-autosubmit]");
  if (field && field.form) field.form.submit();
});
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});

// django-import-export's "select all" toggle on the export page, wired here
// instead of its inline onchange= (refused by the Content-Security-Policy).
// onSelectToggleChange comes from the library's export_selectable_fields.js.
document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.getElementById("select-all-toggle");
  if (toggle) toggle.addEventListener("change", onSelectToggleChange);
});

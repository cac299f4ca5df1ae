// "Add my current position" on the ticket report forms: fills the hidden
// latitude and longitude from the browser's geolocation (WGS-84). The button
// stays hidden where the browser has no geolocation. Messages come from the
// field's data- attributes, translated by the template.
document.addEventListener("DOMContentLoaded", () => {
  const field = document.getElementById("locate-field");
  if (!field || !navigator.geolocation) return;
  field.hidden = false;
  const lat = document.getElementById("id_latitude");
  const lon = document.getElementById("id_longitude");
  const status = document.getElementById("locate-status");
  if (lat.value && lon.value) status.textContent = field.dataset.added;
  document.getElementById("locate").addEventListener("click", () => {
    status.textContent = field.dataset.finding;
    navigator.geolocation.getCurrentPosition(
      (position) => {
        lat.value = position.coords.latitude.toFixed(6);
        lon.value = position.coords.longitude.toFixed(6);
        status.textContent = field.dataset.added;
      },
      () => {
        status.textContent = field.dataset.failed;
      },
    );
  });
});

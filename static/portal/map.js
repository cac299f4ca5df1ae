// The maps (grids/map.html for staff, public/map.html for everyone), drawn
// with Leaflet from our own static files. The page embeds its settings and
// fixed layers (#map-data); the staff map asks for tickets as it moves.
// Points arrive already in the tiles' coordinate system (the server converts
// them): this script never converts.
document.addEventListener("DOMContentLoaded", () => {
  const element = document.getElementById("map");
  const source = document.getElementById("map-data");
  if (!element || !source || typeof L === "undefined") return;
  const data = JSON.parse(source.textContent);
  const t = data.text || {};
  const map = L.map(element, { preferCanvas: false, attributionControl: true, maxZoom: 18 });
  if (data.tiles.layers.length) {
    data.tiles.layers.forEach((layer) =>
      L.tileLayer(layer.url, { subdomains: layer.subdomains, attribution: data.tiles.attribution, maxZoom: 18 }).addTo(map)
    );
  } else {
    element.classList.add("no-tiles");
    map.attributionControl.addAttribution(t.noTiles || "");
  }
  const everything = L.featureGroup().addTo(map);
  if (data.boundaries && data.boundaries.features.length) {
    L.geoJSON(data.boundaries, {
      style: { color: "#2e86c1", weight: 2, fillOpacity: 0.05 },
      onEachFeature: (feature, layer) => layer.bindTooltip(feature.properties.name),
    }).addTo(everything);
  }
  const dot = (place, colour, label, url, className) => {
    const marker = L.circleMarker([place.lat, place.lng], { radius: 6, color: "#fff", weight: 1, fillColor: colour, fillOpacity: 0.9, className: className || "" });
    if (url) {
      const link = document.createElement("a");
      link.href = url;
      link.textContent = label;
      marker.bindPopup(link);
    } else {
      marker.bindPopup(document.createTextNode(label));
    }
    return marker;
  };
  (data.venues || []).forEach((v) => dot(v, "#27ae60", v.label, v.url, "map-venue").addTo(everything));
  (data.projects || []).forEach((p) => dot(p, "#8e44ad", p.label, p.url, "map-project").addTo(everything));
  const bounds = everything.getBounds();
  if (bounds.isValid()) map.fitBounds(bounds, { padding: [10, 10], maxZoom: 16 });
  else map.setView([data.centre[0], data.centre[1]], data.centre[2]);

  drawing(map, t);
  const url = element.dataset.ticketsUrl;
  if (!url) return;
  const tickets = L.layerGroup().addTo(map);
  const summary = document.getElementById("map-summary");
  const state = document.getElementById("map-state");
  const colours = { reported: "#f39c12", accepted: "#2e86c1", assigned: "#2e86c1", in_progress: "#2e86c1", on_hold: "#7f8c8d", resolved: "#27ae60", closed: "#27ae60", rejected: "#7f8c8d" };
  let asked = 0;
  const load = () => {
    const b = map.getBounds();
    const clamp = (v, low, high) => Math.min(high, Math.max(low, v));
    const box = [clamp(b.getSouth(), -90, 90), clamp(b.getWest(), -180, 180), clamp(b.getNorth(), -90, 90), clamp(b.getEast(), -180, 180)]
      .map((v) => v.toFixed(6)).join(",");
    const query = new URLSearchParams({ bbox: box, zoom: String(Math.round(map.getZoom())), state: state ? state.value : "open" });
    const number = ++asked;
    fetch(`${url}?${query}`, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((response) => response.json())
      .then((answer) => {
        if (number !== asked) return; // a later move has asked again
        tickets.clearLayers();
        if (answer.errors) {
          summary.textContent = Object.values(answer.errors).flat().join(" ");
          return;
        }
        let total = 0;
        // The points also as a list of links: what a screen reader reads, and a keyboard reaches.
        const list = document.getElementById("map-list");
        if (list) list.replaceChildren();
        answer.points.forEach((p) => {
          total += 1;
          dot(p, colours[p.state] || "#c0392b", p.label, p.url, "map-point").addTo(tickets);
          if (list) {
            const item = document.createElement("li");
            const link = document.createElement("a");
            link.href = p.url;
            link.textContent = p.label;
            item.appendChild(link);
            list.appendChild(item);
          }
        });
        answer.cells.forEach((c) => {
          total += c.count;
          const size = c.count < 100 ? 32 : c.count < 10000 ? 40 : 52;
          const icon = L.divIcon({ className: "map-cell", html: String(c.count), iconSize: [size, size] });
          L.marker([c.lat, c.lng], { icon, keyboard: false, title: `${c.count} ${t.tickets}` })
            .on("click", () => map.setView([c.lat, c.lng], map.getZoom() + 2))
            .addTo(tickets);
        });
        summary.textContent = `${total} ${t.tickets}`;
        element.dataset.points = String(answer.points.length);
        element.dataset.cells = String(answer.cells.length);
      });
  };
  map.on("moveend", load);
  if (state) state.addEventListener("change", load);
  load();
});

// Drawing a grid's outline (staff map): each click on the map adds a corner;
// saving sends a closed Polygon in the tiles' system, which the server
// checks like an imported file and stores with that system.
function drawing(map, t) {
  const form = document.getElementById("map-draw");
  if (!form) return;
  const start = document.getElementById("map-draw-start");
  const save = document.getElementById("map-draw-save");
  const cancel = document.getElementById("map-draw-cancel");
  const status = document.getElementById("map-draw-status");
  let corners = null;
  let shape = null;
  const stop = () => {
    corners = null;
    if (shape) shape.remove();
    shape = null;
    save.disabled = cancel.disabled = true;
    start.disabled = false;
  };
  map.on("click", (event) => {
    if (!corners) return;
    corners.push([event.latlng.lng, event.latlng.lat]);
    if (shape) shape.remove();
    shape = L.polygon(corners.map(([lng, lat]) => [lat, lng]), { color: "#c0392b" }).addTo(map);
    save.disabled = corners.length < 3;
  });
  start.addEventListener("click", () => {
    stop();
    corners = [];
    start.disabled = true;
    cancel.disabled = false;
    status.textContent = t.drawHelp;
  });
  cancel.addEventListener("click", () => {
    stop();
    status.textContent = "";
  });
  save.addEventListener("click", () => {
    const ring = [...corners, corners[0]];
    fetch(document.getElementById("map-draw-grid").value, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": form.querySelector("[name=csrfmiddlewaretoken]").value },
      body: JSON.stringify({ type: "Polygon", coordinates: [ring] }),
    })
      .then((response) => response.json())
      .then((answer) => {
        if (answer.errors) {
          status.textContent = answer.errors.join(" ");
          return;
        }
        L.geoJSON(answer.geometry, { style: { color: "#2e86c1", weight: 2, fillOpacity: 0.05 } }).addTo(map);
        stop();
        status.textContent = t.saved;
      });
  });
}

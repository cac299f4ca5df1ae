// Charts of the district dashboard, from the JSON the page embeds.
// Chart.js is served from our own static files (no CDN).
document.addEventListener("DOMContentLoaded", () => {
  const data = JSON.parse(document.getElementById("charts").textContent);
  const t = data.text;
  const colours = ["#c0392b", "#2e86c1", "#27ae60", "#f39c12", "#8e44ad", "#16a085", "#7f8c8d"];
  Chart.defaults.font.family = '"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif';
  Chart.defaults.animation = false; // printable and testable at once
  const draw = (id, config) => {
    const canvas = document.getElementById(id);
    if (canvas) new Chart(canvas, config);
  };
  draw("chart-target", {
    type: "bar",
    data: {
      labels: data.target.labels,
      datasets: [
        { label: t.organisations, data: data.target.organisations, backgroundColor: colours[1] },
        { label: t.target, data: data.target.target, type: "line", borderColor: colours[0], pointRadius: 3 },
      ],
    },
  });
  draw("chart-ledger", {
    type: "bar",
    data: {
      labels: data.ledger.labels,
      datasets: [
        { label: t.registered, data: data.ledger.registered, backgroundColor: colours[4] },
        { label: t.filed, data: data.ledger.filed, backgroundColor: colours[2] },
        { label: t.other, data: data.ledger.other, backgroundColor: colours[6] },
      ],
    },
    options: { scales: { x: { stacked: true }, y: { stacked: true } } },
  });
  draw("chart-categories", {
    type: "doughnut",
    data: {
      labels: data.categories.labels,
      datasets: [{ data: data.categories.values, backgroundColor: colours }],
    },
    options: { aspectRatio: 2 },
  });
  draw("chart-stars", {
    type: "bar",
    data: {
      labels: data.stars.labels,
      datasets: [{ label: t.count, data: data.stars.values, backgroundColor: colours[3] }],
    },
  });
  draw("chart-grades", {
    type: "bar",
    data: {
      labels: data.grades.labels,
      datasets: [{ label: t.platforms, data: data.grades.values, backgroundColor: colours[5] }],
    },
  });
  draw("chart-tickets", {
    type: "bar",
    data: {
      labels: data.tickets.labels,
      datasets: [
        { label: t.found, data: data.tickets.found, backgroundColor: colours[1] },
        { label: t.closed, data: data.tickets.closed, backgroundColor: colours[2] },
        { label: t.overdue, data: data.tickets.overdue, backgroundColor: colours[0] },
        {
          label: t.satisfaction, data: data.tickets.satisfaction, type: "line",
          borderColor: colours[3], yAxisID: "percent",
        },
      ],
    },
    options: {
      scales: { y: { beginAtZero: true }, percent: { position: "right", min: 0, max: 100 } },
    },
  });
  draw("chart-projects", {
    type: "bar",
    data: {
      labels: data.projects.labels,
      datasets: [
        { label: t.money, data: data.projects.money, backgroundColor: colours[4], yAxisID: "y" },
        {
          label: t.beneficiaries, data: data.projects.beneficiaries, type: "line",
          borderColor: colours[2], yAxisID: "people",
        },
      ],
    },
    options: { scales: { y: { beginAtZero: true }, people: { position: "right", beginAtZero: true } } },
  });
  // The seeds' headline breakdowns (issue 23).
  draw("chart-transformations", {
    type: "bar",
    data: {
      labels: data.transformations.labels,
      datasets: [{ label: t.transformations, data: data.transformations.values, backgroundColor: colours[5] }],
    },
    options: { indexAxis: "y" },
  });
  draw("chart-programmes", {
    type: "bar",
    data: {
      labels: data.programmes.labels,
      datasets: [
        { label: t.trainings, data: data.programmes.trainings, backgroundColor: colours[1] },
        {
          label: t.person_times, data: data.programmes.person_times, type: "line",
          borderColor: colours[0], yAxisID: "people",
        },
      ],
    },
    options: { scales: { y: { beginAtZero: true }, people: { position: "right", beginAtZero: true } } },
  });
  draw("chart-directions", {
    type: "doughnut",
    data: {
      labels: data.directions.labels,
      datasets: [{ label: t.money, data: data.directions.money, backgroundColor: colours }],
    },
    options: { aspectRatio: 2 },
  });
  draw("chart-groups", {
    type: "bar",
    data: {
      labels: data.groups.labels,
      datasets: [
        { label: t.money, data: data.groups.money, backgroundColor: colours[4], yAxisID: "y" },
        {
          label: t.projects, data: data.groups.projects, type: "line",
          borderColor: colours[3], yAxisID: "count",
        },
        {
          label: t.beneficiaries, data: data.groups.beneficiaries, type: "line",
          borderColor: colours[2], yAxisID: "count",
        },
      ],
    },
    options: { scales: { y: { beginAtZero: true }, count: { position: "right", beginAtZero: true } } },
  });
  document.body.dataset.chartsReady = "true";
});

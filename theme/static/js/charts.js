// Charts drawn with Chart.js (served by the site): a project's health over time, the search results by type.
(function () {
  "use strict";
  var canvas = document.getElementById("health-chart");
  var source = document.getElementById("health-data");
  if (!canvas || !source || typeof Chart === "undefined") return;
  var data = JSON.parse(source.textContent);
  new Chart(canvas, {
    type: "line",
    data: {
      labels: data.labels,
      datasets: [{ label: canvas.dataset.label || "Health", data: data.scores, borderColor: "#1e40af", backgroundColor: "rgba(30,64,175,0.1)", fill: true, tension: 0.25, pointRadius: 0 }],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: { y: { min: 0, max: 100 }, x: { ticks: { maxTicksLimit: 8 } } },
      plugins: { legend: { display: false } },
    },
  });
  canvas.dataset.ready = "true";
})();

// The search results page: how many results of each type (the type facet's counts), as horizontal bars.
(function () {
  "use strict";
  var canvas = document.getElementById("facet-chart");
  var source = document.getElementById("facet-chart-data");
  if (!canvas || !source || typeof Chart === "undefined") return;
  var data = JSON.parse(source.textContent);
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: [{ label: canvas.dataset.label || "Results", data: data.counts, backgroundColor: "#1e40af" }],
    },
    options: {
      indexAxis: "y",
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
      plugins: { legend: { display: false } },
    },
  });
  canvas.dataset.ready = "true";
})();

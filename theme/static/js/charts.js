// A project's health over time (Chart.js, served by the site).
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

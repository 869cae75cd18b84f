// Nest public site behaviour: search as you type and "near me". Plain JS, no framework, no network but the site.
(function () {
  "use strict";

  // Search as you type: <input data-live-search data-endpoint="/projects/search/" data-target="#id">.
  // Asks the endpoint for an HTML fragment after 250 ms without typing, from 2 characters on.
  document.querySelectorAll("[data-live-search]").forEach(function (input) {
    var target = document.querySelector(input.dataset.target);
    var status = document.querySelector(input.dataset.status || "#live-search-status");
    var timer = null;
    var latest = 0;
    if (!target) return;
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      var query = input.value.trim();
      if (query.length < 2) {
        target.innerHTML = "";
        target.hidden = true;
        return;
      }
      timer = window.setTimeout(function () {
        var ticket = ++latest;
        fetch(input.dataset.endpoint + "?q=" + encodeURIComponent(query), { headers: { Accept: "text/html" } })
          .then(function (response) { return response.ok ? response.text() : ""; })
          .then(function (html) {
            if (ticket !== latest) return; // a newer request was sent meanwhile
            target.innerHTML = html;
            target.hidden = !html.trim();
            var count = target.querySelectorAll("[data-result]").length;
            if (status) status.textContent = count + " " + (status.dataset.suffix || "");
          });
      }, 250);
    });
  });

  // "Near me": fills the latitude/longitude fields of its form from the browser's location, then submits.
  document.querySelectorAll("[data-near-me]").forEach(function (button) {
    if (!("geolocation" in navigator)) {
      button.hidden = true;
      return;
    }
    button.addEventListener("click", function () {
      var form = button.closest("form");
      button.disabled = true;
      navigator.geolocation.getCurrentPosition(
        function (position) {
          form.querySelector("[name=lat]").value = position.coords.latitude.toFixed(4);
          form.querySelector("[name=lon]").value = position.coords.longitude.toFixed(4);
          var city = form.querySelector("[name=city]");
          if (city) city.value = "";
          form.submit();
        },
        function () {
          button.disabled = false;
          var message = form.querySelector("[data-near-me-error]");
          if (message) message.hidden = false;
        },
        { timeout: 10000, maximumAge: 600000 }
      );
    });
  });
})();

// Nest public site behaviour: the search box's suggestions and "near me". Plain JS, no framework, no network but the site.
(function () {
  "use strict";

  // The site's search box, an ARIA combobox: <input role="combobox" data-live-search data-endpoint="/search/suggestions/"
  // data-min-length="2" data-target="#listbox"> inside its form. After 250 ms without typing, from data-min-length
  // characters on, it asks the endpoint for an HTML fragment of <li role="none"><a role="option"> suggestions.
  // ArrowDown/ArrowUp move through them, Enter opens the highlighted one (or submits the form, to the results page,
  // when none is), Escape closes them.
  document.querySelectorAll("[data-live-search]").forEach(function (input) {
    var listbox = document.querySelector(input.dataset.target);
    var status = document.querySelector(input.dataset.status || "#live-search-status");
    var box = input.closest("form") || input;
    var timer = null;
    var latest = 0;
    var active = -1;
    if (!listbox) return;

    function options() {
      return Array.prototype.slice.call(listbox.querySelectorAll("[role=option]"));
    }

    function highlight(index) {
      var all = options();
      active = all.length && index >= 0 ? index % all.length : -1;
      all.forEach(function (option, position) {
        var on = position === active;
        option.setAttribute("aria-selected", on ? "true" : "false");
        option.classList.toggle("bg-brand-50", on);
        if (on) option.scrollIntoView({ block: "nearest" });
      });
      if (active >= 0) input.setAttribute("aria-activedescendant", all[active].id);
      else input.removeAttribute("aria-activedescendant");
    }

    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      highlight(-1);
    }

    function open() {
      listbox.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function show(html) {
      listbox.innerHTML = html;
      highlight(-1);
      if (html.trim()) open();
      else close();
      if (status) status.textContent = options().length + " " + (status.dataset.suffix || "");
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      // The projects list keeps its filter form's words in step with the box.
      document.querySelectorAll("[data-search-query]").forEach(function (field) {
        field.value = input.value;
      });
      var query = input.value.trim();
      if (query.length < (parseInt(input.dataset.minLength, 10) || 1)) {
        latest++; // an answer still on its way is stale
        show("");
        return;
      }
      timer = window.setTimeout(function () {
        var ticket = ++latest;
        fetch(input.dataset.endpoint + "?q=" + encodeURIComponent(query), { headers: { Accept: "text/html" } })
          .then(function (response) { return response.ok || response.status === 400 || response.status === 429 ? response.text() : ""; })
          .then(function (html) {
            if (ticket === latest) show(html); // else a newer request was sent meanwhile
          })
          .catch(function () {
            if (ticket === latest) show("");
          });
      }, 250);
    });

    input.addEventListener("keydown", function (event) {
      var count = options().length;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!count) return;
        event.preventDefault();
        open();
        if (event.key === "ArrowDown") highlight(active + 1);
        else highlight(active <= 0 ? count - 1 : active - 1);
      } else if (event.key === "Enter") {
        var option = active >= 0 && !listbox.hidden ? options()[active] : null;
        var link = option && (option.matches("a[href]") ? option : option.querySelector("a[href]"));
        if (link) {
          event.preventDefault();
          window.location.assign(link.href);
        }
      } else if (event.key === "Escape" && !listbox.hidden) {
        event.preventDefault();
        close();
      }
    });

    // Pointing at a suggestion highlights it; moving the focus out of the box closes the list.
    listbox.addEventListener("mousemove", function (event) {
      var option = event.target.closest("[role=option]");
      if (option) highlight(options().indexOf(option));
    });
    box.addEventListener("focusout", function (event) {
      if (event.relatedTarget && box.contains(event.relatedTarget)) return;
      window.setTimeout(function () {
        if (!box.contains(document.activeElement)) close();
      }, 150);
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

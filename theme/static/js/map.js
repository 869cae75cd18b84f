// Chapter maps (Leaflet + markercluster), drawn without a tile server: Natural Earth country outlines are the
// base layer, so the map works offline. Markers come from the site's GeoJSON endpoint.
(function () {
  "use strict";

  function baseMap(element) {
    var map = L.map(element, { worldCopyJump: true, minZoom: 1, maxZoom: 12, attributionControl: true });
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Natural Earth");
    fetch(element.dataset.world)
      .then(function (response) { return response.json(); })
      .then(function (world) {
        L.geoJSON(world, {
          interactive: false,
          style: { color: "#94a3b8", weight: 0.6, fillColor: "#f8fafc", fillOpacity: 1 },
        }).addTo(map).bringToBack();
      });
    return map;
  }

  function pin(name) {
    return L.divIcon({
      className: "chapter-pin",
      html: '<span aria-hidden="true"></span>',
      iconSize: [18, 18],
      iconAnchor: [9, 9],
      popupAnchor: [0, -8],
    });
  }

  function popup(properties) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = properties.url;
    link.textContent = properties.name;
    link.className = "font-semibold";
    box.appendChild(link);
    if (properties.place) {
      var place = document.createElement("p");
      place.textContent = properties.place;
      place.className = "text-sm text-slate-600";
      box.appendChild(place);
    }
    return box;
  }

  // The chapters map: every chapter, clustered.
  var all = document.getElementById("chapter-map");
  if (all) {
    var map = baseMap(all);
    map.setView([25, 10], 2);
    fetch(all.dataset.geojson)
      .then(function (response) { return response.json(); })
      .then(function (data) {
        var cluster = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 45 });
        data.features.forEach(function (feature) {
          var coordinates = feature.geometry.coordinates;
          var marker = L.marker([coordinates[1], coordinates[0]], {
            icon: pin(feature.properties.name),
            title: feature.properties.name,
            alt: feature.properties.name,
            keyboard: true,
          });
          marker.bindPopup(popup(feature.properties));
          cluster.addLayer(marker);
        });
        map.addLayer(cluster);
        all.dataset.markers = String(data.features.length);
        if (all.dataset.center) {
          var center = all.dataset.center.split(",").map(Number);
          map.setView(center, 6);
        }
        all.dataset.ready = "true";
      });
  }

  // A chapter's own map: one marker.
  var one = document.getElementById("chapter-location");
  if (one) {
    var single = baseMap(one);
    var point = [Number(one.dataset.lat), Number(one.dataset.lon)];
    single.setView(point, 5);
    L.marker(point, { icon: pin(one.dataset.name), title: one.dataset.name, alt: one.dataset.name }).addTo(single);
    one.dataset.ready = "true";
  }
})();

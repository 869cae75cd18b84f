// Builds the public site's static assets from npm packages (run by `make assets` after `npm ci`).
// Writes theme/static/css/site.css (Tailwind), theme/static/vendor/* (Leaflet, markercluster, Chart.js,
// a world map outline), api/static/api/vendor/* (GraphiQL and React, for /graphql/ in a browser) and
// tests/browser/assets/axe.min.js (axe-core, for the accessibility tests only).
// The outputs are committed so that `make run` and `make test` work without Node.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { feature } from "topojson-client";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const modules = join(root, "node_modules");
const vendor = join(root, "theme", "static", "vendor");

// Source maps are not shipped: strip the comments that point at them (the manifest storage would
// otherwise fail on the missing .map files).
const stripSourceMap = (text) => text.replace(/\n?\/[/*]# sourceMappingURL=.*$/gm, "");

function copy(from, to, { text = true, into = vendor } = {}) {
  const target = join(into, to);
  mkdirSync(dirname(target), { recursive: true });
  if (text) {
    writeFileSync(target, stripSourceMap(readFileSync(join(modules, from), "utf8")));
  } else {
    copyFileSync(join(modules, from), target);
  }
  console.log(`${into === vendor ? "" : "api/"}vendor/${to}`);
}

rmSync(vendor, { recursive: true, force: true });
copy("leaflet/dist/leaflet.js", "leaflet/leaflet.js");
copy("leaflet/dist/leaflet.css", "leaflet/leaflet.css");
for (const image of ["layers.png", "layers-2x.png", "marker-icon.png", "marker-icon-2x.png", "marker-shadow.png"]) {
  copy(`leaflet/dist/images/${image}`, `leaflet/images/${image}`, { text: false });
}
copy("leaflet.markercluster/dist/leaflet.markercluster.js", "markercluster/leaflet.markercluster.js");
copy("leaflet.markercluster/dist/MarkerCluster.css", "markercluster/MarkerCluster.css");
copy("leaflet.markercluster/dist/MarkerCluster.Default.css", "markercluster/MarkerCluster.Default.css");
copy("chart.js/dist/chart.umd.min.js", "chartjs/chart.umd.min.js");

// GraphiQL (the GraphQL explorer at /graphql/) and the React it runs on, served by the app itself.
const apiVendor = join(root, "api", "static", "api", "vendor");
rmSync(apiVendor, { recursive: true, force: true });
copy("graphiql/graphiql.min.js", "graphiql/graphiql.min.js", { into: apiVendor });
copy("graphiql/graphiql.min.css", "graphiql/graphiql.min.css", { into: apiVendor });
copy("react/umd/react.production.min.js", "react/react.production.min.js", { into: apiVendor });
copy("react-dom/umd/react-dom.production.min.js", "react/react-dom.production.min.js", { into: apiVendor });

// The map has no tile server (the site works offline): Natural Earth's 1:110m country outlines instead,
// converted from TopoJSON to GeoJSON with coordinates rounded to 0.01 degree.
const topology = JSON.parse(readFileSync(join(modules, "world-atlas/countries-110m.json"), "utf8"));
const countries = feature(topology, topology.objects.countries);
const round = (value) => (Array.isArray(value) ? value.map(round) : Math.round(value * 100) / 100);
for (const country of countries.features) {
  country.geometry.coordinates = round(country.geometry.coordinates);
  country.properties = { name: country.properties.name };
}
mkdirSync(join(vendor, "world"), { recursive: true });
writeFileSync(join(vendor, "world", "countries-110m.geojson"), JSON.stringify(countries));
console.log("vendor/world/countries-110m.geojson");

const axeTarget = join(root, "tests", "browser", "assets", "axe.min.js");
mkdirSync(dirname(axeTarget), { recursive: true });
copyFileSync(join(modules, "axe-core/axe.min.js"), axeTarget);
console.log("tests/browser/assets/axe.min.js");

execFileSync(
  join(modules, ".bin", "tailwindcss"),
  ["-i", join(root, "theme", "assets", "site.css"), "-o", join(root, "theme", "static", "css", "site.css"), "--minify"],
  { stdio: "inherit", cwd: root },
);

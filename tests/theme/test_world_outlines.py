"""The chapters map's offline country outlines: no polygon edge may cross the antimeridian, or a flat map
draws it as a line across the whole world (Fiji, Russia and Antarctica did)."""

import importlib.util
import itertools
import json
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
OUTLINES = PROJECT / "theme/static/vendor/world/countries-110m.geojson"


def _rings(feature):
    geometry = feature["geometry"]
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    for polygon in polygons:
        yield from polygon


def _long_steps(world):
    return sorted(
        {
            feature["properties"]["name"]
            for feature in world["features"]
            for ring in _rings(feature)
            for a, b in itertools.pairwise(ring)
            if abs(a[0] - b[0]) > 180
        }
    )


def _splitter():
    spec = importlib.util.spec_from_file_location("split_antimeridian", PROJECT / "scripts/split_antimeridian.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_no_outline_edge_crosses_the_antimeridian():
    world = json.loads(OUTLINES.read_text())

    assert _long_steps(world) == []
    for feature in world["features"]:
        for ring in _rings(feature):
            assert ring[0] == ring[-1], feature["properties"]["name"]
            assert all(-180 <= x <= 180 for x, _ in ring), feature["properties"]["name"]


def test_the_splitter_cuts_a_crossing_ring_into_one_piece_per_side():
    fiji_like = {
        "type": "Feature",
        "properties": {"name": "Crossing"},
        "geometry": {
            "type": "Polygon",
            "coordinates": [
                [[178, -16], [180, -16], [-180, -16], [-179, -17], [-180, -18], [180, -18], [178, -17], [178, -16]]
            ],
        },
    }

    feature = _splitter().split_feature(fiji_like)

    assert _long_steps({"features": [feature]}) == []
    pieces = feature["geometry"]["coordinates"]
    assert feature["geometry"]["type"] == "MultiPolygon"
    sides = sorted((min(x for x, _ in piece[0]), max(x for x, _ in piece[0])) for piece in pieces)
    assert sides == [(-180, -179), (178, 180)]


def test_a_ring_round_a_pole_is_closed_along_the_pole():
    polar = {
        "type": "Feature",
        "properties": {"name": "Polar"},
        "geometry": {"type": "Polygon", "coordinates": [[[-180, -80], [0, -75], [180, -80], [-180, -80]]]},
    }

    feature = _splitter().split_feature(polar)

    assert _long_steps({"features": [feature]}) == []
    ring = feature["geometry"]["coordinates"][0]
    assert [-180, -90.0] in ring and [180, -90.0] in ring

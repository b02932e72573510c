"""Peer territories ("cities like mine"): who works on the same rights, themes and target groups.

Ranked by the Jaccard similarity of what their practices address; among equals, a territory in the
same UCLG region, then in the same population band, comes first. Each peer says why it is one."""

import pandas as pd

FACETS = (("rights", "right:"), ("themes", "theme:"), ("target_groups", "group:"))


def territory_profile(practices: pd.DataFrame, territory_id: str) -> set[str]:
    """The rights, themes and target groups a territory's practices address, as 'right:…' /
    'theme:…' / 'group:…' keys (groups when the table has them)."""
    own = practices[practices["territory_id"] == territory_id]
    return {
        f"{prefix}{i}" for column, prefix in FACETS if column in own for items in own[column] for i in items
    }


def profiles(practices: pd.DataFrame) -> pd.DataFrame:
    """One row per (territory_id, key) its practices address; keys as in `territory_profile`."""
    parts = [
        practices[["territory_id", column]]
        .explode(column)
        .dropna()
        .rename(columns={column: "item"})
        .assign(key=lambda f, p=prefix: p + f["item"].astype(str))
        for column, prefix in FACETS
        if column in practices
    ]
    table = pd.concat(parts)[["territory_id", "key"]].drop_duplicates()
    # as categories: a few thousand distinct strings instead of one per row (50 MiB less at 10x)
    return table.astype({"territory_id": "category", "key": "category"}).reset_index(drop=True)


def peer_territories(
    practices: pd.DataFrame,
    territories: pd.DataFrame,
    territory_id: str,
    limit: int = 5,
    keys: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Other territories ranked by shared rights, themes and groups (Jaccard similarity), then by
    the same UCLG region and population band (when `territories` has those columns), then by name.

    Columns: `id`, `name`, `country`, `similarity` (0-1), `shared_rights`, `shared_themes`,
    `shared_groups`, `same_region`, `same_band`. Territories sharing nothing are left out. `keys` is
    `profiles(practices)` when already at hand.
    """
    columns = ["id", "name", "country", "similarity", "shared_rights", "shared_themes", "shared_groups"]
    columns += ["same_region", "same_band"]
    table = profiles(practices) if keys is None else keys  # whole-table operations: 50,000 practices
    mine = set(table.loc[table["territory_id"] == territory_id, "key"])
    others = table[table["territory_id"] != territory_id]
    sizes = others.groupby("territory_id").size()
    matches = others[others["key"].isin(mine)]
    counts = matches.groupby("territory_id").size()
    similarity = counts / (len(mine) + sizes.reindex(counts.index) - counts)
    peers = pd.DataFrame({"id": counts.index.astype(str), "similarity": similarity.to_numpy()})
    indexed = territories.set_index("id")
    peers = peers.join(indexed[["name", "country"]], on="id")
    for flag, column in (("same_region", "uclg_region"), ("same_band", "population_band")):
        if column in indexed and territory_id in indexed.index:
            own = indexed.at[territory_id, column]
            peers[flag] = peers["id"].map(indexed[column]).eq(own) & pd.notna(own)
        else:
            peers[flag] = False
    order = ["similarity", "same_region", "same_band", "name"]
    peers = peers.sort_values(order, ascending=[False, False, False, True]).head(limit)
    shared = matches[matches["territory_id"].isin(peers["id"])].groupby("territory_id")["key"].agg(list)
    keys_of = [shared.get(t, []) for t in peers["id"]]
    for column, prefix in (
        ("shared_rights", "right:"),
        ("shared_themes", "theme:"),
        ("shared_groups", "group:"),
    ):
        peers[column] = [sorted(k.split(":", 1)[1] for k in ks if k.startswith(prefix)) for ks in keys_of]
    return peers.reset_index(drop=True)[columns]


def profiles_of(c) -> pd.DataFrame:
    """`profiles` of campaign `c`'s practices, built once per campaign."""
    return c.memo("peer_profiles", lambda: profiles(c.practices), keep=True)


def peers_of(c, territory_id: str, base=None) -> pd.DataFrame:
    """`peer_territories` of `territory_id` in campaign `c`, once per campaign and territory.

    `base` is the campaign `c` was derived from for display (`content.shown`): the practices are the
    same, so their profiles are built once for every language."""
    keys = profiles_of(base if base is not None else c)
    return c.memo(
        ("peers", territory_id),
        lambda: peer_territories(c.practices, c.territories, territory_id, keys=keys),
    )

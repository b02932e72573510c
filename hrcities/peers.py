"""Peer territories: who works on the same rights and themes."""

import pandas as pd


def territory_profile(practices: pd.DataFrame, territory_id: str) -> set[str]:
    """The rights and themes a territory's practices address, as 'right:…' / 'theme:…' keys."""
    own = practices[practices["territory_id"] == territory_id]
    keys = {f"right:{r}" for items in own["rights"] for r in items}
    return keys | {f"theme:{t}" for items in own["themes"] for t in items}


def peer_territories(practices: pd.DataFrame, territories: pd.DataFrame, territory_id: str,
                     limit: int = 5) -> pd.DataFrame:
    """Other territories ranked by shared rights and themes (Jaccard similarity).

    Columns: `id`, `name`, `country`, `similarity` (0-1), `shared_rights`, `shared_themes`.
    Territories sharing nothing are left out.
    """
    mine = territory_profile(practices, territory_id)
    rows = []
    for other in sorted(set(practices["territory_id"]) - {territory_id}):
        theirs = territory_profile(practices, other)
        shared = mine & theirs
        if not shared:
            continue
        rows.append({
            "id": other,
            "similarity": len(shared) / len(mine | theirs),
            "shared_rights": sorted(k.split(":", 1)[1] for k in shared if k.startswith("right:")),
            "shared_themes": sorted(k.split(":", 1)[1] for k in shared if k.startswith("theme:")),
        })
    peers = pd.DataFrame(rows, columns=["id", "similarity", "shared_rights", "shared_themes"])
    names = territories.set_index("id")[["name", "country"]]
    peers = peers.join(names, on="id")
    return (peers.sort_values(["similarity", "name"], ascending=[False, True])
            .head(limit).reset_index(drop=True)[["id", "name", "country", "similarity",
                                                 "shared_rights", "shared_themes"]])

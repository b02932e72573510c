"""Our tracker fields and the column headings (English, French, Spanish) that usually hold them;
`suggest_mapping` proposes which column holds which field."""

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .limits import FUZZY_CUTOFF

# --- our fields and their column headings ----------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """A tracker field we accept, with the column headings (EN, FR, ES) that usually hold it."""

    name: str
    label: str
    required: bool
    synonyms: tuple[str, ...]


FIELDS: tuple[Field, ...] = (
    Field(
        "name",
        "Name",
        True,
        (
            "name",
            "city",
            "territory",
            "local government",
            "city name",
            "territory name",
            "municipality",
            "nom",
            "ville",
            "collectivité",
            "collectivité territoriale",
            "territoire",
            "commune",
            "nom de la ville",
            "nombre",
            "ciudad",
            "municipio",
            "gobierno local",
            "nombre de la ciudad",
            "localidad",
        ),
    ),
    Field(
        "local_name",
        "Local name",
        False,
        (
            "local name",
            "official name",
            "name in local language",
            "native name",
            "nom local",
            "nom officiel",
            "nombre local",
            "nombre oficial",
        ),
    ),
    Field(
        "kind",
        "Type",
        False,
        (
            "type",
            "kind",
            "territory type",
            "type of government",
            "category",
            "type de collectivité",
            "catégorie",
            "tipo",
            "tipo de gobierno local",
            "categoría",
        ),
    ),
    Field(
        "country",
        "Country",
        True,
        (
            "country",
            "country name",
            "country code",
            "iso3",
            "country iso3",
            "nation",
            "pays",
            "code pays",
            "país",
            "código de país",
            "código país",
        ),
    ),
    Field(
        "region",
        "UCLG region",
        False,
        ("region", "uclg region", "uclg section", "région", "région cglu", "región", "región cglu"),
    ),
    Field(
        "stage",
        "Campaign stage",
        True,
        (
            "stage",
            "status",
            "campaign stage",
            "campaign status",
            "étape",
            "statut",
            "étape de la campagne",
            "statut dans la campagne",
            "etapa",
            "estado",
            "situación",
            "etapa de la campaña",
        ),
    ),
    Field(
        "joined",
        "Date joined",
        False,
        (
            "joined",
            "date joined",
            "year joined",
            "membership date",
            "joining date",
            "date of joining",
            "année d'adhésion",
            "date d'adhésion",
            "adhésion",
            "fecha de adhesión",
            "año de adhesión",
            "adhesión",
            "fecha de incorporación",
        ),
    ),
    Field(
        "population",
        "Population",
        False,
        (
            "population",
            "inhabitants",
            "pop",
            "habitants",
            "nombre d'habitants",
            "población",
            "habitantes",
            "número de habitantes",
        ),
    ),
    Field("latitude", "Latitude", False, ("latitude", "lat", "latitud")),
    Field("longitude", "Longitude", False, ("longitude", "lon", "lng", "long", "longitud")),
    Field(
        "source_url",
        "Source (web address)",
        False,
        (
            "source",
            "source url",
            "link",
            "url",
            "website",
            "web",
            "reference",
            "lien",
            "site web",
            "référence",
            "enlace",
            "fuente",
            "sitio web",
            "referencia",
        ),
    ),
    Field(
        "notes",
        "Notes",
        False,
        (
            "notes",
            "note",
            "comments",
            "comment",
            "remarks",
            "remarques",
            "commentaires",
            "commentaire",
            "observations",
            "observaciones",
            "notas",
            "comentarios",
        ),
    ),
    Field(
        "id",
        "Identifier",
        False,
        ("id", "identifier", "territory id", "slug", "identifiant", "identificador"),
    ),
)
FIELDS_BY_NAME = {f.name: f for f in FIELDS}


@lru_cache(maxsize=65536)
def normalise_header(text: str) -> str:
    """Lower case, accents stripped, punctuation and underscores as spaces.

    "Année d'adhésion" → "annee d adhesion"; "UCLG_Region" → "uclg region".
    """
    decomposed = unicodedata.normalize("NFKD", str(text))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[\W_]+", " ", bare.casefold()).split())


@lru_cache(maxsize=1)
def _synonym_index() -> dict[str, str]:
    """Every normalised heading we recognise → the field it names."""
    index: dict[str, str] = {}
    for item in FIELDS:
        for text in (*item.synonyms, item.name, item.label):
            index.setdefault(normalise_header(text), item.name)
    return index


def suggest_mapping(headers: list[str]) -> dict[str, str | None]:
    """For each heading, the field it probably holds, or None; no field is suggested twice.

    An exact match of a known heading (accents, case and punctuation aside) beats a close one
    (`difflib`, ratio at least `FUZZY_CUTOFF`); among equals the leftmost column wins.
    """
    index = _synonym_index()
    candidates = []
    for position, header in enumerate(headers):
        key = normalise_header(header)
        if key in index:
            candidates.append((1.0, position, index[key]))
            continue
        for match in difflib.get_close_matches(key, list(index), n=3, cutoff=FUZZY_CUTOFF):
            score = difflib.SequenceMatcher(None, key, match).ratio()
            candidates.append((score, position, index[match]))
    mapping: dict[str, str | None] = dict.fromkeys(headers)
    placed, taken = set(), set()
    for _, position, name in sorted(candidates, key=lambda c: (-c[0], c[1])):
        if position not in placed and name not in taken:
            mapping[headers[position]] = name
            placed.add(position)
            taken.add(name)
    return mapping

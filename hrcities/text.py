"""Folding text for matching, and slugs for ids: the one place that says how accents, case and
punctuation are set aside.

`fold` is the base every match uses: accents removed (NFKD decomposition, combining marks dropped),
then case folded ('Ñuñoa' → 'nunoa', 'Straße' → 'strasse'). The two word forms differ only on
the underscore: `fold_words` (practice search) keeps it inside a word, as `\\w` does, while
`fold_key` (tracker headings, territory and country names) reads it as a space, so 'UCLG_Region'
is the heading 'uclg region'. `slugify` is stricter than any fold: ASCII letters and digits only,
so a letter with no ASCII decomposition (ß, ø, 광) is dropped, not kept.
"""

import re
import unicodedata

from anyascii import anyascii


def fold(text: object) -> str:
    """Lower case (case folded), accents removed: 'Année' → 'annee'."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def fold_words(text: object) -> str:
    """`fold`, then every run of characters other than letters, digits and '_' as one space, trimmed."""
    return re.sub(r"[^\w]+", " ", fold(text)).strip()


def fold_key(text: object) -> str:
    """`fold`, then punctuation and underscores as single spaces: "UCLG_Region (FR)" → "uclg region fr"."""
    return " ".join(re.sub(r"[\W_]+", " ", fold(text)).split())


def slugify(text: str, max_length: int | None = None) -> str:
    """Lower-case ASCII words joined by hyphens: 'Ciudad Juárez' → 'ciudad-juarez', 'Москва' →
    'moskva', '서울' → 'seoul' (other scripts transliterated by anyascii).

    With `max_length`, cut to that many characters and the hyphen the cut may leave dropped.
    A text with no letter or digit at all gives '' (the caller picks a fallback).
    """
    ascii_text = anyascii(text)
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug if max_length is None else slug[:max_length].strip("-")

"""The forum session's quotes, verbatim in their language, with a translation only beside them.

`translations` reads the content translations (`data/translations.csv`) once per data version;
the spotlight slides and the PDFs use them too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .. import content, i18n
from ..content import language_name, translation_label  # noqa: F401  (the pack's modules read them here)
from ..load import Campaign

ROLE_LANG = "en"  # the language the session's roles are written in (data/session.yaml)


@dataclass(frozen=True)
class Quote:
    """A quote from the forum session: `text` is verbatim, in `lang`, never translated."""

    text: str
    speaker: str
    role: str
    lang: str
    territory_id: str | None = None
    translation: str | None = None  # the editors' English translation, shown beside, never inside
    translation_note: str | None = None  # translated "Machine translation" or "Translation"
    role_note: str | None = None  # what the role shown is when not its original (translation_label)


_TRANSLATIONS: dict[tuple[str, str], content.Translations] = {}


def translations(c: Campaign) -> content.Translations:
    """The content translations of `c`'s data folder (`data/translations.csv`), read once per data
    version; rows with problems are left out (the pages report them)."""
    key = (str(c.data_dir), c.version)
    if key not in _TRANSLATIONS:
        _TRANSLATIONS.clear()
        _TRANSLATIONS[key] = content.load(c.data_dir, c)[0]
    return _TRANSLATIONS[key]


def session_quotes(c: Campaign, territory_ids: Iterable[str] | None = None) -> list[dict]:
    """The session's quotes; with `territory_ids`, those of speakers from these territories and
    those of speakers from no territory."""
    quotes = [q for q in c.session.get("quotes") or [] if isinstance(q, dict) and q.get("text")]
    if territory_ids is None:
        return quotes
    keep = set(territory_ids)
    return [q for q in quotes if not q.get("territory_id") or q["territory_id"] in keep]


def make_quote(raw: dict, lang: str, found: content.Translations | None = None) -> Quote:
    """A session quote as shown in `lang`: the text verbatim, the translation only beside it
    (one per language, from the content translations, labelled as what it is); the speaker's role
    in `lang` when the content translations have it, with its label (`role_note`)."""
    _ = i18n.translator(lang)
    translation = note = None
    if raw.get("lang") != lang:
        if found is not None and (hit := found.get("quotes", str(raw.get("id")), "text", lang)):
            translation = hit[0]
            note = _("Machine translation") if hit[1] == "machine" else _("Translation")
    role, role_note = str(raw.get("role") or ""), None
    if found is not None and role:
        shown = found.localized("quotes", str(raw.get("id")), "role", role, ROLE_LANG, i18n.supported(lang))
        role, role_note = shown.text, translation_label(shown)
    return Quote(
        str(raw["text"]),
        str(raw.get("speaker", "")),
        role,
        str(raw.get("lang", "")),
        raw.get("territory_id"),
        translation,
        note,
        role_note,
    )


def session_line(c: Campaign, lang: str) -> str:
    """'<forum> · <date>' of the session, the date in `lang`."""
    forum = str(c.session.get("forum") or c.session.get("title") or "")
    when = c.session.get("date")
    try:
        shown = i18n.fmt_date(date.fromisoformat(str(when)), lang)
    except ValueError:
        shown = str(when or "")
    return " · ".join(x for x in (forum, shown) if x)

"""One translation layer: gettext catalogs (`locales/<lang>/LC_MESSAGES/messages.po`) read with Babel.

Message ids are the English text. A missing or empty translation falls back to the id.
Numbers and dates are formatted for the language with Babel.
"""

import gettext
import io
from collections.abc import Callable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from babel import Locale
from babel.core import get_global
from babel.dates import format_date as babel_format_date
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent

from .paths import LOCALES_DIR

LANGUAGES = {"en": "English", "fr": "Français", "es": "Español"}
DEFAULT_LANGUAGE = "en"

Translate = Callable[[str], str]
PluralTranslate = Callable[[str, str, int], str]


def catalog_path(lang: str):
    """Where the catalog of `lang` lives."""
    return LOCALES_DIR / lang / "LC_MESSAGES" / "messages.po"


@lru_cache(maxsize=8)
def catalog(lang: str) -> dict[str, str]:
    """msgid -> msgstr for `lang` (only messages that have a translation; none if no catalog)."""
    path = catalog_path(lang)
    if not path.exists():
        return {}
    with path.open("rb") as handle:
        po = read_po(handle, locale=lang)
    return {m.id: m.string for m in po if m.id and isinstance(m.id, str) and m.string}


def supported(lang: str | None) -> str:
    """`lang` when we have it, else the default language."""
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def translator(lang: str) -> Translate:
    """The gettext function for `lang`: known message -> translation, unknown -> itself."""
    messages = catalog(supported(lang))

    def gettext(message: str) -> str:
        return messages.get(message, message)

    return gettext


@lru_cache(maxsize=8)
def _translations(lang: str) -> gettext.NullTranslations:
    """The catalog of `lang` as the standard library's gettext reads it (plural forms included)."""
    path = catalog_path(lang)
    if not path.exists():
        return gettext.NullTranslations()
    with path.open("rb") as handle:
        po = read_po(handle, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, po)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def plural_translator(lang: str) -> PluralTranslate:
    """The ngettext function for `lang`: (singular, plural, n) → the form the language uses for n
    (French says '0 membre', '1 membre', '2 membres'; English and Spanish '0 members')."""
    return _translations(supported(lang)).ngettext


def english_plural(singular: str, plural: str, n: int) -> str:
    """The plural translator that leaves English as it is."""
    return singular if n == 1 else plural


def identity(message: str) -> str:
    """A translator that leaves English as it is (for logic used outside the app)."""
    return message


class Message(str):
    """A message made below the interface (a rule an import breaks, why a save was refused): the
    English text as a `str`, and its template and values, so the page says it in its reader's language.

    Make one with `msg("{axis} must be between {low} and {high}", axis=..., low=..., high=...)`: the
    catalogs pick the template up (`scripts/update_catalogs.py` extracts `msg`), and `say` translates
    it, values that are messages too. Plain strings pass through `say` unchanged.
    """

    template: str
    params: dict

    def __new__(cls, template: str, **params):
        text = template.format(**{k: str(v) for k, v in params.items()}) if params else template
        made = super().__new__(cls, text)
        made.template, made.params = template, params
        return made

    def __reduce__(self):  # pickled with its template and values
        return _message, (self.template, self.params)


def _message(template: str, params: dict) -> Message:
    return Message(template, **params)


def msg(template: str, **params) -> Message:
    """A message for the interface to translate: `template` is English with `{name}` placeholders."""
    return Message(template, **params)


def say(text: str | None, _: Translate) -> str | None:
    """`text` in the language of `_`: a `Message` translated with its values, anything else as it is."""
    if not isinstance(text, Message):
        return text
    values = {k: say(v, _) if isinstance(v, Message) else v for k, v in text.params.items()}
    try:
        return _(text.template).format(**{k: str(v) for k, v in values.items()})
    except (KeyError, IndexError, ValueError):  # a translation with broken placeholders: the English
        return str(text)


def fmt_number(value: float, lang: str = DEFAULT_LANGUAGE, decimals: int = 0) -> str:
    """A number grouped and rounded for `lang`."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return format_decimal(rounded + 0, format=pattern, locale=Locale.parse(supported(lang)))


def fmt_percent(share: float, lang: str = DEFAULT_LANGUAGE) -> str:
    """A share (0-1) as a percentage for `lang`."""
    return format_percent(share, locale=Locale.parse(supported(lang)))


def fmt_date(day: date, lang: str = DEFAULT_LANGUAGE, precision: str = "day") -> str:
    """A date for `lang`, written only to the precision known."""
    locale = Locale.parse(supported(lang))
    pattern = {"year": "yyyy", "month": "MMM yyyy"}.get(precision, "medium")
    return babel_format_date(day, format=pattern, locale=locale)


def join_list(items: list[str], lang: str = DEFAULT_LANGUAGE) -> str:
    """'a, b and c' for `lang` (CLDR's list pattern)."""
    return format_list(list(items), locale=Locale.parse(supported(lang))) if items else ""


def country_name(iso3: str | None, lang: str, default: str) -> str:
    """The name of country `iso3` (ISO 3166 alpha-3) in `lang`, from Unicode CLDR via Babel.

    English keeps `default` (the name our data files give, with its source); a code CLDR does not
    know, or no code, also gives `default`.
    """
    lang = supported(lang)
    if lang == DEFAULT_LANGUAGE or not isinstance(iso3, str) or not iso3:
        return default
    alpha2 = (get_global("territory_aliases").get(iso3.upper()) or [None])[0]
    if not alpha2 or len(alpha2) != 2 or alpha2 == "ZZ":  # ZZ: CLDR's "unknown region"
        return default
    return Locale.parse(lang).territories.get(alpha2, default)

"""The live counter partners embed: "at least N of 1000 by 2030" as a small SVG badge, no script.

The count is the members on the public record: "at least" stays until the deployment declares the
campaign's complete list (`hrcities.record`).

`svg()` draws the badge in English, French or Spanish; `page()` wraps it in a tiny HTML page for an
`<iframe>` (a link back to the dashboard, no script). Every text is escaped; the language must be
one the dashboard has (the caller checks it). The snippet to copy is `snippet()`.

Plain Python: this module never imports Streamlit.
"""

from datetime import date
from html import escape

from . import i18n, record

TARGET = 1000
HEIGHT = 56
CHAR_WIDTH = 7.4  # average advance of DejaVu Sans / Verdana at 13 px, to size the badge
CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
    "frame-ancestors *; base-uri 'none'; form-action 'none'"
)


def texts(count: "record.Count", lang: str) -> tuple[str, str]:
    """The badge's two lines in `lang`: the campaign's name and 'at least N of 1000 by 2030'."""
    _ = i18n.translator(lang)
    return _("Human Rights Cities and Territories"), count.of_target(lang)


def width(lang: str) -> int:
    """The badge's width in pixels in `lang`: room for its longest line up to 1000 members, so a
    snippet's iframe never needs a new width as the count grows."""
    widest = record.Count(TARGET, TARGET, 0, False, None, (), date.today())
    name, count = texts(widest, lang)
    return int(max(len(name) * CHAR_WIDTH * 0.85, len(count) * CHAR_WIDTH * 1.15) + 24)


def svg(count: "record.Count", lang: str) -> str:
    """The badge as a standalone SVG document (role img, with a title for screen readers)."""
    name, line = texts(count, lang)
    w = width(lang)
    share = min(1.0, count.members / TARGET)
    bar = max(2, round((w - 24) * share))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{HEIGHT}" viewBox="0 0 {w} {HEIGHT}" '
        f'role="img" aria-labelledby="hrc-title" lang="{escape(lang)}">'
        f'<title id="hrc-title">{escape(name)}: {escape(line)}</title>'
        f'<rect width="{w}" height="{HEIGHT}" rx="6" fill="#0b3a5b"/>'
        f'<text x="12" y="19" fill="#d7e6f2" font-family="DejaVu Sans, Verdana, sans-serif" '
        f'font-size="11">{escape(name)}</text>'
        f'<text x="12" y="38" fill="#ffffff" font-family="DejaVu Sans, Verdana, sans-serif" '
        f'font-size="15" font-weight="bold">{escape(line)}</text>'
        f'<rect x="12" y="45" width="{w - 24}" height="4" rx="2" fill="#2d5f82"/>'
        f'<rect x="12" y="45" width="{bar}" height="4" rx="2" fill="#f2b705"/>'
        "</svg>"
    )


def page(badge_svg: str, lang: str) -> str:
    """A minimal HTML page holding the badge, linking to the dashboard in `lang`; no script."""
    _ = i18n.translator(lang)
    title = _("Human Rights Cities and Territories")
    return (
        f'<!doctype html><html lang="{escape(lang)}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width"><title>{escape(title)}</title>'
        "<style>html,body{margin:0;padding:0;background:transparent}a{display:inline-block}</style>"
        f'</head><body><a href="/?lang={escape(lang)}" target="_blank" rel="noopener">{badge_svg}</a>'
        "</body></html>"
    )


def snippet(base_url: str, lang: str) -> str:
    """The HTML a partner pastes into a page: an iframe of the counter in `lang`."""
    _ = i18n.translator(lang)
    src = f"{base_url.rstrip('/')}/embed/counter?lang={lang}"
    return (
        f'<iframe src="{escape(src)}" width="{width(lang)}" height="{HEIGHT}" '
        f'style="border:0" title="{escape(_("Human Rights Cities and Territories"))}" '
        'loading="lazy"></iframe>'
    )

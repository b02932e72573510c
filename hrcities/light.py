"""Light pages: the public views a room opens from a QR code or a shared link, as small HTML.

No Streamlit session and no script: the same process serves them beside the API (`/light/...`), in
English, French or Spanish (`?lang=`), built from the pages' own view-models, each with Open Graph and
Twitter card metadata, a generated preview image (`/light/.../preview.png`) and a link into the
interactive view. A page is built once per data version and language (`Campaign.memo`). All data text
is HTML-escaped.
"""

import functools
import html
import io
from datetime import date
from urllib.parse import urlencode

from PIL import Image, ImageDraw, ImageFont

from . import i18n, record
from .content import translations_of
from .filters import Filters
from .metrics import practice_city_names
from .paths import STATIC_DIR
from .viewmodels.city import city_view
from .viewmodels.map import map_view
from .viewmodels.progress import progress_view

PREVIEW_SIZE = (1200, 630)  # the size Open Graph and Twitter cards show best
FONT = STATIC_DIR / "fonts" / "DejaVuSans.ttf"
BOLD = STATIC_DIR / "fonts" / "DejaVuSans-Bold.ttf"
STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:46rem;margin:0 auto;padding:1rem;color:#111;"
    "line-height:1.5}h1{font-size:1.7rem;line-height:1.2}a{color:#0057a0}.n{font-size:2.6rem;font-weight:700}"
    "ul{padding-left:1.2rem}li{margin:.3rem 0}.m{color:#444;font-size:.95rem}table{border-collapse:collapse;"
    "width:100%;font-size:.9rem}td,th{border-bottom:1px solid #ddd;padding:.3rem;text-align:left}"
    ".go{display:inline-block;margin:1rem 0;padding:.6rem 1rem;background:#0072B2;color:#fff;"
    "border-radius:.4rem;text-decoration:none}"
)


def e(text: object) -> str:
    """`text` escaped for HTML (None and NaN give '')."""
    if text is None or (isinstance(text, float) and text != text):
        return ""
    return html.escape(str(text), quote=True)


def _url(value: object) -> str | None:
    return value if isinstance(value, str) and value.startswith(("http://", "https://")) else None


class Page:
    """One light page: its title, description, body HTML and where the interactive view is."""

    def __init__(self, title: str, description: str, body: str, interactive: str, lang: str, headline: str):
        self.title, self.description, self.body = title, description, body
        self.interactive, self.lang, self.headline = interactive, lang, headline

    def html(self, base: str, path: str) -> str:
        """The whole document; `base` is the site's address (for absolute preview and share URLs)."""
        _ = i18n.translator(self.lang)
        query = f"?{urlencode({'lang': self.lang})}"
        image = f"{base}{path.rstrip('/')}/preview.png{query}"
        url = f"{base}{path}{query}"
        interactive = f"{base}/{self.interactive.lstrip('/')}"
        interactive += ("&" if "?" in interactive else "?") + urlencode({"lang": self.lang})
        meta = {
            "og:type": "website",
            "og:title": self.title,
            "og:description": self.description,
            "og:image": image,
            "og:image:width": str(PREVIEW_SIZE[0]),
            "og:image:height": str(PREVIEW_SIZE[1]),
            "og:url": url,
            "og:locale": {"en": "en_GB", "fr": "fr_FR", "es": "es_ES"}[self.lang],
            "og:site_name": "10, 100, 1000 Human Rights Cities",
        }
        tags = "".join(f'<meta property="{k}" content="{e(v)}">' for k, v in meta.items())
        tags += (
            '<meta name="twitter:card" content="summary_large_image">'
            f'<meta name="twitter:title" content="{e(self.title)}">'
            f'<meta name="twitter:description" content="{e(self.description)}">'
            f'<meta name="twitter:image" content="{e(image)}">'
        )
        others = " · ".join(
            f'<a href="{e(base + path)}?lang={code}" hreflang="{code}">{e(name)}</a>'
            for code, name in i18n.LANGUAGES.items()
            if code != self.lang
        )
        return (
            f'<!doctype html><html lang="{self.lang}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width,initial-scale=1">'
            f"<title>{e(self.title)}</title>"
            f'<meta name="description" content="{e(self.description)}">{tags}'
            f'<link rel="canonical" href="{e(url)}"><style>{STYLE}</style></head><body>'
            f'<p class="m">{others}</p>{self.body}'
            f'<p><a class="go" href="{e(interactive)}">{e(_("Open the interactive dashboard"))}</a></p>'
            "</body></html>"
        )

    @functools.cached_property
    def png(self) -> bytes:
        """`preview_png()`, drawn once (the page is kept per data version and language)."""
        return self.preview_png()

    def preview_png(self) -> bytes:
        """A 1200x630 card: the headline large, the title below, the campaign's name."""
        image = Image.new("RGB", PREVIEW_SIZE, "#0B3C5D")
        draw = ImageDraw.Draw(image)
        big, small = ImageFont.truetype(str(BOLD), 84), ImageFont.truetype(str(FONT), 40)
        y = 80
        for line in _wrap(draw, self.headline, big, PREVIEW_SIZE[0] - 160)[:3]:
            draw.text((80, y), line, font=big, fill="#FFFFFF")
            y += 100
        for line in _wrap(draw, self.title, small, PREVIEW_SIZE[0] - 160)[:3]:
            draw.text((80, y + 20), line, font=small, fill="#DDEEFF")
            y += 52
        draw.text(
            (80, PREVIEW_SIZE[1] - 90), "10, 100, 1000 Human Rights Cities · UCLG", font=small, fill="#FFD166"
        )
        out = io.BytesIO()
        image.save(out, format="PNG", optimize=True)
        return out.getvalue()


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:
    lines, line = [], ""
    for word in str(text).split():
        trial = f"{line} {word}".strip()
        if draw.textlength(trial, font=font) <= width or not line:
            line = trial
        else:
            lines.append(line)
            line = word
    return [*lines, line] if line else lines


def progress_page(c, lang: str, today: date) -> Page:
    """The campaign's progress: the count as a lower bound, the milestones, the reported figures."""

    def build() -> Page:
        _ = i18n.translator(lang)
        view = progress_view(c, Filters(), lang, today)
        numbers = "".join(
            f'<li><span class="n">{e(m.value)}</span><br>{e(m.label)}<br>'
            f'<span class="m">{e(m.help)}</span></li>'
            for m in view.numbers
        )
        milestones = "".join(f"<li><b>{e(label)}</b>: {e(line)}</li>" for label, line in view.milestone_lines)
        reported = "".join(
            f"<li><b>{e(r.value)}</b> · {e(r.description)} · {e(r.day)}</li>" for r in view.reported
        )
        title = _("10, 100, 1000 Human Rights Cities and Territories by 2030")
        body = (
            f"<h1>{e(title)}</h1><p><b>{e(view.headline)}.</b> {e(view.explanation)}</p>"
            f"<ul>{numbers}</ul><h2>{e(_('Milestones'))}</h2><ul>{milestones}</ul>"
            f'<p class="m">{e(view.pace.sentence(lang))}</p>'
            f"<h2>{e(_('Figures reported by the campaign and its forums'))}</h2><ul>{reported}</ul>"
        )
        headline = view.headcount.number(lang)
        return Page(title, f"{view.headline}. {view.explanation}", body, "", lang, headline)

    return c.memo(("light_progress", lang, today), build)


def city_page(c, territory_id: str, lang: str, base=None) -> Page | None:
    """A practice city: where it stands, its practices (in the language, with their labels), its peers."""
    view = city_view(c, territory_id, lang, base=base)
    if view is None:
        return None

    def build() -> Page:
        _ = i18n.translator(lang)
        translations = translations_of(base if base is not None else c)[0]
        t = view.territory
        facts = "".join(f"<li><b>{e(k)}</b>: {e(v)}</li>" for k, v in view.facts)
        practices = ""
        for p in view.practices.itertuples():
            title = translations.localized("practices", p.id, "title", p.title, "en", lang)
            summary = translations.localized("practices", p.id, "summary", p.summary, "en", lang)
            label = (
                ""
                if title.lang == lang
                else f' <span class="m">({e(_("original language"))}: {e(title.lang)})</span>'
            )
            link = f"../practice/{e(p.id)}?lang={lang}"
            practices += f'<li><b><a href="{link}">{e(title.text)}</a></b>{label}<br>{e(summary.text)}</li>'
        peers = ", ".join(e(f"{p.name} ({p.country})") for p in view.peers)
        stage = next((label for label, here in view.ladder if here), "")
        body = (
            f"<h1>{e(t['name'])}</h1><p class='m'>{e(view.subtitle)}</p>"
            f"<p><b>{e(_('Stage on the campaign ladder'))}</b>: {e(stage)} · {e(view.stage_line)}</p>"
            f"<ul>{facts}</ul><h2>{e(_('Practices'))} ({len(view.practices)})</h2><ul>{practices}</ul>"
            + (
                "<h2>"
                + e(_("Cities like this one: peers working on the same rights, themes and groups"))
                + f"</h2><p>{peers}</p>"
                if peers
                else ""
            )
        )
        description = f"{t['name']}: {view.stage_line} · {_('Practices')}: {len(view.practices)}"
        return Page(str(t["name"]), description, body, territory_id, lang, str(t["name"]))

    return c.memo(("light_city", territory_id, lang), build)


def practice_page(c, practice_id: str, lang: str, base=None) -> Page | None:
    """One practice: its title and summary in the language (the original's language said when it
    is shown instead), its city, what it addresses, since when, and its sources with their links."""
    practices = c.indexed("practices")
    if practice_id not in practices.index:
        return None

    def build() -> Page:
        _ = i18n.translator(lang)
        p = practices.loc[practice_id]
        translations = translations_of(base if base is not None else c)[0]
        title = translations.localized("practices", practice_id, "title", p["title"], "en", lang)
        summary = translations.localized("practices", practice_id, "summary", p["summary"], "en", lang)
        place = c.indexed("territories").loc[p["territory_id"]]
        labels = [
            (_("Rights"), [_(c.labels("rights", "title_en").get(i, i)) for i in p["rights"]]),
            (_("Themes"), [_(c.labels("themes").get(i, i)) for i in p["themes"]]),
            (_("Target groups"), [_(c.labels("target_groups").get(i, i)) for i in p["target_groups"]]),
        ]
        facts = "".join(f"<li><b>{e(k)}</b>: {e('; '.join(v))}</li>" for k, v in labels if v)
        if isinstance(p["start_year"], int | float) and p["start_year"] == p["start_year"]:
            facts += f"<li><b>{e(_('Since'))}</b>: {int(p['start_year'])}</li>"
        sources = c.indexed("sources")
        cited = ""
        for sid in p["sources"]:
            if sid in sources.index:
                link, name = _url(sources.at[sid, "url"]), sources.at[sid, "title"]
                cited += f'<li><a href="{e(link)}">{e(name)}</a></li>' if link else f"<li>{e(name)}</li>"
        note = (
            ""
            if title.lang == lang
            else f' <span class="m">({e(_("original language"))}: {e(title.lang)})</span>'
        )
        city = f'<a href="../city/{e(p["territory_id"])}?lang={lang}">{e(place["name"])}</a>'
        body = (
            f"<h1>{e(title.text)}{note}</h1><p class='m'>{city} · {e(place['country'])}</p>"
            f"<p>{e(summary.text)}</p><ul>{facts}</ul>"
            + (f"<h2>{e(_('Sources'))}</h2><ul>{cited}</ul>" if cited else "")
        )
        description = f"{place['name']}: {summary.text}"[:300]
        return Page(title.text, description, body, str(p["territory_id"]), lang, str(place["name"]))

    return c.memo(("light_practice", practice_id, lang), build)


def listing_page(c, lang: str) -> Page:
    """Every territory on record: name, country, region, stage, join date (the map's listing)."""

    def build() -> Page:
        _ = i18n.translator(lang)
        view = map_view(c, Filters(), lang)
        table = view.listing
        head = "".join(f"<th>{e(col)}</th>" for col in table.columns)
        rows = "".join(
            "<tr>" + "".join(f"<td>{e(v)}</td>" for v in row) + "</tr>"
            for row in table.itertuples(index=False)
        )
        count = record.count(c, view.territories, filtered=False)
        title = _("All territories in this view")
        body = f"<h1>{e(_('Map explorer'))}</h1><p>{e(count.headline(lang))}.</p>"
        body += f"<table><tr>{head}</tr>{rows}</table>"
        return Page(title, f"{count.headline(lang)}.", body, "map", lang, count.number(lang))

    return c.memo(("light_listing", lang), build)


def page_at(stored, kind: str, item: str | None, lang: str, today: date) -> tuple[Page | None, str]:
    """The light page at `/light/<kind>/<item>` of campaign `stored` in `lang`, and its path (None
    and '' when there is none)."""
    from .content import shown

    c = shown(stored, lang)
    if item is None:
        if kind == "":
            return progress_page(c, lang, today), "/light/"
        return (listing_page(c, lang), "/light/map") if kind == "map" else (None, "")
    makers = {"city": city_page, "practice": practice_page}
    if kind not in makers:
        return None, ""
    return makers[kind](c, item, lang, base=stored), f"/light/{kind}/{item}"


def city_ids(c) -> list[str]:
    """The territories that have a light city page (those with practices)."""
    return list(practice_city_names(c))


# -- HTTP ------------------------------------------------------------------------------------------


def routes(source, today=date.today):
    """The `/light` mount for `source` (a `hrcities.source.CampaignSource`): progress at `/light/`,
    the listing at `/light/map`, each practice city at `/light/city/<id>`, each practice at
    `/light/practice/<id>`, each with `preview.png`."""
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, PlainTextResponse, Response
    from starlette.routing import Mount, Route

    def page_for(request: Request) -> tuple[Page | None, str]:
        lang = i18n.supported(request.query_params.get("lang"))
        kind, item = request.path_params.get("kind", ""), request.path_params.get("id")
        return page_at(source.read().current(), kind, item, lang, today())

    def base_of(request: Request) -> str:
        return str(request.base_url).rstrip("/").removesuffix("/light")

    def document(request: Request) -> Response:
        try:
            page, path = page_for(request)
        except Exception:  # the store is down or broken: say so plainly, never a traceback
            return PlainTextResponse("The campaign data cannot be read right now.", status_code=503)
        if page is None:
            return PlainTextResponse("No such page.", status_code=404)
        return HTMLResponse(
            page.html(base_of(request), path), headers={"Cache-Control": "public, max-age=60"}
        )

    def preview(request: Request) -> Response:
        try:
            page, _path = page_for(request)
        except Exception:
            return PlainTextResponse("The campaign data cannot be read right now.", status_code=503)
        if page is None:
            return PlainTextResponse("No such page.", status_code=404)
        return Response(page.png, media_type="image/png", headers={"Cache-Control": "public, max-age=300"})

    return Mount(
        "/light",
        routes=[
            Route("/", document, methods=["GET", "HEAD"]),
            Route("/preview.png", preview, methods=["GET", "HEAD"]),
            Route("/{kind:str}", document, methods=["GET", "HEAD"]),
            Route("/{kind:str}/preview.png", preview, methods=["GET", "HEAD"]),
            Route("/{kind:str}/{id:str}", document, methods=["GET", "HEAD"]),
            Route("/{kind:str}/{id:str}/preview.png", preview, methods=["GET", "HEAD"]),
        ],
    )

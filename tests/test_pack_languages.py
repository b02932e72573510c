"""The forum pack wholly in the chosen language: its files, opened back in French and in Spanish (the
PPTX with python-pptx, the PDFs with pypdf, the chart images through the figures Chromium draws),
hold no English sentence outside quotes and names; machine translations say so; and every text of
the deck fits its box, measured with the font the deck is measured in (DejaVu Sans, in
`static/fonts/`), not guessed from a count of characters.

What may stay English is listed: the quotes (verbatim, with speaker and language), names (cities,
organisations, people, the forum), the sources' titles as published, data with no translation
(leaders' titles), and the few strings of `ALLOWED`, each with its reason.
"""

import io
import re
import zipfile
from datetime import date
from functools import lru_cache
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po
from PIL import ImageFont
from pptx import Presentation
from pypdf import PdfReader

from hrcities import content, forum_pack, i18n, metrics
from hrcities.forum_pack import quotes, render

ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2026, 11, 28)
LANGS = ("fr", "es")
URL = "https://hrcities.example.org/present?lang={lang}&from=test-pack-languages"

ALLOWED = {  # English that may stay in a French or Spanish pack, and why
    "World Human Rights Cities Forum (WHRCF) 2023": "the forum's name, as the session's data give it",
    "Raoul Wallenberg Institute": "an institute's name, kept in the roles' translations",
    "Commonwealth Human Rights Initiative": "an organisation's name, kept in the panel's translations",
    "Special Delivery Unit": "the name of Kisumu's unit, kept (and explained) in the translation",
    "Disability Act": "the name of Kenya's law, kept (and explained) in the translation",
    "#HumanRights": "the hashtag of the quotes, kept in their translations",
}
# Words that mark an English sentence and are no French or Spanish word ('on', 'a', 'as', 'has',
# 'no', 'or', 'in' are left out: they are).
ENGLISH_WORDS = frozenset(
    "the and of to is are with for by from that this which have was were been its their into who "
    "will would should can be not our at it".split()
)


def flat(text: str) -> str:
    return " ".join(str(text).split())


def plain(text: str) -> str:
    """Plotly text without its markup."""
    return flat(re.sub(r"<[^>]+>", " ", str(text or "")))


# --- what is English -------------------------------------------------------------------------


@lru_cache(maxsize=1)
def english_messages() -> tuple[str, ...]:
    """Every English message: the catalog's ids and the messages of the pack's code."""
    with (ROOT / "locales" / "en" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        ids = {m.id for m in read_po(handle) if m.id and isinstance(m.id, str)}
    for path in [*(ROOT / "hrcities" / "forum_pack").glob("*.py"), ROOT / "hrcities" / "record.py"]:
        with path.open("rb") as handle:
            for _line, message, _comments, _context in extract_from_file("python", str(path)):
                ids.update([message] if isinstance(message, str) else [m for m in message if m])
    return tuple(sorted(ids))


def english_pieces(lang: str) -> list[str]:
    """The parts (between placeholders) of every English message the language says otherwise,
    long enough to be a phrase: none of them may be left in a file of `lang`."""
    _ = i18n.translator(lang)
    pieces = set()
    for message in english_messages():
        translated = _(message)
        if translated == message:
            continue  # the same in both languages (a name, 'Sources'), or a sentence the heuristic finds
        for piece in re.split(r"\{[^}]*\}", message):
            piece = flat(piece).strip(" .,;:()·—-")
            if len(re.findall(r"[A-Za-z]{2,}", piece)) >= 2 and len(piece) >= 8 and piece not in translated:
                pieces.add(piece)
    return sorted(pieces, key=len, reverse=True)


def english_data(c, lang: str) -> list[str]:
    """English texts of the data that have a translation into `lang`: shown, they are a mistake."""
    found = forum_pack.translations(c)
    originals = []
    for p in c.practices.itertuples():
        originals += [
            text
            for field, text in (("title", p.title), ("summary", p.summary))
            if found.get("practices", p.id, field, lang)
        ]
    for t in c.territories.itertuples():
        if isinstance(t.context, str) and found.get("territories", t.id, "context", lang):
            originals.append(t.context)
    for q in c.session.get("quotes") or []:
        if q.get("role") and found.get("quotes", str(q["id"]), "role", lang):
            originals.append(q["role"])
    return sorted({flat(t) for t in originals if len(str(t).split()) >= 3}, key=len, reverse=True)


def verbatim_spans(c) -> list[str]:
    """Quotes and the sources' titles as published, which stay as they are in every language."""
    spans = set(ALLOWED)
    for q in c.session.get("quotes") or []:
        spans.add(q["text"])
    spans.update(c.sources["title"].dropna())
    spans.update(c.sources["publisher"].dropna())
    return sorted({flat(s) for s in spans if isinstance(s, str) and s.strip()}, key=len, reverse=True)


def name_spans(c) -> list[str]:
    """Names: of people, places, organisations, the forum, practices' official titles."""
    session = c.session
    spans = {session.get("forum", ""), session["moderator"]["name"]}
    spans.update(q.get("speaker", "") for q in session.get("quotes") or [])
    for member in session.get("panel") or []:
        spans.update([member["name"], member.get("organisation", "")])
    spans.update(c.territories["name"].dropna())
    spans.update(c.territories["local_name"].dropna())
    spans.update(c.territories["leader"].dropna())  # a leader's name and title: no translation in the data
    spans.update(c.tables["organisations"]["name"].dropna())
    spans.update(c.practices["original_title"].dropna())
    return sorted({flat(s) for s in spans if isinstance(s, str) and s.strip()}, key=len, reverse=True)


def english_left(text: str, lang: str, c) -> list[str]:
    """The English found in `text` (a file of `lang`): data shown in English although translated
    (once quotes and sources' titles are taken out), then, once names are taken out too, the
    catalog's English messages and sentences in English."""
    rest = re.sub(r"https?://\S+", " ¦ ", flat(text))
    for span in verbatim_spans(c):
        rest = rest.replace(span, " ¦ ")
    found = [f"data: {d[:60]!r}" for d in english_data(c, lang) if d in rest]
    for span in name_spans(c):
        rest = rest.replace(span, " ¦ ")
    found += [
        f"message: {p!r}" for p in english_pieces(lang) if re.search(rf"(?<!\w){re.escape(p)}(?!\w)", rest)
    ]
    for segment in re.split(r"[.;:·•|¦()\[\]—–!?\n]", rest):
        words = re.findall(r"[A-Za-z']+", segment.lower())
        if len(words) >= 3 and sum(w in ENGLISH_WORDS for w in words) >= 2:
            found.append(f"sentence: {flat(segment)!r}")
    return found


# --- the files, opened back --------------------------------------------------------------------


def deck_texts(data: bytes) -> dict[str, str]:
    """Every text of the deck: each slide's text frames, its pictures' descriptions and its notes."""
    texts = {}
    for number, slide in enumerate(Presentation(io.BytesIO(data)).slides, start=1):
        parts = [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
        parts += [
            shape._element.nvPicPr.cNvPr.get("descr") or ""
            for shape in slide.shapes
            if shape.shape_type == 13  # a picture
        ]
        texts[f"slide {number}"] = "\n".join(parts)
        texts[f"slide {number} notes"] = slide.notes_slide.notes_text_frame.text
    return texts


def pdf_text(data: bytes) -> str:
    """A PDF's text without the page footers (which cut paragraphs running over a page)."""
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]
    lines = [line for page in pages for line in page.splitlines()]
    return "\n".join(line for line in lines if not re.search(r" · \d+/\d+$", line))


def figure_texts(fig) -> list[str]:
    """The texts Chromium draws of a figure: title, subtitle, legend, annotations, axes, bar texts."""
    layout = fig.layout
    texts = [layout.title.text, layout.title.subtitle.text, layout.legend.title.text]
    texts += [a.text for a in layout.annotations or ()]
    for name in dir(layout):
        if re.fullmatch(r"[xy]axis\d*", name):
            axis = getattr(layout, name)
            texts += [axis.title.text, *(axis.ticktext or ())]
    for trace in fig.data:
        if trace.name and trace.showlegend is not False:
            texts.append(trace.name)
        if trace.type == "bar" and isinstance(trace.text, (list, tuple)):
            texts += [t for t in trace.text if isinstance(t, str)]
    return [plain(t) for t in texts if t]


@pytest.fixture(scope="module")
def packs(real):
    """The whole campaign's pack in French and in Spanish, made as the pack page makes it (from the
    campaign shown in the language), with the figures Chromium drew for it."""
    made = {}
    drawn: list = []
    original = render.Renderer.render

    def spy(self, fig, fmt, width, height, scale=1):
        drawn.append(fig)
        return original(self, fig, fmt, width, height, scale)

    with pytest.MonkeyPatch.context() as patch, forum_pack.image_renderer():
        patch.setattr(render.Renderer, "render", spy)
        for lang in LANGS:
            c = content.shown(real, lang)
            drawn.clear()
            pack = forum_pack.pack_contents(c, c.territories, c.practices, lang, TODAY, URL.format(lang=lang))
            made[lang] = (c, pack, list(drawn))
    return made


@pytest.mark.parametrize("lang", LANGS)
def test_the_deck_and_the_overview_hold_no_english_sentence(packs, lang):
    c, pack, _figures = packs[lang]
    assert not pack.problems
    texts = {}
    for file in pack.files:
        if file.kind == "pptx":
            texts.update({f"{file.name} {k}": v for k, v in deck_texts(file.data).items()})
        elif file.kind == "pdf":
            texts[file.name] = pdf_text(file.data)
        elif file.kind == "zip":
            with zipfile.ZipFile(io.BytesIO(file.data)) as archive:
                about = [n for n in archive.namelist() if n.upper().startswith("ABOUT")]
                texts[file.name] = "\n".join(archive.read(n).decode("utf-8-sig") for n in about)
    assert any(name.endswith(".pdf") for name in texts) and any("slide 12" in name for name in texts)
    english = {name: found for name, text in texts.items() if (found := english_left(text, lang, c))}
    assert english == {}


@pytest.mark.parametrize("lang", LANGS)
def test_the_chart_images_hold_no_english(packs, lang):
    c, pack, drawn = packs[lang]
    charts = {f.name for f in pack.charts}
    assert {f"chart-map-{lang}.png", f"chart-growth-{lang}.svg"} <= charts
    # the deck's two charts, the overview's two and two images (PNG and SVG) of each chart slide
    assert len(drawn) == 2 + 2 + 2 * 2
    english = {
        number: found
        for number, fig in enumerate(drawn)
        if (found := english_left("\n".join(figure_texts(fig)), lang, c))
    }
    assert english == {}
    titled = [fig for fig in drawn if fig.layout.title.text]
    assert titled and all(
        i18n.translator(lang)("Sources") + ": " in " ".join(figure_texts(f)) for f in titled[2:]
    )


@pytest.mark.parametrize("lang", LANGS)
def test_city_briefs_hold_no_english_sentence_and_label_machine_translations(real, lang):
    c = content.shown(real, lang)
    _ = i18n.translator(lang)
    found = forum_pack.translations(c)
    english = {}
    for t in metrics.territories_with_practices(c.practices, c.territories).itertuples():
        text = pdf_text(forum_pack.city_brief_pdf(c, t.id, lang, TODAY))
        if left := english_left(text, lang, c):
            english[t.id] = left
        if isinstance(t.context, str):
            shown = found.localized("territories", t.id, "context", t.context, "en", lang)
            assert flat(shown.text) in flat(text)
            if shown.kind == "machine":
                assert flat(quotes.translation_label(shown)) in flat(text), t.id
    assert english == {}


@pytest.mark.parametrize("lang", LANGS)
def test_deck_speakers_roles_and_practices_say_they_are_machine_translated(packs, lang):
    c, pack, _figures = packs[lang]
    deck = next(f for f in pack.files if f.kind == "pptx")
    prs = Presentation(io.BytesIO(deck.data))
    found = forum_pack.translations(c)
    machine = found.localized("quotes", "puiseux", "role", "x", "en", lang)
    assert machine.kind == "machine"
    label = quotes.translation_label(machine)
    speakers = [s for slide in prs.slides for s in slide.shapes if s.name == "Speaker"]
    assert len(speakers) == len(c.session["quotes"])
    for shape, raw in zip(speakers, c.session["quotes"], strict=True):
        role = found.get("quotes", raw["id"], "role", lang)[0]
        assert shape.text_frame.text.startswith(f"— {raw['speaker']}, {role}\n")
        assert label in shape.text_frame.text
    places = [s.text_frame.text for slide in prs.slides for s in slide.shapes if s.name == "Place"]
    assert len(places) == 3 and all(label in place for place in places)


# --- every text fits its box, measured ----------------------------------------------------------

FONTS = ROOT / "static" / "fonts"
EMU_PER_PT = 12700


@lru_cache(maxsize=4)
def font(bold: bool):
    return ImageFont.truetype(str(FONTS / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")), 200)


def width_pt(text: str, size: float, bold: bool) -> float:
    return font(bold).getlength(text) * size / 200


def lines_at(text: str, size: float, bold: bool, width: float) -> list[str]:
    """`text` wrapped at spaces into lines no wider than `width` (a longer word alone on its lines)."""
    lines = []
    for paragraph in text.split("\v"):
        line = ""
        for word in paragraph.split():
            if not line or width_pt(f"{line} {word}", size, bold) <= width:
                line = f"{line} {word}".strip()
            else:
                lines.append(line)
                line = word
            while width_pt(line, size, bold) > width and len(line) > 1:  # a URL: broken anywhere
                cut = max(n for n in range(1, len(line)) if width_pt(line[:n], size, bold) <= width)
                lines.append(line[:cut])
                line = line[cut:]
        lines.append(line)
    return lines


def overflow(shape) -> str | None:
    """Why the text of `shape` does not fit it at its font sizes, or None when it fits."""
    frame = shape.text_frame
    width = (shape.width - frame.margin_left - frame.margin_right) / EMU_PER_PT
    height = (shape.height - frame.margin_top - frame.margin_bottom) / EMU_PER_PT
    used = 0.0
    paragraphs = [p for p in frame.paragraphs if p.runs]
    for number, paragraph in enumerate(paragraphs):
        run = paragraph.runs[0]
        size, bold = run.font.size.pt, bool(run.font.bold)
        for line in lines_at(paragraph.text, size, bold, width):
            if width_pt(line, size, bold) > width:
                return f"{line!r} is {width_pt(line, size, bold):.0f} pt wide in {width:.0f} pt"
            used += size * 1.2
        if number < len(paragraphs) - 1 and paragraph.space_after is not None:
            used += paragraph.space_after.pt
    return None if used <= height + 0.01 else f"{used:.0f} pt tall in {height:.0f} pt"


@pytest.fixture(scope="module", params=LANGS)
def long_deck(real, request):
    """A deck in the language with every practice of the data as a spotlight (so the longest real
    practice titles and summaries are in it), without chart images."""
    lang = request.param
    c = content.shown(real, lang)
    url = URL.format(lang=lang)
    slides = forum_pack.build_slides(
        c, c.territories, c.practices, lang, TODAY, url, spotlight_ids=list(c.practices["id"])
    )
    prs = Presentation(io.BytesIO(forum_pack.deck_pptx(slides, lang, url, TODAY, charts=False)))
    return lang, slides, prs


def test_every_text_of_the_deck_fits_its_box_measured(long_deck):
    lang, slides, prs = long_deck
    assert len(prs.slides) == len(slides) > 100
    misfits = {
        f"slide {number} {shape.name}": why
        for number, slide in enumerate(prs.slides, start=1)
        for shape in slide.shapes
        if shape.has_text_frame and shape.text_frame.text.strip() and (why := overflow(shape))
    }
    assert misfits == {}


def test_the_longest_real_titles_fit_their_boxes(long_deck):
    lang, slides, prs = long_deck
    pairs = list(zip(prs.slides, slides, strict=True))
    slide, longest = max(pairs, key=lambda pair: width_pt(pair[1].title, 30, True))
    title = slide.shapes.title
    assert title.text_frame.text == longest.title
    size = title.text_frame.paragraphs[0].runs[0].font.size.pt
    width = (title.width - title.text_frame.margin_left - title.text_frame.margin_right) / EMU_PER_PT
    lines = lines_at(longest.title, size, True, width)
    assert max(width_pt(line, size, True) for line in lines) <= width
    assert overflow(title) is None and size >= forum_pack.deck.TITLE_SIZES[1]
    spots = [(s, x) for s, x in pairs if x.kind == "spotlight"]
    slide, longest = max(spots, key=lambda pair: width_pt(pair[1].spotlight.title, 30, True))
    box = next(shape for shape in slide.shapes if shape.name == "Practice")
    assert box.text_frame.text == longest.spotlight.title and len(longest.spotlight.title) > 80
    assert overflow(box) is None
    # a short title keeps the largest size; the longest ones are made smaller, not cut
    sizes = {s.shapes.title.text_frame.paragraphs[0].runs[0].font.size.pt for s, _x in pairs}
    assert max(sizes) == forum_pack.deck.TITLE_SIZES[0]

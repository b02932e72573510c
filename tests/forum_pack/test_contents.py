"""What a view's pack holds (`forum_pack.contents`), without Streamlit: the slides and the files,
made once per campaign and view and kept in the campaign's memo. On the small synthetic campaign."""

import io
import zipfile

import pytest
from readback import TODAY

from hrcities import filters, forum_pack, i18n
from hrcities.filters import Filters
from hrcities.forum_pack import contents

URL = "https://hrcities.example.org/present?lang=en"
EUROPE = Filters(regions=("europe",))


def view(c, selection: Filters):
    return filters.territories_view(c, selection), filters.practices_view(c, selection)


def test_the_same_view_twice_gives_the_same_slides(tiny):
    first = forum_pack.slides_for(tiny, tiny.territories, tiny.practices, "en", TODAY, URL)
    again = forum_pack.slides_for(tiny, tiny.territories, tiny.practices, "en", TODAY, URL, Filters())
    assert again is first
    built = forum_pack.build_slides(tiny, tiny.territories, tiny.practices, "en", TODAY, URL)
    assert [(s.kind, s.title, s.lines) for s in first] == [(s.kind, s.title, s.lines) for s in built]
    assert first[-1].url == URL and first[-1].title == "Explore this view"


def test_another_language_or_selection_gives_other_slides(tiny):
    english = forum_pack.slides_for(tiny, tiny.territories, tiny.practices, "en", TODAY, URL)
    french = forum_pack.slides_for(tiny, tiny.territories, tiny.practices, "fr", TODAY, URL)
    fr = i18n.translator("fr")
    assert french is not english
    assert french[-1].title == fr("Explore this view") != english[-1].title
    assert french[0].title == fr("10, 100, 1000 Human Rights Cities and Territories by 2030")
    europe = forum_pack.slides_for(tiny, *view(tiny, EUROPE), "en", TODAY, URL, EUROPE)
    assert europe is not english and europe is forum_pack.slides_for(
        tiny, *view(tiny, EUROPE), "en", TODAY, URL, EUROPE
    )
    assert all(s.filter_line == "Filtered view: UCLG region: Europe" for s in europe)
    assert all(s.filter_line == "" for s in english)


@pytest.fixture(scope="module")
def pack(tiny, renderer):
    """The whole campaign's pack in English, and the progress it reported while made."""
    seen = []
    made = forum_pack.pack_contents(
        tiny, tiny.territories, tiny.practices, "en", TODAY, URL, progress=seen.append
    )
    return made, seen


def test_a_pack_holds_the_deck_overview_chart_images_and_tables(pack):
    made, seen = pack
    day = TODAY.isoformat()
    assert [f.name for f in made.documents] == [
        f"hrcities-deck-en-{day}.pptx",
        f"hrcities-overview-en-{day}.pdf",
        f"hrcities-tables-en-{day}.xlsx",
        f"hrcities-tables-en-{day}.zip",
    ]
    assert [f.name for f in made.charts] == [
        "chart-map-en.png",
        "chart-map-en.svg",
        "chart-growth-en.png",
        "chart-growth-en.svg",
    ]
    assert made.problems == ()
    assert {f.kind: f.mime for f in made.files}["pptx"] == forum_pack.MIME["pptx"]
    assert all(f.size == len(f.data) > 0 for f in made.files)
    assert made.files[0].data.startswith(b"PK") and made.files[1].data.startswith(b"%PDF")
    assert seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen)


def test_the_zip_holds_every_file_of_the_pack(pack):
    made, _ = pack
    assert made.zip_name == "hrcities-forum-pack-en.zip"
    with zipfile.ZipFile(io.BytesIO(made.zip_data)) as archive:
        assert {name: archive.read(name) for name in archive.namelist()} == made.by_name()


def test_the_same_view_twice_gives_the_same_pack_without_making_it_again(tiny, pack):
    made, _ = pack
    seen = []
    again = forum_pack.pack_contents(
        tiny, tiny.territories, tiny.practices, "en", TODAY, URL, Filters(), progress=seen.append
    )
    assert again is made and seen == []
    assert made.key == forum_pack.pack_key(tiny, Filters(), "en", TODAY, URL)
    assert made.key != forum_pack.pack_key(tiny, Filters(), "fr", TODAY, URL)
    assert made.key != forum_pack.pack_key(tiny, EUROPE, "en", TODAY, URL)


def test_without_chart_images_the_pack_says_why_and_keeps_the_deck_and_tables(tiny, monkeypatch):
    def unavailable():
        raise forum_pack.ExportUnavailable("no browser here")

    monkeypatch.setattr(contents, "image_renderer", unavailable)
    territories, practices = view(tiny, EUROPE)
    made = forum_pack.pack_contents(tiny, territories, practices, "es", TODAY, URL + "&no-charts", EUROPE)
    day = TODAY.isoformat()
    assert [f.name for f in made.files] == [
        f"hrcities-deck-es-{day}.pptx",
        f"hrcities-tables-es-{day}.xlsx",
        f"hrcities-tables-es-{day}.zip",
    ]
    (problem,) = made.problems
    es = i18n.translator("es")
    message = (
        "Charts could not be drawn on this server: the deck has no chart images, and the "
        "overview and the chart files are missing. {why}"
    )
    assert problem == es(message).format(why="no browser here") != message.format(why="no browser here")

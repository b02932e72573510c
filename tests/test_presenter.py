"""Presenter mode's plain logic (`hrcities.presenter`): the keys and their moves, the screens' contrast,
type that fits, the figures for a projector, and the public address the QR code holds."""

from pathlib import Path

import plotly.graph_objects as go
import pytest

from hrcities import presenter
from hrcities.presenter import BLANK, FIRST, LAST, NEXT, PREVIOUS

# (action, from, count, to)
MOVES = [
    (NEXT, 0, 12, 1),
    (NEXT, 11, 12, 0),  # wraps to the first
    (PREVIOUS, 5, 12, 4),
    (PREVIOUS, 0, 12, 11),  # wraps to the last
    (FIRST, 7, 12, 0),
    (LAST, 3, 12, 11),
    (NEXT, 0, 1, 0),
    (NEXT, 40, 12, 0),  # a slide number beyond the deck (an old link) counts as the last
    (PREVIOUS, -3, 12, 11),
]


@pytest.mark.parametrize("action, current, count, expected", MOVES)
def test_move_goes_to_the_slide_the_key_names(action, current, count, expected):
    assert presenter.move(action, current, count) == expected


def test_move_refuses_what_is_not_a_move_and_an_empty_deck():
    with pytest.raises(ValueError, match="not a move"):
        presenter.move(BLANK, 0, 3)
    with pytest.raises(ValueError, match="at least one slide"):
        presenter.move(NEXT, 0, 0)


def test_every_key_a_clicker_or_a_presenter_uses_has_its_move():
    keys = {k.shortcut: k.action for k in presenter.KEYS}
    assert keys == {
        "Right": NEXT,
        "PageDown": NEXT,
        "Space": NEXT,
        "Left": PREVIOUS,
        "PageUp": PREVIOUS,
        "Home": FIRST,
        "End": LAST,
        "B": BLANK,
    }
    # the two Streamlit's shortcuts cannot take are the script's
    assert presenter.SCRIPT_KEYS == {".": BLANK, "f": presenter.FULL_SCREEN, "F": presenter.FULL_SCREEN}
    assert len({k.shortcut for k in presenter.KEYS}) == len(presenter.KEYS)


@pytest.mark.parametrize(
    "a, b, ratio", [("#000000", "#ffffff", 21.0), ("#ffffff", "#ffffff", 1.0), ("#767676", "#ffffff", 4.54)]
)
def test_contrast_is_the_wcag_ratio(a, b, ratio):
    assert presenter.contrast(a, b) == pytest.approx(ratio, abs=0.01)


@pytest.mark.parametrize("palette", presenter.PALETTES.values(), ids=list(presenter.PALETTES))
def test_every_screen_reads_from_the_back_of_the_room(palette):
    for colour in (palette.text, palette.muted):
        assert presenter.contrast(colour, palette.background) >= 7, (palette.name, colour)
        assert presenter.contrast(colour, palette.panel) >= 4.5, (palette.name, colour)
    assert presenter.contrast(palette.axis, palette.background) >= 3  # chart lines are graphics (WCAG 1.4.11)


def test_the_light_screen_is_light_and_the_default_dark():
    assert presenter.PALETTES["dark"] is presenter.DARK
    assert presenter.contrast(presenter.LIGHT.background, "#ffffff") == 1.0
    assert presenter.contrast(presenter.DARK.background, "#000000") == 1.0


def test_text_size_sets_short_text_large_and_long_text_smaller_within_bounds():
    sizes = [presenter.text_size(n) for n in (40, 200, 400, 800, 2000)]
    assert sizes == sorted(sizes, reverse=True)
    assert sizes[0] == 6.0 and sizes[-1] == 3.0
    assert presenter.text_size(300, 0.5) < presenter.text_size(300, 1.0)
    assert presenter.text_size(0) == 6.0


def test_screen_figure_has_large_type_in_the_palette_and_fills_its_slide():
    fig = go.Figure(go.Scatter(x=[1, 2], y=[3, 4], name="joins"))
    fig.update_layout(title="Joins", height=420, font={"size": 11})
    fig.add_annotation(x=1, y=3, text="First wave", font={"size": 13, "color": "#555555"})
    screen = presenter.screen_figure(fig, presenter.DARK)
    assert screen is not fig and fig.layout.height == 420  # the slide's figure is left as it was
    assert screen.layout.height is None and not screen.layout.title.text
    assert screen.layout.xaxis.tickfont.size >= 18 and screen.layout.yaxis.tickfont.size >= 18
    assert screen.layout.xaxis.tickfont.color == presenter.DARK.text
    assert screen.layout.legend.font.size >= 18
    assert screen.layout.annotations[0].font.size >= 18
    assert screen.layout.annotations[0].font.color == presenter.DARK.text
    assert screen.layout.paper_bgcolor == presenter.DARK.background
    light = presenter.screen_figure(fig, presenter.LIGHT)
    assert light.layout.plot_bgcolor == presenter.LIGHT.background


@pytest.mark.parametrize(
    "value, base",
    [
        ("https://dashboard.example.org", "https://dashboard.example.org"),
        ("  https://example.org/hrc/  ", "https://example.org/hrc"),
        ("http://10.0.0.5:8501/?x=1", "http://10.0.0.5:8501"),
        ("", None),
        ("dashboard.example.org", None),  # no scheme: not an address a phone opens
        ("ftp://example.org", None),
    ],
)
def test_public_base_reads_the_setting(value, base):
    assert presenter.public_base({presenter.PUBLIC_URL_ENV: value}) == base


def test_public_base_is_none_when_unset():
    assert presenter.public_base({}) is None


@pytest.mark.parametrize(
    "url, local",
    [
        ("http://localhost:8501/present", True),
        ("http://127.0.0.1:8501/present?lang=fr", True),
        ("http://[::1]:8501/present", True),
        ("http://0.0.0.0:8501/present", True),
        ("http://app.localhost/present", True),
        ("?lang=fr", True),  # no host at all
        ("", True),
        ("https://dashboard.example.org/present", False),
        ("http://192.168.1.20:8501/present", False),  # a room on the same network can open it
    ],
)
def test_is_local_names_this_machine(url, local):
    assert presenter.is_local(url) is local


def test_view_address_uses_the_public_address_without_the_slide():
    query = {"lang": ["fr"], "region": ["europe"], "slide": ["4"]}
    address = presenter.view_address(
        "http://127.0.0.1:8501/present?slide=4", query, "https://hrc.example.org/"
    )
    assert address == presenter.Address("https://hrc.example.org/present?lang=fr&region=europe", True)


def test_view_address_on_localhost_is_not_public():
    address = presenter.view_address("http://localhost:8501/present", {"slide": ["2"]})
    assert address == presenter.Address("http://localhost:8501/present", False)


def test_view_address_keeps_a_public_page_url():
    address = presenter.view_address("https://hrc.example.org/present?lang=es", {"lang": ["es"]})
    assert address == presenter.Address("https://hrc.example.org/present?lang=es", True)


def test_view_query_leaves_out_only_the_slide():
    assert presenter.view_query({"slide": ["3"], "lang": ["es"], "region": ["africa", "europe"]}) == {
        "lang": ["es"],
        "region": ["africa", "europe"],
    }


def test_the_public_address_setting_is_documented():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert presenter.PUBLIC_URL_ENV in readme


def test_phones_get_the_light_page_unless_the_view_is_filtered():
    public = presenter.view_address("http://x/present", {"lang": ["es"]}, "https://hrc.example.org")
    assert presenter.phone_address(public, "es", filtered=False) == "https://hrc.example.org/light/?lang=es"
    filtered = presenter.view_address(
        "http://x/present", {"lang": ["es"], "region": ["europe"]}, "https://hrc.example.org"
    )
    assert presenter.phone_address(filtered, "es", filtered=True) == filtered.url
    under = presenter.view_address("http://x/present", {}, "https://example.org/hrc/")
    assert presenter.phone_address(under, "fr", filtered=False) == "https://example.org/hrc/light/?lang=fr"

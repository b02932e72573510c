"""Presenter mode's page under AppTest: every key's button moves to the slide it names, the screen
blanks and comes back, the slides are made once per view and language (not on each step), a filtered
view says so on every slide, and the closing slide's QR code holds the public address or, when only a
local one is known, the presenter is told why there is none."""

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from hrcities import i18n, presenter
from hrcities.forum_pack import contents

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
PAGE = "views/campaign/present.py"
EN = i18n.translator("en")

pytestmark = pytest.mark.usefixtures("fresh_app_caches")


def present(**query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for name, value in query.items():
        at.query_params[name] = value
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def position(at: AppTest) -> tuple[int, int]:
    """(slide number, slide count) from the slide's "Slide n of N" line."""
    for caption in at.caption:
        found = re.fullmatch(r"Slide (\d+) of (\d+)", caption.value)
        if found:
            return int(found[1]), int(found[2])
    raise AssertionError(f"no slide position among {[c.value for c in at.caption]}")


def press(at: AppTest, key: str) -> AppTest:
    at.button(key=key).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def shortcut_button(shortcut: str) -> str:
    """The key of the button that `shortcut` presses."""
    return {"Left": "present_prev", "Right": "present_next", "B": "present_blank_button"}.get(
        shortcut, f"present_key_{shortcut.lower()}"
    )


def test_every_key_of_a_clicker_moves_to_the_slide_it_names():
    at = present()
    first, count = position(at)
    assert first == 1 and count > 3
    journey = [("Right", 2), ("PageDown", 3), ("Space", 4), ("Left", 3), ("PageUp", 2), ("End", count),
               ("Right", 1), ("PageUp", count), ("Home", 1)]  # fmt: skip
    for shortcut, expected in journey:
        press(at, shortcut_button(shortcut))
        assert position(at)[0] == expected, shortcut
    # every key of the table has its button, bound to its shortcut
    for key in presenter.KEYS:
        assert at.button(key=shortcut_button(key.shortcut)).proto.shortcut == key.shortcut.lower()


def test_b_blanks_the_screen_and_again_shows_the_same_slide():
    at = press(present(), "present_next")
    title = at.title[0].value
    press(at, "present_blank_button")
    assert not at.title and not [c for c in at.caption if c.value.startswith("Slide ")]
    assert at.button(key="present_blank_button").label == EN("Show the slide")
    press(at, "present_blank_button")
    assert at.title[0].value == title and position(at)[0] == 2
    # a move shows the screen again, on the next slide
    press(at, "present_blank_button")
    press(at, "present_next")
    assert position(at)[0] == 3 and at.title


def test_slides_are_made_once_per_view_and_language_not_on_each_step(monkeypatch):
    made = []
    real = contents.build_slides

    def counting(*args, **kwargs):
        made.append(args[3])  # the language
        return real(*args, **kwargs)

    monkeypatch.setattr(contents, "build_slides", counting)
    at = present()
    for _ in range(5):
        press(at, "present_next")
    press(at, "present_key_end")
    assert made == ["en"]
    at.query_params["lang"] = "fr"
    at.session_state["lang"] = "fr"
    at.run()
    press(at, "present_prev")
    assert made == ["en", "fr"]


def test_a_filtered_presentation_names_its_filter_on_every_slide():
    at = present(region="europe")
    count = position(at)[1]
    for number in range(1, count + 1):
        assert position(at)[0] == number
        text = " ".join(m.value for m in at.markdown)
        assert EN("Filtered view") in text and EN("Europe") in text, number
        press(at, "present_next")


def test_first_and_last_slides_say_the_date_of_the_data():
    at = present()
    prefix = EN("Data as of {date}").split("{")[0]
    assert any(c.value.startswith(prefix) for c in at.caption)
    press(at, "present_key_end")
    assert at.title[0].value == EN("Explore this view")
    assert any(c.value.startswith(prefix) for c in at.caption)


def test_closing_slide_warns_instead_of_a_qr_code_when_only_a_local_address_is_known(monkeypatch):
    monkeypatch.delenv(presenter.PUBLIC_URL_ENV, raising=False)
    at = press(present(), "present_key_end")
    warnings = " ".join(w.value for w in at.warning)
    assert presenter.PUBLIC_URL_ENV in warnings and EN("No QR code").split(":")[0] in warnings
    assert not at.main.code  # no link the room could not open
    assert not at.main.get("image")


def test_closing_slide_holds_the_public_address_of_the_view(monkeypatch):
    monkeypatch.setenv(presenter.PUBLIC_URL_ENV, "https://hrc.example.org/")
    at = present(lang="es", region="europe")
    press(at, "present_next")  # the slide shown is not part of the link
    press(at, "present_key_end")
    assert not at.warning
    assert [c.value for c in at.main.code] == ["https://hrc.example.org/present?lang=es&region=europe"]
    assert at.main.get("image"), "no QR code on the closing slide"


def test_light_screen_and_auto_advance_controls_work():
    at = present()
    at.toggle(key="present_light").set_value(True).run()
    assert not at.exception
    assert position(at)[0] == 1
    at.toggle(key="present_auto").set_value(True).run()
    assert not at.exception and not at.selectbox(key="present_seconds").disabled


def test_the_rooms_phones_are_sent_to_the_light_page_of_the_campaign(monkeypatch):
    """Unfiltered, the closing slide's QR code opens the light page in the slide's language (a room of
    phones costs the server little); the printed link stays the interactive view."""
    monkeypatch.setenv(presenter.PUBLIC_URL_ENV, "https://hrc.example.org")
    at = press(present(lang="fr"), "present_key_end")
    assert [c.value for c in at.main.code] == ["https://hrc.example.org/present?lang=fr"]
    images = at.main.get("image")
    assert images, "no QR code on the closing slide"
    captions = [img.caption for element in images for img in element.proto.imgs]
    assert i18n.translator("fr")("Scan: the campaign on your phone") in captions


def test_a_filtered_presentation_frames_its_map_on_the_selection():
    """Europe's presentation shows Europe, not the world with a cluster in it."""
    from datetime import date

    from hrcities.filters import Filters
    from hrcities.forum_pack import slides as slide_kinds
    from hrcities.load import load_campaign
    from hrcities.paths import ROOT

    c = load_campaign(ROOT / "data")
    selection = Filters(regions=("europe",))
    from hrcities.filters import practices_view, territories_view

    made = contents.slides_for(
        c,
        territories_view(c, selection),
        practices_view(c, selection),
        "en",
        date(2026, 12, 7),
        "",
        selection,
    )
    geo = next(s for s in made if s.kind == slide_kinds.MAP).figure.layout.geo
    lon, lat = list(geo.lonaxis.range), list(geo.lataxis.range)
    europe = territories_view(c, selection)
    assert lon[0] <= europe["longitude"].min() and europe["longitude"].max() <= lon[1]
    assert lat[0] <= europe["latitude"].min() and europe["latitude"].max() <= lat[1]
    assert lon[1] - lon[0] < 90  # a region, not the world

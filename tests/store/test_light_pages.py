"""Light pages (issue 22): what a room opens from a QR code or a chat preview shows, in each language,
as small HTML with no script, Open Graph and Twitter metadata and a preview image; served by serve.py's
own routes on the real data."""

import io
import re
from html.parser import HTMLParser

import pytest
import streamlit as st
from on_file import members_on_file, territories_on_file
from PIL import Image
from starlette.applications import Starlette
from starlette.testclient import TestClient

from hrcities import i18n
from hrcities.paths import ROOT

CITY = "barcelona"


class Meta(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta, self.scripts, self.links, self.lang = {}, 0, [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            self.meta[attrs.get("property") or attrs.get("name")] = attrs.get("content")
        if tag == "script":
            self.scripts += 1
        if tag == "a":
            self.links.append(attrs.get("href"))


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("HRCITIES_DATA_DIR", str(ROOT / "data"))
    mp.setenv("HRCITIES_DATABASE_URL", f"sqlite:///{tmp_path_factory.mktemp('light') / 'light.sqlite3'}")
    st.cache_resource.clear()
    import serve

    mp.setattr(serve, "_built", {})
    yield TestClient(Starlette(routes=serve.ROUTES), base_url="http://forum.example")
    st.cache_resource.clear()
    mp.undo()


def parsed(answer) -> Meta:
    meta = Meta()
    meta.feed(answer.text)
    return meta


@pytest.mark.parametrize("lang", list(i18n.LANGUAGES))
@pytest.mark.parametrize(
    "path", ["/light/", "/light/map", f"/light/city/{CITY}", "/light/practice/marseille-outreach"]
)
def test_a_shared_link_previews_in_its_language_with_an_image_and_no_script(client, path, lang):
    answer = client.get(path, params={"lang": lang})
    assert answer.status_code == 200
    assert len(answer.content) < 100_000
    page = parsed(answer)
    assert page.scripts == 0 and page.lang == lang
    for key in ("og:title", "og:description", "og:image", "og:url", "twitter:card", "twitter:image"):
        assert page.meta.get(key), key
    assert page.meta["og:image"].startswith("http://forum.example/light")
    image = client.get(page.meta["og:image"].removeprefix("http://forum.example"))
    assert image.status_code == 200 and image.headers["content-type"] == "image/png"
    assert Image.open(io.BytesIO(image.content)).size == (1200, 630)
    assert any(
        link and link.startswith("http://forum.example/") and f"lang={lang}" in link for link in page.links
    )


def test_the_progress_page_says_at_least_in_each_language(client):
    members = members_on_file()
    for lang, words in {"en": "at least", "fr": "au moins", "es": "al menos"}.items():
        text = client.get("/light/", params={"lang": lang}).text.lower()
        assert f"{words} {members}" in text


def test_the_listing_holds_every_territory_on_record(client):
    text = client.get("/light/map", params={"lang": "fr"}).text
    assert text.count("<tr>") == len(territories_on_file()) + 1  # and the header


def test_the_city_page_opens_the_interactive_city_page(client):
    page = parsed(client.get(f"/light/city/{CITY}", params={"lang": "es"}))
    assert f"http://forum.example/{CITY}?lang=es" in page.links


def test_data_text_is_escaped_and_unknown_pages_are_404(client):
    assert client.get("/light/city/no-such-city").status_code == 404
    assert client.get("/light/nothing").status_code == 404
    assert not re.search(
        r"<(?!/?(html|head|meta|title|link|style|body|p|a|h1|h2|ul|li|b|br|span|table|tr|th|td)\b)",
        client.get(f"/light/city/{CITY}").text.replace("<!doctype html>", ""),
    )


def test_a_phone_follows_a_practice_from_its_city_in_french(client):
    """From a city's light page, a practice's own page: in French, with its city, what it addresses
    and its sources as links, and the way back to the city."""
    import pandas as pd

    practices = pd.read_csv(ROOT / "data" / "practices.csv", dtype=str)
    sources = pd.read_csv(ROOT / "data" / "sources.csv", dtype=str).set_index("id")
    city = parsed(client.get(f"/light/city/{CITY}", params={"lang": "fr"}))
    links = [link for link in city.links if link and link.startswith("../practice/")]
    own = practices[practices["territory_id"] == CITY]
    assert sorted(link.split("/")[2].split("?")[0] for link in links) == sorted(own["id"])
    first = own.iloc[0]
    answer = client.get(f"/light/practice/{first['id']}", params={"lang": "fr"})
    assert answer.status_code == 200 and len(answer.content) < 100_000
    page = parsed(answer)
    assert page.scripts == 0 and page.lang == "fr"
    assert f"../city/{CITY}?lang=fr" in page.links
    assert "Droits" in answer.text or "Thèmes" in answer.text  # the labels' headings in French
    from hrcities.schema import split_list

    for sid in split_list(first["sources"]):
        url = sources.at[sid, "url"]
        if isinstance(url, str) and url.startswith("http"):
            assert url in page.links
    assert client.get("/light/practice/no-such-practice").status_code == 404

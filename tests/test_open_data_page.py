"""The Open data page under AppTest: API links, the data package download and the counter snippet."""

import base64
import io
import json
import zipfile
from pathlib import Path

import frictionless
import pytest
from on_file import members_on_file
from streamlit.testing.v1 import AppTest

from hrcities import datapackage

APP = str(Path(__file__).resolve().parents[1] / "app.py")
DATA_DIR = Path(__file__).resolve().parents[1] / "data"


pytestmark = pytest.mark.usefixtures("fresh_app_caches")


def test_open_data_page_offers_api_package_and_snippet():
    # no complete list is declared (data/record.csv): the badge says the count is a lower bound
    lang, title, count = "fr", "Données ouvertes", f"au moins {members_on_file()} sur 1\u202f000 d’ici 2030"
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page("views/campaign/open_data.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == title
    codes = [c.value for c in at.code]
    assert any("/api/v1/territories?region=europe" in c for c in codes)
    snippet = next(c for c in codes if c.startswith("<iframe"))
    assert f"/embed/counter?lang={lang}" in snippet and "<script" not in snippet
    image = next(e for e in at.main.children.values() if getattr(e, "type", None) == "image")
    svg = base64.b64decode(image.proto.imgs[0].url.split("base64,", 1)[1]).decode()
    assert count in svg and "<script" not in svg
    assert at.get("download_button")[0].proto.label


def test_data_package_is_a_valid_frictionless_package(real, tmp_path):
    archive = zipfile.ZipFile(io.BytesIO(datapackage.package_zip(real, 1, None)))
    descriptor = json.loads(archive.read("datapackage.json"))
    paths = [r["path"] for r in descriptor["resources"]]
    assert sorted(archive.namelist()) == sorted(["datapackage.json", *paths])
    archive.extractall(tmp_path)
    report = frictionless.validate(tmp_path / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]

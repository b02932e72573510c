"""Fixtures of the forum pack's tests. Chart images need Kaleido and Chromium (CI installs Debian's
chromium): the images of a test module are rendered by one browser (`renderer`), offline."""

import io

import pytest
from pptx import Presentation
from readback import TODAY, VIEW_URL

from hrcities import forum_pack


@pytest.fixture(scope="module")
def renderer():
    """One Chromium for every chart image of this module."""
    with forum_pack.image_renderer() as active:
        yield active


@pytest.fixture(scope="module")
def slides_en(real):
    return forum_pack.build_slides(real, real.territories, real.practices, "en", TODAY, VIEW_URL)


@pytest.fixture(scope="module")
def deck_en(real, slides_en, renderer):
    """The English deck with its charts, and the progress it reported."""
    seen = []
    data = forum_pack.deck_pptx(slides_en, "en", VIEW_URL, TODAY, progress=seen.append)
    return Presentation(io.BytesIO(data)), seen

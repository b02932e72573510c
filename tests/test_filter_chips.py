"""Each page shows only the filters it follows; active filters are chips that remove themselves.

The pages declare their filters in `components.nav` (`PageRow.filters`); the router draws those.
"""

import pytest
from test_app_pages import REAL, run_page, texts

from components import nav
from hrcities import i18n
from hrcities.filters import FILTER_SPECS
from hrcities.viewlink import FILTER_PARAMS

pytestmark = pytest.mark.usefixtures("fresh_app_caches")

MAP = "views/campaign/map.py"


def chips(at) -> dict[str, str]:
    """The chips above the page by key, as a reader sees them (Markdown escapes removed)."""
    return {b.key: b.label.replace("\\", "") for b in at.button if b.key and b.key.startswith("chip_")}


def filter_widgets(at) -> list[str]:
    return [str(m.key) for m in at.multiselect if str(m.key).startswith("filter_")]


def filter_params(at) -> dict[str, object]:
    return {name: at.query_params[name] for name in at.query_params if name in FILTER_PARAMS.values()}


def test_every_declared_filter_is_a_filter_and_pages_without_one_declare_none():
    keys = {spec.key for spec in FILTER_SPECS}
    for row in (*nav.FIXED_PAGES, nav.SIGN_IN_PAGE, *nav.COORDINATOR_PAGES):
        assert set(row.filters) <= keys, row.path
        assert nav.page_filters(row.url_path) == row.filters
    assert nav.page_filters("map") == nav.ALL_FILTERS == tuple(spec.key for spec in FILTER_SPECS)
    for url_path in ("propose", "data", "forum", "present", "coordinators", "edit", "barcelona", "city"):
        assert nav.page_filters(url_path) == ()


def test_a_chip_removes_its_filter_and_the_map_and_its_address_are_unfiltered_again():
    at = run_page(MAP)
    assert filter_widgets(at) == ["filter_" + key for key in nav.ALL_FILTERS]
    unfiltered = texts(at)
    assert not chips(at) and "Filtered view" not in unfiltered
    at.multiselect(key="filter_regions").set_value(["africa"]).run()
    assert chips(at) == {"chip_regions_africa": "UCLG region: Africa", "chip_clear": "Clear filters"}
    assert filter_params(at) == {"region": "africa"} and texts(at) != unfiltered
    at.button(key="chip_regions_africa").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.multiselect(key="filter_regions").value == []
    assert not chips(at) and not filter_params(at)
    assert texts(at) == unfiltered


def test_clear_all_clears_several_filters_at_once():
    at = run_page(MAP)
    at.multiselect(key="filter_regions").set_value(["africa", "europe"]).run()
    at.multiselect(key="filter_stages").set_value(["member"]).run()
    at.multiselect(key="filter_themes").set_value(["health"]).run()
    shown = chips(at)
    assert {"chip_regions_africa", "chip_regions_europe", "chip_stages_member", "chip_themes_health"} < set(
        shown
    )
    assert set(filter_params(at)) == {"region", "stage", "theme"}
    at.button(key="chip_clear").click().run()
    assert not at.exception, [e.value for e in at.exception]
    for key in ("filter_regions", "filter_stages", "filter_themes"):
        assert at.multiselect(key=key).value == []
    assert not chips(at) and not filter_params(at)


def test_chips_say_the_value_in_the_page_language():
    at = run_page(MAP)
    at.session_state["lang"] = "fr"
    at.run()
    at.multiselect(key="filter_regions").set_value(["africa"]).run()
    at.multiselect(key="filter_countries").set_value(["ESP"]).run()
    _ = i18n.translator("fr")
    shown = chips(at)
    assert shown["chip_regions_africa"] == f"{_('UCLG region')}: {_('Africa')}" != "UCLG region: Africa"
    assert shown["chip_countries_ESP"] == f"{_('Country')}: Espagne"
    assert shown["chip_clear"] == _("Clear filters")


@pytest.mark.parametrize(
    "page",
    [
        "views/campaign/propose.py",
        "views/campaign/open_data.py",
        "views/campaign/forum.py",
        "views/coordinator/signin.py",
    ],
)
def test_a_page_without_filters_shows_no_filter_widget(page):
    at = run_page(page)
    assert not filter_widgets(at)
    assert "filter_reset" not in [b.key for b in at.button]
    assert "Filters" not in [h.value for h in at.sidebar.header]


def test_a_filter_outlives_a_page_that_does_not_show_it():
    at = run_page(MAP)
    at.multiselect(key="filter_regions").set_value(["latin-america"]).run()
    at.switch_page("views/campaign/propose.py").run()
    assert not at.exception and not filter_widgets(at) and not chips(at)
    at.run()  # a second run on the page (any click) does not drop it either
    at.switch_page("views/campaign/practices.py").run()
    assert at.multiselect(key="filter_regions").value == ["latin-america"]
    assert chips(at)["chip_regions_latin-america"].endswith(": Latin America")
    latin = REAL.territories.loc[REAL.territories["uclg_region"] == "latin-america", "id"]
    kept = int(REAL.practices["territory_id"].isin(set(latin)).sum())
    assert f"**{kept}** of {len(REAL.practices)} practices match." in texts(at)

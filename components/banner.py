"""The notice every page shows when the app runs on synthetic data (`python -m hrcities.synthetic`)."""

import streamlit as st

from hrcities import record
from hrcities.load import Campaign
from hrcities.synthetic import is_synthetic

from .state import language, tr


def synthetic_notice(c: Campaign) -> None:
    """A banner on top of the page when the data folder is synthetic; nothing otherwise."""
    if is_synthetic(c.data_dir):
        _ = tr()
        st.warning(
            _(
                "Synthetic data: every territory, practice and number on this page is made up "
                "for scale testing. Do not quote it."
            ),
            icon=":material/science:",
        )


def data_date(c: Campaign) -> None:
    """'Data as of <date>' at the foot of every page: the store's last change by a coordinator, or the
    date the records were last checked against their sources."""
    st.caption(
        record.as_of_sentence(record.data_date(c), language()),
        help=tr()(
            "The date of the last change a coordinator made, or else the date the records "
            "were last checked against their public sources."
        ),
    )

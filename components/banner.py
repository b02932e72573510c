"""The notice every page shows when the app runs on synthetic data (`python -m hrcities.synthetic`)."""

import streamlit as st

from hrcities.load import Campaign
from hrcities.synthetic import is_synthetic

from .state import tr


def synthetic_notice(c: Campaign) -> None:
    """A banner on top of the page when the data folder is synthetic; nothing otherwise."""
    if is_synthetic(c.data_dir):
        _ = tr()
        st.warning(_("Synthetic data: every territory, practice and number on this page is made up "
                     "for scale testing. Do not quote it."), icon=":material/science:")

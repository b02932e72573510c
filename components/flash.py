"""One-shot messages that survive the rerun after a save."""

import streamlit as st

KEY = "flash_messages"


def flash(message: str) -> None:
    """Queue a success message for the next run of the page."""
    st.session_state.setdefault(KEY, []).append(message)


def show_flashes() -> None:
    """Show and forget the queued messages."""
    for message in st.session_state.pop(KEY, []):
        st.success(message)

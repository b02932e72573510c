"""Content fields in the viewer's language, with an honest label: machine translation, human
translation, or 'not yet translated' when the original is shown instead (`hrcities.content`)."""

import streamlit as st

from hrcities import content, i18n
from hrcities.content import language_name

from .state import campaign, language, tr
from .text import md_escape


def translations() -> content.Translations:
    """The content translations of the data folder, re-read when the file or the data change.
    A broken row is left out (its original shows instead) and named once in a warning."""
    c = campaign()
    found, problems = content.translations_of(c)
    stamp = (c.version, len(problems), problems[:1])
    if problems and st.session_state.get("_translation_problems_shown") != str(stamp):
        st.session_state["_translation_problems_shown"] = str(stamp)
        _ = tr()
        st.warning(
            _(
                "Some translations were left out because of problems in the data; the original "
                "text shows instead:"
            )
            + "\n"
            + "\n".join(f"- {md_escape(p)}" for p in problems[:10])
        )
    return found


def localized(table: str, record_id: str, field: str, original: str, original_lang: str = "en"):
    """The field as the viewer should read it (see `hrcities.content.Translations.localized`)."""
    return translations().localized(
        table, str(record_id), field, str(original), original_lang or "en", language()
    )


def note(text: content.Text) -> str | None:
    """The label a shown text needs, or None for an original in the viewer's language."""
    return content.translation_label(text)


def show(text: content.Text, heading: str | None = None) -> None:
    """Write the text as plain text (escaped) with its label below, if it needs one."""
    body = md_escape(text.text)
    st.markdown(f"{heading} {body}" if heading else body)
    label = note(text)
    if label:
        st.caption(label)


def plain(text: content.Text) -> str:
    """The text escaped for Markdown, with its label in parentheses when it needs one."""
    label = note(text)
    return md_escape(text.text) + (f" *({md_escape(label)})*" if label else "")


__all__ = ["i18n", "language_name", "localized", "note", "plain", "show", "translations"]

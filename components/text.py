"""Showing data text safely: Markdown escaped, links only to http(s) addresses."""

import re

import pandas as pd

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~<$&:])")


def md_escape(text: object) -> str:
    """Text with every Markdown-special character escaped, so it shows as typed."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return ""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", str(text))


def md_link(label: object, url: object) -> str:
    """A Markdown link when `url` is an http(s) address, else the escaped label alone."""
    if isinstance(url, str) and re.fullmatch(r"https?://[^\s()<>]+", url):
        return f"[{md_escape(label)}]({url})"
    return md_escape(label)

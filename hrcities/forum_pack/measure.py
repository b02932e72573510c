"""Text measured, not guessed: widths with the DejaVu Sans shipped in `static/fonts/` (PIL's
FreeType), lines wrapped at a width, and the largest font size at which text fits a box.

The chart images are drawn by Chromium with DejaVu Sans (the only sans-serif font on the server),
so their measures are exact. A deck opened elsewhere shows its theme font (Calibri, or Carlito in
LibreOffice), which is narrower than DejaVu Sans: text that fits when measured in DejaVu Sans fits
there too. Sizes and widths are in one unit (points for the deck, pixels for the images).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from ..paths import STATIC_DIR

FONT_FILES = {False: "DejaVuSans.ttf", True: "DejaVuSans-Bold.ttf"}
LINE_HEIGHT = 1.2  # a line's height over the font size (PowerPoint's single spacing is about 1.2)
_REFERENCE = 100  # the size fonts are loaded at; widths scale linearly with the size


@lru_cache(maxsize=4)
def _font(bold: bool):
    from PIL import ImageFont

    return ImageFont.truetype(str(STATIC_DIR / "fonts" / FONT_FILES[bool(bold)]), _REFERENCE)


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The advance width of `text` on one line at font size `size`, in the unit of `size`."""
    return _font(bold).getlength(text) * size / _REFERENCE


def _split_word(word: str, size: float, width: float, bold: bool) -> list[str]:
    """A word longer than `width` (a URL) cut into pieces that fit, as a renderer breaks it."""
    pieces, piece = [], ""
    for char in word:
        if piece and text_width(piece + char, size, bold) > width:
            pieces.append(piece)
            piece = ""
        piece += char
    return [*pieces, piece] if piece else pieces


def wrap(text: str, size: float, width: float, bold: bool = False) -> list[str]:
    """`text` broken into lines no wider than `width` at `size`: at spaces, or inside a word only
    when the word alone is wider than `width`. Line breaks in `text` are kept."""
    lines: list[str] = []
    for paragraph in str(text).replace("\v", "\n").split("\n"):
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if text_width(candidate, size, bold) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            pieces = _split_word(word, size, width, bold) if text_width(word, size, bold) > width else [word]
            lines.extend(pieces[:-1])
            line = pieces[-1]
        lines.append(line)
    return lines


def text_height(
    paragraphs: Sequence[str], size: float, width: float, bold: bool = False, space_after: float = 0.0
) -> float:
    """The height of `paragraphs` wrapped at `width`, `space_after` (a fraction of the size) after
    each paragraph but the last."""
    lines = sum(len(wrap(p, size, width, bold)) for p in paragraphs)
    return lines * size * LINE_HEIGHT + max(0, len(paragraphs) - 1) * size * space_after


def fit_size(
    paragraphs: Sequence[str] | str,
    width: float,
    height: float,
    largest: float,
    smallest: float,
    *,
    bold: bool = False,
    space_after: float = 0.0,
    max_lines: int | None = None,
    step: float = 1.0,
) -> float:
    """The largest size from `largest` down to `smallest` (by `step`) at which `paragraphs`, wrapped
    at `width`, are no taller than `height` (and take at most `max_lines` lines); `smallest` when
    none is."""
    paragraphs = [paragraphs] if isinstance(paragraphs, str) else list(paragraphs)
    size = largest
    while size > smallest:
        lines = sum(len(wrap(p, size, width, bold)) for p in paragraphs)
        fits = max_lines is None or lines <= max_lines
        if fits and text_height(paragraphs, size, width, bold, space_after) <= height:
            return size
        size -= step
    return smallest

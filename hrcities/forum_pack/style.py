"""The colours every file of the pack shares (the deck, the PDFs, the chart images' source lines)."""

BLUE, GREEN, GREY, DARK = "#0072B2", "#009E73", "#595959", "#1A1A1A"

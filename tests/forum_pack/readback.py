"""What the forum pack's tests share: the day and link of the view, the slide kinds of the shipped
data, stand-in catalogs, and readers that open the files as a person would get them (the PPTX with
python-pptx, the QR code decoded, the PDFs with pypdf)."""

import io
from datetime import date

import zxingcpp
from PIL import Image
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pypdf import PdfReader

TODAY = date(2026, 11, 28)  # as in conftest.py
VIEW_URL = "https://hrcities.example.org/present?lang=en&region=europe&stage=member"
KINDS = [
    "counter",
    "map",
    "growth",
    "spotlight",
    "spotlight",
    "spotlight",
    "quote",
    "quote",
    "quote",
    "quote",
    "quote",
    "closing",
]
FAKE_CATALOGS = {  # stand-in translations, so a test can tell a translated title from the English one
    "fr": {
        "Explore this view": "Explorer cette vue",
        "In their words": "Avec leurs mots",
        "Practice spotlight": "Pratique à la une",
        "Data as of {date}": "Données au {date}",
        "Sources": "Sources",
        "Cities and territories on record (members and engaged)": "Villes et territoires",
    },
    "es": {
        "Explore this view": "Explorar esta vista",
        "In their words": "En sus palabras",
        "Practice spotlight": "Práctica destacada",
        "Data as of {date}": "Datos a {date}",
        "Sources": "Fuentes",
        "Cities and territories on record (members and engaged)": "Ciudades y territorios",
    },
}


def flat(text: str) -> str:
    """Whitespace collapsed, so text wrapped over lines compares with the original."""
    return " ".join(text.split())


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def shape_named(slide, name: str):
    return next(shape for shape in slide.shapes if shape.name == name)


def pictures(slide, name: str) -> list[bytes]:
    return [
        shape.image.blob
        for shape in slide.shapes
        if shape.shape_type == MSO_SHAPE_TYPE.PICTURE and shape.name == name
    ]


def decode_qr(blob: bytes) -> list[str]:
    with Image.open(io.BytesIO(blob)) as image:
        return [result.text for result in zxingcpp.read_barcodes(image.convert("L"))]

"""A coordinator reads, in the interface's language, the rules an upload breaks and why an edit was
refused: the messages made below the interface (`hrcities.i18n.msg`) reach the page translated."""

import json
from datetime import date

import pandas as pd
from streamlit.testing.v1 import AppTest
from test_coordinator_pages import app, open_page, sign_in, store_url  # noqa: F401 (a fixture)

TRACKER = "views/coordinator/tracker.py"
EDIT = "views/coordinator/edit.py"


def in_language(at: AppTest, lang: str) -> AppTest:
    """The language picker set to `lang` (signed in first: the sign-in helper reads English)."""
    at.radio(key="lang").set_value(lang).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def upload(at: AppTest, name: str, data: bytes) -> AppTest:
    at.file_uploader[0].set_value((name, data, "text/csv")).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def shown_text(at: AppTest) -> str:
    """Every error and every cell of every table on the page, as one text."""
    parts = [e.value for e in at.error]
    for frame in at.dataframe:
        table: pd.DataFrame = frame.value
        parts += [str(c) for c in table.columns] + [str(v) for v in table.to_numpy().ravel()]
    return "\n".join(parts)


def tracker_breaking_rules(headings: str) -> bytes:
    """Three territories, each breaking one rule: a latitude of 95, a date to come, a stage we do not know."""
    rows = [
        headings,
        "Villaprueba,Espagne,membre,2024,95,2.1",
        "Testburg,Allemagne,membre,2999,50.1,8.6",
        "Ciudad Ensayo,Mexique,flibbertigibbet,2024,19.4,-99.1",
    ]
    return ("\n".join(rows) + "\n").encode()


def rules_shown(lang: str, headings: str, filename: str) -> tuple[AppTest, str]:
    """A coordinator in `lang` uploads the tracker breaking rules: the page and its text."""
    at = in_language(sign_in(app()), lang)
    open_page(at, TRACKER)
    at = upload(at, filename, tracker_breaking_rules(headings))
    return at, shown_text(at)


def test_a_french_coordinator_reads_the_rules_an_upload_breaks_in_french(store_url):  # noqa: F811
    _at, shown = rules_shown("fr", "Nom,Pays,Étape,Date d'adhésion,Latitude,Longitude", "suivi.csv")
    assert "la latitude doit être comprise entre -90 et 90" in shown
    assert f"la date est dans le futur (nous sommes le {date.today().isoformat()})" in shown
    assert "étape inconnue : utilisez l'une de ces valeurs" in shown
    assert "les mots français et espagnols fonctionnent aussi" in shown
    assert "Règle" in shown  # the table's headings too
    for english in ("latitude must be between", "date is in the future", "unknown stage"):
        assert english not in shown


def test_a_french_coordinator_is_told_in_french_that_the_file_is_empty(store_url):  # noqa: F811
    at = in_language(sign_in(app()), "fr")
    open_page(at, TRACKER)
    upload(at, "vide.csv", b"")
    assert [e.value for e in at.error] == [
        "Le fichier est vide (0 octet). Enregistrez de nouveau votre tableau de suivi et importez le "
        "fichier enregistré."
    ]


def test_a_spanish_coordinator_reads_the_rules_in_spanish(store_url):  # noqa: F811
    at, shown = rules_shown("es", "Nombre,País,Etapa,Fecha de adhesión,Latitud,Longitud", "seguimiento.csv")
    assert "la latitud debe estar entre -90 y 90" in shown
    assert f"la fecha es futura (hoy es {date.today().isoformat()})" in shown
    assert "etapa desconocida: use uno de estos valores" in shown
    assert "latitude must be between" not in shown
    upload(at, "vacio.csv", b"")
    assert any(e.value.startswith("El archivo está vacío (0 bytes).") for e in at.error)


def test_a_refused_edit_names_its_rule_in_french(store_url):  # noqa: F811
    at = in_language(sign_in(app()), "fr")
    open_page(at, EDIT)
    at.selectbox(key="pick_territories").set_value("grigny").run()
    at.text_input(key="edit_territories_grigny_1_latitude").input("123")
    next(b for b in at.get("form_submit_button") if b.label == "Enregistrer les modifications").click().run()
    assert not at.exception, [e.value for e in at.exception]
    said = at.error[0].value.replace("\xa0", " ")  # French typography may put a no-break space before ':'
    assert said.startswith("Non enregistré : la modification enfreindrait 1 règle(s).")
    problem = at.dataframe[0].value.iloc[0]
    assert (problem["record"], problem["column"]) == ("grigny", "latitude")
    assert problem["rule"] == "doit être compris entre -90 et 90"
    headings = {c.get("label") for c in json.loads(at.dataframe[0].proto.columns or "{}").values()}
    assert {"Enregistrement", "Colonne", "Valeur", "Règle"} <= headings

"""Extract every interface message into `locales/messages.pot` and update each language's catalog.

Messages come from `_("…")` calls in the code and from the label columns of the reference
tables in `data/` (stages, regions, themes, groups, rights, milestones, waves, filters), so the
whole interface goes through one translation layer. English keeps msgstr equal to msgid, so a
translator can see and change the English wording too. Run: `python scripts/update_catalogs.py`.
"""

import csv
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from components.nav import COORDINATOR_PAGES, FIXED_PAGES, SIGN_IN_PAGE  # noqa: E402
from hrcities.filters import FILTER_SPECS  # noqa: E402
from hrcities.i18n import LANGUAGES  # noqa: E402
from hrcities.tracker import FIELDS  # noqa: E402

CODE_DIRS = ("hrcities", "components", "views")
# `msg("…")` marks a message made below the interface (hrcities.i18n); ngettext a counted one
KEYWORDS = {"_": None, "msg": None, "ngettext": (1, 2)}
DATA_LABELS = {  # file -> columns whose values are interface labels
    "regions.csv": ("label",),
    "themes.csv": ("label",),
    "target_groups.csv": ("label",),
    "rights.csv": ("title_en",),
    "milestones.csv": ("label",),
    "waves.csv": ("label", "description"),
    "population_bands.csv": ("label",),
    "charter_phases.csv": ("label", "description"),
    "reported_figures.csv": ("description",),
    "timeline.csv": ("title", "kind"),
    "stages.csv": ("label", "description"),
}
VOCABULARY = (
    "confirmed",
    "inferred",
    "unverified",
    "unknown",
    "ongoing",
    "adopted",
    "completed",
    "planned",
    "in-preparation",
    "city",
    "municipality",
    "county",
    "province",
    "region",
    "more than",
    "about",
    "at least",
    "dashboard editors",
    "Poverty and Inequality",
)


def add_data_labels(catalog: Catalog) -> None:
    """The label columns of the reference tables in `data/` (`DATA_LABELS`), with their rows."""
    for file, columns in DATA_LABELS.items():
        with (ROOT / "data" / file).open(encoding="utf-8") as handle:
            for number, row in enumerate(csv.DictReader(handle), start=2):
                for column in columns:
                    if row[column]:
                        catalog.add(row[column], locations=[(f"data/{file}", number)])


def collect() -> Catalog:
    """Every message the interface can show, with where it comes from."""
    catalog = Catalog(project="hrcities", charset="utf-8")
    for folder in CODE_DIRS + ("app.py",):
        path = ROOT / folder
        if path.is_file():
            found = extract_from_dir(ROOT, method_map=[("app.py", "python")], keywords=KEYWORDS)
        else:
            found = extract_from_dir(path, method_map=[("**.py", "python")], keywords=KEYWORDS)
        for filename, lineno, message, _comments, _context in found:
            if isinstance(message, str | tuple):  # a tuple: (singular, plural) of an ngettext call
                catalog.add(message, locations=[(f"{folder}/{filename}".replace("app.py/", ""), lineno)])
    add_data_labels(catalog)
    for spec in FILTER_SPECS:
        catalog.add(spec.label, locations=[("hrcities/filters.py", 0)])
    for row in (*FIXED_PAGES, SIGN_IN_PAGE, *COORDINATOR_PAGES):
        catalog.add(row.title, locations=[("components/nav.py", 0)])
    for tracker_field in FIELDS:
        catalog.add(tracker_field.label, locations=[("hrcities/tracker.py", 0)])
    for word in VOCABULARY:
        catalog.add(word, locations=[("scripts/update_catalogs.py", 0)])
    return catalog


def main() -> None:
    """Write the template and merge it into every language's catalog."""
    template = collect()
    (ROOT / "locales").mkdir(exist_ok=True)
    with (ROOT / "locales" / "messages.pot").open("wb") as handle:
        write_po(handle, template, omit_header=False, sort_output=True)
    for lang in LANGUAGES:
        path = ROOT / "locales" / lang / "LC_MESSAGES" / "messages.po"
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            with path.open("rb") as handle:
                catalog = read_po(handle, locale=lang)
            catalog.update(template, no_fuzzy_matching=True)
        else:
            catalog = Catalog(locale=lang, project="hrcities", charset="utf-8")
            catalog.update(template, no_fuzzy_matching=True)
        for message in catalog:
            if message.id and lang == "en" and not any(message.string or ()):  # a plural's forms too
                message.string = message.id
        with path.open("wb") as handle:
            write_po(handle, catalog, sort_output=True, ignore_obsolete=True)
        print(f"{path.relative_to(ROOT)}: {len([m for m in catalog if m.id])} messages")


if __name__ == "__main__":
    main()

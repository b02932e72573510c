"""Read a coordinator's campaign tracker (CSV or XLSX; English, French or Spanish) and plan the import.

Three plain-Python steps, so the dashboard only has to show their results:

1. `read_upload` turns the uploaded bytes (of a workbook, the sheet asked for or the one that looks
   like a tracker) into a frame of text. Anything unreadable or unsafe (wrong
   type, damaged workbook, zip bomb, binary data, too big) raises `UploadError`, whose `message`
   tells the coordinator what is wrong and what to do.
2. `suggest_mapping` proposes which of their columns holds which of our `FIELDS`.
3. `plan_import` normalises every mapped cell against the current data (countries, regions, stages,
   dates, numbers, text) and returns an `ImportPlan`: territories to add, changes to existing ones,
   unchanged ones, new sources and every problem with its spreadsheet row and their column heading.
   `plan_tables` applies a plan to the raw tables so the caller can validate them before saving.

Dates with slashes are read day first, as written in Europe, Africa and Latin America:
05/03/2024 is 5 March 2024 and 03/2024 is March 2024.

The package, by step (each module's docstring says what it holds):

- `limits`: the limits, the files accepted, `UploadError` and the `Upload` read;
- `upload` and `sheets`: `read_upload`, and CSV or XLSX bytes into a frame of text;
- `fields`: our fields, their usual headings (`hrcities/words/tracker_headings.toml`), `suggest_mapping`;
- `values`: every cell normalised or refused with an `InvalidValue` (countries through `hrcities.countries`);
- `plan`: `ImportPlan` and `Change`, with the preview's tables, and the context a plan is read in;
- `rows`: `plan_import`, row by row: normalise, match to our territories, flag duplicates;
- `changes` and `apply`: what changes in an existing territory, new ids and sources, `plan_tables`;
- `template`: the empty tracker to download, headings in the coordinator's language.

A tracker without a stage column is planned with `default_stage` (the coordinator's answer); a
stage move down the ladder is a held change (`Change.held`), applied only when ticked.

Folding and slugs are `hrcities.text`; the word lists are read by `hrcities.wordlists`.
"""

from ..text import slugify  # noqa: F401
from .apply import plan_tables, unique_id  # noqa: F401
from .changes import CHANGE_COLUMNS, held_columns, territory_updates  # noqa: F401
from .fields import FIELDS, FIELDS_BY_NAME, Field, normalise_header, suggest_mapping  # noqa: F401
from .limits import (  # noqa: F401
    ALLOWED_EXTENSIONS,
    BOMS,
    DAMAGED,
    DELIMITERS,
    FIRST_HEADER_ROW,
    FUZZY_CUTOFF,
    KINDS,
    MAGIC,
    MAX_BYTES,
    MAX_COLUMNS,
    MAX_RATIO,
    MAX_ROWS,
    MAX_UNZIPPED,
    MB,
    PROGRESS_EVERY,
    RATIO_FLOOR,
    REFUSED_EXTENSIONS,
    SAVE_AS,
    SOURCE_COLUMNS,
    TERRITORY_COLUMNS,
    Upload,
    UploadError,
)
from .plan import NORMALISERS, Change, ImportPlan, name_key  # noqa: F401
from .rows import plan_import  # noqa: F401
from .sheets import cell_text, pick_sheet  # noqa: F401
from .template import template_csv, template_filename, template_headings, template_xlsx  # noqa: F401
from .upload import plan_signature, read_upload  # noqa: F401
from .values import (  # noqa: F401
    CONTROL,
    COORDINATE_RANGES,
    DATE_FORMATS,
    DATE_HELP,
    FORMULA_START,
    SPACES,
    InvalidValue,
    check_text,
    infer_region,
    normalise_coordinate,
    normalise_country,
    normalise_date,
    normalise_id,
    normalise_kind,
    normalise_population,
    normalise_region,
    normalise_stage,
    normalise_url,
    normalise_wave,
    wave_index,
    word_index,
)

"""Read a coordinator's campaign tracker (CSV or XLSX; English, French or Spanish) and plan the import.

Three plain-Python steps, so the dashboard only has to show their results:

1. `read_upload` turns the uploaded bytes into a frame of text. Anything unreadable or unsafe (wrong
   type, damaged workbook, zip bomb, binary data, too big) raises `UploadError`, whose `message`
   tells the coordinator what is wrong and what to do.
2. `suggest_mapping` proposes which of their columns holds which of our `FIELDS`.
3. `plan_import` normalises every mapped cell against the current data (countries, regions, stages,
   dates, numbers, text) and returns an `ImportPlan`: territories to add, changes to existing ones,
   unchanged ones, new sources and every problem with its spreadsheet row and their column heading.
   `plan_tables` applies a plan to the raw tables so the caller can validate them before saving.

Dates with slashes are read day first, as written in Europe, Africa and Latin America:
05/03/2024 is 5 March 2024 and 03/2024 is March 2024.

Modules: `limits`, `fields`, `sheets`, `upload`, `countries`, `values`, `plan`, `changes`, `apply`, `rows`."""

from .apply import (  # noqa: F401
    _Builder,
    _import_source,
    _text_frame,
    _web_source,
    plan_tables,
    unique_id,
)
from .changes import (  # noqa: F401
    CHANGE_COLUMNS,
    _same,
    territory_updates,
)
from .countries import (  # noqa: F401
    COUNTRY_NAME_LANGUAGES,
    ENGLISH_NAME_OVERRIDES,
    EXTRA_COUNTRY_NAMES,
    NOT_COUNTRIES,
    RETIRED_ALPHA3,
    InvalidValue,
    _country_codes,
    _country_names,
    _iso3_from_code,
    _unknown_country_rule,
    english_country_name,
    normalise_country,
)
from .fields import (  # noqa: F401
    FIELDS,
    FIELDS_BY_NAME,
    Field,
    _synonym_index,
    normalise_header,
    suggest_mapping,
)
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
from .plan import (  # noqa: F401
    NORMALISERS,
    Change,
    ImportPlan,
    _cached_country,
    _Context,
    _records,
    _Row,
    _text_or_none,
    name_key,
)
from .rows import (  # noqa: F401
    _flag_duplicates,
    _mapped_columns,
    _other_languages,
    _read_row,
    _read_rows,
    _resolve,
    plan_import,
)
from .sheets import (  # noqa: F401
    _binary_message,
    _bomless_utf16,
    _check_zip,
    _clean,
    _csv_detail,
    _decode_by_bom,
    _decode_plain,
    _decode_text,
    _filled_width,
    _first_sheet,
    _grid_to_frame,
    _headers,
    _read_csv,
    _read_xlsx,
    _refuse_ragged,
    _sniff_delimiter,
    cell_text,
)
from .upload import (  # noqa: F401
    _check_size,
    _check_type,
    _check_xlsx_kind,
    _content_kind,
    read_upload,
)
from .values import (  # noqa: F401
    CONTROL,
    COORDINATE_RANGES,
    DATE_FORMATS,
    DATE_HELP,
    FORMULA_START,
    KIND_WORDS,
    REGION_WORDS,
    SPACES,
    STAGE_WORDS,
    _kind_index,
    _look_up,
    _partial_date,
    check_text,
    infer_region,
    normalise_coordinate,
    normalise_date,
    normalise_id,
    normalise_kind,
    normalise_population,
    normalise_region,
    normalise_stage,
    normalise_url,
    slugify,
    word_index,
)

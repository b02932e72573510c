"""Rules for what a city may submit through the public form: plain text, bounded sizes.

Submissions are stored as pending and never shown on public pages; a coordinator approves
(possibly after editing), or rejects them. Everything here is plain Python, shared by the form and
the store, so the limits hold wherever a submission comes from; `review_draft` turns a stored
submission into what the review page shows and the record its approval would write.
"""

import re
import unicodedata
from dataclasses import dataclass

from .i18n import msg
from .text import slugify

KINDS = ("practice", "profile")
LANGS = ("en", "fr", "es", "other")
EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s]{1,255}\.[^@\s]{2,63}")
URL = re.compile(r"https?://[^\s<>\"]{3,500}")
MAX_PER_HOUR = 5  # per client
MAX_PENDING = 500  # in the whole queue


@dataclass(frozen=True)
class Limit:
    """One submission field: its maximum length, whether required, whether multi-line."""

    name: str
    max_len: int
    required: bool = False
    multiline: bool = False
    min_len: int = 0


FIELDS = {
    "territory_name": Limit("territory_name", 120, required=True),
    "country": Limit("country", 80, required=True),
    "contact_name": Limit("contact_name", 120, required=True),
    "contact_email": Limit("contact_email", 200, required=True),
    "title": Limit("title", 200),
    "summary": Limit("summary", 1500, multiline=True),
    "context": Limit("context", 1000, multiline=True),
    "local_name": Limit("local_name", 120),
    "source_url": Limit("source_url", 500),
    "start_year": Limit("start_year", 4),
    "population": Limit("population", 12),
}
REQUIRED_BY_KIND = {"practice": ("title", "summary"), "profile": ()}


def clean_text(value: object, limit: Limit) -> tuple[str, str | None]:
    """The trimmed plain text, and a problem (or None): no markup, no control characters."""
    text = unicodedata.normalize("NFC", "" if value is None else str(value)).strip()
    keep = "\n" if limit.multiline else ""
    text = "".join(
        ch for ch in text if ch in keep or unicodedata.category(ch) not in ("Cc", "Cf") or ch in "\u200d"
    )
    if not text:
        return "", msg("is required") if limit.required else None
    if len(text) > limit.max_len:
        return text, msg(
            "is {length} characters long; the limit is {limit}", length=len(text), limit=limit.max_len
        )
    if "<" in text or ">" in text:
        return text, msg("must be plain text: remove the characters < and >")
    if len(text) < limit.min_len:
        return text, msg("needs at least {count} characters", count=limit.min_len)
    return text, None


def check_submission(
    kind: str, form: dict, known: dict[str, set[str]], this_year: int
) -> tuple[dict, dict[str, str]]:
    """Clean a submitted form; returns (values, problems by field). `known` lists valid ids for
    'territories', 'themes', 'target_groups' and 'rights'."""
    if kind not in KINDS:
        return {}, {"kind": msg("must be one of {choices}", choices=", ".join(KINDS))}
    values, problems = {"kind": kind}, {}
    for name, limit in FIELDS.items():
        required = limit.required or name in REQUIRED_BY_KIND[kind]
        text, problem = clean_text(
            form.get(name), Limit(name, limit.max_len, required, limit.multiline, limit.min_len)
        )
        values[name] = text or None
        if problem:
            problems[name] = problem
    _check_formats(values, problems, this_year)
    territory = form.get("territory_id") or None
    if territory is not None and territory not in known.get("territories", set()):
        problems["territory_id"] = msg("is not a territory of the campaign")
    if kind == "profile" and territory is None:
        problems["territory_id"] = msg("is required for a profile update")
    values["territory_id"] = territory
    for name in ("themes", "target_groups", "rights"):
        chosen = [str(v) for v in (form.get(name) or [])][:12]
        unknown = [v for v in chosen if v not in known.get(name, set())]
        if unknown:
            problems[name] = msg("unknown choice(s): {choices}", choices=", ".join(unknown[:3]))
        values[name] = chosen
    lang = form.get("original_lang") or "en"
    values["original_lang"] = lang if lang in LANGS else "other"
    return values, problems


def _check_formats(values: dict, problems: dict, this_year: int) -> None:
    email = values.get("contact_email")
    if email and "contact_email" not in problems and not EMAIL.fullmatch(email):
        problems["contact_email"] = msg("is not an e-mail address")
    url = values.get("source_url")
    if url and "source_url" not in problems and not URL.fullmatch(url):
        problems["source_url"] = msg("must be a web address starting with http:// or https://")
    year = values.get("start_year")
    if year and "start_year" not in problems and not (year.isdigit() and 1900 <= int(year) <= this_year):
        problems["start_year"] = msg("must be a year between 1900 and {year}", year=this_year)
    population = values.get("population")
    if population and "population" not in problems:
        digits = population.replace(" ", "").replace(",", "").replace(".", "")
        if not digits.isdigit():
            problems["population"] = msg("must be a whole number")
        else:
            values["population"] = str(int(digits))


SHOWN_FIELDS = (  # what the review page lists of a submission, in this order
    "title",
    "summary",
    "context",
    "local_name",
    "population",
    "start_year",
    "source_url",
    "original_lang",
    "themes",
    "target_groups",
    "rights",
)
PROFILE_FIELDS = ("context", "local_name", "population")  # the territory cells a profile update sets
PRACTICE_ID_LENGTH = 60


@dataclass(frozen=True)
class ReviewDraft:
    """A stored submission as a coordinator reviews it.

    `details` are its proposed fields as 'name: value' lines; `record` is what approving writes:
    the practice row to edit (as text) or the territory cells a profile update changes.
    """

    number: int
    version: int
    kind: str
    territory_id: str | None
    territory_name: str
    title: str | None
    details: tuple[str, ...]
    record: dict

    def heading(self, untitled: str) -> str:
        """'#12 · Testville · Title', with `untitled` for a submission without a title."""
        return f"#{self.number} · {self.territory_name[:60]} · {(self.title or untitled)[:80]}"


def review_draft(submission: dict) -> ReviewDraft:
    """The `ReviewDraft` of a row of the submissions queue."""
    fields = submission["fields"] or {}
    details = tuple(
        f"{name.replace('_', ' ')}: {', '.join(value) if isinstance(value, list) else value}"
        for name in SHOWN_FIELDS
        if (value := fields.get(name))
    )
    if submission["kind"] == "practice":
        record = practice_draft(submission["territory_id"], fields)
    else:
        record = {name: fields.get(name) for name in PROFILE_FIELDS if fields.get(name)}
    return ReviewDraft(
        number=int(submission["id"]),
        version=int(submission["row_version"]),
        kind=submission["kind"],
        territory_id=submission["territory_id"],
        territory_name=submission["territory_name"],
        title=fields.get("title") or None,
        details=details,
        record=record,
    )


def practice_draft(territory_id: str | None, fields: dict) -> dict:
    """The practice row a proposal suggests, for the coordinator to edit before approving."""
    territory = territory_id or ""
    return {
        "id": practice_id(territory, fields.get("title")),
        "territory_id": territory,
        "title": fields.get("title"),
        "summary": fields.get("summary"),
        "original_lang": fields.get("original_lang") if fields.get("original_lang") != "en" else None,
        "start_year": fields.get("start_year"),
        "start_status": "unverified",
        "status": "ongoing",
        "target_groups": "|".join(fields.get("target_groups") or []),
        "themes": "|".join(fields.get("themes") or []),
        "rights": "|".join(fields.get("rights") or []),
        "evidence": "unverified",
    }


def practice_id(territory_id: str, title: str | None) -> str:
    """A practice id from its territory and title: 'testville-housing-first', at most 60 characters."""
    return slugify(f"{territory_id}-{title or ''}", max_length=PRACTICE_ID_LENGTH) or "practice"

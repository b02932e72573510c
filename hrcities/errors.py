"""Problems found in data files, said in terms a coordinator can act on."""

from dataclasses import dataclass


@dataclass(frozen=True)
class DataProblem:
    """One broken rule: where (file, spreadsheet row, column), what value, which rule."""

    file: str
    rule: str
    row: int | None = None
    column: str | None = None
    value: str | None = None
    record: str | None = None  # the record's key, for problems found in the store

    def __str__(self) -> str:
        where = [self.file]
        if self.record is not None:
            where.append(f"record '{self.record}'")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        text = ", ".join(where) + f": {self.rule}"
        if self.value not in (None, ""):
            text += f" (found: {self.value!r})"
        return text


class DataError(Exception):
    """The data could not be loaded; `problems` lists every rule broken."""

    def __init__(self, problems: list[DataProblem]):
        self.problems = problems
        lines = "\n".join(f"- {p}" for p in problems[:50])
        more = f"\n- … and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(f"{len(problems)} problem(s) in the campaign data:\n{lines}{more}")

"""What every spreadsheet writer shares: the kinds of column, the column
and the export's description, the second sheet's lines, and converting rows
a column at a time (lib.spreadsheets.writer chooses the writer)."""

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import islice

from django.utils.translation import gettext as _

TEXT, INTEGER, DECIMAL, MONEY, DATE, DATETIME, BOOLEAN = (
    "text",
    "integer",
    "decimal",
    "money",
    "date",
    "datetime",
    "boolean",
)

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
NUMBER_FORMATS = {
    TEXT: "@",
    INTEGER: "0",
    DECIMAL: "0.0",
    MONEY: "#,##0.00",
    DATE: "yyyy-mm-dd",
    DATETIME: "yyyy-mm-dd hh:mm",
}
HEADER_STYLE = {"background": "#F2DCDB"}
CHUNK = 1000  # rows converted at once, a column at a time
NONE = type(None)


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = TEXT
    width: int = 14
    personal: str = ""  # lib.masking.PHONE, ID_NUMBER or NAME: masked, access logged


@dataclass(frozen=True)
class ExportInfo:
    """What the second sheet records about the export; `user` and `kind` (the
    ledger's key) also go to the access log when personal columns are in full."""

    title: str
    exported_by: str
    scope: str = ""
    exported_at: datetime | None = None
    user: object = None
    kind: str = ""

    @classmethod
    def by(cls, user, *, title, kind: str = "", scope: str = "") -> "ExportInfo":
        return cls(
            title=title,
            exported_by=str(user),
            scope=scope or user.jurisdiction_label,
            user=user,
            kind=kind,
        )


def by_column(
    rows: Iterable[Sequence], converters: Sequence[Callable[[tuple], list]]
) -> Iterator[list[tuple]]:
    """The rows converted in chunks of CHUNK: each column of a chunk goes
    through its converter whole (a list in, a list out), then the chunk's
    rows are yielded as tuples. Memory stays that of one chunk."""
    rows = iter(rows)
    while chunk := list(islice(rows, CHUNK)):
        # strict: a row with a value too many or too few is an error, not a shift
        columns = zip(converters, zip(*chunk, strict=True), strict=True)
        converted = [convert(values) for convert, values in columns]
        yield list(zip(*converted, strict=True))


def plain(values, allowed: set) -> bool:
    """Whether every value of a column is of one of the `allowed` types
    (exactly: a bool is not an int here, a datetime not a date). Checked
    at C speed, so a column that needs no conversion costs next to nothing."""
    return set(map(type, values)) <= allowed


def yes_no() -> tuple[str, str]:
    """A boolean cell's text, translated once a file."""
    return _("Yes"), _("No")


def sheet_name(title: str) -> str:
    # Excel: at most 31 characters, none of []:*?/\
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in str(title))
    return cleaned[:31] or "Sheet1"


def about_sheet_name() -> str:
    return sheet_name(_("About this export"))


def about_lines(info: ExportInfo, count: int, exported_at: datetime) -> list[tuple[str, str]]:
    """The second sheet: a label and a value a line."""
    return [
        (str(label), str(value))
        for label, value in [
            (_("Title"), info.title),
            (_("Exported by"), info.exported_by),
            (_("Exported at"), exported_at.strftime("%Y-%m-%d %H:%M")),
            (_("Scope"), info.scope),
            (_("Rows"), count),
        ]
    ]

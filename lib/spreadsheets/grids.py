"""What every spreadsheet format is read into: a Grid of rows, the cell values
that cannot be imported (Formula, ErrorValue) and the one error a user sees
(SpreadsheetError). The format readers (reader.py for .xls and .csv, xlsx.py)
build on it."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass


class SpreadsheetError(Exception):
    """The file as a whole cannot be read; the message says why, for the user."""


class Formula(str):
    """An .xlsx cell holding a formula (its text, starting with =)."""


class ErrorValue(str):
    """A cell showing an error value such as #REF! or #N/A."""


@dataclass
class Grid:
    """One sheet's rows as the file holds them, and how to read one cell."""

    rows: Iterable[tuple | list]
    value: Callable = lambda cell: cell
    count: Callable[[], int] | None = None  # the row count, when cheaper than reading


def guarded(items, error: Callable[[], SpreadsheetError], read: Callable = lambda item: item):
    """Yield read(item) for each item, turning whatever a parser raises on a
    damaged or hostile file into the user's SpreadsheetError."""
    iterator = iter(items)
    while True:
        try:
            item = read(next(iterator))
        except StopIteration:
            return
        except SpreadsheetError:
            raise
        except Exception as exc:  # parsers raise anything on bad input
            raise error() from exc
        yield item

"""Spreadsheet files as HTTP responses: written to a temporary file in
constant memory, then streamed; the temporary file is gone when sent.

Every export says who made it and when: an XLSX on its second sheet, a CSV
(which has no room for it without spoiling its columns) in its file name.

`lib.spreadsheets.writer` writes rows; this module writes them for an
account, masked as that account may see them and logged when personal
numbers leave in full. Every app's exports and the download centre's
builder come through here.
"""

import io
import tempfile

from django.core.exceptions import ImproperlyConfigured
from django.http import FileResponse
from django.utils import timezone
from django.utils.text import slugify

from lib.masking import in_full
from lib.spreadsheets.writer import ExportInfo, write_csv, write_xlsx
from orgs.models import AccessSurface
from orgs.privacy import record_access

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def write_spreadsheet(handle, fmt: str, columns, rows, info: ExportInfo) -> int:
    """Write the rows to a binary file as CSV or XLSX; return the row count.

    An export with personal columns must name its user (ExportInfo.by): the
    rows are masked for that user, and a file with the numbers in full is
    logged, once for the whole file.
    """
    personal = {column.personal for column in columns if column.personal}
    delivered: set[str] = set()
    if personal:
        rows = _noting_in_full(rows, columns, delivered)
    if personal and info.user is None:
        raise ImproperlyConfigured(
            f"The export {info.title!r} has personal columns: build its ExportInfo with "
            "ExportInfo.by(user, ...) so that it is masked and logged for that user."
        )
    if fmt == "csv":
        text = io.TextIOWrapper(handle, encoding="utf-8", newline="")
        count = write_csv(text, columns, rows)
        text.flush()
        text.detach()
    else:
        count = write_xlsx(handle, columns, rows, info)
    if personal:
        record_access(
            user=info.user,
            kinds=personal,
            delivered=delivered,
            surface=AccessSurface.EXPORT,
            what=info.kind or info.title,
            rows=count,
        )
    return count


def _noting_in_full(rows, columns, delivered: set[str]):
    """The rows as they are, noting in `delivered` each kind of personal
    column that carried a value in full: the log says what the file holds,
    whatever rule masked it (a role's, or a record's)."""
    personal = [(i, column.personal) for i, column in enumerate(columns) if column.personal]
    for row in rows:
        for i, kind in personal:
            if kind not in delivered and in_full(kind, str(row[i] or "")):
                delivered.add(kind)
        yield row


def file_stamp(user=None) -> str:
    """The minute and, when known, the account: what a file name says of its
    export. ASCII only, so every browser keeps the name as it is."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if user is None:
        return stamp
    return f"{stamp}-{slugify(user.get_username()) or f'user{user.pk}'}"


def spreadsheet_response(
    *, basename: str, columns, rows, info: ExportInfo, fmt: str = "xlsx"
) -> FileResponse:
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it once sent
    stamp = file_stamp(info.user)
    fmt = "csv" if fmt == "csv" else "xlsx"
    write_spreadsheet(handle, fmt, columns, rows, info)
    content_type, extension = ("text/csv; charset=utf-8", "csv") if fmt == "csv" else (XLSX, "xlsx")
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{basename}-{stamp}.{extension}",
        content_type=content_type,
    )

"""Spreadsheet files as HTTP responses: written to a temporary file in
constant memory, then streamed; the temporary file is gone when sent."""

import io
import tempfile

from django.http import FileResponse
from django.utils import timezone

from orgs.spreadsheets import ExportInfo, write_csv, write_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def write_spreadsheet(handle, fmt: str, columns, rows, info: ExportInfo) -> int:
    """Write the rows to a binary file as CSV or XLSX; return the row count."""
    if fmt == "csv":
        text = io.TextIOWrapper(handle, encoding="utf-8", newline="")
        count = write_csv(text, columns, rows)
        text.flush()
        text.detach()
        return count
    return write_xlsx(handle, columns, rows, info)


def spreadsheet_response(
    *, basename: str, columns, rows, info: ExportInfo, fmt: str = "xlsx"
) -> FileResponse:
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it once sent
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
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

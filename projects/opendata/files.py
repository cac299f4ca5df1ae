"""The open data as files at stable addresses: /public/data/ lists them,
/public/data/<dataset>.csv and .json are each dataset whole, serialized as
the API serializes it (`datasets`), so a file and the API agree.

CSV: UTF-8 with a byte-order mark (Excel and LibreOffice then read the
Chinese right), a header row of Chinese column names whatever the visitor's
language, so the file at an address is always the same file; text a
spreadsheet would run as a formula is written behind an apostrophe, numbers
as numbers. Every row ends with when the data was read and its licence, and
the file's name carries the date, so a saved file keeps both. JSON: the
API's envelope (licence, data_as_of) around every record. Counted per client
address like the public forms (lib.throttle)."""

import csv
import io
import json
import re
from decimal import Decimal

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from lib import clock, throttle
from lib.spreadsheets.writer import safe_text

from .api import MAX_AGE, envelope, licence_link
from .datasets import DATASETS

FILE_LANGUAGE = "zh-hans"
THROTTLE_SCOPE = "open_data_file"
NUMBER = re.compile(r"-?\d+(\.\d+)?")  # an id, a count, an amount: typed as a number


@require_safe
def index(request):
    """Each dataset: what it holds, its columns, its files and its API."""
    return _cached(
        render(
            request,
            "public/open_data.html",
            {
                "datasets": [
                    {
                        "dataset": dataset,
                        "csv": reverse("open_data:csv", args=[name]),
                        "json": reverse("open_data:json", args=[name]),
                        "api": reverse(f"api:open-data-{name}"),
                    }
                    for name, dataset in DATASETS.items()
                ],
                "licence": settings.OPEN_DATA_LICENCE,
                "data_as_of": clock.now(),
            },
        )
    )


def csv_cell(value) -> str:
    """A value as the file writes it: numbers as they are (a spreadsheet
    types them as numbers), any other text that a spreadsheet would run as a
    formula (=, +, -, @, a tab or a return first) behind an apostrophe."""
    if isinstance(value, int | float | Decimal) or NUMBER.fullmatch(str(value)):
        return str(value)
    return safe_text(str(value))


def csv_text(dataset, read_at) -> str:
    """The header row, then every row; each row ends with when the data was
    read and under which licence, so a saved file still says both."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    licence = settings.OPEN_DATA_LICENCE
    about = [read_at.isoformat(timespec="seconds"), f"{licence['name']} {licence['url']}"]
    with translation.override(FILE_LANGUAGE):
        writer.writerow([str(column.label) for column in dataset.columns] + about_columns())
        for record in dataset.records({}):
            writer.writerows([list(map(csv_cell, row)) + about for row in dataset.csv_rows(record)])
    return buffer.getvalue()


def about_columns() -> list[str]:
    """The last two headings, in the language of the file."""
    return [_("Data as of"), _("Licence")]


def json_text(dataset, read_at) -> str:
    with translation.override(FILE_LANGUAGE):
        body = {
            "dataset": dataset.name,
            "title": str(dataset.title),
            **envelope(read_at),
            "records": list(dataset.records({})),
        }
        return json.dumps(body, ensure_ascii=False, cls=DjangoJSONEncoder)


FORMATS = {
    "csv": (csv_text, "text/csv; charset=utf-8"),
    "json": (json_text, "application/json; charset=utf-8"),
}


@require_safe
def data_file(request, name: str, fmt: str):
    dataset = DATASETS.get(name)
    if dataset is None or fmt not in FORMATS:
        raise Http404
    if throttle.over_limit(request, THROTTLE_SCOPE, settings.OPEN_DATA_FILES_PER_HOUR):
        response = HttpResponse(
            _("Too many downloads from your address. Please try again in an hour."),
            status=429,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = "3600"
        return response
    throttle.count(request, THROTTLE_SCOPE)
    write, content_type = FORMATS[fmt]
    read_at = timezone.localtime(clock.now())
    response = HttpResponse(write(dataset, read_at), content_type=content_type)
    # The time is in the file too (and its name): a saved file keeps it.
    response["X-Data-As-Of"] = read_at.isoformat()
    saved_as = f"{name}-{read_at:%Y%m%d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{saved_as}"'
    response["Link"] = licence_link()
    return _cached(response)


def _cached(response):
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response

"""The open data as files at stable addresses: /public/data/ lists them,
/public/data/<dataset>.csv and .json are each dataset whole, serialized as
the API serializes it (`datasets`), so a file and the API agree.

CSV: UTF-8 with a byte-order mark (Excel and LibreOffice then read the
Chinese right), a header row of Chinese column names whatever the visitor's
language, so the file at an address is always the same file. JSON: the API's
envelope (licence, data_as_of) around every record. Counted per client
address like the public forms (lib.throttle)."""

import csv
import io
import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from lib import clock, throttle

from .api import MAX_AGE, envelope, licence_link
from .datasets import DATASETS

FILE_LANGUAGE = "zh-hans"
THROTTLE_SCOPE = "open_data_file"


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


def csv_text(dataset) -> str:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    with translation.override(FILE_LANGUAGE):
        writer.writerow([str(column.label) for column in dataset.columns])
        for record in dataset.records({}):
            writer.writerows([[str(value) for value in row] for row in dataset.csv_rows(record)])
    return buffer.getvalue()


def json_text(dataset) -> str:
    with translation.override(FILE_LANGUAGE):
        body = {
            "dataset": dataset.name,
            "title": str(dataset.title),
            **envelope(),
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
    read_at = clock.now()
    response = HttpResponse(write(dataset), content_type=content_type)
    # A CSV file has no room for it: the time its data was read, in a header.
    response["X-Data-As-Of"] = read_at.isoformat()
    response["Content-Disposition"] = f'inline; filename="{name}.{fmt}"'
    response["Link"] = licence_link()
    return _cached(response)


def _cached(response):
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response

"""The open data as a JSON API: /api/v1/public/rounds/, projects/, notices/,
funds/, organisations/. Anyone may read them, without an account (no
authentication is even read, so no session or token is needed or logged),
GET only, counted per client address (lib.clients, the platform's one rule)
under the `open_data` rate. Each answer is a page in an envelope that names
the licence and the moment the data was read (`data_as_of`)."""

from django.conf import settings
from django.utils.cache import patch_cache_control
from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.generics import ListAPIView
from rest_framework.pagination import PageNumberPagination
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from lib import clock
from lib.api import ScopedThrottle, refused

from . import filters
from .datasets import DATASETS

TAG = "open data"
# Seconds a browser or proxy may keep an answer: the data changes by the day.
MAX_AGE = 300


def envelope(read_at=None) -> dict:
    """What every answer and file says about itself: its licence, and when
    its data was read (`read_at`, else now)."""
    read_at = read_at or clock.now()
    return {"licence": dict(settings.OPEN_DATA_LICENCE), "data_as_of": read_at.isoformat()}


def licence_link() -> str:
    return f'<{settings.OPEN_DATA_LICENCE["url"]}>; rel="license"'


class OpenDataPages(PageNumberPagination):
    """Numbered pages of 50 (up to 500 with ?page_size=), in the envelope."""

    page_size_query_param = "page_size"
    max_page_size = 500

    def get_paginated_response(self, data):
        return Response(
            {
                **envelope(),
                "count": self.page.paginator.count,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        paged = super().get_paginated_response_schema(schema)
        paged["properties"] = {
            "licence": {
                "type": "object",
                "properties": {
                    "name": {"type": "string", "example": "CC BY 4.0"},
                    "url": {"type": "string", "format": "uri"},
                },
                "required": ["name", "url"],
            },
            "data_as_of": {"type": "string", "format": "date-time"},
            **paged["properties"],
        }
        paged["required"] = ["licence", "data_as_of", *paged.get("required", [])]
        return paged


class OpenDataList(ListAPIView):
    dataset = None  # a datasets.Dataset
    permission_classes = [permissions.AllowAny]
    authentication_classes = []
    throttle_classes = [ScopedThrottle]
    throttle_scope = "open_data"
    pagination_class = OpenDataPages
    http_method_names = ["get", "head"]
    # JSON for browsers too: the browsable API's page would ask for a
    # queryset these lists build from the dataset, and adds nothing here.
    renderer_classes = [JSONRenderer]

    def get_serializer_class(self):
        return self.dataset.serializer

    def list(self, request, *args, **kwargs):
        params = filters.read(self.dataset.filter_class, request.query_params)
        page = self.paginate_queryset(self.dataset.rows(params))
        response = self.get_paginated_response(self.dataset.serialize(page, params))
        response["Link"] = licence_link()
        patch_cache_control(response, public=True, max_age=MAX_AGE)
        return response


def list_view(name: str):
    dataset = DATASETS[name]
    schema = extend_schema(
        tags=[TAG],
        summary=dataset.title,
        description=dataset.description,
        parameters=[dataset.filter_class],
        responses={
            200: dataset.serializer(many=True),
            400: refused("A filter's value is not valid (the message says which and why)"),
        },
    )
    view = type(f"{name.title()}OpenData", (OpenDataList,), {"dataset": dataset})
    return schema(view).as_view()

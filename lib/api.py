"""What every app's JSON API shares: the services' refusals (Django's
ValidationError, already translated) come back as 400 with their messages,
not as a server error; a 404 says "not found" in the user's language; and the schema declares the error answers each
operation can give, so clients (and the schemathesis run in the tests) know
every status code to expect."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, permissions, serializers
from rest_framework.pagination import CursorPagination
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import exception_handler as drf_exception_handler

from lib.clients import client_ip


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(detail=serializers.as_serializer_error(exc))
    elif isinstance(exc, Http404):
        # DRF's translated "Not found.", not get_object_or_404's English
        # "No Ticket matches the given query." naming the model.
        exc = exceptions.NotFound()
    return drf_exception_handler(exc, context)


class ErrorSerializer(serializers.Serializer):
    """DRF's answer for every refusal but a validation error."""

    detail = serializers.CharField()


def refused(description: str) -> OpenApiResponse:
    """A 400 as DRF sends it: each field's messages, `non_field_errors`, or
    `detail` when the request cannot be read."""
    return OpenApiResponse(OpenApiTypes.OBJECT, description=description)


class ApiSchema(AutoSchema):
    """drf-spectacular's schema plus the error answers DRF gives, read from
    the view's own configuration: 400 (and 415) where a body is read, 401 where a
    token or session is read, 403 where an authenticated write may be
    refused, 404 on a looked-up object or a page past the end, 429 where a
    throttle applies. A view's own `extend_schema(responses=...)` wins."""

    def get_paginated_name(self, serializer_name: str) -> str:
        # A list paged by cursor answers without a count: a schema of its own,
        # not the numbered lists' component of the same serializer.
        if isinstance(self._get_paginator(), CursorPagination):
            return f"CursorPaginated{serializer_name}List"
        return super().get_paginated_name(serializer_name)

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code, response in self._error_responses().items():
            if code not in responses:
                responses[code] = self._get_response_for_code(response, code, direction=direction)
        return responses

    def _error_responses(self) -> dict[str, OpenApiResponse]:
        def error(description):
            return OpenApiResponse(ErrorSerializer, description=description)

        errors = {}
        authenticates = bool(self.view.get_authenticators())
        if self.method in ("POST", "PUT", "PATCH"):
            errors["400"] = refused("Refused input, or a step not possible in this state")
            # DRF answers 415 to a body it has no parser for, or whose
            # multipart framing it cannot read.
            errors["415"] = error("A body in a format this endpoint does not read")
        if authenticates:
            errors["401"] = error("No valid token (or session)")
        if authenticates and self.method not in permissions.SAFE_METHODS:
            errors["403"] = error("Not the caller's to do, or a session without its CSRF token")
        paginated = self.method == "GET" and self._is_list_view() and self._get_paginator()
        if "{" in self.path or paginated:
            errors["404"] = error("Not found, or not in the caller's jurisdiction")
        if self.view.get_throttles():
            errors["429"] = error("Too many requests from this address; retry later")
        return errors


class ScopedThrottle(ScopedRateThrottle):
    """DRF's scoped throttle, counting the client by the one rule of
    `lib.clients` (the entry the nearest trusted proxy wrote), not by the
    whole X-Forwarded-For header, which a client can rewrite on every request."""

    def get_ident(self, request):
        return client_ip(request)

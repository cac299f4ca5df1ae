"""What every app's JSON API shares: the services' refusals (Django's
ValidationError, already translated) come back as 400 with their messages,
not as a server error; a 404 says "not found" in the user's language; and the schema declares the error answers each
operation can give, so clients (and the schemathesis run in the tests) know
every status code to expect."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, permissions, serializers, status
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from .clients import client_ip
from .services import accounts
from .tokens import TokenAuthentication, must_change_message


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
    `orgs.clients` (the entry the nearest trusted proxy wrote), not by the
    whole X-Forwarded-For header, which a client can rewrite on every request."""

    def get_ident(self, request):
        return client_ip(request)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send as `Authorization: Token <token>`.")
    expires = serializers.DateTimeField()


class LoginView(APIView):
    """Exchange a username and password for a new API token (throttled).

    Every login issues a token of its own (a phone and a tablet each keep
    theirs); it lasts API_TOKEN_HOURS, until logout, a password change, a
    deactivation, and is refused while the account is locked out."""

    # Reads no token or session: the credentials are the body.
    authentication_classes = []
    permission_classes = [permissions.AllowAny]
    renderer_classes = [JSONRenderer]
    throttle_classes = [ScopedThrottle]
    throttle_scope = "login"

    @extend_schema(
        request=AuthTokenSerializer,
        responses={
            200: TokenSerializer,
            403: OpenApiResponse(
                ErrorSerializer, description="The password was reset and must be changed first"
            ),
        },
    )
    def post(self, request):
        credentials = AuthTokenSerializer(data=request.data, context={"request": request})
        credentials.is_valid(raise_exception=True)
        user = credentials.validated_data["user"]
        if user.must_change_password:
            raise exceptions.PermissionDenied(must_change_message())
        token, key = accounts.issue_token(user=user)
        return Response(TokenSerializer({"token": key, "expires": token.expires_at}).data)


class LogoutView(APIView):
    """End the token this request was made with (the device logs out); the
    account's other devices keep theirs."""

    authentication_classes = [TokenAuthentication]
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        accounts.revoke_token(token=request.auth)
        return Response(status=status.HTTP_204_NO_CONTENT)

"""The residents' API for the WeChat mini-program: ask for a code, trade it
for a token, read "my reports" with the token (`Authorization: Resident
<token>`). The same services and limits as the pages (residents.codes), with
the API's throttles (lib.api.ScopedThrottle) on top; refusals are 400 with
their Chinese messages (lib.api.exception_handler)."""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import extend_schema
from rest_framework import authentication, exceptions, permissions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from lib.api import ScopedThrottle
from lib.clients import client_ip

from . import codes, reports, session
from . import serializers as s


class ResidentAuthentication(authentication.BaseAuthentication):
    """`Authorization: Resident <token>`: the caller is the phone the token
    was issued to (request.auth); there is no user."""

    def authenticate(self, request):
        keyword, _space, token = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
        if keyword != session.TOKEN_KEYWORD:
            return None
        phone = session.phone_for_token(token.strip())
        if phone is None:
            raise exceptions.AuthenticationFailed(
                _("Your sign-in has expired or is not valid; please sign in again.")
            )
        return (AnonymousUser(), phone)

    def authenticate_header(self, request):
        return session.TOKEN_KEYWORD


class ResidentAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "residents.api.ResidentAuthentication"
    name = "residentToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Resident <token>, from POST /api/v1/residents/tokens/",
        }


class IsResident(permissions.BasePermission):
    def has_permission(self, request, view):
        return isinstance(request.auth, str)


class CodeView(APIView):
    """Send a sign-in code by text message to a mobile number."""

    authentication_classes = []
    permission_classes = [permissions.AllowAny]
    throttle_classes = [ScopedThrottle]
    throttle_scope = "resident_codes"

    @extend_schema(
        request=s.ResidentCodeRequestSerializer, responses={202: s.ResidentCodeSentSerializer}
    )
    def post(self, request):
        body = s.ResidentCodeRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        record = codes.request_code(body.validated_data["phone"], address=client_ip(request))
        return Response(
            {
                "detail": _("The code is on its way by text message."),
                "expires_in": settings.RESIDENT_CODE_MINUTES * 60,
                "resend_in": codes.seconds_until_next(record.phone),
            },
            status=status.HTTP_202_ACCEPTED,
        )


class TokenView(APIView):
    """Trade the code for a token that signs the resident in for
    RESIDENT_SESSION_DAYS days."""

    authentication_classes = []
    permission_classes = [permissions.AllowAny]
    throttle_classes = [ScopedThrottle]
    throttle_scope = "resident_tokens"

    @extend_schema(
        request=s.ResidentTokenRequestSerializer, responses={200: s.ResidentTokenSerializer}
    )
    def post(self, request):
        body = s.ResidentTokenRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        phone = codes.verify_code(body.validated_data["phone"], body.validated_data["code"])
        return Response(
            {"token": session.issue_token(phone), "expires_in": session.token_seconds()}
        )


class MyReportsView(APIView):
    """The signed-in resident's tickets and needs, newest first."""

    authentication_classes = [ResidentAuthentication]
    permission_classes = [IsResident]
    throttle_classes = [ScopedThrottle]
    throttle_scope = "resident_reports"

    @extend_schema(responses={200: s.ResidentReportsSerializer})
    def get(self, request):
        phone = request.auth
        body = {"tickets": reports.tickets_of(phone), "needs": reports.needs_of(phone)}
        return Response(s.ResidentReportsSerializer(body).data)

"""The residents' survey for the WeChat mini-program: read the questions and
whether this phone has answered, and answer once.

The resident is who `residents.session.signed_in_phone` says (the session of
a phone signed in by code, or the residents app's own token header); no
staff token is read. A session is held to its CSRF token on a POST, as DRF's
SessionAuthentication would.
"""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, status
from rest_framework.authentication import CSRFCheck
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from lib.api import ErrorSerializer, ScopedThrottle
from lib.querystring import id_from
from orgs.models import Organisation
from residents.session import TOKEN_KEYWORD, signed_in_phone

from ..models import QUESTIONS, Level
from ..models.surveys import COMMENT_LENGTH
from ..services import surveys as service
from . import serializers as s


def _check_csrf(request) -> None:
    """A phone signed in by the session cookie: the POST carries the CSRF
    token. Only a resident's token header (which a browser never sends on
    its own) spares it; any other header falls back to the session, and so
    to the check."""
    if request.META.get("HTTP_AUTHORIZATION", "").startswith(f"{TOKEN_KEYWORD} "):
        return
    check = CSRFCheck(lambda _request: None)
    check.process_request(request._request)
    reason = check.process_view(request._request, None, (), {})
    if reason:
        raise PermissionDenied(f"CSRF Failed: {reason}")


class SurveyView(APIView):
    """The survey of one organisation (群众评)."""

    permission_classes = [permissions.AllowAny]
    authentication_classes = []
    throttle_classes = [ScopedThrottle]
    throttle_scope = "survey"

    def _organisation(self, pk):
        return get_object_or_404(Organisation.objects.only("pk", "name", "status"), pk=id_from(pk))

    @extend_schema(responses={200: s.SurveySerializer})
    def get(self, request, pk):
        org = self._organisation(pk)
        year = service.survey_year()
        why = service.refusal(org, year)
        phone = signed_in_phone(request)
        body = {
            "organisation": org.pk,
            "organisation_name": org.name,
            "year": year,
            "open": why is None,
            "closed_reason": why.messages[0] if why else "",
            "questions": [
                {
                    "field": field,
                    "text": str(text),
                    "choices": [{"value": v, "label": str(label)} for v, label in Level.choices],
                }
                for field, text in QUESTIONS
            ],
            "comment_max_length": COMMENT_LENGTH,
            "signed_in": phone is not None,
            "answered": bool(phone) and service.already_answered(org, phone, year),
        }
        return Response(s.SurveySerializer(body).data)

    @extend_schema(
        request=s.AnswerSerializer,
        responses={
            201: s.AnsweredSerializer,
            400: OpenApiResponse(
                s.RefusalSerializer,
                description="Refused: a closed organisation, or a level off the scale",
            ),
            401: OpenApiResponse(ErrorSerializer, description="No resident signed in by phone"),
            403: OpenApiResponse(ErrorSerializer, description="A session without its CSRF token"),
            409: OpenApiResponse(
                s.RefusalSerializer, description="This phone has already answered this year"
            ),
        },
    )
    def post(self, request, pk):
        org = self._organisation(pk)
        phone = signed_in_phone(request)
        if phone is None:
            return Response({"detail": _not_signed_in()}, status=status.HTTP_401_UNAUTHORIZED)
        _check_csrf(request)
        body = s.AnswerSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            answer = service.answer_survey(organisation=org, phone=phone, **body.validated_data)
        except ValidationError as exc:
            code = getattr(exc, "code", None) or "invalid"
            if not hasattr(exc, "message"):  # refused field by field
                raise
            return Response(
                {"detail": exc.messages[0], "code": code},
                status=status.HTTP_409_CONFLICT if code == "answered" else 400,
            )
        return Response(
            s.AnsweredSerializer(
                {"organisation": org.pk, "year": answer.year, "score": answer.score}
            ).data,
            status=status.HTTP_201_CREATED,
        )


def _not_signed_in() -> str:
    return gettext("Please sign in with your phone number and the code sent to it first.")

"""What every app's JSON API shares: the services' refusals (Django's
ValidationError, already translated) come back as 400 with their messages,
not as a server error."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, serializers
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(detail=serializers.as_serializer_error(exc))
    return drf_exception_handler(exc, context)


class LoginView(ObtainAuthToken):
    """Exchange a username and password for the API token (throttled)."""

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login"

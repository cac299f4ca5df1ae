"""How the API reads a token (`Authorization: Token <key>`).

Kept out of `orgs.api`: DRF resolves DEFAULT_AUTHENTICATION_CLASSES while
`rest_framework.views` is first imported, which `orgs.api` itself imports.
"""

from axes.handlers.proxy import AxesProxyHandler
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's token header, read against `ApiToken`: hashed, expiring, one per
    login, and refused with a clear message when the token has expired or was
    logged out, the password has changed since it was issued, the account is
    deactivated, locked out by django-axes, or must change its password."""

    def authenticate(self, request):
        self._request = request
        return super().authenticate(request)

    def authenticate_credentials(self, key):
        from orgs.models import ApiToken
        from orgs.models.tokens import digest

        token = ApiToken.objects.select_related("user").filter(digest=digest(key)).first()
        if token is None:
            raise exceptions.AuthenticationFailed(
                _("This token is not valid (logged out or replaced); please log in again.")
            )
        user = token.user
        if token.is_expired:
            raise exceptions.AuthenticationFailed(_("This token has expired; please log in again."))
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("This account has been deactivated."))
        if not token.matches_password():
            raise exceptions.AuthenticationFailed(
                _("The password has changed since this token was issued; please log in again.")
            )
        if is_locked_out(self._request, user):
            raise exceptions.AuthenticationFailed(locked_out_message())
        if user.must_change_password:
            raise exceptions.AuthenticationFailed(must_change_message())
        return (user, token)


def is_locked_out(request, user) -> bool:
    """Whether django-axes has locked this account (too many wrong passwords)."""
    http_request = getattr(request, "_request", request)
    return AxesProxyHandler.is_locked(http_request, credentials={"username": user.get_username()})


def locked_out_message():
    return _("This account is locked after too many failed logins; please try again later.")


def must_change_message():
    return _(
        "Your password was reset: change it on the website first, then log in to the app again."
    )

"""Accounts: API tokens, and recovery of a password by a higher role.

Without email there is no reset link: an officer above the account, within
their jurisdiction (PASSWORD_RESETS in orgs.roles), issues a one-time
password. It works for one login, which leads straight to choosing a new
password; until then the account gets no API token.
"""

import secrets

from axes.utils import reset as axes_reset
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from lib import audit
from orgs.models import ApiToken, User

# No 0/O, 1/l/I: read aloud over the phone or copied from a screen.
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789"
ONE_TIME_LENGTH = 12


def issue_token(*, user: User) -> tuple[ApiToken, str]:
    """A fresh API token for `user` (one per login and device); the key is
    returned once, only its digest is stored. The account's expired tokens
    are cleared on the way."""
    with transaction.atomic():
        user.api_tokens.expired().delete()
        return ApiToken.issue(user)


def revoke_token(*, token: ApiToken) -> None:
    """Log one device out."""
    token.delete()


def end_tokens(*, user: User) -> None:
    """Log every device of `user` out (on deactivation: a reactivated
    account logs in again rather than finding its old tokens alive)."""
    user.api_tokens.all().delete()


def reset_password(*, by: User, user: User) -> str:
    """Give `user` a one-time password, returned once to show to `by`.

    The old password and every API token stop working, a lockout by failed
    logins is lifted, and the account must choose a new password at its
    next login. The history records who reset it.
    """
    if not User.objects.resettable_by(by).filter(pk=user.pk).exists():
        raise PermissionDenied
    one_time = "".join(secrets.choice(_ALPHABET) for _ in range(ONE_TIME_LENGTH))
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        user.set_password(one_time)
        user.must_change_password = True
        audit.save(
            user,
            by=by,
            fields=["password", "must_change_password"],
            reason=_("Password reset by %(name)s (%(username)s)")
            % {"name": by.name, "username": by.username},
        )
        user.api_tokens.all().delete()
    axes_reset(username=user.username)
    return one_time


def use_one_time_password(*, user: User) -> None:
    """At the login with a one-time password: it is spent. The session goes
    on (the caller keeps it with update_session_auth_hash) and leads only to
    choosing a new password."""
    user.set_unusable_password()
    user.save(update_fields=["password"])


def choose_password(*, user: User, password: str) -> None:
    """The user's own new password after a reset (validated by the form)."""
    user.set_password(password)
    user.must_change_password = False
    audit.save(user, by=user, fields=["password", "must_change_password"])

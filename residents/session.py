"""A resident signed in by phone and one-time code (no account, no
password): the verified number is kept in the session, and nothing else.

Every resident page and the survey ask `signed_in_phone(request)`; only the
code check (residents.codes) calls `sign_in`.
"""

from django.conf import settings

SESSION_KEY = "resident_phone"


def signed_in_phone(request) -> str | None:
    return request.session.get(SESSION_KEY) or None


def sign_in(request, phone: str) -> None:
    # A new session key: a session fixed by someone else before the sign-in
    # does not become theirs.
    request.session.cycle_key()
    request.session[SESSION_KEY] = phone
    if not request.user.is_authenticated:
        request.session.set_expiry(settings.RESIDENT_SESSION_DAYS * 24 * 3600)


def sign_out(request) -> None:
    request.session.pop(SESSION_KEY, None)

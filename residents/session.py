"""A resident signed in by phone and one-time code (no account, no
password): the verified number is kept in the session, and nothing else.

Every resident page and the survey ask `signed_in_phone(request)`; only the
code check (residents.codes) calls `sign_in`.

The WeChat mini-program has no cookie session: it sends
`Authorization: Resident <token>`, the token from POST
/api/v1/residents/tokens/ (`issue_token`), a signed and dated copy of the
number that lasts RESIDENT_SESSION_DAYS. It is signed, not encrypted (the
number it carries is its holder's own), and it cannot be ended before its
time: the mini-program forgets it to sign out.
"""

from django.conf import settings
from django.core import signing

SESSION_KEY = "resident_phone"
TOKEN_SALT = "residents.api"
TOKEN_KEYWORD = "Resident"


def signed_in_phone(request) -> str | None:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    keyword, _space, token = header.partition(" ")
    if keyword == TOKEN_KEYWORD:
        return phone_for_token(token.strip())
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


def token_seconds() -> int:
    return settings.RESIDENT_SESSION_DAYS * 24 * 3600


def issue_token(phone: str) -> str:
    return signing.TimestampSigner(salt=TOKEN_SALT).sign(phone)


def phone_for_token(token: str) -> str | None:
    try:
        return signing.TimestampSigner(salt=TOKEN_SALT).unsign(token, max_age=token_seconds())
    except signing.BadSignature:  # SignatureExpired included
        return None

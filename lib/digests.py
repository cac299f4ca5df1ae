"""Keyed digests of personal data: a value that must be recognised again (one
survey answer per phone) without being kept.

An HMAC-SHA256 with a key derived from SECRET_KEY for one purpose: the same
phone gives the same digest for the same purpose, a different one for any
other purpose, and without the key the digest cannot be turned back into the
phone by trying every one of China's ~10⁹ mobile numbers.
"""

import hashlib
import hmac

from django.conf import settings
from django.utils.encoding import force_bytes

from .validators import normalise_phone


def keyed_digest(value: str, *, purpose: str) -> str:
    """64 hex characters; the key is derived from SECRET_KEY and `purpose`."""
    key = hashlib.sha256(force_bytes(f"shequ.digest:{purpose}:{settings.SECRET_KEY}")).digest()
    return hmac.new(key, force_bytes(value), hashlib.sha256).hexdigest()


def phone_digest(phone: str, *, purpose: str) -> str:
    """The digest of a phone as normalised everywhere (+86, spaces, dashes)."""
    return keyed_digest(normalise_phone(phone), purpose=purpose)

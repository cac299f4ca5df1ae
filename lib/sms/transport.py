"""One HTTPS exchange with an SMS provider, over the standard library, and
the reasons a failure is given.

Both providers answer JSON, also with their errors (an HTTP 4xx or 5xx
carries a body saying which). A network failure, a timeout or a 5xx without
a readable answer may pass if tried later: retryable. The reason text is
logged (notifications.tasks) and kept on the message record, so it is built
from the provider's code and message only, with any phone number, variable
or long run of digits the provider might echo blotted out.

A timeout may come after the provider took the message, so trying again may
send it twice: a resident getting the same link twice is better than none.
"""

import http.client
import json
import re
import urllib.error
import urllib.request

from django.conf import settings

from . import SendError

REASON_LENGTH = 160
DIGITS = re.compile(r"\+?\d[\d\s-]{5,}\d")


def exchange(request: urllib.request.Request, *, provider: str) -> tuple[int, dict]:
    """Send `request`; return the HTTP status and the JSON answer ({} when
    it is not JSON). Raises a retryable SendError when no answer came."""
    try:
        with urllib.request.urlopen(request, timeout=settings.SMS_TIMEOUT_SECONDS) as response:
            return response.status, _json(response.read())
    except urllib.error.HTTPError as exc:  # 4xx, 5xx: the body says why
        with exc:
            try:
                return exc.code, _json(exc.read())
            except (OSError, http.client.HTTPException):  # cut off mid-body
                return exc.code, {}
    except (OSError, http.client.HTTPException) as exc:
        # URLError, a refused connection, a timeout (TimeoutError is an
        # OSError), a connection cut mid-answer. The exception's own text may
        # name the address; the class name says enough.
        raise SendError(f"{provider}: no answer ({type(exc).__name__})", retryable=True) from None


def _json(raw: bytes) -> dict:
    try:
        answer = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return {}
    return answer if isinstance(answer, dict) else {}


def reason(provider: str, code: str, message: str, *, hide: tuple[str, ...] = ()) -> str:
    """`provider: code: message`, short, without any of `hide` (the phone,
    the variables) nor anything that looks like a phone number."""
    for text in hide:
        if text and len(text) >= 2:
            message = message.replace(text, "…")
    message = DIGITS.sub("…", message)
    text = f"{provider}: {code or 'no code'}: {message}".strip().rstrip(":")
    return text if len(text) <= REASON_LENGTH else text[: REASON_LENGTH - 1] + "…"

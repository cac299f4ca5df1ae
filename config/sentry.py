"""Optional error tracking: Sentry, self-hosted Sentry or GlitchTip.

Off unless SENTRY_DSN is set. When on, events carry no personal data:
`send_default_pii` is off (no user, no address, no cookies), and
`before_send` drops what the SDK would still send (request bodies, cookies,
authorisation and cookie headers, query strings) and masks phone and ID
numbers in every string left (messages, exception values, local variables,
breadcrumbs) with the same rule as the logs (config/logs.py).
"""

from config.logs import scrub

SECRET_HEADERS = {"authorization", "cookie", "x-csrftoken", "proxy-authorization"}
REDACTED = "[removed]"


def _scrub_all(value, depth=0):
    if depth > 20:
        return value
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, dict):
        return {key: _scrub_all(item, depth + 1) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_scrub_all(item, depth + 1) for item in value]
    return value


def before_send(event, hint=None):
    request = event.get("request")
    if isinstance(request, dict):
        for key in ("data", "cookies", "query_string", "env"):
            if key in request:
                request[key] = REDACTED
        headers = request.get("headers")
        if isinstance(headers, dict):
            for name in list(headers):
                if name.lower() in SECRET_HEADERS:
                    headers[name] = REDACTED
    event.pop("user", None)
    return _scrub_all(event)


def init(*, dsn: str, environment: str, release: str, traces_sample_rate: float) -> bool:
    """Start the SDK when a DSN is given; True if it was started."""
    if not dsn:
        return False
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment or None,
        release=release or None,
        send_default_pii=False,
        # Frames' local variables could hold a sign-in code or a message's
        # variables (residents.codes, lib.sms), which scrub() does not know.
        include_local_variables=False,
        max_request_body_size="never",
        before_send=before_send,
        before_send_transaction=before_send,
        traces_sample_rate=traces_sample_rate,
        integrations=[DjangoIntegration(), CeleryIntegration()],
    )
    return True

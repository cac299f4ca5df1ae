"""Text messages (SMS) to a phone: the providers behind one small interface.

    backend().send(phone, template, params) -> the provider's message id

`template` is one of ours (`lib.sms.templates.TEMPLATES`: "code",
"tracking", …), `params` its variables by name. Mainland providers send only
templates approved in advance (fixed wording, a registered signature, short
variables, links only on the office's own registered domain), so the wording
lives at the provider and here only as the reference an office files for
approval (and the text the outbox shows); settings map each of our templates
to the provider's template id.

Backends, by settings.SMS_BACKEND:
- "outbox" (the embedded default): sends nothing. The caller's record of
  the message (notifications.models.TextMessage) is the outbox, readable
  only with DEBUG on.
- "aliyun": Alibaba Cloud SMS (dysmsapi SendSms).
- "tencent": Tencent Cloud SMS (SendSms, API 2021-01-11).
- a dotted path to a class of one's own (WeChat subscription messages, a
  provincial platform's gateway), built with no arguments.

A failed send raises `SendError`, with `retryable` saying whether trying the
same message again later may succeed (a timeout, throttling at the provider)
or never will (a bad number, a template not approved). Its message never
carries the phone or the variables: callers log it.

This package imports no app of ours.
"""

from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string


class SendError(Exception):
    def __init__(self, reason: str, *, retryable: bool):
        super().__init__(reason)
        self.reason = reason
        self.retryable = retryable


class Backend:
    """Send one message; return the provider's id for it."""

    name = ""

    def send(self, phone: str, template: str, params: dict[str, str]) -> str:
        raise NotImplementedError


class OutboxBackend(Backend):
    """Sends nothing: the message's record is the outbox."""

    name = "outbox"

    def send(self, phone: str, template: str, params: dict[str, str]) -> str:
        return ""


BACKENDS = {
    "outbox": "lib.sms.OutboxBackend",
    "aliyun": "lib.sms.aliyun.AliyunBackend",
    "tencent": "lib.sms.tencent.TencentBackend",
}


@cache
def _backend_class(name: str):
    return import_string(BACKENDS.get(name, name))


def backend() -> Backend:
    return _backend_class(settings.SMS_BACKEND)()

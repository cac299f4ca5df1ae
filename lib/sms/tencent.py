"""Tencent Cloud SMS: SendSms (API version 2021-01-11), a JSON POST to
https://sms.tencentcloudapi.com/ signed with TC3-HMAC-SHA256 (Tencent
Cloud's "签名方法 v3"), over the standard library.

Why no SDK: tencentcloud-sdk-python-common brings requests and its own
tree for one signed POST; the signing is the short function below, checked
against that SDK's signer (AbstractClient._get_tc3_signature, Sign.sign_tc3)
with the vectors in lib/tests/test_sms_providers.py. Like the SDK, it signs
the content-type and host headers and the body's SHA-256.

Body: PhoneNumberSet ["+86…"], SmsSdkAppId, SignName, TemplateId and
TemplateParamSet, our variables in the template's order ({1}, {2} … in the
approved wording, lib/sms/templates.py).

The answer is HTTP 200 with {"Response": {...}}: Response.Error for a
refusal of the whole request (a bad signature, throttling), else one
SendStatusSet entry per number, whose Code is "Ok" or says why not.
"""

import hashlib
import hmac
import json
import urllib.request
from datetime import UTC, datetime
from urllib.parse import urlsplit

from django.conf import settings

from . import Backend, SendError
from .templates import TEMPLATES
from .transport import exchange, reason

ENDPOINT = "https://sms.tencentcloudapi.com/"
SERVICE, ACTION, VERSION = "sms", "SendSms", "2021-01-11"
REGION = "ap-guangzhou"  # SMS is served from ap-guangzhou, ap-beijing, ap-nanjing
CONTENT_TYPE = "application/json"
ALGORITHM = "TC3-HMAC-SHA256"

# Worth trying again later: limits (LimitExceeded.PhoneNumberDailyLimit,
# …DeliveryFrequencyLimit, RequestLimitExceeded) and the provider's own
# trouble (InternalError.Timeout, …). Anything else (FailedOperation.*,
# InvalidParameterValue.*, UnauthorizedOperation.*, AuthFailure.*) fails the
# same way again.
RETRYABLE_PREFIXES = ("LimitExceeded", "RequestLimitExceeded", "InternalError")


def _hmac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def authorization(
    *,
    secret_id: str,
    secret_key: str,
    host: str,
    payload: bytes,
    timestamp: int,
    content_type: str = CONTENT_TYPE,
    service: str = SERVICE,
) -> str:
    """The Authorization header of a TC3-HMAC-SHA256 POST to "/"."""
    canonical_request = "\n".join(
        [
            "POST",
            "/",
            "",  # no query string
            f"content-type:{content_type}\nhost:{host}\n",
            "content-type;host",
            hashlib.sha256(payload).hexdigest(),
        ]
    )
    date = datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d")
    scope = f"{date}/{service}/tc3_request"
    to_sign = "\n".join(
        [ALGORITHM, str(timestamp), scope, hashlib.sha256(canonical_request.encode()).hexdigest()]
    )
    key = _hmac(_hmac(_hmac(f"TC3{secret_key}".encode(), date), service), "tc3_request")
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    return (
        f"{ALGORITHM} Credential={secret_id}/{scope}, "
        f"SignedHeaders=content-type;host, Signature={signature}"
    )


class TencentBackend(Backend):
    name = "tencent"

    def send(self, phone: str, template: str, params: dict[str, str]) -> str:
        status, answer = exchange(self.request(phone, template, params), provider=self.name)
        hide = (phone, *(str(value) for value in params.values()))
        response = answer.get("Response")
        if not isinstance(response, dict):  # no readable answer: a gateway or proxy failed
            raise SendError(f"{self.name}: HTTP {status}", retryable=status >= 500 or status == 429)
        if isinstance(response.get("Error"), dict):
            error = response["Error"]
            raise self._error(str(error.get("Code") or ""), str(error.get("Message") or ""), hide)
        statuses = response.get("SendStatusSet")
        first = statuses[0] if isinstance(statuses, list) and statuses else {}
        first = first if isinstance(first, dict) else {}
        code = str(first.get("Code") or "")
        if code == "Ok" and first.get("SerialNo"):
            return str(first["SerialNo"])
        raise self._error(code, str(first.get("Message") or ""), hide)

    def _error(self, code: str, message: str, hide: tuple[str, ...]) -> SendError:
        return SendError(
            reason(self.name, code, message, hide=hide),
            retryable=code.startswith(RETRYABLE_PREFIXES),
        )

    def request(
        self, phone: str, template: str, params: dict[str, str], *, timestamp: int | None = None
    ) -> urllib.request.Request:
        """The signed request (`timestamp` fixed only by tests)."""
        template_id = settings.SMS_TEMPLATE_IDS.get(template, "")
        if not template_id:
            raise SendError(f"tencent: no template id for {template}", retryable=False)
        variables = TEMPLATES[template].variables
        missing = [name for name in variables if name not in params]
        if missing:
            raise SendError(f"tencent: {template} lacks {', '.join(missing)}", retryable=False)
        body = {
            "PhoneNumberSet": [phone if phone.startswith("+") else f"+86{phone}"],
            "SmsSdkAppId": settings.SMS_APP_ID,
            "SignName": settings.SMS_SIGN_NAME,
            "TemplateId": template_id,
            "TemplateParamSet": [str(params[name]) for name in variables],
        }
        payload = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
        endpoint = urlsplit(settings.SMS_ENDPOINT or ENDPOINT)
        timestamp = int(datetime.now(UTC).timestamp()) if timestamp is None else timestamp
        headers = {
            "Host": endpoint.netloc,
            "Content-Type": CONTENT_TYPE,
            "X-TC-Action": ACTION,
            "X-TC-Version": VERSION,
            "X-TC-Timestamp": str(timestamp),
            "X-TC-Region": settings.SMS_REGION or REGION,
            "Authorization": authorization(
                secret_id=settings.SMS_ACCESS_KEY_ID,
                secret_key=settings.SMS_ACCESS_KEY_SECRET,
                host=endpoint.netloc,
                payload=payload,
                timestamp=timestamp,
            ),
        }
        url = f"{endpoint.scheme}://{endpoint.netloc}/"
        return urllib.request.Request(url, data=payload, headers=headers, method="POST")

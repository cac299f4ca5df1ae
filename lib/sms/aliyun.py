"""Alibaba Cloud SMS: dysmsapi SendSms (API version 2017-05-25), over plain
HTTPS with the standard library.

Why no SDK: the official one (alibabacloud-dysmsapi20170525) brings
alibabacloud-tea-openapi, darabonba-core, alibabacloud-credentials, aiohttp,
cryptography and some ten more packages, for one signed POST. The signing
is about thirty lines below and is checked against that SDK's own signer
(lib/tests/test_sms_providers.py holds the vectors).

Signature: V3, ACS3-HMAC-SHA256 (Alibaba Cloud's "V3版本请求体&签名机制"),
not the older RPC V1 HMAC-SHA1 over the sorted query. V3 is what the current
official SDK sends by default (alibabacloud_tea_openapi Client.do_request),
what the documentation asks new callers to use, SHA-256 rather than SHA-1,
and it signs the host and the action's headers as well as the parameters.

The request is the SDK's: POST / with the parameters in the query string
(PhoneNumbers, SignName, TemplateCode, TemplateParam as JSON of our
variables by name) and an empty body; common parameters travel as x-acs-*
headers, every one signed.

The answer: {"Code": "OK", "BizId": …} on success; otherwise Code and
Message, with HTTP 200 for the SMS service's own refusals (isv.*) and
4xx/5xx for the gateway's (a bad signature, throttling).
"""

import hashlib
import hmac
import json
import secrets
import urllib.request
from datetime import UTC, datetime
from urllib.parse import quote, urlsplit

from django.conf import settings

from . import Backend, SendError
from .templates import TEMPLATES
from .transport import exchange, reason

ENDPOINT = "https://dysmsapi.aliyuncs.com/"
ACTION, VERSION = "SendSms", "2017-05-25"
ALGORITHM = "ACS3-HMAC-SHA256"

# Worth trying again later: throttling (per number per minute, hour or day:
# isv.BUSINESS_LIMIT_CONTROL; per account: Throttling.*) and the provider's
# own trouble. Everything else (a bad number, a template or signature not
# approved, wrong keys, an account out of credit) fails the same way again;
# so does the office's own daily or monthly cap set in the console
# (isv.DAY_LIMIT_CONTROL, isv.MONTH_LIMIT_CONTROL), which no retry within
# minutes would lift.
RETRYABLE_CODES = {
    "isv.BUSINESS_LIMIT_CONTROL",
    "isp.SYSTEM_ERROR",
    "isp.GATEWAY_ERROR",
    "ServiceUnavailable",
    "InternalError",
    "SDK.ServerUnreachable",
}
RETRYABLE_PREFIXES = ("Throttling", "ServiceUnavailable", "InternalError")


def encode(text: str) -> str:
    """Percent-encoding as both signature versions want it: RFC 3986, only
    A-Z a-z 0-9 - _ . ~ left as they are (a space is %20, never +)."""
    return quote(text, safe="~")


def authorization(
    *,
    method: str,
    path: str,
    query: dict[str, str],
    headers: dict[str, str],
    payload: bytes,
    key_id: str,
    secret: str,
) -> str:
    """The Authorization header of a V3 request: every header given is signed
    (the caller passes host, content-type and the x-acs-* ones)."""
    canonical_query = "&".join(f"{encode(name)}={encode(query[name])}" for name in sorted(query))
    signed = {name.lower(): value.strip() for name, value in headers.items()}
    names = sorted(signed)
    canonical_headers = "".join(f"{name}:{signed[name]}\n" for name in names)
    signed_headers = ";".join(names)
    canonical_request = "\n".join(
        [
            method,
            path or "/",
            canonical_query,
            canonical_headers,
            signed_headers,
            hashlib.sha256(payload).hexdigest(),
        ]
    )
    to_sign = f"{ALGORITHM}\n{hashlib.sha256(canonical_request.encode()).hexdigest()}"
    signature = hmac.new(secret.encode(), to_sign.encode(), hashlib.sha256).hexdigest()
    return f"{ALGORITHM} Credential={key_id},SignedHeaders={signed_headers},Signature={signature}"


class AliyunBackend(Backend):
    name = "aliyun"

    def send(self, phone: str, template: str, params: dict[str, str]) -> str:
        request = self.request(phone, template, params)
        status, answer = exchange(request, provider=self.name)
        code = str(answer.get("Code") or "")
        if code == "OK" and answer.get("BizId"):
            return str(answer["BizId"])
        hide = (phone, *(str(value) for value in params.values()))
        why = reason(
            self.name, code or f"HTTP {status}", str(answer.get("Message") or ""), hide=hide
        )
        retryable = code in RETRYABLE_CODES or code.startswith(RETRYABLE_PREFIXES)
        if not code:  # no readable answer: the gateway or a proxy failed
            retryable = status >= 500 or status == 429
        raise SendError(why, retryable=retryable)

    def request(
        self,
        phone: str,
        template: str,
        params: dict[str, str],
        *,
        now: datetime | None = None,
        nonce: str = "",
    ) -> urllib.request.Request:
        """The signed request (`now` and `nonce` fixed only by tests)."""
        template_id = settings.SMS_TEMPLATE_IDS.get(template, "")
        if not template_id:
            raise SendError(f"aliyun: no template id for {template}", retryable=False)
        variables = TEMPLATES[template].variables
        missing = [name for name in variables if name not in params]
        if missing:
            raise SendError(f"aliyun: {template} lacks {', '.join(missing)}", retryable=False)
        query = {
            "PhoneNumbers": phone,
            "SignName": settings.SMS_SIGN_NAME,
            "TemplateCode": template_id,
            "TemplateParam": json.dumps(
                {name: str(params[name]) for name in variables},
                ensure_ascii=False,
                separators=(",", ":"),
            ),
        }
        endpoint = urlsplit(settings.SMS_ENDPOINT or ENDPOINT)
        path = endpoint.path or "/"
        payload = b""
        now = now or datetime.now(UTC)
        headers = {
            "host": endpoint.netloc,
            "content-type": "application/x-www-form-urlencoded",
            "x-acs-action": ACTION,
            "x-acs-version": VERSION,
            "x-acs-date": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "x-acs-signature-nonce": nonce or secrets.token_hex(16),
            "x-acs-content-sha256": hashlib.sha256(payload).hexdigest(),
        }
        headers["Authorization"] = authorization(
            method="POST",
            path=path,
            query=query,
            headers=headers,
            payload=payload,
            key_id=settings.SMS_ACCESS_KEY_ID,
            secret=settings.SMS_ACCESS_KEY_SECRET,
        )
        url = f"{endpoint.scheme}://{endpoint.netloc}{path}?" + "&".join(
            f"{encode(name)}={encode(value)}" for name, value in sorted(query.items())
        )
        return urllib.request.Request(url, data=payload, headers=headers, method="POST")

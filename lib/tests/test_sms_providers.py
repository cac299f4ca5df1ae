"""The SMS providers (lib/sms/aliyun.py, lib/sms/tencent.py) against a local
fake of each provider: it checks the request's signature with its own
implementation of the provider's documented algorithm (and refuses a wrong
one, as the provider would), records what arrived and answers as the
provider does: sent, throttled, template not approved, HTTP 500, or nothing
before the timeout. The signing itself is pinned by vectors computed with
the providers' official SDKs."""

import hashlib
import hmac
import json
import logging
import threading
import time
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, quote, urlsplit

import pytest
from django.conf import settings as django_settings

from lib.sms import SendError, backend
from lib.sms.aliyun import AliyunBackend
from lib.sms.templates import TEMPLATES, approval_sheet, render
from lib.sms.tencent import TencentBackend
from notifications import texts
from notifications.models import TextStatus
from notifications.tasks import send_text

PHONE = "13912345678"
KEY_ID, SECRET = "LTAI5tTestKeyId", "TestKeySecret0123456789"
TRACKING = {"number": "1024", "link": "ab3k9mzq"}


# --- Vectors --------------------------------------------------------------
# Checked on 2026-12-07 against the official SDKs, installed apart from the
# project (pip download, a throwaway virtualenv): Alibaba Cloud's
# alibabacloud-tea-openapi 0.4.6, `alibabacloud_tea_openapi.utils.Utils.
# get_authorization(request, "ACS3-HMAC-SHA256", sha256(b"").hex(), key id,
# secret)` with the query and headers below; Tencent Cloud's
# tencentcloud-sdk-python-common 3.1.195, `AbstractClient._get_tc3_signature`
# (which calls `Sign.sign_tc3`) with the body, host, content type and
# timestamp below.

ALIYUN_SIGNED = "content-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version"


def test_aliyun_signs_as_the_official_sdk(settings):
    settings.SMS_ENDPOINT = ""
    settings.SMS_SIGN_NAME = "幸福街道"
    settings.SMS_ACCESS_KEY_ID, settings.SMS_ACCESS_KEY_SECRET = KEY_ID, SECRET
    settings.SMS_TEMPLATE_IDS = {"tracking": "SMS_100002"}
    request = AliyunBackend().request(
        PHONE,
        "tracking",
        TRACKING,
        now=datetime(2026, 12, 7, 4, 30, tzinfo=UTC),
        nonce="3c7f2a9e8b1d4f60a5e2c9b7d1f08e34",
    )
    assert request.get_header("Authorization") == (
        f"ACS3-HMAC-SHA256 Credential={KEY_ID},SignedHeaders={ALIYUN_SIGNED},"
        "Signature=3004c6c2e1caa82de44990dd91b221a74ad35fa3353f7ca4cd4cb502ab3ea671"
    )
    assert request.full_url == (
        "https://dysmsapi.aliyuncs.com/?PhoneNumbers=13912345678"
        "&SignName=%E5%B9%B8%E7%A6%8F%E8%A1%97%E9%81%93&TemplateCode=SMS_100002"
        "&TemplateParam=%7B%22number%22%3A%221024%22%2C%22link%22%3A%22ab3k9mzq%22%7D"
    )


def test_aliyun_encodes_spaces_stars_and_tildes_as_the_official_sdk(settings):
    settings.SMS_ENDPOINT = "http://127.0.0.1:8123/"
    settings.SMS_SIGN_NAME = "幸福街道"
    settings.SMS_ACCESS_KEY_ID, settings.SMS_ACCESS_KEY_SECRET = KEY_ID, SECRET
    settings.SMS_TEMPLATE_IDS = {"reminder": "SMS_100005"}
    request = AliyunBackend().request(
        "13700000001",
        "reminder",
        {"what": "投标 截止*+", "date": "12月9日~"},
        now=datetime(2026, 12, 7, 4, 30, tzinfo=UTC),
        nonce="00000000000000000000000000000001",
    )
    assert request.get_header("Authorization").endswith(
        "Signature=40ffe530cd8362abdafc1461d2b652a8844f319570bd6763879221ef2b4bec12"
    )


def test_tencent_signs_as_the_official_sdk(settings):
    settings.SMS_ENDPOINT = ""
    settings.SMS_SIGN_NAME = "幸福街道"
    settings.SMS_APP_ID = "1400006666"
    settings.SMS_ACCESS_KEY_ID, settings.SMS_ACCESS_KEY_SECRET = KEY_ID, "TestSecretKey0123456789"
    settings.SMS_TEMPLATE_IDS = {"tracking": "1110"}
    request = TencentBackend().request(PHONE, "tracking", TRACKING, timestamp=1796617800)
    assert request.data.decode() == (
        '{"PhoneNumberSet":["+8613912345678"],"SmsSdkAppId":"1400006666","SignName":"幸福街道",'
        '"TemplateId":"1110","TemplateParamSet":["1024","ab3k9mzq"]}'
    )
    assert request.get_header("Authorization") == (
        f"TC3-HMAC-SHA256 Credential={KEY_ID}/2026-12-07/sms/tc3_request, "
        "SignedHeaders=content-type;host, "
        "Signature=5ba01cfeb054410c692a35344ca112921e94468a0d250d0b7956aafd01b4be8b"
    )


# --- The fake providers ---------------------------------------------------


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def aliyun_signature_ok(method, raw_path, headers, body, secret) -> bool:
    """Alibaba Cloud's V3 check, written from its documentation."""
    auth = headers.get("Authorization", "")
    algorithm, _, fields = auth.partition(" ")
    parts = dict(field.split("=", 1) for field in fields.split(",") if "=" in field)
    signed = parts.get("SignedHeaders", "").split(";")
    required = {"host", "x-acs-action", "x-acs-content-sha256", "x-acs-date"}
    if algorithm != "ACS3-HMAC-SHA256" or not required <= set(signed):
        return False
    if headers.get("x-acs-content-sha256") != _sha256(body):
        return False
    url = urlsplit(raw_path)
    query = sorted(parse_qsl(url.query, keep_blank_values=True))
    canonical = "\n".join(
        [
            method,
            url.path,
            "&".join(f"{quote(k, safe='~')}={quote(v, safe='~')}" for k, v in query),
            "".join(f"{name}:{headers.get(name, '').strip()}\n" for name in signed),
            ";".join(signed),
            _sha256(body),
        ]
    )
    to_sign = "ACS3-HMAC-SHA256\n" + _sha256(canonical.encode())
    expected = hmac.new(secret.encode(), to_sign.encode(), hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, parts.get("Signature", ""))


def tencent_signature_ok(headers, body, secret) -> bool:
    """Tencent Cloud's TC3-HMAC-SHA256 check, written from its documentation."""
    auth = headers.get("Authorization", "")
    algorithm, _, fields = auth.partition(" ")
    parts = dict(f.strip().split("=", 1) for f in fields.split(",") if "=" in f)
    timestamp = int(headers.get("X-TC-Timestamp", "0"))
    if abs(time.time() - timestamp) > 300:
        return False  # the provider refuses a request five minutes off
    date = datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d")
    _id, _, scope = parts.get("Credential", "").partition("/")
    if algorithm != "TC3-HMAC-SHA256" or scope != f"{date}/sms/tc3_request":
        return False
    canonical = (
        f"POST\n/\n\ncontent-type:{headers.get('Content-Type')}\nhost:{headers.get('Host')}\n"
        f"\ncontent-type;host\n{_sha256(body)}"
    )
    to_sign = f"TC3-HMAC-SHA256\n{timestamp}\n{scope}\n{_sha256(canonical.encode())}"
    key = ("TC3" + secret).encode()
    for part in (date, "sms", "tc3_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    expected = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, parts.get("Signature", ""))


# What each provider says, by the answer a test asks for: (HTTP status, body).
# The refusals echo the phone, as a careless provider message might.
ANSWERS = {
    "aliyun": {
        "ok": (200, {"Code": "OK", "Message": "OK", "BizId": "900619746936498440^0"}),
        "throttled": (
            200,
            {"Code": "isv.BUSINESS_LIMIT_CONTROL", "Message": "触发号码天级流控Permits:10"},
        ),
        "unapproved": (
            200,
            {"Code": "isv.SMS_TEMPLATE_ILLEGAL", "Message": f"该账号下找不到对应模板 {PHONE}"},
        ),
        "busy": (
            400,
            {"Code": "Throttling.User", "Message": "Request was denied due to user flow control."},
        ),
        "bad signature": (
            400,
            {"Code": "SignatureDoesNotMatch", "Message": "Specified signature does not match"},
        ),
    },
    "tencent": {
        "ok": (200, "Ok", "5000:1045710669157053657849499619"),
        "throttled": (200, "LimitExceeded.PhoneNumberDailyLimit", ""),
        "unapproved": (200, "FailedOperation.TemplateIncorrectOrUnapproved", ""),
    },
}


class FakeProvider:
    def __init__(self, provider: str):
        self.provider = provider
        self.answer = "ok"
        self.requests: list[dict] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                fake.requests.append({"path": self.path, "headers": self.headers, "body": body})
                status, payload = fake.reply(self.command, self.path, self.headers, body)
                data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting (the "hang" answer)

            def log_message(self, *args):  # the test's output stays quiet
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}/"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def reply(self, method, path, headers, body):
        if self.answer == "hang":
            time.sleep(1.5)  # past SMS_TIMEOUT_SECONDS: the client has gone
            return 200, b"{}"
        if self.answer == "500":
            return 500, b"<html><body>Internal Server Error</body></html>"
        if self.provider == "aliyun":
            return self._aliyun(method, path, headers, body)
        return self._tencent(headers, body)

    def _aliyun(self, method, path, headers, body):
        ok = aliyun_signature_ok(method, path, headers, body, SECRET)
        right = (
            headers.get("x-acs-action") == "SendSms"
            and headers.get("x-acs-version") == "2017-05-25"
        )
        if not (ok and right):
            return ANSWERS["aliyun"]["bad signature"]
        status, answer = ANSWERS["aliyun"][self.answer]
        return status, {**answer, "RequestId": "F655A8D5-B967-440B-8683-DAD6FF8DE990"}

    def _tencent(self, headers, body):
        if not tencent_signature_ok(headers, body, SECRET):
            error = {"Code": "AuthFailure.SignatureFailure", "Message": "signature mismatch"}
            return 200, {"Response": {"Error": error, "RequestId": "x"}}
        if self.answer == "busy":  # the whole request refused, not one number
            error = {"Code": "RequestLimitExceeded", "Message": "Your request is too frequent."}
            return 200, {"Response": {"Error": error, "RequestId": "x"}}
        sent = json.loads(body)
        status, code, serial = ANSWERS["tencent"][self.answer]
        message = "send success" if code == "Ok" else f"refused for {sent['PhoneNumberSet'][0]}"
        entry = {
            "SerialNo": serial,
            "PhoneNumber": sent["PhoneNumberSet"][0],
            "Fee": 1 if code == "Ok" else 0,
            "SessionContext": "",
            "Code": code,
            "Message": message,
            "IsoCode": "CN",
        }
        return status, {"Response": {"SendStatusSet": [entry], "RequestId": "a0aabda6"}}

    def sent(self) -> dict:
        """The last request's business parameters."""
        last = self.requests[-1]
        if self.provider == "aliyun":
            return dict(parse_qsl(urlsplit(last["path"]).query))
        return json.loads(last["body"])


def _fake(provider, settings):
    fake = FakeProvider(provider)
    settings.SMS_BACKEND = provider
    settings.SMS_ENDPOINT = fake.url
    settings.SMS_SIGN_NAME = "幸福街道"
    settings.SMS_APP_ID = "1400006666"
    settings.SMS_REGION = ""
    settings.SMS_ACCESS_KEY_ID, settings.SMS_ACCESS_KEY_SECRET = KEY_ID, SECRET
    prefix = "SMS_10000" if provider == "aliyun" else "11"
    settings.SMS_TEMPLATE_IDS = {key: f"{prefix}{n}" for n, key in enumerate(TEMPLATES, 1)}
    settings.SMS_TIMEOUT_SECONDS = 0.5
    return fake


@pytest.fixture(params=["aliyun", "tencent"])
def fake(request, settings):
    fake = _fake(request.param, settings)
    yield fake
    fake.stop()


def test_a_sent_message_returns_the_providers_id_and_carries_what_the_template_needs(fake):
    message_id = backend().send(PHONE, "tracking", TRACKING)
    sent = fake.sent()
    if fake.provider == "aliyun":
        assert message_id == "900619746936498440^0"
        assert (sent["PhoneNumbers"], sent["SignName"], sent["TemplateCode"]) == (
            PHONE,
            "幸福街道",
            "SMS_100002",
        )
        assert json.loads(sent["TemplateParam"]) == TRACKING
    else:
        assert message_id == "5000:1045710669157053657849499619"
        assert sent == {
            "PhoneNumberSet": [f"+86{PHONE}"],
            "SmsSdkAppId": "1400006666",
            "SignName": "幸福街道",
            "TemplateId": "112",
            "TemplateParamSet": ["1024", "ab3k9mzq"],  # in the template's order
        }
        headers = fake.requests[-1]["headers"]
        assert (headers["X-TC-Action"], headers["X-TC-Version"], headers["X-TC-Region"]) == (
            "SendSms",
            "2021-01-11",
            "ap-guangzhou",
        )


@pytest.mark.parametrize(
    "answer, retryable, code",
    [
        ("throttled", True, {"aliyun": "isv.BUSINESS_LIMIT_CONTROL", "tencent": "LimitExceeded."}),
        (
            "unapproved",
            False,
            {"aliyun": "isv.SMS_TEMPLATE_ILLEGAL", "tencent": "FailedOperation.Template"},
        ),
        ("busy", True, {"aliyun": "Throttling.User", "tencent": "RequestLimitExceeded"}),
        ("500", True, {"aliyun": "HTTP 500", "tencent": "HTTP 500"}),
        ("hang", True, {"aliyun": "no answer", "tencent": "no answer"}),
    ],
)
def test_a_refusal_says_whether_to_try_again_without_the_phone_or_the_variables(
    fake, answer, retryable, code
):
    fake.answer = answer
    with pytest.raises(SendError) as caught:
        backend().send(PHONE, "tracking", TRACKING)
    assert caught.value.retryable is retryable
    assert code[fake.provider] in caught.value.reason
    for secret in (PHONE, "+86" + PHONE, "ab3k9mzq", "1024"):
        assert secret not in caught.value.reason
    assert len(caught.value.reason) <= 160


def test_a_wrong_secret_is_refused_by_the_fake_as_by_the_provider(fake, settings):
    settings.SMS_ACCESS_KEY_SECRET = "not-the-secret"
    with pytest.raises(SendError) as caught:
        backend().send(PHONE, "tracking", TRACKING)
    assert not caught.value.retryable
    assert "Signature" in caught.value.reason


def test_a_template_without_an_id_or_a_variable_is_not_sent(fake, settings):
    settings.SMS_TEMPLATE_IDS = {}
    with pytest.raises(SendError) as caught:
        backend().send(PHONE, "tracking", TRACKING)
    assert (caught.value.retryable, fake.requests) == (False, [])
    settings.SMS_TEMPLATE_IDS = {"tracking": "1"}
    with pytest.raises(SendError) as caught:
        backend().send(PHONE, "tracking", {"number": "1024"})
    assert "link" in caught.value.reason and fake.requests == []


# --- Through the platform's text messages ---------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("answer", ["ok", "throttled", "unapproved"])
def test_a_text_message_ends_sent_retrying_or_failed_and_the_logs_hold_no_personal_data(
    fake, answer, caplog, django_capture_on_commit_callbacks
):
    fake.answer = answer
    with django_capture_on_commit_callbacks(execute=False):
        [record] = texts.text([PHONE], texts.Text("code", {"code": "482913", "minutes": "5"}))
    with caplog.at_level(logging.DEBUG):
        send_text(record.pk)
    record.refresh_from_db()
    expected = {"ok": TextStatus.SENT, "throttled": TextStatus.RETRYING}
    assert record.status == expected.get(answer, TextStatus.FAILED)
    assert record.backend == fake.provider
    if answer == "ok":
        assert record.provider_id and record.params == {}  # the code is kept nowhere
    else:
        assert record.provider_id == "" and record.error
        assert f"Text message {record.pk} (code) failed" in caplog.text  # the logs were read
    logged = caplog.text + "\n".join(r.getMessage() for r in caplog.records)
    for secret in (
        PHONE,
        "482913",
        "分钟内有效",
        render("code", {"code": "482913", "minutes": "5"}),
    ):
        assert secret not in logged
        assert secret not in record.error


# --- The wording an office files -------------------------------------------


def test_the_readme_lists_the_templates_to_file_as_the_code_has_them():
    readme = (django_settings.BASE_DIR / "README.md").read_text(encoding="utf-8")
    assert approval_sheet() in readme

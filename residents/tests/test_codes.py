"""Sign-in codes: sent within limits per phone and per address, kept as a
keyed hash, working once, for a few minutes, for a few tries; a new code
kills the older one; every refusal changes nothing and sends nothing."""

import contextlib
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import override_settings

from notifications.models import TextMessage
from residents import codes
from residents.models import SignInCode
from residents.tests.conftest import last_code

PHONE = "13912345678"
HERE = "203.0.113.5"
START = datetime(2026, 12, 7, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))

pytestmark = pytest.mark.django_db


def refusal(service, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        service(**kwargs)
    return caught.value


def test_a_code_is_sent_and_only_its_keyed_hash_is_kept():
    record = codes.request_code(" 139 1234 5678 ", address=HERE)
    code = last_code(PHONE)
    assert len(code) == 6 and code.isdigit()
    assert record.phone == PHONE
    assert len(record.code_hash) == 64 and record.code_hash != code
    assert TextMessage.objects.get().params == {"code": code, "minutes": "5"}


def test_a_number_that_is_not_a_mobile_is_refused_in_plain_words():
    for phone in ("0371-12345678", "1234", "", "23912345678"):
        error = refusal(codes.request_code, phone=phone, address=HERE)
        assert error.code == "phone"
        assert "11 位手机号" in error.messages[0]
    assert not SignInCode.objects.exists() and not TextMessage.objects.exists()


def test_the_right_code_signs_in_once():
    codes.request_code(PHONE, address=HERE)
    code = last_code(PHONE)
    assert codes.verify_code(PHONE, code) == PHONE
    assert SignInCode.objects.get().used_at is not None
    error = refusal(codes.verify_code, phone=PHONE, code=code)
    assert (error.code, error.messages) == ("used", ["验证码已使用，请重新获取"])


def test_full_width_digits_and_spaces_are_read_as_typed():
    codes.request_code(PHONE, address=HERE)
    typed = " ".join(chr(ord(d) + 0xFEE0) for d in last_code(PHONE))  # １ ２ ３…
    assert codes.verify_code(PHONE, typed) == PHONE


def test_a_code_expires_on_the_platform_clock():
    with time_machine.travel(START, tick=False) as traveller:
        codes.request_code(PHONE, address=HERE)
        code = last_code(PHONE)
        traveller.shift(timedelta(minutes=5, seconds=1))
        error = refusal(codes.verify_code, phone=PHONE, code=code)
    assert (error.code, error.messages) == ("expired", ["验证码已过期，请重新获取"])
    assert SignInCode.objects.get().used_at is None


def test_wrong_tries_are_counted_and_the_code_dies_at_the_limit():
    codes.request_code(PHONE, address=HERE)
    code = last_code(PHONE)
    wrong = "000000" if code != "000000" else "111111"
    error = refusal(codes.verify_code, phone=PHONE, code=wrong)
    assert (error.code, error.messages) == ("wrong", ["验证码不正确，还可以再试 4 次"])
    for _ in range(4):
        refusal(codes.verify_code, phone=PHONE, code=wrong)
    assert SignInCode.objects.get().wrong_tries == 5
    error = refusal(codes.verify_code, phone=PHONE, code=code)  # the right one, too late
    assert error.code == "tries"
    assert SignInCode.objects.get().used_at is None


def test_no_code_asked_for():
    error = refusal(codes.verify_code, phone=PHONE, code="123456")
    assert error.code == "no_code"


def test_one_code_a_minute_and_five_an_hour_per_phone():
    with time_machine.travel(START, tick=False) as traveller:
        codes.request_code(PHONE, address=HERE)
        error = refusal(codes.request_code, phone=PHONE, address=HERE)
        assert error.code == "too_soon"
        assert "60 秒" in error.messages[0]
        for _ in range(4):
            traveller.shift(timedelta(seconds=61))
            codes.request_code(PHONE, address=HERE)
        traveller.shift(timedelta(seconds=61))
        error = refusal(codes.request_code, phone=PHONE, address=HERE)
        assert error.code == "phone_limit"
        assert TextMessage.objects.count() == 5  # the refusals sent nothing
        traveller.shift(timedelta(hours=1))
        codes.request_code(PHONE, address=HERE)
    assert TextMessage.objects.count() == 6


@override_settings(RESIDENT_CODES_PER_ADDRESS_HOUR=3)
def test_an_address_asking_for_many_phones_is_stopped():
    for n in range(3):
        codes.request_code(f"1391234560{n}", address=HERE)
    error = refusal(codes.request_code, phone="13912345609", address=HERE)
    assert error.code == "address_limit"
    assert TextMessage.objects.count() == 3
    codes.request_code("13912345609", address="198.51.100.7")  # another address still may


def test_a_new_code_kills_the_older_one():
    with time_machine.travel(START, tick=False) as traveller:
        codes.request_code(PHONE, address=HERE)
        first = last_code(PHONE)
        traveller.shift(timedelta(seconds=61))
        codes.request_code(PHONE, address=HERE)
        second = last_code(PHONE)
        if first != second:  # one in a million, the same digits drawn
            error = refusal(codes.verify_code, phone=PHONE, code=first)
            assert error.code == "wrong"
        assert codes.verify_code(PHONE, second) == PHONE
    assert SignInCode.objects.filter(replaced_at__isnull=False).count() == 1


def test_a_flood_of_requests_sends_one_code():
    for _ in range(20):
        with contextlib.suppress(ValidationError):
            codes.request_code(PHONE, address=HERE)
    assert TextMessage.objects.count() == 1
    assert SignInCode.objects.count() == 1


def test_a_code_for_one_phone_does_not_open_another():
    codes.request_code(PHONE, address=HERE)
    codes.request_code("13800000000", address=HERE)
    error = refusal(codes.verify_code, phone="13800000000", code=last_code(PHONE))
    assert error.code == "wrong" or last_code(PHONE) == last_code("13800000000")


def test_a_code_asked_for_reaches_a_number_that_opted_out():
    from notifications import texts

    texts.opt_out(PHONE)
    codes.request_code(PHONE, address=HERE)
    assert TextMessage.objects.get().status == "queued"


def test_codes_of_more_than_a_day_ago_are_forgotten():
    with time_machine.travel(START, tick=False) as traveller:
        codes.request_code(PHONE, address=HERE)
        traveller.shift(timedelta(hours=23))
        codes.request_code("13800000000", address=HERE)
        traveller.shift(timedelta(hours=2))
        assert codes.forget_old_codes() == 1
    assert list(SignInCode.objects.values_list("phone", flat=True)) == ["13800000000"]


@pytest.mark.postgres
def test_the_database_holds_one_open_code_per_phone():
    """Two web machines asking at the same moment both pass the checks; the
    second insert meets the constraint, and request_code turns that into a
    refusal that sent nothing (the transaction with its message rolled back)."""
    from django.db import IntegrityError, transaction

    from lib import clock

    codes.request_code(PHONE, address=HERE)
    with pytest.raises(IntegrityError), transaction.atomic():
        SignInCode.objects.create(phone=PHONE, code_hash="x" * 64, expires_at=clock.now())
    assert SignInCode.objects.count() == 1


def test_a_request_that_loses_the_race_is_refused_and_sends_nothing(monkeypatch):
    codes.request_code(PHONE, address=HERE)
    monkeypatch.setattr(codes, "seconds_until_next", lambda phone: 0)  # the check passed…
    monkeypatch.setattr(  # …and the other machine's code lands before this one's
        SignInCode.objects, "filter", _no_update(SignInCode.objects.filter)
    )
    error = refusal(codes.request_code, phone=PHONE, address=HERE)
    assert error.code == "too_soon"
    assert TextMessage.objects.count() == 1 and SignInCode.objects.count() == 1


def _no_update(real_filter):
    """filter() whose update() replaces nothing, as when another transaction
    inserted the open code after this one's UPDATE ran."""

    def filtered(*args, **kwargs):
        found = real_filter(*args, **kwargs)
        if kwargs.get("replaced_at__isnull"):
            found.update = lambda **values: 0
        return found

    return filtered

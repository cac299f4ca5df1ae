"""Shared by the volunteers' tests: valid ID numbers for a birth date, a
resident signed in by phone, a registration."""

from datetime import date

from stdnum.cn import ric

from residents.session import SESSION_KEY

from .. import services

TODAY = date(2026, 12, 7)


def id_number(born: date, serial: str = "123") -> str:
    body = f"410108{born:%Y%m%d}{serial}"
    return body + ric.calc_check_digit(body + "0")


ADULT_ID = id_number(date(1990, 3, 1))
MINOR_ID = id_number(date(2012, 5, 20), "234")


def sign_in(client, phone: str) -> None:
    session = client.session
    session[SESSION_KEY] = phone
    session.save()


def registered(community, phone="13903710001", number=ADULT_ID, name="陈志远", **kwargs):
    return services.register(
        phone=phone,
        name=name,
        id_number=number,
        community=community,
        skills=kwargs.pop("skills", "理发"),
        availability=kwargs.pop("availability", ["weekend"]),
        **kwargs,
    )

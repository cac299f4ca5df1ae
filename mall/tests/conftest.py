"""A small mall in community A1 (street A), and one in B1 (street B)."""

from dataclasses import dataclass
from datetime import date

import pytest

from orgs.models import Provider, ProviderClerk, ProviderKind
from orgs.services import volunteering
from tests.factories import PersonFactory
from volunteers.models import Volunteer, VolunteerStatus

from ..models import ExchangeRule, Offer

VOLUNTEER_PHONE = "13903710001"
CLERK_PHONE = "13903710009"
OTHER_CLERK_PHONE = "13903710019"


@dataclass
class Mall:
    barber: Provider
    market: Provider
    far: Provider  # street B
    clerk: ProviderClerk
    market_clerk: ProviderClerk
    far_clerk: ProviderClerk
    haircut: Offer
    oil: Offer
    far_offer: Offer
    volunteer: Volunteer
    rule: ExchangeRule


def volunteer_with_points(community, phone, hours, by, status=VolunteerStatus.CONFIRMED):
    person = PersonFactory(name="陈志远", community=community, phone=phone)
    volunteer = Volunteer.objects.create(person=person, phone=phone, status=status)
    if hours:
        volunteering.record_service(
            person=person, served_on=date(2026, 11, 1), hours=hours, activity="环境整治", by=by
        )
    return volunteer


@pytest.fixture
def mall(personas, territory) -> Mall:
    t = territory

    def provider(name, area, kind=ProviderKind.BUSINESS):
        return Provider.objects.create(
            name=name,
            kind=kind,
            area=area,
            address="英才街1号",
            contact_name="王店长",
            contact_phone="13903719999",
        )

    barber = provider("小李理发", t.community_a1)
    market = provider("惠民超市", t.street_a)
    far = provider("长兴药店", t.community_b1)
    haircut = Offer.objects.create(provider=barber, name="理发一次", points=20, stock=5)
    oil = Offer.objects.create(provider=market, name="食用油一桶", points=30, stock=2)
    far_offer = Offer.objects.create(provider=far, name="血压计", points=10, stock=3)
    return Mall(
        barber=barber,
        market=market,
        far=far,
        clerk=ProviderClerk.objects.create(provider=barber, name="李师傅", phone=CLERK_PHONE),
        market_clerk=ProviderClerk.objects.create(
            provider=market, name="赵收银", phone=OTHER_CLERK_PHONE
        ),
        far_clerk=ProviderClerk.objects.create(provider=far, name="钱药师", phone="13903710029"),
        haircut=haircut,
        oil=oil,
        far_offer=far_offer,
        # 5 hours: 50 points at the default rate.
        volunteer=volunteer_with_points(
            t.community_a1, VOLUNTEER_PHONE, 5, personas.community_worker
        ),
        rule=ExchangeRule.objects.create(
            community=t.community_a1, monthly_cap=3, pickup_days=7, note="每月最多兑换三次"
        ),
    )

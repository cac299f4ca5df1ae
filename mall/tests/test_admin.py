"""The offer admin never writes back the stock it showed (exchanges and
returns made while the form was open are kept), and clerks' phones are the
numbers they sign in with."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from orgs.models import Provider, ProviderClerk

from .. import services
from ..models import Offer
from .conftest import CLERK_PHONE, VOLUNTEER_PHONE


def change_form(offer, **changes) -> dict:
    data = {
        "provider": offer.provider_id,
        "name": offer.name,
        "description": offer.description,
        "points": offer.points,
        "stock": offer.stock,  # what the page showed when it was opened
        "active": "on",
        "add_to_stock": 0,
        "_save": "Save",
    }
    return data | changes


def test_an_exchange_made_while_the_form_was_open_is_kept(login, personas, mall):
    client = login(personas.community_worker)
    url = reverse("admin:mall_offer_change", args=[mall.haircut.pk])
    assert client.get(url).status_code == 200
    opened = change_form(mall.haircut, name="理发一次（男士）")
    services.exchange(phone=VOLUNTEER_PHONE, offer_id=mall.haircut.pk)  # stock 5 -> 4
    response = client.post(url, opened)
    assert response.status_code == 302
    mall.haircut.refresh_from_db()
    assert mall.haircut.name == "理发一次（男士）"
    assert mall.haircut.stock == 4


def test_stock_is_added_to_the_row_as_it_is_then(login, personas, mall):
    client = login(personas.community_worker)
    url = reverse("admin:mall_offer_change", args=[mall.haircut.pk])
    opened = change_form(mall.haircut, add_to_stock=3)
    services.exchange(phone=VOLUNTEER_PHONE, offer_id=mall.haircut.pk)
    assert client.post(url, opened).status_code == 302
    mall.haircut.refresh_from_db()
    assert mall.haircut.stock == 4 + 3
    assert client.post(url, change_form(mall.haircut, add_to_stock=-7)).status_code == 302
    mall.haircut.refresh_from_db()
    assert mall.haircut.stock == 0


def test_taking_out_more_than_is_left_is_refused_in_chinese(login, personas, mall):
    client = login(personas.community_worker)
    url = reverse("admin:mall_offer_change", args=[mall.haircut.pk])
    opened = change_form(mall.haircut, add_to_stock=-5, name="改名")
    services.exchange(phone=VOLUNTEER_PHONE, offer_id=mall.haircut.pk)  # 4 left
    response = client.post(url, opened, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    assert "库存" in response.content.decode()
    mall.haircut.refresh_from_db()
    assert (mall.haircut.stock, mall.haircut.name) == (4, "理发一次")


def test_a_new_offer_is_given_its_stock(login, personas, mall):
    client = login(personas.community_worker)
    data = change_form(mall.haircut, name="修剪胡须", stock=8)
    del data["add_to_stock"]
    assert client.post(reverse("admin:mall_offer_add"), data).status_code == 302
    assert Offer.objects.get(name="修剪胡须").stock == 8


@pytest.mark.parametrize(
    "typed", ["+86 139 0371 0002", "139-0371-0002", "１３９ ０３７１ ０００２"]
)
def test_a_clerks_phone_is_stored_as_it_signs_in(mall, typed):
    clerk = ProviderClerk(provider=mall.barber, name="孙师傅", phone=typed)
    clerk.full_clean()
    clerk.save()
    assert clerk.phone == "13903710002"
    assert services.clerk_for("13903710002") == clerk


def test_one_number_in_another_format_is_still_one_clerks(mall):
    spaced = f"+86 {CLERK_PHONE[:3]} {CLERK_PHONE[3:7]} {CLERK_PHONE[7:]}"
    with pytest.raises(ValidationError) as refused:
        ProviderClerk(provider=mall.market, name="孙师傅", phone=spaced).full_clean()
    assert "已是核销人员" in " ".join(refused.value.messages)


def test_a_clerk_needs_a_mobile_number(mall):
    with pytest.raises(ValidationError) as refused:
        ProviderClerk(provider=mall.barber, name="孙师傅", phone="0371-12345678").full_clean()
    assert "phone" in refused.value.message_dict


def test_a_providers_contact_phone_is_normalised(mall, territory):
    provider = Provider(
        name="新华书店",
        kind="business",
        area=territory.community_a1,
        contact_name="周经理",
        contact_phone="+86 139-0371-8888",
    )
    provider.full_clean()
    assert provider.contact_phone == "13903718888"


def test_the_migration_normalises_existing_clerks_phones(mall):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("orgs.migrations.0019_clerks_sign_in_by_mobile")
    ProviderClerk.objects.filter(pk=mall.market_clerk.pk).update(phone="+86 139-0371-0019")
    ProviderClerk.objects.create(provider=mall.far, name="重复", phone="139 0371 0009")
    migration.normalise_clerk_phones(apps, None)
    mall.market_clerk.refresh_from_db()
    assert mall.market_clerk.phone == "13903710019"
    # Already another clerk's number: left for the staff to settle.
    assert ProviderClerk.objects.filter(phone="139 0371 0009").exists()

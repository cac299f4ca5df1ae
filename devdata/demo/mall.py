"""The points mall of 英才社区 (贡享超市): a barber's skilled-resident
service (达人) and a supermarket, a clerk who signs in at /mall/provider/
with DEMO_CLERK_PHONE, offers with stock, the community's exchange rule,
and a volunteer's exchange already picked up (on this month's statement)
beside one awaiting pickup.

The volunteer is 陈志远 (DEMO_VOLUNTEER_PHONE), whom the volunteers' demo
registered and confirmed. Built once."""

from datetime import timedelta

from devdata.demo.orgs import TODAY, ensure
from devdata.demo.volunteers import DEMO_VOLUNTEER_PHONE
from mall import services
from mall.models import Exchange, ExchangeRule, Offer
from orgs.models import Provider, ProviderClerk, ProviderKind, User
from orgs.services import volunteering
from volunteers.models import Volunteer

DEMO_CLERK_PHONE = "13903710009"


def build(demo):
    community = demo.areas["英才社区"]
    worker = User.objects.get(username="community")
    barber = ensure(
        Provider,
        {"name": "老周理发（社区达人）", "area": community},
        {
            "kind": ProviderKind.BUSINESS,
            "address": "英才社区5号楼底商",
            "contact_name": "周建国",
            "contact_phone": "13903710019",
        },
        by=worker,
    )
    market = ensure(
        Provider,
        {"name": "惠邻便民超市", "area": community},
        {
            "kind": ProviderKind.BUSINESS,
            "address": "英才街与文化路交叉口",
            "contact_name": "刘春梅",
            "contact_phone": "13903710029",
        },
        by=worker,
    )
    ensure(ProviderClerk, {"phone": DEMO_CLERK_PHONE}, {"provider": barber, "name": "周小军"})
    ensure(ProviderClerk, {"phone": "13903710039"}, {"provider": market, "name": "刘晓燕"})
    ensure(
        ExchangeRule,
        {"community": community},
        {
            "monthly_cap": 4,
            "pickup_days": 7,
            "note": "领取时请出示领取码；行动不便的老人可请家人代领。",
        },
        by=worker,
    )
    haircut = offer(barber, "理发一次", "老周师傅上门或到店理发，适合行动不便的老人。", 30, 10)
    offer(market, "食用油一桶（5升）", "凭领取码到超市服务台领取。", 80, 6)
    detergent = offer(market, "洗衣液一瓶", "凭领取码到超市服务台领取。", 40, 12)
    if Exchange.objects.exists():
        return
    volunteer = demo_volunteer(community, worker)
    picked = services.exchange(phone=volunteer.phone, offer_id=haircut.pk)
    services.confirm_pickup(phone=DEMO_CLERK_PHONE, code=picked.code)
    services.exchange(phone=volunteer.phone, offer_id=detergent.pk)  # awaiting pickup


def offer(provider, name, description, points, stock):
    return ensure(
        Offer,
        {"provider": provider, "name": name},
        {"description": description, "points": points, "stock": stock},
    )


def demo_volunteer(community, worker) -> Volunteer:
    """陈志远, registered and confirmed by the volunteers' demo (built before
    this one), with enough points for a haircut and a bottle of detergent."""
    volunteer = Volunteer.objects.select_related("person").get(phone=DEMO_VOLUNTEER_PHONE)
    if volunteering.balance(volunteer.person) < 70:
        volunteering.record_service(
            person=volunteer.person,
            served_on=TODAY - timedelta(days=9),
            hours=4,
            activity="重阳节敬老探访",
            by=worker,
        )
    return volunteer

"""Venues (阵地) of the demo: Huiji's seven grid stations and micro-sites
(网格党群服务站, 微站点) made in the communities' spare rooms and held in
custody (代管) by organisations, under the community party organisation's
lead, and 英才社区's party and service centre whose function rooms are kept
open in the evening (延时服务) and at weekends (错峰使用); each with rooms
and hours. Bookings of October and November (the dashboard counts them),
and some to come: 红马甲志愿服务队 meets in its station's evening slot,
王秀兰 (13903710000) has booked the calligraphy room for Saturday's off-peak
slot, and a booking refused for the day's disinfection.

The platforms' specialisms (Shandong: 公益慈善, 文化艺术, 社区服务, 志愿服务)
and their residents' support terms (水电减免, 以服务换租金) are set here too.
Built once (bookings), kept in step (venues, rooms, hours)."""

from datetime import date, time, timedelta

from django.test.utils import override_settings

from devdata.demo.orgs import LEADERS_TEAM, TODAY, ensure, leader_account
from grids.models import Grid
from incubators.models import Platform, Residency, ResidencyStatus, Specialism
from orgs.models import Organisation, User
from orgs.models.organisations import LIVE_STATUSES
from venues import services
from venues.models import Booking, OpeningHours, Room, SlotKind, Venue, VenueKind

DEMO_RESIDENT_PHONE = "13903710000"  # 王秀兰, as in the residents' demo
WEEKDAYS, WED, SAT, SUN = range(5), 2, 5, 6
# (name, kind, community, grid number or None, custodian or None, address, [(room, capacity)])
SITES = [
    ("英才社区第一网格党群服务站", VenueKind.GRID_STATION, "英才社区", 1, LEADERS_TEAM,
     "英才街12号院3号楼一层", [("议事室", 12), ("活动室", 30)]),
    ("英才社区睦邻微站点", VenueKind.MICRO_SITE, "英才社区", 2, None,
     "英才街28号院车棚旁闲置用房", [("书香角", 10)]),
    ("天河社区第二网格党群服务站", VenueKind.GRID_STATION, "天河社区", 2, "天河社区银龄之声合唱队",
     "天河路66号院物业楼二层", [("排练室", 30), ("议事室", 10)]),
    ("天河社区夕阳红微站点", VenueKind.MICRO_SITE, "天河社区", 3, "天河社区夕阳红舞蹈队",
     "天河路88号院老年活动室", [("舞蹈室", 25)]),
    ("新都汇社区网格党群服务站", VenueKind.GRID_STATION, "新都汇社区", 1, "新都汇合唱团",
     "新都汇小区南门商业楼二层", [("合唱排练厅", 50), ("议事室", 12)]),
    ("清华园社区平安微站点", VenueKind.MICRO_SITE, "清华园社区", 1, "清华园社区平安巡逻队",
     "清华园小区东门岗亭旁", [("巡逻队值班室", 8)]),
    ("迎宾社区网格党群服务站", VenueKind.GRID_STATION, "迎宾社区", 1, None,
     "迎宾路18号院2号楼一层", [("活动室", 20)]),
]  # fmt: skip
CENTRE = "英才社区党群服务中心"
SUPPORT_TERMS = "每月为社区开展2次公益活动，抵免场地租金"


def build(demo):
    venues = [site(demo, *row) for row in SITES]
    centre = community_centre(demo)
    platforms_terms()
    if Booking.objects.exists():
        return
    past_bookings(demo, [centre, *venues])
    bookings_to_come(demo, centre, venues)


def _custodian(community, name):
    """The named organisation, or the community's first live one (another
    than the leader's team, which holds the first station)."""
    found = Organisation.objects.filter(status__in=LIVE_STATUSES, area=community)
    if name:
        return found.filter(name=name).first()
    return found.exclude(name=LEADERS_TEAM).order_by("pk").first()


def site(demo, name, kind, community_name, grid_number, custodian_name, address, rooms):
    community = demo.areas[community_name]
    custodian = _custodian(community, custodian_name)
    venue = ensure(
        Venue,
        {"community": community, "name": name},
        {
            "kind": kind,
            "grid": Grid.objects.filter(community=community, number=grid_number).first(),
            "address": address,
            "custodian": custodian,
            "custody_since": date(2024, 3, 1) if custodian else None,
            "note": "社区党组织领导下由社区社会组织托管，欢迎居民和组织预约使用。",
        },
        by=demo.actor,
    )
    for room_name, capacity in rooms:
        ensure(Room, {"venue": venue, "name": room_name}, {"capacity": capacity})
    hours(venue, [(d, time(9), time(11, 30), SlotKind.REGULAR) for d in WEEKDAYS])
    hours(venue, [(d, time(15), time(18), SlotKind.REGULAR) for d in WEEKDAYS])
    hours(venue, [(WED, time(19), time(21), SlotKind.EXTENDED)])
    hours(venue, [(SAT, time(9), time(11, 30), SlotKind.OFF_PEAK)])
    return venue


def community_centre(demo):
    """英才社区's centre, run by the community: its function rooms are open
    on Tuesday and Thursday evenings (延时服务) and weekend mornings (错峰使用)."""
    venue = ensure(
        Venue,
        {"community": demo.areas["英才社区"], "name": CENTRE},
        {
            "kind": VenueKind.COMMUNITY_ROOM,
            "address": "英才街1号",
            "note": "晚间延时服务和周末错峰时段由英才社区红马甲志愿服务队值守。",
        },
        by=demo.actor,
    )
    for room_name, capacity in (("多功能厅", 60), ("书画室", 16), ("舞蹈室", 30)):
        ensure(Room, {"venue": venue, "name": room_name}, {"capacity": capacity})
    hours(venue, [(d, time(8, 30), time(12), SlotKind.REGULAR) for d in WEEKDAYS])
    hours(venue, [(d, time(14, 30), time(18), SlotKind.REGULAR) for d in WEEKDAYS])
    hours(venue, [(d, time(19), time(21), SlotKind.EXTENDED) for d in (1, 3)])
    hours(venue, [(d, time(9), time(11, 30), SlotKind.OFF_PEAK) for d in (SAT, SUN)])
    return venue


def hours(venue, slots):
    for weekday, opens, closes, kind in slots:
        ensure(
            OpeningHours,
            {"venue": venue, "weekday": weekday, "opens": opens},
            {"closes": closes, "kind": kind},
        )


def _book(room, day, start, end, purpose, attendees, **booker):
    # Booked the day before, as it would have been.
    with override_settings(PLATFORM_TODAY=min(day - timedelta(days=1), TODAY)):
        return services.book(
            room_id=room.pk,
            starts_at=services.at(day, start),
            ends_at=services.at(day, end),
            purpose=purpose,
            attendees=attendees,
            **booker,
        )


PURPOSES = [
    "楼院议事协商",
    "合唱排练",
    "书法兴趣小组",
    "老年智能手机培训",
    "四点半课堂",
    "志愿服务例会",
]
NAMES = ["王秀兰", "李桂芝", "赵建华", "孙玉梅", "周国强", "吴淑珍"]


def past_bookings(demo, venues):
    """Residents' and organisations' bookings through October and November:
    mornings, and the stations' Wednesday evenings."""
    rng = demo.rng("venues")
    first = date(2026, 10, 1)
    for v, venue in enumerate(venues):
        rooms = list(venue.rooms.order_by("name"))
        leader = _leader(demo, venue.custodian)
        day = first + timedelta(days=v % 3)
        while day < TODAY - timedelta(days=1):
            if day.weekday() in WEEKDAYS:
                room = rooms[rng.randrange(len(rooms))]
                evening = day.weekday() == WED and venue.kind != VenueKind.COMMUNITY_ROOM
                start, end = (time(19), time(20, 30)) if evening else (time(9), time(11))
                who = rng.randrange(len(NAMES))
                booker = (
                    {"organisation": venue.custodian, "by": leader}
                    if leader and evening
                    else {"phone": f"139037120{v}{who}", "name": NAMES[who]}
                )
                attendees = min(room.capacity, 6 + rng.randrange(10))
                _book(room, day, start, end, PURPOSES[rng.randrange(6)], attendees, **booker)
            day += timedelta(days=4 + rng.randrange(4))


def _leader(demo, organisation) -> User | None:
    if organisation is None:
        return None
    if organisation.name == LEADERS_TEAM:
        return User.objects.filter(username="leader").first()
    return leader_account(demo, organisation)


def _next(weekday: int) -> date:
    day = TODAY + timedelta(days=1)
    while day.weekday() != weekday:
        day += timedelta(days=1)
    return day


def bookings_to_come(demo, centre, venues):
    station = venues[0]
    leader = User.objects.get(username="leader")
    _book(
        station.rooms.get(name="议事室"), _next(WED), time(19), time(20, 30),
        "楼院议事：加装电梯意见征集", 12, organisation=leader.organisation, by=leader,
    )  # fmt: skip
    _book(
        centre.rooms.get(name="书画室"), _next(SAT), time(9), time(11),
        "书法兴趣小组练习", 8, phone=DEMO_RESIDENT_PHONE, name="王秀兰",
    )  # fmt: skip
    refused = _book(
        centre.rooms.get(name="多功能厅"), _next(3), time(15), time(17),
        "广场舞队冬季排练", 25, phone="13903712099", name="赵建华",
    )  # fmt: skip
    services.refuse(
        booking_id=refused.pk,
        by=User.objects.get(username="community"),
        reason="当天下午多功能厅消杀，请改约周五下午",
    )
    choir = venues[4]
    _book(
        choir.rooms.get(name="合唱排练厅"), _next(1), time(15), time(17),
        "新都汇合唱团排练", 40, organisation=choir.custodian, by=_leader(demo, choir.custodian),
    )  # fmt: skip


def platforms_terms():
    """Specialisms for every platform, and the support terms of the street
    centres' residents: water and electricity waived at every other centre,
    rent paid in services by every third resident."""
    specialisms = list(Specialism.objects.order_by("position", "pk"))
    if not specialisms:
        return
    for index, platform in enumerate(Platform.objects.order_by("area__code", "name")):
        if not platform.specialisms.exists():
            picked = {specialisms[index % len(specialisms)]}
            if platform.area.level == "district":
                picked = set(specialisms)
            platform.specialisms.set(picked)
    if Residency.objects.filter(utilities_waived=True).exists():
        return
    residencies = Residency.objects.filter(
        status=ResidencyStatus.RESIDENT, platform__area__level="street"
    ).order_by("platform__area__code", "pk")
    for index, residency in enumerate(residencies):
        residency.utilities_waived = int(residency.platform.area.code[-1]) % 2 == 1
        residency.rent_in_services = index % 3 == 0
        residency.support_terms = SUPPORT_TERMS if residency.rent_in_services else ""
        if residency.utilities_waived or residency.rent_in_services:
            residency.save(update_fields=["utilities_waived", "rent_in_services", "support_terms"])

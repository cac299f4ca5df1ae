"""The demo volunteers of 英才社区, who sign in at /me/ like the demo
resident (the code is in the outbox, DEBUG only) and open /me/volunteer/:

- 陈志远 (DEMO_VOLUNTEER_PHONE), registered and confirmed by the community,
  with service hours and the points they earned, and a certificate issued;
- two more confirmed, people of the community whose service is on record;
- 李文静, registered, waiting for the community (the worker's to-do);
- 陈小雨, 14, waiting for her guardian (陈志远): the consent link is in the
  outbox.

Built once."""

from datetime import timedelta

from lib import clock
from orgs.models import Organisation, Person, ServiceRecord, User
from orgs.services import volunteering
from volunteers import certificates, services
from volunteers.models import Volunteer, VolunteerStatus

DEMO_VOLUNTEER_PHONE = "13903710001"
PENDING_PHONE = "13903710002"
MINOR_PHONE = "13903710003"
# Valid numbers (GB 11643 check digit), made up for the demo.
CHEN_ID = "410108198506154517"
LI_ID = "410108199208213720"
MINOR_ID = "410108201203056025"


def build(demo):
    community = demo.areas["英才社区"]
    if Volunteer.objects.filter(phone=DEMO_VOLUNTEER_PHONE).exists():
        return
    worker = User.objects.get(username="community")
    chen = services.register(
        phone=DEMO_VOLUNTEER_PHONE,
        name="陈志远",
        id_number=CHEN_ID,
        community=community,
        skills="修家电、陪诊",
        availability=["weekday_evening", "weekend"],
    )
    services.confirm(chen, worker)
    team = Organisation.objects.filter(area=community).order_by("pk").first()
    today = clock.today()
    for days_ago, hours, activity in [
        (75, 3, "义务维修小家电"),
        (48, 2, "助老陪伴"),
        (20, 2.5, "义务维修小家电"),
        (6, 2, "楼院巡查"),
    ]:
        volunteering.record_service(
            person=chen.person,
            organisation=team,
            served_on=today - timedelta(days=days_ago),
            hours=hours,
            activity=activity,
            by=worker,
        )
    certificates.issue(chen, worker)
    _confirmed_from_records(community, worker)
    services.register(
        phone=PENDING_PHONE,
        name="李文静",
        id_number=LI_ID,
        community=community,
        skills="辅导功课",
        availability=["weekend"],
    )
    services.register(
        phone=MINOR_PHONE,
        name="陈小雨",
        id_number=MINOR_ID,
        community=community,
        skills="绘画",
        availability=["weekend"],
        guardian_name="陈志远",
        guardian_phone=DEMO_VOLUNTEER_PHONE,
    )


def _confirmed_from_records(community, worker):
    """Two people of the community whose service is already on record,
    registered as volunteers the community confirmed."""
    served = (
        ServiceRecord.objects.filter(person__community=community)
        .values_list("person", flat=True)
        .order_by("person")
        .distinct()
    )
    people = Person.objects.filter(pk__in=served, volunteer__isnull=True).order_by("pk")[:2]
    for index, person in enumerate(people):
        phone = person.phone or f"139037101{index:02d}"
        if Volunteer.objects.filter(phone=phone).exists():
            continue
        Volunteer.objects.create(
            person=person,
            phone=phone,
            skills="",
            availability=["weekend"],
            status=VolunteerStatus.CONFIRMED,
            decided_at=clock.now(),
            decided_by=worker,
        )

"""Activities of 英才社区 on the demo's day (lib.clock.today(), pinned to
devdata.demo.orgs.TODAY while the demo is built): a volunteer service today
with volunteer places (the community worker shows its rotating check-in code
at /activities/<id>/code/), a 书记沙龙 next week open for registration, and
two past activities with their sign-up and sign-in records, the volunteers'
hours and points in the ledger. Built once."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from activities.models import Activity, ActivityKind, ActivityStatus, Attendance, Registration
from lib import clock
from orgs.models import Person, User
from orgs.services.volunteering import record_service

TODAY_SERVICE = "英才社区养老服务站助老志愿服务"


def at(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_current_timezone())


def build(demo):
    community = demo.areas["英才社区"]
    if Activity.objects.filter(title=TODAY_SERVICE).exists():
        return
    worker = User.objects.get(username="community")
    today = clock.today()
    plan = [
        # Open all day, whatever the hour the demo is tried at: volunteers
        # come for a shift, and the check-in code works from 07:30 to 22:00.
        (TODAY_SERVICE, ActivityKind.ACTIVITY, today, 8, 20, 20, 6, "英才社区养老服务站"),
        (
            "第27期书记沙龙：老旧小区加装电梯",
            ActivityKind.SALON,
            today + timedelta(days=7),
            14,
            16,
            30,
            0,
            "英才社区党群服务中心三楼",
        ),
        (
            "重阳节敬老文艺汇演",
            ActivityKind.ACTIVITY,
            today - timedelta(days=14),
            9,
            11,
            40,
            4,
            "英才社区文化广场",
        ),
        (
            "垃圾分类宣传志愿服务",
            ActivityKind.ACTIVITY,
            today - timedelta(days=28),
            8,
            10,
            20,
            4,
            "英才社区南门",
        ),
    ]
    made = []
    for title, kind, day, start, end, places, volunteer_places, venue in plan:
        activity = Activity.objects.create(
            title=title,
            kind=kind,
            area=community,
            venue=venue,
            description="",
            starts_at=at(day, start),
            ends_at=at(day, end),
            places=places,
            volunteer_places=volunteer_places,
            status=ActivityStatus.PUBLISHED,
            created_by=worker,
        )
        Activity.objects.filter(pk=activity.pk).update(created_at=at(day - timedelta(days=7), 10))
        made.append(activity)
    people = list(Person.objects.filter(community=community).order_by("pk")[:10])
    for activity in made[2:]:
        _past(activity, people, demo.rng(f"activity-{activity.title}"))


def _past(activity, people, rng):
    """Sign-ups a week before; sign-ins on the day; the volunteers' hours."""
    day = timezone.localdate(activity.starts_at)
    signed_up = at(day - timedelta(days=rng.randint(3, 8)), rng.randint(8, 20))
    for index, person in enumerate(people):
        serving = index < activity.volunteer_places
        registration = Registration.objects.create(
            activity=activity, person=person, as_volunteer=serving
        )
        Registration.objects.filter(pk=registration.pk).update(registered_at=signed_up)
        if rng.random() < 0.15 and not serving:
            continue  # signed up, did not come
        came = activity.starts_at - timedelta(minutes=rng.randint(0, 20))
        left = activity.ends_at + timedelta(minutes=rng.randint(-25, 10))
        attendance = Attendance(
            activity=activity, person=person, checked_in_at=came, checked_out_at=left
        )
        if serving:
            served = min(left - came, activity.ends_at - activity.starts_at)
            hours = round(served.total_seconds() / 1800) / 2
            attendance.service_record = record_service(
                person=person,
                served_on=day,
                hours=hours,
                activity=activity.title,
                by=activity.created_by,
                organisation=activity.organisation,
            )
        attendance.save()

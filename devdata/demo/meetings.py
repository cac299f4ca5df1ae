"""Demo meetings of 迎宾路街道 (英才社区's street), before the demo's day:

- the 26th 书记沙龙, held on 12 November: the community secretaries signed
  in, its minutes and outcomes recorded, two of 英才社区's residents' needs
  discussed and drafted into a project (社区制单), waiting for the street;
- a 区—街—社 联席会议 on 5 November, with its minutes and a headcount;
- a 三会一课 of the `leader` login's team on 18 November, its members signed in.

And, for the monthly scores the assessments builder writes: an activity with
sign-in records for every organisation and month whose activity item
(签到齐全) gets more than half its points (`sign_ins_for_scores`). Built once.
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from activities import meetings
from activities.meeting_models import MeetingRecord
from activities.models import Activity, ActivityKind, ActivityStatus, Attendance
from devdata.demo.orgs import LEADERS_TEAM, TODAY
from devdata.demo.projects import groups_for
from incubators.models import Fund
from orgs.models import Organisation, Person, User
from projects.services.needs import post_need

SALON = "第26期书记沙龙：老旧小区的停车与适老化"


def _at(day: date, hour: int):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _meeting(street, by, kind, title, day, hours=2, **extra):
    starts = _at(day, 9)
    return Activity.objects.create(
        kind=kind,
        title=title,
        area=extra.pop("area", street),
        starts_at=starts,
        ends_at=starts + timedelta(hours=hours),
        status=ActivityStatus.PUBLISHED,
        created_by=by,
        **extra,
    )


def _sign_in(activity, people):
    Attendance.objects.bulk_create(
        Attendance(activity=activity, person=p, checked_in_at=activity.starts_at) for p in people
    )


def build(demo):
    if Activity.objects.filter(title=SALON).exists():
        return
    street = demo.areas["迎宾路街道"]
    yingcai = demo.areas["英才社区"]
    officer = User.objects.get(username="street")
    worker = User.objects.get(username="community")
    people = list(Person.objects.in_area(street).order_by("pk")[:40])

    salon = _meeting(
        street,
        officer,
        ActivityKind.SALON,
        SALON,
        TODAY - timedelta(days=12),
        venue="迎宾路街道党群服务中心",
        description="各社区党组织书记交流老旧小区停车难、适老化改造的做法。",
    )
    _sign_in(salon, people[:9])
    meetings.record_minutes(
        activity=salon,
        minutes=(
            "英才社区张书记介绍了3号院居民反映的停车难和楼道扶手缺失问题；"
            "迎宾社区、江山社区书记分享了错峰停车和志愿者助老的经验。"
        ),
        outcomes="英才社区将停车秩序和楼道扶手两项需求合并，制单为微项目，报街道审核。",
        headcount=0,
        by=officer,
    )
    needs = [
        post_need(
            by=worker,
            community=yingcai,
            title=title,
            description=text,
            location="英才社区3号院",
            people_affected=affected,
            requester_name="居民代表王女士",
            groups=groups_for(title),
        )
        for title, text, affected in (
            ("3号院停车秩序整治", "夜间车辆乱停，消防通道经常被堵。", 120),
            ("老楼楼道加装扶手", "5栋老楼无扶手，老人上下楼困难。", 80),
        )
    ]
    meetings.link_needs(activity=salon, needs=needs, by=officer)
    meetings.draft_project(
        activity=salon,
        by=worker,
        title="英才社区3号院停车与适老化微改造",
        description="组织居民议事，规划停车位并为老楼加装楼道扶手。",
        deliverables="停车位划线与公约；5栋楼道扶手安装并验收。",
        beneficiaries=200,
        budget_ceiling=30000,
        fund=Fund.objects.get(name="迎宾路街道社区治理基金"),
        starts_on=TODAY + timedelta(days=37),
        ends_on=TODAY + timedelta(days=158),
    )

    joint = _meeting(
        street,
        officer,
        ActivityKind.JOINT,
        "区—街—社联席会议：冬季安全与困难群众帮扶",
        TODAY - timedelta(days=19),
        venue="迎宾路街道办事处三楼会议室",
    )
    meetings.record_minutes(
        activity=joint,
        minutes="区民政局、街道和各社区研究冬季燃气安全排查与困难群众帮扶分工。",
        outcomes="12月10日前完成独居老人走访；各社区报送帮扶名单。",
        headcount=15,
        by=officer,
    )

    team = Organisation.objects.get(name=LEADERS_TEAM)
    lesson = _meeting(
        street,
        User.objects.get(username="leader"),
        ActivityKind.PARTY,
        "三会一课：党课《社区志愿服务中的党员作用》",
        TODAY - timedelta(days=6),
        area=yingcai,
        organisation=team,
        venue="英才社区党群服务站",
    )
    members = list(Person.objects.in_area(yingcai).order_by("pk")[:6])
    _sign_in(lesson, members)
    meetings.record_minutes(
        activity=lesson,
        minutes="党员志愿者学习志愿服务记录规范，交流入户助老经验。",
        outcomes="党员每月至少参加两次志愿服务。",
        headcount=0,
        by=lesson.created_by,
    )


def sign_ins_for_scores(organisation_months, by):
    """One activity with a sign-in for each (organisation, month): what an
    activity item that asks for sign-in records (签到齐全) needs before it
    gets more than half its points. In bulk: there are hundreds."""
    organisation_months = sorted(set(organisation_months), key=lambda p: (p[0].pk, p[1].key))
    if not organisation_months:
        return
    firsts = {}
    for organisation, _month in organisation_months:
        if organisation.pk not in firsts:
            firsts[organisation.pk] = (
                Person.objects.filter(community=organisation.area).order_by("pk").first()
                if organisation.area.level == "community"
                else Person.objects.in_area(organisation.area).order_by("pk").first()
            )
    wanted = [(o, m) for o, m in organisation_months if firsts[o.pk] is not None]
    made = Activity.objects.bulk_create(
        Activity(
            kind=ActivityKind.ACTIVITY,
            title=f"{organisation.name}{month}服务活动",
            area=organisation.area,
            organisation=organisation,
            starts_at=_at(month.start + timedelta(days=9), 9),
            ends_at=_at(month.start + timedelta(days=9), 11),
            status=ActivityStatus.PUBLISHED,
            created_by=by,
        )
        for organisation, month in wanted
    )
    Attendance.objects.bulk_create(
        Attendance(activity=a, person=firsts[o.pk], checked_in_at=a.starts_at)
        for a, (o, _m) in zip(made, wanted, strict=True)
    )
    MeetingRecord.objects.bulk_create(MeetingRecord(activity=a, headcount=12) for a in made)

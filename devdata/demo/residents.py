"""The demo resident, who has no account: one phone (DEMO_RESIDENT_PHONE)
that sent a need through the public form (devdata.demo.projects), reported a
broken stairway light that the community has resolved (the rating link is
in the outbox, and on their "my reports" page) and a blocked drain being
handled now. They sign in at /me/ with that phone and the code the outbox
shows (DEBUG only). And this year's residents' survey, online: answers from
verified phones for two organisations of 英才社区, one with enough to count.
Built once."""

from django.conf import settings

from assessments.models import SurveyAnswer
from assessments.services.surveys import answer_survey
from grids import services
from grids.models import Grid, Source, Ticket, TicketCategory
from orgs.models import Organisation, Status, User

DEMO_RESIDENT_PHONE = "13903710000"
DEMO_RESIDENT_NAME = "王秀兰"


def build(demo):
    reports(demo)
    survey(demo)


def reports(demo):
    community = demo.areas["英才社区"]
    if Ticket.objects.filter(resident_phone=DEMO_RESIDENT_PHONE).exists():
        return
    worker = User.objects.get(username="community")
    grid = Grid.objects.filter(community=community).order_by("pk").first()
    resolved = services.report(
        community=community,
        grid=grid,
        category=TicketCategory.objects.get(name="设施损坏"),
        description="3号楼2单元楼道灯坏了好几天，晚上上下楼看不见，老人容易摔倒。",
        location="英才社区3号楼2单元",
        source=Source.RESIDENT,
        resident_name=DEMO_RESIDENT_NAME,
        resident_phone=DEMO_RESIDENT_PHONE,
    )
    services.accept(ticket=resolved, by=worker)
    services.assign(ticket=resolved, by=worker, user=worker)
    services.resolve(
        ticket=resolved, by=worker, resolution="物业已更换2单元一至六楼的声控灯，照明恢复正常。"
    )
    handling = services.report(
        community=community,
        grid=grid,
        category=TicketCategory.objects.get(name="环境卫生"),
        description="小区南门下水道堵了，一下雨就积水，气味很大。",
        location="英才社区南门",
        source=Source.RESIDENT,
        resident_name=DEMO_RESIDENT_NAME,
        resident_phone=DEMO_RESIDENT_PHONE,
    )
    services.accept(ticket=handling, by=worker)


def survey(demo):
    """This year's survey online: 英才社区's organisations have answers from
    verified phones, the first enough to count, the second not yet; the demo
    resident has answered none (so they can try it)."""
    organisations = list(
        Organisation.objects.filter(area=demo.areas["英才社区"], status=Status.ACTIVE).order_by(
            "pk"
        )
    )[:2]
    if not organisations or SurveyAnswer.objects.filter(organisation__in=organisations).exists():
        return
    rng = demo.rng("survey")
    wanted = settings.ASSESSMENT_RESIDENTS_MIN_ANSWERS
    for organisation, answers in zip(organisations, (wanted + 4, wanted // 3), strict=False):
        for index in range(answers):
            levels = rng.choices([100, 75, 50, 25], [55, 35, 8, 2], k=3)
            answer_survey(
                organisation=organisation,
                phone=f"1390372{organisation.pk % 100:02d}{index:02d}",
                q1=levels[0],
                q2=levels[1],
                q3=levels[2],
                comment=rng.choice(["", "", "活动很贴心", "希望多办几次", "志愿者很耐心"]),
            )

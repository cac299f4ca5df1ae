"""The estate the URL matrix runs against: one sample row of every model
that has an admin or a URL with an id, all in district A (street A,
community A1 where a row sits lower than the district), made through the
services the site itself uses, and a few rows of district B.

Each sample carries a `marker`: a text shown wherever the row is shown, so
a response that must not show the row can be searched for it.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.apps import apps
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone

from activities.models import Activity, ActivityStatus
from assessments.models import (
    AnnualAssessment,
    Indicator,
    Interview,
    MonthlyScore,
    PaperSurvey,
    PeerRating,
    PlatformGrade,
    PlatformQuarter,
    RollupRun,
    SurveyAnswer,
)
from assessments.rollups import run_annual, run_quarterly
from assessments.services import interviews
from downloads.builder import build
from downloads.services import request_download
from grids import services as tickets
from grids.models import PhotoKind, Source, TicketPhoto
from incubators.models import (
    Fund,
    FundSource,
    MonthlyReport,
    PlatformTraining,
    ProgressEntry,
    ProgressReport,
    ProgressStatus,
    QuarterPlan,
    Review,
    ReviewKind,
    ServiceKind,
    SupervisionOrder,
    Task,
    TaskList,
)
from incubators.services import checklists, funds
from lib import audit
from lib.periods import Quarter, Year
from notifications.models import PhoneOptOut, TextMessage
from orgs.models import (
    CalendarDay,
    Commendation,
    ImportJob,
    ImportState,
    MemberRole,
    Membership,
    PointsEntry,
    ServedGroup,
    Talent,
    Training,
)
from orgs.privacy import record_access
from orgs.roles import Role
from orgs.services import filing, volunteering
from projects.models import (
    ActivityPhoto,
    ActivityReport,
    BidMember,
    Direction,
    Expense,
    Objection,
    ObjectionStatus,
    Offer,
    Resource,
    ResourceKind,
)
from projects.services import needs
from tests.assessment_helpers import admit, score, template
from tests.factories import OrganisationFactory, PersonFactory, UserFactory, category
from tests.grid_helpers import photo, resolved
from tests.project_helpers import awarded
from volunteers import certificates as volunteer_certificates
from volunteers import services as volunteer_services

# Where a sample sits, for the invariants: outsiders (district B) must never
# see a DISTRICT_A or STREET_A row; street B's officer never a STREET_A row.
STREET_A = "street A"
DISTRICT_A = "district A"
SHARED = "shared"  # reference data every district uses (categories, holidays…)


@dataclass
class Sample:
    obj: object
    marker: str | None  # shown wherever the row is shown; None: nothing distinctive
    place: str
    history_id: int | None = None  # its latest simple-history row, for history-detail URLs

    @property
    def pk(self):
        """The id its URLs carry (an API token's admin page goes by its user's id)."""
        return self.obj.pk

    @property
    def key(self):
        """The primary key of its table row."""
        return self.obj._meta.pk.value_from_object(self.obj)


@dataclass
class Estate:
    samples: dict[str, Sample] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)  # public links' tokens

    def add(self, name, obj, marker, place):
        history = getattr(type(obj), "history", None)
        key = obj._meta.pk.value_from_object(obj)
        mine = history.filter(**{obj._meta.pk.attname: key}) if history else None
        latest = mine.order_by("-history_id").first() if history else None
        self.samples[name] = Sample(obj, marker, place, latest.history_id if latest else None)

    def __getitem__(self, name) -> Sample:
        return self.samples[name]


def build_estate(territory, personas, platforms, world, grids) -> Estate:
    t, p = territory, personas
    estate = Estate()
    officer, worker, operator = p.street_a_officer, p.community_worker, p.operator

    # --- orgs -----------------------------------------------------------------------------
    account = UserFactory(
        username="zhao_xiaomin", name="赵晓敏", role=Role.COMMUNITY_WORKER, area=t.community_a1
    )
    estate.add("user", account, "赵晓敏", STREET_A)
    estate.add("group", Group.objects.get_or_create(name="街道台账员")[0], "街道台账员", SHARED)
    estate.add("area", t.community_a1, t.community_a1.code, STREET_A)
    estate.add("organisation", p.organisation_a1, "夕阳红合唱团", STREET_A)
    commendation = Commendation.objects.create(
        organisation=p.organisation_a1,
        title="社区治理先进集体",
        awarded_by="金水区民政局",
        awarded_on=date(2026, 1, 20),
    )
    estate.add("commendation", commendation, "社区治理先进集体", STREET_A)
    estate.add("category", category(), None, SHARED)
    estate.add("servedgroup", ServedGroup.objects.get(name="老年人"), None, SHARED)

    photographers = OrganisationFactory(name="英才社区摄影协会", area=t.community_a1)
    application = filing.submit_filing(
        organisation=photographers, by=officer, note="新成立，申请备案"
    )
    estate.add("filingapplication", application, "英才社区摄影协会", STREET_A)

    person = PersonFactory(name="周桂芳", community=t.community_a1, phone="13903712345")
    audit.save(person, by=worker)
    Membership.objects.create(
        person=person, organisation=p.organisation_a1, role=MemberRole.BACKBONE
    )
    estate.add("person", person, "周桂芳", STREET_A)
    talent = Talent.objects.create(
        person=person, skills="剪纸、调解", listed_on=date(2026, 3, 1), listed_by=worker
    )
    estate.add("talent", talent, "剪纸、调解", STREET_A)
    service = volunteering.record_service(
        person=person,
        organisation=p.organisation_a1,
        served_on=date(2026, 10, 29),
        hours=Decimal("3"),
        activity="重阳节敬老探访",
        by=worker,
    )
    estate.add("servicerecord", service, "重阳节敬老探访", STREET_A)
    estate.add(
        "pointsentry", PointsEntry.objects.get(service_record=service), "重阳节敬老探访", STREET_A
    )

    # --- volunteers: one registered, confirmed and certified; a minor awaiting the guardian ---
    volunteer = volunteer_services.register(
        phone="13903712399",
        name="吴志愿",
        id_number="410108199003011236",
        community=t.community_a1,
        skills="修家电",
        availability=["weekend"],
    )
    volunteer_services.confirm(volunteer, worker)
    volunteering.record_service(
        person=volunteer.person,
        organisation=p.organisation_a1,
        served_on=date(2026, 10, 30),
        hours=Decimal("2"),
        activity="社区义务理发",
        by=worker,
    )
    estate.add("volunteer", volunteer, "吴志愿", STREET_A)
    issued = volunteer_certificates.issue(volunteer, worker)
    estate.add("volunteercertificate", issued, issued.number, STREET_A)
    estate.tokens["certificate"] = issued.number
    estate.tokens["certificate_check"] = volunteer_certificates.verify_token(issued)
    minor = volunteer_services.register(
        phone="13903712398",
        name="吴小雨",
        id_number="410108201205202348",
        community=t.community_a1,
        guardian_name="吴建国",
        guardian_phone="13903712397",
    )
    estate.tokens["guardian"] = volunteer_services.guardian_token(minor)
    training = Training(
        topic="社区社会组织财务规范培训",
        held_on=date(2026, 5, 20),
        area=t.community_a1,
        organiser="英才社区居委会",
        headcount=25,
    )
    audit.save(training, by=worker)
    estate.add("training", training, "财务规范培训", STREET_A)

    # --- incubators -----------------------------------------------------------------------
    street = platforms.street_a
    estate.add("platform", street, "新城街道孵化中心", STREET_A)
    # Reference rows the migrations ship, made again if a test flushed them.
    estate.add("servicekind", ServiceKind.objects.get_or_create(name="场地")[0], None, SHARED)
    estate.add("fundsource", FundSource.objects.get(name="福彩公益金"), None, SHARED)
    residency = admit(p.organisation_a1, street, operator)
    residency.agreement = "入驻协议（2025）第7号"
    audit.save(residency, by=operator)
    estate.add("residency", residency, "入驻协议（2025）第7号", STREET_A)
    PlatformTraining.objects.create(platform=street, training=training)

    plan = QuarterPlan(
        platform=street,
        year=2026,
        quarter=4,
        note="第四季度重点：驻园组织规范化",
        created_by=operator,
    )
    audit.save(plan, by=operator)
    item = plan.items.create(title="驻园组织台账规范化", due_on=date(2026, 11, 30))
    estate.add("quarterplan", plan, "驻园组织规范化", STREET_A)

    tasks = TaskList(
        district=t.district_a, year=2026, quarter=4, title="惠济区2026年第四季度任务清单", plan=plan
    )
    audit.save(tasks, by=p.district_officer)
    Task.objects.create(task_list=tasks, title="更新驻园组织台账", due_on=date(2026, 10, 31))
    Task.objects.create(
        task_list=tasks, title="开展轮值授课", due_on=date(2026, 11, 15), plan_item=item
    )
    checklists.issue_task_list(task_list=tasks, by=p.district_officer)
    estate.add("tasklist", tasks, "2026年第四季度任务清单", DISTRICT_A)
    report = ProgressReport.objects.get(task_list=tasks, platform=street)
    estate.add("progressreport", report, "新城街道孵化中心", STREET_A)
    entry = ProgressEntry.objects.filter(report=report).order_by("task__due_on").first()
    checklists.record_progress(
        entry=entry,
        status=ProgressStatus.DONE,
        done_on=date(2026, 10, 28),
        note="已更新12家驻园组织台账",
        by=operator,
    )
    estate.add("progressentry", entry, "已更新12家驻园组织台账", STREET_A)
    checklists.issue_supervision_orders(today=date(2026, 11, 24), by=p.district_officer)
    order = SupervisionOrder.objects.get(platform=street)
    estate.add("supervisionorder", order, "新城街道孵化中心", STREET_A)

    fund = Fund(name="新城街道社区治理基金", area=t.street_a, opened_on=date(2026, 1, 1))
    audit.save(fund, by=officer)
    donation = funds.receive(
        fund=fund,
        amount="5000",
        occurred_on=date(2026, 2, 10),
        counterparty="郑州晨光爱心企业",
        purpose="社区治理捐赠",
        voucher_number="XC-2026-01",
        by=officer,
        source=FundSource.objects.get(name="社会支持"),
    )
    estate.add("fund", fund, "新城街道社区治理基金", STREET_A)
    estate.add("fundentry", donation, "郑州晨光爱心企业", STREET_A)

    monthly = MonthlyReport(
        platform=street,
        year=2025,
        month=10,
        activities_held=6,
        highlights="开展驻园组织培训3场",
        submitted_by=operator,
    )
    audit.save(monthly, by=operator)
    estate.add("monthlyreport", monthly, "开展驻园组织培训3场", STREET_A)
    review = Review(
        platform=street,
        kind=ReviewKind.QUARTERLY,
        year=2025,
        number=4,
        reviewed_on=date(2025, 12, 20),
        reviewers="区民政局",
        findings="台账规范，活动记录完整",
        score=88,
        recorded_by=p.district_officer,
    )
    audit.save(review, by=p.district_officer)
    estate.add("review", review, "台账规范，活动记录完整", STREET_A)

    # --- projects -------------------------------------------------------------------------
    project, bid, other = awarded(world, p)
    estate.add("round", world.round, "2026年公益创投", DISTRICT_A)
    estate.add("project", project, "银龄助餐暖心行动", STREET_A)
    objection = Objection.objects.create(
        notice=project.notices.get(),
        organisation=other.organisation,
        grounds="中标单位的预算明细与方案不符，餐补标准偏高。",
        lodged_by=world.leader_b,
        status=ObjectionStatus.DISMISSED,
        answer="经核查，预算标准在规定范围之内。",
        answered_by=p.street_a_officer,
    )
    estate.add("objection", objection, None, STREET_A)
    estate.add("bid", bid, "三个阶段开展助餐服务", STREET_A)
    # The leader's organisation was invited to the losing bid and never
    # answered: past the close, accepting or declining is refused.
    invited = BidMember.objects.create(
        bid=other,
        project=project,
        organisation=p.organisation_a1,
        work_share="入户探访",
        budget_share=Decimal("1000"),
    )
    estate.add("bid_member", invited, None, STREET_A)
    expense = Expense.objects.create(
        project=project,
        spent_on=date(2026, 12, 1),
        amount=Decimal("86.50"),
        description="购买食材",
        payee="惠民超市",
        receipt=ContentFile(b"%PDF-1.4\n%%EOF\n", name="发票.pdf"),
        recorded_by=p.org_leader,
    )
    estate.add("expense", expense, None, STREET_A)
    activity = ActivityReport.objects.create(
        project=project,
        held_on=date(2026, 12, 1),
        title="第一次送餐",
        description="为老人送餐",
        reported_by=p.org_leader,
    )
    estate.add(
        "activityphoto",
        ActivityPhoto.objects.create(report=activity, image=photo()),
        None,
        STREET_A,
    )
    estate.add("direction", Direction.objects.get_or_create(name="志愿服务项目")[0], None, SHARED)
    need = needs.submit_public_need(
        community=t.community_a1,
        title="楼道加装扶手",
        people_affected=12,
        requester_name="王大爷",
        requester_phone="13903710002",
    )
    estate.add("need", need, "楼道加装扶手", STREET_A)
    estate.tokens["need"] = needs.tracking_token(need)
    offer = Offer(organisation=p.organisation_a1, title="老年合唱教学", capacity="每周2次")
    audit.save(offer, by=p.org_leader)
    estate.add("offer", offer, "老年合唱教学", STREET_A)
    resource = Resource(
        community=t.community_a1, kind=ResourceKind.VENUE, name="居委会二楼多功能厅"
    )
    audit.save(resource, by=worker)
    estate.add("resource", resource, "二楼多功能厅", STREET_A)

    # --- grids ----------------------------------------------------------------------------
    grid = grids.a1
    grid.name = "英才一网格"
    audit.save(grid, by=worker)
    estate.add("grid", grid, "英才一网格", STREET_A)
    ticket = tickets.report(
        community=grid.community,
        grid=grid,
        category=grids.hazard,
        description="楼道堆放杂物，堵塞消防通道。",
        location="7号楼3单元楼道",
        source=Source.GRID,
        reporter=p.grid_member,
        latitude=Decimal("34.861000"),  # on the staff map (grids/map/tickets.json)
        longitude=Decimal("113.611000"),
    )
    estate.tokens["ticket"] = tickets.tracking_token(ticket)
    ticket = resolved(ticket, p)
    estate.tokens["rating"] = tickets.rating_token(ticket)
    estate.add("ticket", ticket, "7号楼3单元", STREET_A)
    shot = TicketPhoto.objects.create(ticket=ticket, kind=PhotoKind.RESOLUTION, image=photo())
    estate.add("ticketphoto", shot, None, STREET_A)
    estate.add("ticketcategory", grids.hazard, None, SHARED)
    holiday = CalendarDay.objects.get_or_create(
        date=date(2026, 10, 1), defaults={"is_working": False, "name": "国庆节"}
    )[0]
    estate.add("calendarday", holiday, None, SHARED)

    # --- assessments: a year of scores, then the rollups as the schedule runs them --------
    estate.add("scoretemplate", template(), None, SHARED)
    weak = OrganisationFactory(name="英才社区太极拳队", area=t.community_a1)
    admit(weak, street, operator)
    for month in (10, 11, 12):
        score(p.organisation_a1, 2025, month, 9.5, operator)
        score(weak, 2025, month, 5.5, operator)
    AnnualAssessment.objects.create(organisation=p.organisation_a1, year=2025, party_score=96)
    paper = PaperSurvey.objects.create(
        organisation=p.organisation_a1,
        year=2025,
        forms=20,
        average=94,
        reason="老年居民填写纸质问卷",
        recorded_by=officer,
    )
    answer = SurveyAnswer.objects.create(
        organisation=p.organisation_a1, year=2025, phone_digest="0" * 64, q1=100, q2=75, q3=75
    )
    AnnualAssessment.objects.create(organisation=weak, year=2025, party_score=60)
    PeerRating.objects.create(
        year=2025, rater=weak, rated=p.organisation_a1, score=92, recorded_by=operator
    )
    run_quarterly(Quarter(2025, 4))
    run_annual(Year(2025))
    estate.add(
        "monthlyscore",
        MonthlyScore.objects.get(organisation=p.organisation_a1, year=2025, month=12),
        "夕阳红合唱团",
        STREET_A,
    )
    interview = interviews.record_interview(
        interview=Interview.objects.get(organisation=weak),
        by=officer,
        held_on=date(2026, 2, 3),
        interviewers="新城街道社会事务办",
        rectification="补齐活动记录，每月开展活动不少于2次",
        deadline=date(2026, 5, 3),
    )
    estate.add("interview", interview, "太极拳队", STREET_A)
    estate.add(
        "annualassessment",
        AnnualAssessment.objects.get(organisation=p.organisation_a1, year=2025),
        "夕阳红合唱团",
        STREET_A,
    )
    estate.add(
        "peerrating", PeerRating.objects.get(rated=p.organisation_a1), "夕阳红合唱团", STREET_A
    )
    estate.add("papersurvey", paper, "夕阳红合唱团", STREET_A)
    estate.add("surveyanswer", answer, "夕阳红合唱团", STREET_A)
    estate.add(
        "platformquarter",
        PlatformQuarter.objects.get(platform=street),
        "新城街道孵化中心",
        STREET_A,
    )
    estate.add(
        "platformgrade", PlatformGrade.objects.get(platform=street), "新城街道孵化中心", STREET_A
    )
    indicator = Indicator.objects.filter(area=t.community_a1).first()
    estate.add("indicator", indicator, t.community_a1.code, STREET_A)
    estate.add("rolluprun", RollupRun.objects.first(), None, SHARED)

    # --- the download centre: a ledger built for street A's officer ---------------------------
    download = request_download(user=officer, kind="organisations", fmt="csv")
    build(download.pk)
    download.refresh_from_db()
    estate.add("download", download, None, STREET_A)

    # --- an organisation ledger street A's officer uploaded, checked and waiting ----------------
    job = ImportJob.objects.create(
        owner=officer, kind="organisations", filename="台账.xlsx", state=ImportState.CHECKED
    )
    estate.add("importjob", job, None, STREET_A)

    # --- who saw personal data, and failed logins (platform administrators only) -----------
    seen = record_access(
        user=officer, kinds=["phone"], surface="admin", what="person", object_id=person.pk
    )
    estate.add("accesslog", seen, None, STREET_A)
    if apps.is_installed("axes"):
        from axes.models import AccessAttempt, AccessFailureLog
        from axes.models import AccessLog as LoginLog

        # Not a persona's name: signing in clears that name's failures.
        where = {"username": "zhou_gf", "ip_address": "10.0.0.8", "user_agent": "Mozilla/5.0"}
        where |= {"http_accept": "text/html", "path_info": "/accounts/login/"}
        attempt = AccessAttempt.objects.create(
            **where, get_data="", post_data="username=zhou_gf", failures_since_start=2
        )
        estate.add("axes.accessattempt", attempt, None, STREET_A)
        estate.add(
            "axes.accessfailurelog", AccessFailureLog.objects.create(**where), None, STREET_A
        )
        estate.add("axes.accesslog", LoginLog.objects.create(**where), None, STREET_A)

    # --- text messages (the resident's need texted its link) and an opt-out: numbers of ----
    # no place (notifications/roles.py)
    estate.add("textmessage", TextMessage.objects.order_by("pk").first(), None, SHARED)
    estate.add("phoneoptout", PhoneOptOut.objects.create(phone="13900009999"), None, SHARED)

    # --- activities: a published one of community A1 (the matrix reads December 2026) ---
    zone = timezone.get_current_timezone()
    gathering = Activity.objects.create(
        title="英才社区重阳敬老活动",
        area=t.community_a1,
        venue="英才社区党群服务中心",
        starts_at=datetime(2026, 12, 15, 9, tzinfo=zone),
        ends_at=datetime(2026, 12, 15, 11, tzinfo=zone),
        places=10,
        volunteer_places=2,
        status=ActivityStatus.PUBLISHED,
        created_by=worker,
    )
    estate.add("activity", gathering, "英才社区重阳敬老活动", STREET_A)
    # --- the points mall: a provider of community A1, its clerk, an offer, the rule, and a ----
    # volunteer's exchange
    from mall import services as mall_services
    from mall.models import ExchangeRule
    from mall.models import Offer as MallOffer
    from orgs.models import Provider, ProviderClerk, ProviderKind
    from volunteers.models import Volunteer, VolunteerStatus

    provider = Provider.objects.create(
        name="英才巧手理发",
        kind=ProviderKind.BUSINESS,
        area=t.community_a1,
        contact_name="李师傅",
        contact_phone="13903710088",
    )
    estate.add("provider", provider, "英才巧手理发", STREET_A)
    clerk = ProviderClerk.objects.create(provider=provider, name="李小妹", phone="13903710089")
    estate.add("providerclerk", clerk, "李小妹", STREET_A)
    mall_offer = MallOffer.objects.create(
        provider=provider, name="免费理发一次", points=10, stock=3
    )
    estate.add("mall.offer", mall_offer, "免费理发一次", STREET_A)
    rule = ExchangeRule.objects.create(community=t.community_a1, note="每月兑换不超过四次")
    estate.add("exchangerule", rule, "每月兑换不超过四次", STREET_A)
    Volunteer.objects.create(person=person, phone="13903710087", status=VolunteerStatus.CONFIRMED)
    made = mall_services.exchange(phone="13903710087", offer_id=mall_offer.pk)
    estate.add("mall.exchange", made, None, STREET_A)

    # --- venues (阵地): a grid station of community A1 held in custody by the leader's ----
    # organisation, a room open every day, and a resident's booking to come
    _venues(estate, t, p)

    # --- district B, so lists have rows the outsider may see ---------------------------------
    b_org = OrganisationFactory(name="黄河社区秧歌队", area=t.community_c1)
    b_person = PersonFactory(name="孙桂兰", community=t.community_c1)
    Membership.objects.create(person=b_person, organisation=b_org)

    for sample in estate.samples.values():
        assert sample.obj is not None and sample.obj.pk is not None, sample
    _meetings(estate, t, p)
    _visits(estate, t, p)
    _stories(estate, t, p)
    _party(estate, t, p, grids)
    _honours(estate, t, p)
    _claims(estate, t, p)
    return estate


def _stories(estate, t, p):
    """Stories and methods (issue 24): a published story of community A1 about
    the leader's organisation, with a cover; a draft the leader submitted; a
    convention of A1; the community types (shared data)."""
    from orgs.models import CommunityType
    from stories import services as story_services
    from stories.models import Convention, Story

    story = Story.objects.create(
        title="微光聚力红马甲",
        summary="英才社区的微故事。",
        body="正文",
        area=t.community_a1,
        author=p.community_worker,
    )
    story.cover.save("cover.jpg", photo(), save=True)
    story.organisations.add(p.organisation_a1)
    story = story_services.publish(story=story, by=p.street_a_officer)
    estate.add("story", story, "微光聚力红马甲", STREET_A)
    leaders = story_services.submit_draft(
        organisation=p.organisation_a1,
        by=p.org_leader,
        kind="case",
        title="惠家故事草稿",
        summary="草稿",
        body="草稿正文",
    )
    estate.add("story.draft", leaders, "惠家故事草稿", STREET_A)
    convention = Convention.objects.create(
        community=t.community_a1,
        title="英才社区居民公约",
        text="爱护楼院环境",
        adopted_on=date(2026, 3, 1),
    )
    estate.add("convention", convention, "英才社区居民公约", STREET_A)
    estate.add("communitytype", CommunityType.objects.get(name="老旧小区"), None, SHARED)
    _subsidies(estate, t, p)
    return estate


def _subsidies(estate, t, p):
    """Issue 24: 英才社区夕阳红合唱团's coming concert and its activity
    subsidy (补贴活动经费) applied for (activities.subsidies)."""
    from activities import subsidies
    from activities.models import Activity, ActivityStatus

    starts = timezone.now() + timedelta(days=10)
    concert = Activity.objects.create(
        title="夕阳红合唱团社区演出",
        area=t.community_a1,
        organisation=p.organisation_a1,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        status=ActivityStatus.PUBLISHED,
        created_by=p.org_leader,
    )
    estate.add("subsidyactivity", concert, None, STREET_A)
    subsidy = subsidies.apply(
        activity=concert,
        amount="1500",
        budget=[["音响租赁", "1000.00"], ["演出服装清洗", "500.00"]],
        purpose="社区演出场地音响",
        by=p.org_leader,
    )
    estate.add("subsidy", subsidy, "夕阳红合唱团社区演出", STREET_A)


def _meetings(estate, t, p):
    """A held 书记沙龙 of street A, its street officer organising it: a
    sign-in recorded by hand and a private photo (activities.meetings)."""
    from activities import meetings
    from activities.models import Activity, ActivityKind, ActivityStatus

    starts = timezone.now() - timedelta(days=2)
    salon = Activity.objects.create(
        kind=ActivityKind.SALON,
        title="楼院停车议事沙龙",
        area=t.street_a,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        status=ActivityStatus.PUBLISHED,
        created_by=p.street_a_officer,
    )
    estate.add("meeting", salon, "楼院停车议事沙龙", STREET_A)
    (signed,) = meetings.add_attendees(
        activity=salon,
        people=[PersonFactory(community=t.community_a1)],
        by=p.street_a_officer,
    )
    estate.add("meetingattendance", signed, None, STREET_A)
    shot = meetings.upload_photo(activity=salon, image=photo(), caption="", by=p.street_a_officer)
    estate.add("meetingphoto", shot, None, STREET_A)


def _visits(estate, t, p):
    """A door-to-door visit of community A1 with a 五老 and a group found,
    neither turned yet (visits.services)."""
    from visits import services as visit_services
    from visits.models import ElderKind, FindingKind, Visit, VisitFinding

    walk = visit_services.record_visit(
        visit=Visit(community=t.community_a1, visited_on=date(2026, 11, 18), address="英才街7号院"),
        findings=[
            VisitFinding(
                kind=FindingKind.ELDER,
                name="郑老师",
                phone="13903716001",
                elder_kind=ElderKind.TEACHER,
            ),
            VisitFinding(
                kind=FindingKind.SELF_ORGANISATION, name="7号院柔力球队", contact_name="韩大姐"
            ),
        ],
        by=p.community_worker,
    )
    estate.add("visit", walk, "英才街7号院", STREET_A)
    estate.add("visitfinding", walk.findings.order_by("id").first(), None, STREET_A)


def _party(estate, t, p, grids):
    """Party-member ties (party/): a household of community A1 linked to a
    party member, a service, a 双报到 registration and its service, a cadre
    sent down, a grid branch, a 六有 tick of the organisation."""
    from party.models import (
        CadreAssignment,
        DualRegistration,
        GridBranch,
        Household,
        HouseholdService,
        HouseholdTie,
        RegisteredService,
        VenueCheck,
        VenueItem,
    )

    member = PersonFactory(name="韩建国", community=t.community_a1, is_party_member=True)
    home = Household.objects.create(
        community=t.community_a1,
        address="英才社区7号楼2单元",
        head_name="曹秀梅",
        head_phone="13903715501",
    )
    estate.add("party.household", home, None, STREET_A)
    tie = HouseholdTie.objects.create(
        party_member=member, household=home, started_on=date(2026, 9, 1)
    )
    estate.add("party.householdtie", tie, "韩建国", STREET_A)
    service = HouseholdService.objects.create(
        household=home, served_by=member, served_on=date(2026, 10, 9), description="代买降压药"
    )
    estate.add("party.householdservice", service, "代买降压药", STREET_A)
    registration = DualRegistration.objects.create(
        person=member,
        employer="惠济区税务局",
        community=t.community_a1,
        registered_on=date(2026, 3, 5),
    )
    estate.add("party.dualregistration", registration, "惠济区税务局", STREET_A)
    given = RegisteredService.objects.create(
        registration=registration, served_on=date(2026, 10, 12), description="楼院政策宣讲"
    )
    estate.add("party.registeredservice", given, "楼院政策宣讲", STREET_A)
    cadre = CadreAssignment.objects.create(
        person=member,
        sent_from="惠济区民政局机关",
        community=t.community_a1,
        starts_on=date(2026, 9, 1),
    )
    estate.add("party.cadreassignment", cadre, "惠济区民政局机关", STREET_A)
    branch = GridBranch.objects.create(
        grid=grids.a1, name="英才一网格临时党支部", secretary=member, founded_on=date(2026, 5, 1)
    )
    estate.add("party.gridbranch", branch, "英才一网格临时党支部", STREET_A)
    p.organisation_a1.party_org_type = "joint"
    p.organisation_a1.save(update_fields=["party_org_type"])
    check = VenueCheck.objects.create(
        organisation=p.organisation_a1,
        item=VenueItem.objects.get(name="有党旗"),
        ticked_on=date(2026, 6, 1),
        note="党旗已悬挂",
    )
    estate.add("party.venuecheck", check, "党旗已悬挂", STREET_A)
    estate.add("party.venueitem", VenueItem.objects.get(name="有书报"), None, SHARED)


def _venues(estate, t, p):
    from datetime import time

    from incubators.models import Specialism
    from venues import services as venue_services
    from venues.models import OpeningHours, Room, Venue, VenueKind

    venue = Venue.objects.create(
        name="英才社区第一网格党群服务站",
        kind=VenueKind.GRID_STATION,
        community=t.community_a1,
        address="英才街12号院",
        custodian=p.organisation_a1,
    )
    estate.add("venue", venue, "英才社区第一网格党群服务站", STREET_A)
    room = Room.objects.create(venue=venue, name="多功能厅", capacity=30)
    estate.add("room", room, None, STREET_A)
    for weekday in range(7):
        OpeningHours.objects.create(venue=venue, weekday=weekday, opens=time(8), closes=time(21))
    day = timezone.localdate() + timedelta(days=2)
    booking = venue_services.book(
        room_id=room.pk,
        starts_at=venue_services.at(day, time(9)),
        ends_at=venue_services.at(day, time(10)),
        purpose="矩阵书法练习",
        attendees=6,
        phone="13903710002",  # the resident of the query counts' pins
        name="王秀兰",
    )
    estate.add("booking", booking, "矩阵书法练习", STREET_A)
    specialism = Specialism.objects.get_or_create(name="公益慈善")[0]
    estate.add("specialism", specialism, None, SHARED)


def _honours(estate, t, p):
    """A member of organisation A1 holding 社会工作师, district A's budget for
    the year and the reward paid for the qualification (honours)."""
    from honours import services as honours_services
    from honours.models import QualificationKind

    holder = PersonFactory(name="王晓燕", community=t.community_a1)
    Membership.objects.create(person=holder, organisation=p.organisation_a1)
    kind = QualificationKind.objects.get(code="social-worker")
    estate.add("qualificationkind", kind, None, SHARED)
    qualification = honours_services.record_qualification(
        person=holder,
        kind=kind,
        certificate_number="B2026410100555",
        obtained_on=date(2026, 6, 20),
        issued_by="人力资源和社会保障部、民政部",
        by=p.community_worker,
    )
    estate.add("qualification", qualification, "B2026410100555", STREET_A)
    budget = honours_services.set_budget(
        area=t.district_a, year=2026, amount=Decimal("300000"), by=p.district_officer
    )
    estate.add("rewardbudget", budget, None, DISTRICT_A)
    reward = honours_services.award(
        qualification=qualification,
        amount=Decimal("2000"),
        decided_on=date(2026, 9, 1),
        by=p.district_officer,
    )
    estate.add("reward", reward, None, STREET_A)


def _claims(estate, t, p):
    """Claims (issue 24): 新城街道妇联 of street A, a resource it offers, and
    its claim of a 微心愿 of community A1."""
    from claims import services as claims
    from claims.models import DepartmentOffer
    from orgs.models import Department, DepartmentKind
    from projects.services import needs

    league = Department.objects.create(
        name="新城街道妇联", kind=DepartmentKind.MASS, area=t.street_a
    )
    account = UserFactory(username="fulian_matrix", role=Role.DEPARTMENT, department=league)
    offer = DepartmentOffer.objects.create(department=league, title="巾帼志愿者上门服务")
    estate.add("departmentoffer", offer, "巾帼志愿者上门服务", STREET_A)
    wish = needs.post_need(
        community=t.community_a1,
        by=p.community_worker,
        title="独居老人想要一台收音机",
        requester_name="王秀英",
    )
    claim = claims.claim_as_department(need_id=wish.pk, user=account, plan="巾帼志愿者送上门")
    estate.add("claim", claim, "独居老人想要一台收音机", STREET_A)

"""Demo data for incubators: Huiji's platforms (1 district, 8 street, a few
community sites, two party-building complexes), their residents, the
checklists of the current quarter with one lagging platform and its
supervision order, a year of monthly reports and reviews, and the
governance funds (1 district, 8 street, 23 community) with their ledgers.

Dates are fixed around the demo's "today" (devdata.demo.orgs.TODAY) so the data is
the same whenever it is built; reruns change nothing.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from devdata.demo.orgs import TODAY, ensure
from incubators.models import (
    Fund,
    FundSource,
    MonthlyReport,
    PlanItem,
    Platform,
    PlatformTraining,
    ProgressStatus,
    QuarterPlan,
    Residency,
    Review,
    ReviewKind,
    ServiceKind,
    SupervisionOrder,
    Task,
    TaskList,
)
from incubators.services import checklists, funds, residency
from lib.periods import Month, Quarter
from orgs.models import Area, Organisation, Status, Training

SUNSHINE = "惠济区阳光社会工作服务中心"
TONGXIN = "惠济区同心社会工作服务中心"
PARTY_COMPLEXES = {"大河路街道", "刘寨街道"}  # Huiji: two street-level 党建综合体
COMMUNITY_SITES = ["英才社区", "天河社区", "新都汇社区"]
LAGGING = "老鸦陈街道"


def build(demo):
    platforms = build_platforms(demo)
    residents(demo, platforms)
    checklist_quarter(demo, platforms)
    reports_and_reviews(demo, platforms)
    rotating_lectures(platforms)
    governance_funds(demo)


def build_platforms(demo):
    district = demo.areas["惠济区"]
    sunshine = Organisation.objects.get(name=SUNSHINE)
    tongxin = Organisation.objects.get(name=TONGXIN)
    all_services = list(ServiceKind.objects.all())
    base = ensure(
        Platform,
        {"name": "惠济区社区社会组织孵化基地", "area": district},
        {
            "operator": sunshine,
            "venue": "惠济区天河路党群服务中心三楼",
            "floor_area": Decimal("2300.0"),
            "is_party_complex": True,
            "opened_on": date(2022, 6, 1),
        },
        by=demo.actor,
    )
    if not base.services.exists():
        base.services.set(all_services)
    platforms = {"惠济区": base}
    for index, street in enumerate(Area.objects.under(district).streets()):
        platform = ensure(
            Platform,
            {"name": f"{street.name}社区社会组织孵化中心", "area": street},
            {
                "parent": base,
                "operator": sunshine if index % 2 == 0 else tongxin,
                "venue": f"{street.name}党群服务中心",
                "floor_area": Decimal(300 + 40 * index),
                "is_party_complex": street.name in PARTY_COMPLEXES,
                "opened_on": date(2022, 9 + index % 3, 1),
            },
            by=demo.actor,
        )
        if not platform.services.exists():
            platform.services.set(all_services[: 5 + index % 5])
        platforms[street.name] = platform
    for name in COMMUNITY_SITES:
        community = demo.areas[name]
        platforms[name] = ensure(
            Platform,
            {"name": f"{name}社会组织孵化园", "area": community},
            {
                "parent": platforms[community.parent.name],
                "operator": sunshine,
                "venue": f"{name}党群服务中心一楼",
                "floor_area": Decimal("120.0"),
                "opened_on": date(2023, 3, 1),
            },
            by=demo.actor,
        )
    return platforms


def residents(demo, platforms):
    """Four or five residents per street platform; some graduated before."""
    if Residency.objects.exists():
        return
    rng = demo.rng("residency")
    for platform in platforms.values():
        if platform.area.level != "street":
            continue
        candidates = list(
            Organisation.objects.in_area(platform.area)
            .filter(status=Status.ACTIVE, area__level="community")
            .order_by("pk")
        )
        chosen = rng.sample(candidates, min(len(candidates), 7))
        for position, organisation in enumerate(chosen):
            entered = date(2024, 1, 1) + timedelta(days=rng.randint(0, 500))
            stay = residency.admit(
                platform=platform,
                organisation=organisation,
                on=entered,
                by=demo.actor,
                agreement=f"入驻协议{entered:%Y}-{position + 1:03d}",
            )
            stay.services.set(platform.services.all()[:3])
            if position >= 5:  # the first five stay; the others have graduated
                residency.graduate(
                    residency=stay,
                    on=min(
                        entered + timedelta(days=rng.randint(240, 420)), TODAY - timedelta(days=10)
                    ),
                    outcome="完成章程制定与备案，能够独立开展服务，出壳。",
                    by=demo.actor,
                )
    for name in COMMUNITY_SITES:
        site = platforms[name]
        for organisation in Organisation.objects.filter(
            area=site.area, status=Status.ACTIVE
        ).exclude(residencies__status="resident")[:2]:
            residency.admit(
                platform=site, organisation=organisation, on=date(2025, 3, 1), by=demo.actor
            )


def checklist_quarter(demo, platforms):
    """This quarter's plan, task list and progress; one street platform lags
    and gets its supervision order from the platform's own check."""
    quarter = Quarter.of(TODAY)
    district = demo.areas["惠济区"]
    base = platforms["惠济区"]
    plan = ensure(
        QuarterPlan,
        {"platform": base, "year": quarter.year, "quarter": quarter.number},
        {"note": "围绕组织培育、项目化运作和阵地建设推进本季度工作。", "created_by": demo.actor},
        by=demo.actor,
    )
    items = [
        ("完成辖区社区社会组织台账更新", quarter.start + timedelta(days=30)),
        ("每个街道孵化中心开展轮值授课不少于1次", quarter.start + timedelta(days=45)),
        ("报送微项目储备清单", quarter.start + timedelta(days=55)),
        ("完成年度入驻组织规范化评估", quarter.end - timedelta(days=10)),
    ]
    plan_items = [
        ensure(PlanItem, {"plan": plan, "title": title}, {"due_on": due}) for title, due in items
    ]
    task_list = TaskList.objects.filter(
        district=district, year=quarter.year, quarter=quarter.number
    ).first()
    if task_list is None:
        task_list = TaskList.objects.create(
            district=district,
            year=quarter.year,
            quarter=quarter.number,
            plan=plan,
            title=f"{quarter}社区社会组织孵化工作任务清单",
        )
        for item in plan_items:
            Task.objects.create(
                task_list=task_list, plan_item=item, title=item.title, due_on=item.due_on
            )
        checklists.issue_task_list(task_list=task_list, by=demo.actor)
        issued = datetime.combine(quarter.start + timedelta(days=2), time(9))
        TaskList.objects.filter(pk=task_list.pk).update(issued_at=timezone.make_aware(issued))
        for report in task_list.progress_reports.select_related("platform"):
            lagging = report.platform.name.startswith(LAGGING)
            for entry in report.entries.select_related("task"):
                due = entry.task.due_on
                if due >= TODAY:
                    status = ProgressStatus.IN_PROGRESS
                elif lagging and due > quarter.start + timedelta(days=40):
                    status = ProgressStatus.NOT_STARTED  # the lagging one missed the later tasks
                else:
                    status = ProgressStatus.DONE
                checklists.record_progress(
                    entry=entry,
                    status=status,
                    done_on=due - timedelta(days=2) if status == ProgressStatus.DONE else None,
                    note="已按要求完成，佐证材料见附件。" if status == ProgressStatus.DONE else "",
                    by=demo.actor,
                )
    if not SupervisionOrder.objects.filter(task_list=task_list).exists():
        checklists.issue_supervision_orders(today=TODAY)


def reports_and_reviews(demo, platforms):
    rng = demo.rng("platform-reports")
    streets = [p for p in platforms.values() if p.area.level == "street"]
    month = Month(TODAY.year - 1, 1)  # last year's too: the annual grading counts them
    while month < Month.of(TODAY):
        for index, platform in enumerate(streets):
            if month.year < TODAY.year and (month.number * 7 + index) % 23 == 0:
                continue  # a few of last year's reports never came in
            ensure(
                MonthlyReport,
                {"platform": platform, "year": month.year, "month": month.number},
                {
                    "activities_held": rng.randint(4, 15),
                    "organisations_served": rng.randint(8, 30),
                    "trainings_held": rng.randint(0, 3),
                    "person_times": rng.randint(80, 400),
                    "highlights": "开展入驻组织规范化指导、骨干培训和社区服务活动。",
                    "submitted_by": demo.actor,
                },
                by=demo.actor,
            )
        month = month.next()
    for platform in streets:
        for number in range(1, Quarter.of(TODAY).number):
            ensure(
                Review,
                {
                    "platform": platform,
                    "kind": ReviewKind.QUARTERLY,
                    "year": TODAY.year,
                    "number": number,
                },
                {
                    "reviewed_on": Quarter(TODAY.year, number).end - timedelta(days=5),
                    "reviewers": "区委社治委、区民政局",
                    "findings": "台账规范，活动开展有序；入驻组织项目化运作有待加强。",
                    "score": Decimal(rng.randint(72, 96)),
                    "recorded_by": demo.actor,
                },
                by=demo.actor,
            )
        ensure(
            Review,
            {"platform": platform, "kind": ReviewKind.HALF_YEAR, "year": TODAY.year, "number": 1},
            {
                "reviewed_on": date(TODAY.year, 7, 10),
                "reviewers": "区级观摩组",
                "findings": "阵地氛围营造突出，品牌组织培育初见成效。",
                "score": Decimal(rng.randint(75, 95)),
                "recorded_by": demo.actor,
            },
            by=demo.actor,
        )
        ensure(
            Review,
            {"platform": platform, "kind": ReviewKind.ANNUAL, "year": TODAY.year - 1, "number": 1},
            {
                "reviewed_on": date(TODAY.year - 1, 12, 20),
                "reviewers": "区委社治委、区民政局、第三方评估机构",
                "findings": "全年任务完成良好。",
                "score": Decimal(rng.randint(70, 98)),
                "recorded_by": demo.actor,
            },
            by=demo.actor,
        )


def rotating_lectures(platforms):
    """The orgs demo's sixteen trainings were the platforms' rotating lectures."""
    by_area = {p.area_id: p for p in platforms.values()}
    for training in Training.objects.filter(organiser__contains="孵化"):
        platform = by_area.get(training.area_id)
        if platform and not PlatformTraining.objects.filter(training=training).exists():
            PlatformTraining.objects.create(platform=platform, training=training)


def governance_funds(demo):
    """Huiji: one district fund, eight street funds and 23 community funds."""
    district = demo.areas["惠济区"]
    custodian = Organisation.objects.get(name=SUNSHINE)
    rng = demo.rng("funds")
    specs = [(district, "惠济区社区治理基金", Decimal("500000"))]
    specs += [
        (street, f"{street.name}社区治理基金", Decimal("120000"))
        for street in Area.objects.under(district).streets()
    ]
    communities = list(Area.objects.under(district).communities().order_by("code"))
    specs += [
        (community, f"{community.name}微治理基金", Decimal("30000"))
        for community in communities[:23]
    ]
    for area, name, budget in specs:
        fund = ensure(
            Fund,
            {"name": name, "area": area},
            {
                "custodian": custodian,
                "opened_on": date(2024, 1, 1),
                "purpose": "支持社区社会组织开展微项目和公益服务。",
            },
            by=demo.actor,
        )
        if not fund.entries.exists():
            _fund_ledger(fund, budget, rng, demo.actor)


def _fund_ledger(fund, budget, rng, actor):
    """This year's money: the budget and a donation in, grants to projects
    allocated and partly paid, now and then unspent money returned. Each
    entry names its source (Wuhan §9; 福彩公益金): the district's budget is
    政府购买服务, a street's 福彩公益金 (the welfare lottery's money the
    streets' subsidies draw on), a community's 社区惠民资金; donations are
    社会支持; grants and refunds are the budget's."""
    vouchers = iter(range(1, 1000))
    sources = {source.name: source for source in FundSource.objects.all()}
    budget_source = sources[BUDGET_SOURCES[fund.area.level]]

    def entry(service, amount, when, counterparty, purpose, **extra):
        return service(
            fund=fund,
            amount=amount,
            occurred_on=when,
            counterparty=counterparty,
            purpose=purpose,
            voucher_number=f"{fund.pk:03d}-{next(vouchers):04d}",
            by=actor,
            **extra,
        )

    entry(
        funds.receive,
        budget,
        date(2026, 1, 15),
        "区财政专项资金",
        "年度社区治理专项资金拨入",
        source=budget_source,
    )
    donor = rng.choice(["郑州某物业公司", "惠济区爱心商户联盟", "辖区企业联合捐赠"])
    entry(
        funds.receive,
        Decimal(rng.randint(2, 20) * 1000),
        date(2026, 3, 5),
        donor,
        "公益捐赠",
        source=sources["社会支持"],
    )
    for n in range(rng.randint(1, 3)):
        scale = (5, 25) if fund.area.level != "community" else (2, 8)
        granted = Decimal(rng.randint(*scale) * 1000)
        allocation = entry(
            funds.allocate,
            granted,
            date(2026, 4, 10 + n),
            f"微项目{n + 1}",
            "公益创投微项目资助",
            source=budget_source,
        )
        first = (granted * Decimal("0.6")).quantize(Decimal("0.01"))
        entry(
            funds.disburse,
            first,
            date(2026, 5, 10 + n),
            f"微项目{n + 1}承接组织",
            "首期资助款",
            allocation=allocation,
        )
        if n == 0 and rng.random() < 0.5:
            entry(
                funds.refund,
                Decimal("300.00"),
                date(2026, 9, 1),
                f"微项目{n + 1}承接组织",
                "结余资金退回",
                source=budget_source,
            )


BUDGET_SOURCES = {"district": "政府购买服务", "street": "福彩公益金", "community": "社区惠民资金"}

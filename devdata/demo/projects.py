"""Demo data for micro-projects, built through the services so every rule
applies: the three lists, a spring round (第一批) whose ~20 projects went
through review, award, delivery and settlement or ended early, an autumn
round (第二批) open for sealed bids, and projects outside rounds (one
award on public notice with an objection awaiting its answer), so every
state of a project appears. Built once; a rerun leaves it as it is.
"""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from devdata.demo.orgs import TODAY, leader_account, set_demo_password
from incubators.models import Fund, FundEntry
from lib import clock
from orgs.models import Area, FilingStatus, Organisation, Status, User
from orgs.roles import Role
from projects.models import (
    AwardNotice,
    Bid,
    Direction,
    Need,
    NeedStatus,
    Objection,
    Offer,
    ProjectEvent,
    Resource,
    ResourceKind,
    Round,
    RoundCriterion,
    Score,
)
from projects.services import bids, delivery, membership, needs, notices, review, tenders

NEEDS = [
    ("独居老人助餐", "楼里几位独居老人做饭不方便，希望有人帮忙送餐或组织助餐。", 12, "high"),
    ("楼道照明维修", "3号楼楼道灯坏了一个多月，晚上上下楼不安全。", 40, "high"),
    ("四点半课堂", "双职工家庭孩子放学后无人看护，希望有课后托管和作业辅导。", 25, "normal"),
    ("广场舞噪音协调", "晚上广场舞音响声音太大，影响休息，希望协商时间和音量。", 60, "normal"),
    ("电动车充电难", "小区缺少充电桩，有人从楼上拉线充电，存在安全隐患。", 80, "high"),
    ("老年人智能手机培训", "老人不会用手机挂号、扫码，希望有人教。", 30, "normal"),
    ("垃圾分类督导", "垃圾桶周边经常混投，希望有志愿者督导。", 200, "normal"),
    ("残疾人上门理发", "行动不便的残疾人和老人理发难。", 8, "normal"),
    ("邻里纠纷调解", "楼上楼下漏水纠纷长期没有解决。", 6, "low"),
    ("共享晾晒区", "高楼层住户晾晒被褥难，希望改造楼顶公共区域。", 120, "low"),
]
PROJECT_TITLES = [
    "银龄助餐暖心行动",
    "楼院微改造·点亮楼道",
    "七彩假期四点半课堂",
    "广场文明共建议事会",
    "安全充电守护行动",
    "银发数字课堂",
    "垃圾分类绿色督导",
    "爱心义剪进家门",
    "邻里和事佬调解室",
    "共享晾晒乐邻空间",
    "红色楼栋党建联建",
    "困境儿童陪伴成长",
    "社区心理健康沙龙",
    "乐邻老伙伴互助",
    "夜间平安巡逻",
    "非遗剪纸进社区",
    "共享顺风车",
    "社区小菜园",
    "青少年科普站",
    "重阳敬老文艺汇演",
]
CRITERIA = [("需求契合度", 30), ("方案可行性", 30), ("预算合理性", 20), ("组织能力", 20)]
# Whom a need or project serves, read from its title (first match wins; elders
# the most common, as in every seed); a title naming nobody serves everyone.
GROUP_WORDS = [
    ("独居", ["空巢独居老人"]),
    ("残疾", ["残疾人", "失能半失能老人"]),
    ("义剪", ["残疾人", "失能半失能老人"]),
    ("敬老", ["高龄老人"]),
    ("老", ["老年人"]),
    ("银", ["老年人"]),
    ("助餐", ["老年人"]),
    ("党建", ["全体居民"]),
    ("楼", ["老年人"]),  # stairs and lights of old buildings: 适老化
    ("广场", ["老年人"]),
    ("晾晒", ["老年人"]),
    ("巡逻", ["空巢独居老人", "全体居民"]),
    ("剪纸", ["老年人", "儿童"]),
    ("菜园", ["老年人", "儿童"]),
    ("顺风车", ["老年人", "全体居民"]),
    ("困境儿童", ["困境儿童"]),
    ("课堂", ["儿童"]),
    ("青少年", ["青少年"]),
    ("心理", ["严重精神障碍患者", "全体居民"]),
]


def groups_for(title: str) -> list:
    from orgs.models import ServedGroup

    names = next((names for word, names in GROUP_WORDS if word in title), ["全体居民"])
    return list(ServedGroup.objects.filter(name__in=names))


def count_by_group(report) -> None:
    """An activity's beneficiaries in each group its project serves: each at
    most the activity's beneficiaries (one person may be in two groups). A
    generator of its own, so the rest of the demo draws what it drew before."""
    from projects.models import BeneficiaryCount

    rng = random.Random(f"{report.project.title}-{report.held_on}")
    for group in report.project.groups.all():
        low = report.beneficiaries // 2 if group.name != "全体居民" else report.beneficiaries
        BeneficiaryCount.objects.create(
            report=report, group=group, count=rng.randint(low, report.beneficiaries)
        )


def build(demo):
    if Round.objects.exists():
        return
    rng = random.Random(f"{demo.seed}-projects")
    district = demo.areas["惠济区"]
    actor = demo.actor
    fund = Fund.objects.get(name="惠济区社区治理基金")
    panel = reviewers(demo)
    directions = list(Direction.objects.all())
    lists(demo, rng)

    bidders = list(
        Organisation.objects.in_area(district)
        .filter(status=Status.ACTIVE, filing_status=FilingStatus.APPROVED, area__level="community")
        .order_by("pk")
    )
    red_vests = Organisation.objects.get(name="英才社区红马甲志愿服务队")
    if red_vests.filing_status != FilingStatus.APPROVED:
        red_vests.filing_status, red_vests.certificate_number = (
            FilingStatus.APPROVED,
            "410108003-2025-0999",
        )
        red_vests.filed_on, red_vests.tier = date(2025, 6, 1), "filed"
        red_vests.save()
    bidders = [red_vests, *[b for b in bidders if b.pk != red_vests.pk]]

    spring = make_round(
        "2026年惠济区社区公益创投（第一批）",
        district,
        fund,
        Decimal("300000"),
        directions,
        panel,
        opens_on=date(2026, 3, 1),
        closes=date(2026, 4, 1),
        review_ends_on=date(2026, 4, 20),
        results_on=date(2026, 5, 1),
        actor=actor,
    )
    communities = list(Area.objects.under(district).communities().order_by("code"))
    still_running = ("in_delivery", "awarded")
    endings = (
        ["settled"] * 8
        + [
            "accepted",
            "delivered",
            "in_delivery",
            "in_delivery",
            "awarded",
            "failed",
            "no_bids",
            "cancelled",
        ]
        + ["settled", "settled", "in_delivery", "settled"]
    )
    projects = []
    for index, ending in enumerate(endings):
        community = communities[(index * 3) % len(communities)]
        if index == 10:  # the demo leader's own project in delivery
            community = demo.areas["英才社区"]
        project = draft(
            demo,
            rng,
            community,
            PROJECT_TITLES[index],
            directions[index % len(directions)],
            spring,
            # still being delivered on the demo's day: it ends after it
            ends_on=TODAY + timedelta(days=20 + index) if ending in still_running else None,
        )
        projects.append((project, ending))
    tenders.open_round(round_=spring, by=actor)

    for index, (project, ending) in enumerate(projects):
        project = (
            tenders.publish(project=project, by=actor) if project.status == "draft" else project
        )
        if ending == "cancelled":
            delivery.cancel(
                project=project, reason="社区已协调驻区单位解决该需求，项目取消。", by=actor
            )
            continue
        if ending != "no_bids":
            team = (
                [red_vests] + rng.sample(bidders[1:], 2) if index == 10 else rng.sample(bidders, 3)
            )
            for organisation in team:
                submit(demo, rng, project, organisation)
            if index == 10:
                joint_bid(demo, project, red_vests, [b for b in bidders if b not in team][:2])
    _close_round(spring)

    for index, (project, ending) in enumerate(projects):
        project.refresh_from_db()
        if project.status != "under_review":
            continue
        for reviewer in panel:
            for bid in project.bids.all():
                # Project 11 is the demo leader's: the red vests scored best
                # there (full marks, the others below), so they won it.
                favourite = index == 10 and bid.organisation_id == red_vests.pk
                points = {
                    c.pk: c.max_points
                    if favourite
                    else rng.randint(c.max_points * 6 // 10, c.max_points - (index == 10))
                    for c in project.criteria.all()
                }
                review.score_bid(bid=bid, reviewer=reviewer, points=points)
        winner = review.ranking(project)[0].bid  # the first-ranked: the note says so
        amount = min(winner.total, project.budget_ceiling)
        project = tenders.award(
            project=project, bid=winner, amount=amount, by=actor, note="综合评分第一。"
        )
        if index == 0:  # a losing bidder objected during the notice; not upheld
            _object(demo, project, winner, answer=True)
        # The notice period passes with no objection pending: the award takes effect.
        project = notices.take_effect(project=project, now=notices.open_notice(project).ends_at)
        walk_delivery(demo, rng, project, ending, winner)
    tenders.publish_results(round_=spring, by=actor)
    backdate(spring)

    autumn = make_round(
        "2026年惠济区社区公益创投（第二批）",
        district,
        fund,
        Decimal("200000"),
        directions,
        panel,
        opens_on=TODAY - timedelta(days=20),
        closes=TODAY + timedelta(days=16),
        review_ends_on=TODAY + timedelta(days=30),
        results_on=TODAY + timedelta(days=40),
        actor=actor,
    )
    tenders.open_round(round_=autumn, by=actor)
    for index in range(6):
        community = (
            demo.areas["英才社区"] if index == 0 else communities[(index * 7) % len(communities)]
        )
        project = draft(
            demo,
            rng,
            community,
            PROJECT_TITLES[(index + 14) % len(PROJECT_TITLES)] + "（二期）",
            directions[index % 4],
            autumn,
        )
        project = tenders.publish(project=project, by=actor)
        for organisation in rng.sample(bidders[1:], 2) + ([red_vests] if index == 0 else []):
            bid = submit(demo, rng, project, organisation)
            _dated(bid, _at(TODAY - timedelta(days=rng.randint(1, 18)), rng.randint(9, 20)))
    _dated_events(autumn, {"publish": autumn.opens_on, "open_bidding": autumn.opens_on})

    # Outside rounds: one under review, one awaiting the street's approval,
    # one published for next year's round.
    street_fund = Fund.objects.get(name="迎宾路街道社区治理基金")
    review_now = draft(
        demo,
        rng,
        demo.areas["迎宾社区"],
        "迎宾社区适老化改造",
        directions[3],
        None,
        fund=street_fund,
        bids_close_at=_at(TODAY + timedelta(days=1), 18),  # publishing wants a future close
    )
    review_now = tenders.publish(project=review_now, by=actor)
    review_now.reviewers.set(panel)
    closed = _at(TODAY - timedelta(days=3), 18)  # bidding closed three days ago
    for organisation in rng.sample(bidders[1:], 3):
        bid = submit(demo, rng, review_now, organisation)
        _dated(bid, closed - timedelta(days=rng.randint(2, 12), hours=rng.randint(1, 6)))
    type(review_now).objects.filter(pk=review_now.pk).update(bids_close_at=closed)
    tenders.close_bidding(project=review_now, now=closed)
    review_now.events.filter(transition__in=["publish", "open_bidding"]).update(
        at=closed - timedelta(days=20)
    )
    review_now.events.filter(transition="close_bidding").update(at=closed)
    on_notice(demo, rng, bidders, red_vests, street_fund, directions, panel)

    draft(
        demo,
        rng,
        demo.areas["英才社区"],
        "英才社区楼道微更新",
        directions[1],
        None,
        fund=street_fund,
        bids_close_at=timezone.make_aware(datetime.combine(TODAY + timedelta(days=60), time(18))),
        needs_from=demo.areas["英才社区"],
        by=demo.accounts.get("community"),
    )
    next_year = make_round(
        "2027年惠济区社区公益创投（第一批）",
        district,
        fund,
        Decimal("300000"),
        directions,
        panel,
        opens_on=date(2027, 3, 1),
        closes=date(2027, 4, 1),
        review_ends_on=date(2027, 4, 20),
        results_on=date(2027, 5, 1),
        actor=actor,
    )
    tenders.publish(
        project=draft(demo, rng, communities[5], "青少年科普站（2027）", directions[2], next_year),
        by=actor,
    )


OBJECTION = "拟中标组织的活动方案与本社区老年人需求不符，预算中专业服务费明显偏高，请复核评分。"
ANSWER = "经复核，评审专家按评分标准独立打分，专业服务费在本轮规定比例之内，质疑不成立。"


def _object(demo, project, winner, *, answer):
    """A losing bidder objects to the award on notice; the district answers
    it (not upheld) when `answer`."""
    loser = project.bids.exclude(pk=winner.pk).select_related("organisation").first()
    leader = User.objects.filter(
        organisation=loser.organisation, role=Role.ORG_LEADER
    ).first() or leader_account(demo, loser.organisation)
    objection = notices.lodge_objection(
        notice=notices.open_notice(project),
        organisation=loser.organisation,
        grounds=OBJECTION,
        by=leader,
    )
    if answer:
        # The district's officer: not the award's proposer (demo.actor), who
        # may not judge an objection to their own award.
        notices.answer_objection(
            objection=objection, upheld=False, answer=ANSWER, by=demo.accounts["district"]
        )
    return objection


def on_notice(demo, rng, bidders, red_vests, fund, directions, panel):
    """Outside rounds: one award on public notice since yesterday, to which
    the demo leader's team objected; the objection awaits the answer."""
    project = draft(
        demo,
        rng,
        demo.areas["迎宾社区"],
        "迎宾社区邻里互助食堂",
        directions[0],
        None,
        fund=fund,
        bids_close_at=_at(TODAY + timedelta(days=1), 18),
    )
    project = tenders.publish(project=project, by=demo.actor)
    project.reviewers.set(panel)
    closed = _at(TODAY - timedelta(days=10), 18)
    team = [*rng.sample(bidders[1:], 2), red_vests]
    for organisation in team:
        bid = submit(demo, rng, project, organisation)
        _dated(bid, closed - timedelta(days=rng.randint(2, 12), hours=rng.randint(1, 6)))
    type(project).objects.filter(pk=project.pk).update(bids_close_at=closed)
    tenders.close_bidding(project=project, now=closed)
    # The panel scored: the first of the team ranked first, the red vests below.
    for reviewer in panel:
        for bid in project.bids.all():
            first = bid.organisation_id == team[0].pk
            points = {
                c.pk: c.max_points
                if first
                else rng.randint(c.max_points * 6 // 10, c.max_points - 1)
                for c in project.criteria.all()
            }
            review.score_bid(bid=bid, reviewer=reviewer, points=points)
    winner = review.ranking(project)[0].bid
    amount = min(winner.total, project.budget_ceiling)
    project = tenders.award(
        project=project, bid=winner, amount=amount, by=demo.actor, note="综合评分第一。"
    )
    published = TODAY - timedelta(days=1)
    AwardNotice.objects.filter(project=project).update(
        published_at=_at(published, 10), ends_at=notices.notice_end(published, 5)
    )
    project.events.filter(transition__in=["publish", "open_bidding"]).update(
        at=closed - timedelta(days=20)
    )
    project.events.filter(transition="close_bidding").update(at=closed)
    project.events.filter(transition="award").update(at=_at(published, 10))
    leader = demo.accounts["leader"]  # the red vests' leader objects
    objection = notices.lodge_objection(
        notice=notices.open_notice(project), organisation=red_vests, grounds=OBJECTION, by=leader
    )
    Objection.objects.filter(pk=objection.pk).update(lodged_at=_at(TODAY, 9, 30))


def reviewers(demo):
    panel = [demo.accounts["reviewer"]]
    for username, name in (("reviewer2", "吴建华"), ("reviewer3", "郑丽娟")):
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "name": name,
                "role": Role.REVIEWER,
                "area": demo.areas["惠济区"],
                "title": "公益创投评审专家",
            },
        )
        set_demo_password(demo, user)
        panel.append(user)
    return panel


def lists(demo, rng):
    district = demo.areas["惠济区"]
    communities = list(Area.objects.under(district).communities().order_by("code"))
    for index, community in enumerate(communities[:20]):
        title, text, people, urgency = NEEDS[index % len(NEEDS)]
        need = needs.post_need(
            by=demo.actor,
            community=community,
            title=title,
            description=text,
            location="小区内",
            people_affected=people,
            urgency=urgency,
            requester_name=rng.choice("王李张刘陈杨赵") + "女士",
            requester_phone="",
            groups=groups_for(title),
        )
        if index % 7 == 3:
            needs.decline_need(need=need, reason="已转交物业公司处理。", by=demo.actor)
    for index in range(3):  # sent by residents through the public form, to confirm
        needs.submit_public_need(
            community=demo.areas["英才社区"],
            title=NEEDS[index + 5][0],
            description=NEEDS[index + 5][1],
            location="英才社区",
            people_affected=NEEDS[index + 5][2],
            requester_name="居民" + "甲乙丙"[index],
            requester_phone=f"1390371{index:04d}",
            groups=groups_for(NEEDS[index + 5][0]),
        )
    offering = [  # four organisations of every street offer a service
        organisation
        for street in Area.objects.under(district).streets().order_by("code")
        for organisation in Organisation.objects.in_area(street)
        .filter(status=Status.ACTIVE, area__level="community")
        .order_by("pk")[:4]
    ]
    for organisation in offering:
        Offer.objects.get_or_create(
            organisation=organisation,
            title=f"{organisation.category.name}服务",
            defaults={"description": organisation.description, "capacity": "每月2次"},
        )
    for community in communities[:20]:
        Resource.objects.get_or_create(
            community=community,
            name=f"{community.name}党群服务中心活动室",
            defaults={
                "kind": ResourceKind.VENUE,
                "provider": f"{community.name}居委会",
                "description": "可容纳50人，周末可预约。",
            },
        )


def make_round(
    title,
    district,
    fund,
    budget,
    directions,
    panel,
    *,
    opens_on,
    closes,
    review_ends_on,
    results_on,
    actor,
):
    round_ = Round.objects.create(
        title=title,
        district=district,
        fund=fund,
        budget=budget,
        description="围绕“四领”方向征集社区微服务项目。",
        opens_on=opens_on,
        bids_close_at=timezone.make_aware(datetime.combine(closes, time(18))),
        review_ends_on=review_ends_on,
        results_on=results_on,
        require_filing=True,
    )
    round_.directions.set(directions)
    round_.reviewers.set(panel)
    for position, (name, points) in enumerate(CRITERIA):
        RoundCriterion.objects.create(round=round_, name=name, max_points=points, position=position)
    if closes <= TODAY:
        # A past round is built as if open now, then closed (see _close_round).
        Round.objects.filter(pk=round_.pk).update(bids_close_at=clock.now() + timedelta(hours=1))
        round_.refresh_from_db()
    return round_


def draft(
    demo,
    rng,
    community,
    title,
    direction,
    round_,
    *,
    fund=None,
    bids_close_at=None,
    needs_from=None,
    by=None,
    ends_on=None,
):
    open_needs = list(
        Need.objects.filter(community=needs_from or community, status=NeedStatus.OPEN)[:2]
    )
    start = (round_.results_on if round_ else TODAY) + timedelta(days=10)
    if bids_close_at:  # the service starts once the bids are in and reviewed
        start = max(start, timezone.localtime(bids_close_at).date() + timedelta(days=20))
    return tenders.draft_project(
        community=community,
        needs=open_needs,
        groups=groups_for(title),
        by=by or demo.actor,
        title=title,
        direction=direction,
        round=round_,
        fund=fund,
        bids_close_at=bids_close_at,
        description=f"针对居民反映的问题，由社区社会组织承接开展“{title}”服务。",
        deliverables="开展活动不少于6次，服务居民不少于100人次，提交活动记录和照片。",
        beneficiaries=rng.randint(60, 400),
        budget_ceiling=Decimal(rng.randint(6, 20) * 1000),
        starts_on=start,
        ends_on=max(start + timedelta(days=rng.randint(90, 180)), ends_on or start),
    )


def submit(demo, rng, project, organisation):
    ceiling = project.budget_ceiling
    lines = [
        ("活动物料", ceiling * Decimal("0.35"), ""),
        ("志愿者保险及餐补", ceiling * Decimal("0.25"), ""),
        ("宣传及印刷", ceiling * Decimal("0.15"), ""),
        ("专业服务费", ceiling * Decimal(rng.choice(["0.15", "0.2", "0.25"])), ""),
    ]
    leader = (
        User.objects.filter(organisation=organisation, role=Role.ORG_LEADER).first() or demo.actor
    )
    return bids.submit_bid(
        project=project,
        organisation=organisation,
        by=leader,
        lines=[(i, a.quantize(Decimal("0.01")), n) for i, a, n in lines],
        proposal=f"{organisation.name}组织骨干成员，结合自身特长承接“{project.title}”，分三个阶段开展需求走访、集中服务和总结评估。",
        team=f"负责人{organisation.leader_name}，骨干成员4人，志愿者若干。",
        schedule="第1个月需求走访；第2-4个月集中服务；第5个月总结评估。",
    )


def joint_bid(demo, project, lead, members):
    """The demo leader's red vests turn their bid into a joint bid (联合申报)
    with two partners, as the Shandong report's 牵手同行 project was
    undertaken by several organisations together: it wins, so the lead, each
    member, the reviewers and the office all see one. Uses no randomness, so
    the rest of the demo stays as it was."""
    mine = Bid.objects.get(project=project, organisation=lead)
    lines = [(line.item, line.amount, line.note) for line in mine.lines.all()]
    share = (mine.total * Decimal("0.25")).quantize(Decimal("0.01"))
    works = ["入户走访与需求登记", "党员志愿者结对服务"]
    for member in members:  # each member's leader reads the joint bid
        if not User.objects.filter(organisation=member, role=Role.ORG_LEADER).exists():
            leader_account(demo, member)
    joint = bids.submit_bid(
        project=project,
        organisation=lead,
        by=mine.submitted_by,
        lines=lines,
        proposal=mine.proposal + "本项目由三家组织联合申报：红马甲牵头统筹，两家成员分片包干。",
        team=mine.team,
        schedule=mine.schedule,
        members=[(m, work, share) for m, work in zip(members, works, strict=False)],
    )
    for invited in joint.members.all():  # each member agrees to take part
        by = User.objects.filter(organisation_id=invited.organisation_id, role=Role.ORG_LEADER)
        membership.accept_membership(membership=invited, by=by.order_by("pk").first())
    return joint


def _close_round(round_):
    """Move a past round's closing time back to its real date (its bids
    before it), then close as the schedule would have at that moment."""
    closing = timezone.make_aware(datetime.combine(round_.opens_on + timedelta(days=31), time(18)))
    type(round_).objects.filter(pk=round_.pk).update(bids_close_at=closing)
    round_.projects.exclude(bids_close_at=None).update(bids_close_at=closing)
    rng = random.Random(f"bids-{round_.pk}")
    bids = list(Bid.objects.filter(project__round=round_).order_by("pk"))
    for bid in bids:
        bid.submitted_at = bid.revised_at = closing - timedelta(
            days=rng.randint(2, 25), hours=rng.randint(1, 8)
        )
    Bid.objects.bulk_update(bids, ["submitted_at", "revised_at"])
    tenders.close_due(now=closing)
    # The caller's copy too: publishing the results saves the round, and a
    # stale closing time would reopen its bidding on the demo's day.
    round_.refresh_from_db()


def _at(day, hour, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _dated(bid, moment):
    """A bid's real-clock stamps dated back to when the story sent it."""
    Bid.objects.filter(pk=bid.pk).update(submitted_at=moment, revised_at=moment)


def _dated_events(round_, step_dates, hour=10):
    for step, day in step_dates.items():
        ProjectEvent.objects.filter(project__round=round_, transition=step).update(
            at=_at(day, hour)
        )


def walk_delivery(demo, rng, project, ending, winner):
    from projects.models import ActivityReport

    actor = demo.actor
    leader = (
        User.objects.filter(organisation=winner.organisation, role=Role.ORG_LEADER).first() or actor
    )
    if ending == "awarded":
        return
    if ending == "failed":
        delivery.start_delivery(project=project, by=leader)
        delivery.fail(
            project=project, reason="承接组织负责人长期外出，服务无法开展，经协商终止。", by=actor
        )
        return
    delivery.start_delivery(project=project, by=leader)
    advance = (project.awarded_amount * Decimal("0.5")).quantize(Decimal("0.01"))
    delivery.pay(
        project=project,
        amount=advance,
        kind="advance",
        occurred_on=date(2026, 5, 20),
        voucher_number=f"P{project.pk}-1",
        by=actor,
    )
    for n in range(rng.randint(2, 4)):
        report = ActivityReport.objects.create(
            project=project,
            held_on=project.starts_on + timedelta(days=14 * (n + 1)),
            title=f"第{n + 1}次集中服务",
            description="组织志愿者开展服务，居民反响良好。",
            participants=rng.randint(8, 20),
            beneficiaries=rng.randint(20, 80),
            reported_by=leader,
        )
        count_by_group(report)
    if ending == "in_delivery":
        return
    delivery.deliver(project=project, by=leader)
    if ending == "delivered":
        return
    reached = sum(a.beneficiaries for a in project.activities.all())
    delivery.accept(
        project=project, beneficiaries_reached=reached, by=actor, note="服务内容完成，材料齐全。"
    )
    if ending == "accepted":
        return
    rest = (project.awarded_amount - advance) * Decimal(rng.choice(["1", "1", "0.9"]))
    delivery.settle(
        project=project,
        score=rng.randint(78, 96),
        evaluation="按计划完成服务，居民满意度高。",
        final_payment=rest.quantize(Decimal("0.01")),
        voucher_number=f"P{project.pk}-2",
        by=actor,
        occurred_on=date(2026, 11, 10),  # as the timeline (backdate) has it
    )


def backdate(round_):
    """Give the spring round's timeline the dates it would have had: bidding
    closed at its time, the review after it, the award after the review."""
    closing = Round.objects.get(pk=round_.pk).bids_close_at
    ProjectEvent.objects.filter(
        project__round=round_, transition__in=["close_bidding", "close_without_bids"]
    ).update(at=closing)
    rng = random.Random(f"scores-{round_.pk}")
    scores = list(Score.objects.filter(bid__project__round=round_).order_by("pk"))
    for score in scores:
        score.scored_at = closing + timedelta(days=rng.randint(1, 18), hours=rng.randint(-3, 2))
    Score.objects.bulk_update(scores, ["scored_at"], batch_size=500)
    step_dates = {
        "publish": date(2026, 2, 25),
        "open_bidding": date(2026, 3, 1),
        "cancel": date(2026, 3, 15),
        "award": date(2026, 4, 25),
        "take_effect": date(2026, 5, 7),  # five working days of notice, May Day between
        "start_delivery": date(2026, 5, 15),
        "deliver": date(2026, 10, 20),
        "accept": date(2026, 10, 30),
        "settle": date(2026, 11, 10),
        "fail": date(2026, 8, 1),
    }
    _dated_events(round_, step_dates)
    # The notices on the same days: published with the award, in effect at
    # the period's end; the objection lodged and answered in between.
    published = step_dates["award"]
    AwardNotice.objects.filter(project__round=round_).update(
        published_at=_at(published, 10),
        ends_at=notices.notice_end(published, round_.notice_days),
        decided_at=notices.notice_end(published, round_.notice_days),
    )
    Objection.objects.filter(notice__project__round=round_).update(
        lodged_at=_at(date(2026, 4, 28), 15), answered_at=_at(date(2026, 4, 30), 11)
    )
    # The fund's ledger on the same days: awards allocated, a failed
    # project's unused award returned.
    for suffix, step in (("A", "take_effect"), ("R", "fail")):
        for project in round_.projects.filter(events__transition=step):
            FundEntry.objects.filter(voucher_number=f"P{project.pk}-{suffix}").update(
                occurred_on=step_dates[step]
            )

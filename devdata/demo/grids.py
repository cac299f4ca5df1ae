"""Demo grids and tickets.

Every demo community is divided into three to five grids (第一网格, …), each
with a grid member who leads it, a few volunteers and the community's
organisations serving in it. About three hundred tickets reported since
January walk through the services (so every rule applies) and are then
dated back to when they happened: most closed with the resident's rating,
some rejected, reopened after a low rating or closed without an answer,
and the recent ones in every open state, some overdue and escalated.
Grids are kept in step on a rerun; tickets are built once.
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from devdata.demo.orgs import TODAY, ensure, names, set_demo_password
from grids import services
from grids.calendar import WorkingCalendar
from grids.models import (
    Grid,
    GridOrganisation,
    GridVolunteer,
    Source,
    Ticket,
    TicketCategory,
    TicketEvent,
    TicketRating,
    TicketStatus,
)
from orgs.models import Area, Membership, Organisation, User
from orgs.roles import Role

NUMERALS = "一二三四五六七八九十"
DUTIES = ["楼院巡查", "政策宣传", "矛盾纠纷调解", "环境卫生督导", "关爱独居老人", "文明劝导"]
DEPARTMENTS = ["城管执法中队", "小区物业", "供水公司", "供电公司", "街道综治中心", "市政维修队"]

# category -> (what was found, how it was resolved)
STORIES = {
    "安全隐患": [
        ("楼道堆放纸箱杂物，堵塞消防通道。", "已联系住户清理杂物，消防通道恢复畅通。"),
        ("电动车在楼道内充电，飞线从窗户拉出。", "已劝导住户拆除飞线，引导到小区充电桩充电。"),
        ("小区东门井盖松动，晚上有人踩空。", "已通知市政维修队更换井盖并加固。"),
        ("沿街商铺液化气罐摆放在门外，无防护。", "已督促商户将气罐移入室内并配备灭火器。"),
    ],
    "矛盾纠纷": [
        ("楼上漏水到楼下，两户多次争吵。", "经调解，楼上住户修好防水，并赔偿楼下粉刷费用。"),
        ("广场舞音响声音太大，周边住户投诉。", "召开议事会，约定晚上八点半前结束、音量减半。"),
        ("邻居在公共走廊安装鞋柜，引发纠纷。", "经协商，鞋柜移回户内，走廊恢复通行。"),
        ("租户与房东因押金退还发生争执。", "社区调解员组织双方协商，达成退还协议。"),
    ],
    "环境卫生": [
        ("垃圾桶满溢，周边散落生活垃圾。", "已通知物业增加清运频次，现场已清理。"),
        ("绿化带内有建筑垃圾长期未清理。", "已联系施工方清运建筑垃圾。"),
        ("小区内有人饲养家禽，气味较大。", "已劝导住户将家禽移出小区。"),
        ("背街小巷污水外溢。", "已协调市政疏通下水管道。"),
    ],
    "设施损坏": [
        ("3号楼单元门门禁损坏，外人随意进出。", "物业已更换门禁模块，恢复正常。"),
        ("路灯不亮，晚上小路一片漆黑。", "已报修供电公司，更换灯具后恢复照明。"),
        ("健身器材螺丝脱落，存在安全隐患。", "已加固器材并张贴安全提示。"),
        ("楼道声控灯损坏一个多月。", "已更换声控灯。"),
    ],
    "政策咨询": [
        ("居民咨询高龄津贴如何申领。", "已上门讲解申领流程，协助准备材料。"),
        ("居民咨询医保缴费和异地就医备案。", "已解答并协助在手机上完成备案。"),
        ("残疾人家属咨询两项补贴政策。", "已讲解政策并协助提交申请。"),
    ],
    "违章搭建": [
        ("一楼住户在院内私搭彩钢房。", "经城管执法中队督促，住户已自行拆除。"),
        ("楼顶有人搭建阳光房。", "已下达整改通知，搭建物已拆除。"),
    ],
    "其他": [
        ("流浪犬在小区出没，居民担心安全。", "已联系相关部门收容。"),
        ("快递柜周边乱停车，影响通行。", "已施划停车线并安排志愿者劝导。"),
    ],
}
PLACES = ["号楼", "号楼东侧", "号楼北门", "单元门口"]
COMMENTS = {
    5: ["处理很及时，谢谢网格员！", "非常满意", "速度快，态度好", ""],
    4: ["满意", "处理得不错", ""],
    3: ["基本满意，希望以后多巡查", "还行", ""],
    2: ["问题没有彻底解决", "过了几天又出现了"],
    1: ["根本没有处理", "敷衍了事"],
}
TICKETS = 300
# Tickets that stop at a step, with how many working days ago they were
# reported: waiting, or stuck past their deadline (so they escalate). The
# first ones are in the demo grid member's grid, so `grid` has work too.
STOPPED = [
    ("report", 0),
    ("assign", 2),
    ("start", 4),
    ("report", 1),
    ("accept", 1),
    ("accept", 4),
    ("assign", 9),
    ("start", 3),
    ("start", 7),
    ("start", 12),
    ("start", 16),
    ("hold", 3),
    ("hold", 11),
]
IN_THE_DEMO_GRID = 3


def build(demo):
    district = demo.areas["惠济区"]
    grids_by_community = people_and_grids(demo, district)
    tickets(demo, grids_by_community)


# --- grids, their people and organisations ------------------------------------------


def _staff(demo, username, role, name, title, area):
    """A demo colleague: not in the printed list, but like every demo
    account it logs in with the printed password."""
    user = ensure(
        User,
        {"username": username},
        {"role": role, "name": name, "title": title, "area": area, "is_active": True},
        clean_exclude=["password"],
    )
    set_demo_password(demo, user)
    return user


def _join(grid, user):
    if not grid.members.filter(pk=user.pk).exists():  # each add is a history entry
        grid.members.add(user)


def people_and_grids(demo, district):
    rng = demo.rng("grids")
    login = demo.accounts.get("grid")
    result = {}
    organisations = Organisation.objects.live().select_related("area")
    for community in Area.objects.under(district).communities().order_by("code"):
        worker = (
            demo.accounts["community"]
            if community.name == "英才社区"
            else _staff(
                demo,
                f"sq{community.code}",
                Role.COMMUNITY_WORKER,
                rng.choice(names.SURNAMES) + rng.choice(names.GIVEN),
                f"{community.name}社区工作者",
                community,
            )
        )
        count = 3 + int(community.code[-3:]) % 3  # stable, so a rerun keeps the grids
        grids = []
        for number in range(1, count + 1):
            grid_name = f"第{NUMERALS[number - 1]}网格"
            if login is not None and community.name == "英才社区" and number == 1:
                member = login
            else:
                member = _staff(
                    demo,
                    f"wg{community.code}{number:03d}",
                    Role.GRID_MEMBER,
                    rng.choice(names.SURNAMES) + rng.choice(names.GIVEN),
                    f"{community.name}{grid_name}网格员",
                    community,
                )
            grid = ensure(
                Grid,
                {"community": community, "number": number},
                {"name": grid_name, "leader": member, "households": rng.randint(280, 900)},
            )
            _join(grid, member)
            grids.append(grid)
        if login is not None and community.name == "英才社区":
            _join(grids[1], login)  # covers the neighbouring grid too
        places = {grid.pk: [] for grid in grids}
        for organisation in (o for o in organisations if o.area_id == community.pk):
            grid = (
                grids[0]
                if organisation.name == "英才社区红马甲志愿服务队"
                else grids[organisation.pk % len(grids)]
            )
            places[grid.pk].append(organisation)
            ensure(
                GridOrganisation,
                {"organisation": organisation},
                {
                    "grid": grid,
                    "duties": "、".join(sorted(rng.sample(DUTIES, 2))),
                    "joined_on": date(2025, 3, 1) + timedelta(days=organisation.pk % 300),
                },
            )
        members = list(
            Membership.objects.current()
            .filter(organisation__area=community)
            .order_by("pk")
            .values_list("person_id", flat=True)[:12]
        )
        for index, person_id in enumerate(members):
            ensure(
                GridVolunteer,
                {"grid": grids[index % len(grids)], "person_id": person_id},
                {"duties": DUTIES[index % len(DUTIES)]},
            )
        result[community.pk] = (community, worker, grids, places)
    return result


# --- tickets -------------------------------------------------------------------------------


class Clock:
    """Working-day arithmetic, and the demo's 'now': TODAY, end of the day."""

    def __init__(self):
        self.calendar = WorkingCalendar(date(2026, 1, 1), TODAY + timedelta(days=60))
        self.now = self.at(TODAY, 18, 30)
        first = date(2026, 1, 5)
        self.days = [
            first + timedelta(days=n)
            for n in range((TODAY - first).days + 1)
            if self.calendar.is_working(first + timedelta(days=n))
        ]

    @staticmethod
    def at(day, hour, minute=0):
        return timezone.make_aware(datetime.combine(day, time(hour, minute)))

    def later(self, moment, working_days, rng):
        """Some time `working_days` working days after `moment` (later the same
        day for 0), in office hours."""
        if not working_days:
            return moment + timedelta(minutes=rng.randint(30, 150))
        day = self.calendar.add(moment.date(), working_days)
        return self.at(day, rng.randint(9, 17), rng.randint(0, 59))


def tickets(demo, grids_by_community):
    if Ticket.objects.exists():
        return
    rng = demo.rng("tickets")
    clock = Clock()
    categories = list(TicketCategory.objects.all())
    communities = list(grids_by_community.values())
    weights = [len(grids) for _c, _w, grids, _p in communities]
    leader = demo.accounts.get("leader")
    demo_grid = next(c for c in communities if c[0].name == "英才社区")
    for index in range(TICKETS):
        community, worker, grids, places = rng.choices(communities, weights)[0]
        grid = rng.choice(grids)
        if index < IN_THE_DEMO_GRID:
            community, worker, grids, places = demo_grid
            grid = grids[0]
        stop_after = None
        if index < len(STOPPED):
            stop_after, ago = STOPPED[index]
            day = clock.days[-1 - ago]
        elif index < 40:  # two a day over the last weeks
            day = clock.days[-1 - (index - len(STOPPED)) // 2]
        else:  # more tickets lately than in January
            day = clock.days[-1 - min(int(rng.expovariate(1 / 70)), len(clock.days) - 1)]
        walk = Walk(rng, clock, community, worker, grid, places, categories, leader)
        walk.to_organisation = index == 1  # work waiting for the demo organisation leader
        walk.to_grid_member = index == 2  # and for the demo grid member (`grid`)
        walk.run(day, stop_after=stop_after)
    services.escalate_overdue(today=TODAY)
    TicketEvent.objects.filter(transition="escalate").update(at=clock.at(TODAY, 7))


class Walk:
    """One ticket from its report to wherever it has got by the demo's now:
    each step through the services, then dated back to when it happened."""

    def __init__(self, rng, clock, community, worker, grid, places, categories, leader):
        self.rng, self.clock, self.worker = rng, clock, worker
        self.community, self.grid, self.leader = community, grid, leader
        self.places = places
        self.category = rng.choice(categories)
        self.times = {}  # step -> [when, ...] in the order taken
        self.dates = {}  # ticket field -> value as of the demo's now
        self.rated = []  # when each rating was given
        self.stop_after = None
        self.to_organisation = False
        self.to_grid_member = False

    def step(self, name, moment, call, **fields):
        """Take the step if its moment has come; False if it has not yet, or
        the ticket is one that stops after an earlier step."""
        if moment > self.clock.now or self.stop_after in self.times:
            return False
        call()
        self.times.setdefault(name, []).append(moment)
        self.dates.update(fields)
        return True

    def run(self, day, stop_after=None):
        self.stop_after = stop_after
        rng = self.rng
        found, fixed = rng.choice(STORIES.get(self.category.name, STORIES["其他"]))
        self.report(day, found)
        try:
            self.handle(fixed)
        finally:
            self.date_back()
        self.close_unanswered()

    def report(self, day, found):
        rng = self.rng
        reported = self.clock.at(day, rng.randint(8, 17), rng.randint(0, 59))
        source = rng.choices([Source.GRID, Source.ORGANISATION, Source.RESIDENT], [60, 15, 25])[0]
        in_grid = self.places[self.grid.pk] or [o for orgs in self.places.values() for o in orgs]
        organisation = rng.choice(in_grid) if source == Source.ORGANISATION and in_grid else None
        if source == Source.ORGANISATION and organisation is None:
            source = Source.GRID
        reporter = self.grid.leader
        if (
            organisation is not None
            and self.leader
            and self.leader.organisation_id == organisation.pk
        ):
            reporter = self.leader
        resident = source == Source.RESIDENT
        self.ticket = services.report(
            community=self.community,
            grid=self.grid,
            category=self.category,
            description=found,
            location=f"{self.community.name}{rng.randint(1, 24)}{rng.choice(PLACES)}",
            source=source,
            reporter=None if resident else reporter,
            reporter_organisation=organisation,
            resident_name=(
                rng.choice(names.SURNAMES) + rng.choice(["先生", "女士", "阿姨", "大爷"])
                if resident
                else ""
            ),
            resident_phone=f"13{rng.randint(0, 9)}{rng.randrange(10**8):08d}" if resident else "",
        )
        self.times["report"] = [reported]
        self.dates["reported_at"] = reported

    def handle(self, fixed):
        rng, clock, ticket, by = self.rng, self.clock, self.ticket, self.worker
        reported = self.dates["reported_at"]
        accepted = clock.later(reported, 0 if reported.hour < 16 else 1, rng)
        if rng.random() < 0.05 and not self.stop_after:  # not an issue
            self.step(
                "reject",
                accepted,
                lambda: services.reject(
                    ticket=ticket, by=by, reason="经核实不属于网格事项，已向反映人解释。"
                ),
                closed_at=accepted,
            )
            return
        due = clock.calendar.add(accepted.date(), self.category.deadline_days)
        if not self.step(
            "accept",
            accepted,
            lambda: services.accept(ticket=ticket, by=by),
            accepted_at=accepted,
            due_on=due,
        ):
            return
        target = rng.choices(["worker", "organisation", "department"], [50, 30, 20])[0]
        if self.to_organisation:
            target = "organisation"
        assignee = {"user": by}
        if self.to_grid_member:  # the grid's own member handles it
            target, assignee = "worker", {"user": self.grid.leader}
        in_grid = self.places[self.grid.pk]
        if target == "organisation" and in_grid:
            mine = [o for o in in_grid if self.leader and o.pk == self.leader.organisation_id]
            assignee = {
                "organisation": mine[0] if self.to_organisation and mine else rng.choice(in_grid)
            }
        elif target == "department":
            assignee = {"department": rng.choice(DEPARTMENTS)}
        assigned = clock.later(accepted, rng.choice([0, 0, 1]), rng)
        if not self.step(
            "assign", assigned, lambda: services.assign(ticket=ticket, by=by, **assignee)
        ):
            return
        if self.to_grid_member:
            by = self.grid.leader  # who takes the steps of its handling from here
        since = clock.later(assigned, rng.choice([0, 1]), rng)
        if not self.step("start", since, lambda: services.start(ticket=ticket, by=by)):
            return
        if rng.random() < 0.07 or self.stop_after == "hold":  # waiting for a part
            held = clock.later(since, 1, rng)
            if not self.step(
                "hold",
                held,
                lambda: services.hold(ticket=ticket, by=by, reason="等待配件到货"),
                hold_started_on=held.date(),
            ):
                return
            pause = rng.randint(2, 5)
            since = clock.later(held, pause, rng)
            due = clock.calendar.add(due, pause)
            if not self.step(
                "resume",
                since,
                lambda: services.resume(ticket=ticket, by=by),
                hold_started_on=None,
                due_on=due,
            ):
                return
        for _round in range(2):  # a low rating sends it back once at most
            late = rng.random() < 0.1
            if late:
                resolved = clock.later(since, self.category.deadline_days + rng.randint(1, 6), rng)
            else:
                resolved = min(
                    clock.later(since, rng.randint(0, 2), rng),
                    max(clock.at(due, 17), since + timedelta(hours=1)),
                )
            if not self.step(
                "resolve",
                resolved,
                lambda: services.resolve(ticket=ticket, by=by, resolution=fixed),
                resolved_at=resolved,
            ):
                return
            if rng.random() < 0.12:  # the resident never answers
                return
            rated = clock.later(resolved, rng.choice([0, 1, 1, 2, 3]), rng)
            stars = rng.choices([5, 4, 3, 2, 1], [76, 20.5, 2, 1, 0.5])[0]
            if rated > clock.now:
                return
            ticket.refresh_from_db()
            services.rate(
                token=services.rating_token(ticket),
                rating=stars,
                comment=rng.choice(COMMENTS[stars]),
            )
            self.dates["rated_at"] = rated
            self.rated.append(rated)
            if stars >= 3:
                self.times.setdefault("close", []).append(rated)
                self.dates["closed_at"] = rated
                return
            self.times.setdefault("reopen", []).append(rated)
            due = clock.calendar.add(rated.date(), self.category.deadline_days)
            self.dates.update(due_on=due, resolved_at=None, closed_at=None)
            since = rated

    def date_back(self):
        events = list(TicketEvent.objects.filter(ticket=self.ticket).order_by("pk"))
        taken = {}
        for event in events:
            moments = self.times.get(event.transition, ())
            index = taken.get(event.transition, 0)
            if index < len(moments):
                event.at = moments[index]
                taken[event.transition] = index + 1
        TicketEvent.objects.bulk_update(events, ["at"])
        ratings = list(TicketRating.objects.filter(ticket=self.ticket).order_by("pk"))
        for rating, moment in zip(ratings, self.rated, strict=True):
            rating.rated_at = moment
        TicketRating.objects.bulk_update(ratings, ["rated_at"])
        Ticket.objects.filter(pk=self.ticket.pk).update(**self.dates)

    def close_unanswered(self):
        """Resolved, unrated for the waiting days: closed as "no answer" on the
        night the scheduled job would have run."""
        ticket = Ticket.objects.get(pk=self.ticket.pk)
        if ticket.status != TicketStatus.RESOLVED:
            return
        night = ticket.resolved_at.date() + timedelta(days=8)
        if night <= TODAY:
            services.close_unanswered(today=night, tickets=Ticket.objects.filter(pk=ticket.pk))

"""Door-to-door visits (社区行走, 大走访、大调研) in the communities of
迎宾路街道, the `street` login's street, as Huiji's report tells them: the
community workers and the party members of 1+6+N (党员联系户) walk the
courtyards, and note the 五老人员, keen residents (热心人士), people with a
skill and self-organisations (自组织) they find (摸底数). At 英才社区 three
五老人员 went into the talent pool (达人库), a tai-chi group into the ledger
(建台账) and a keen resident became a member of 红马甲志愿服务队; the other
findings wait for `community` and `street` to turn them. Built once."""

from datetime import timedelta

from devdata.demo.orgs import LEADERS_TEAM, TODAY
from orgs.models import Area, Category, Organisation, Person, User
from orgs.roles import Role
from visits import services
from visits.models import ElderKind, Finding, FindingKind, Visit

STREET = "迎宾路街道"
E, K, S, G = FindingKind.ELDER, FindingKind.KEEN, FindingKind.SKILLED, FindingKind.SELF_ORGANISATION

# Each community's walks: (days ago, courtyard, summary, findings); a finding
# is (kind, name, phone, the 老 or the skill, and for a group: what it does,
# contact, headcount).
WALKS = [
    (
        12,
        "英才街3号院",
        "社区行走：3号院老同志多，院里有一支自发的晨练太极拳队。",
        [
            (E, "王德明", "13903716101", ElderKind.CADRE, ""),
            (E, "李秀英", "13903716102", ElderKind.TEACHER, "书法"),
            (E, "赵振国", "13903716103", ElderKind.SOLDIER, ""),
            (K, "刘桂兰", "13903716104", "", "楼道长，常帮邻居代收快递"),
            (
                G,
                "英才3号院晨练太极拳队",
                "13903716105",
                "",
                ("每天早上在院内练太极拳", "孙建华", 18),
            ),
        ],
    ),
    (
        30,
        "英才街11号院",
        "大走访、大调研：了解居民参与社区事务的意愿，有居民愿意义务理发。",
        [
            (S, "周建军", "13903716106", "", "理发"),
            (E, "郭玉兰", "13903716107", ElderKind.MODEL, "调解邻里纠纷"),
            (G, "11号院棋牌交流队", "13903716108", "", ("周末在凉亭下象棋", "吴大爷", 9)),
        ],
    ),
]
# The other communities of the street: one walk each, nothing turned yet.
OTHERS = [
    (8, "小区中心广场", "社区行走：广场上有一支广场舞队和一位退休医生。"),
    (25, "东门楼院", "1+6+N 党员联系户入户走访，了解独居老人情况。"),
]


def _findings(rows) -> list[Finding]:
    found = []
    for kind, name, phone, which, extra in rows:
        finding = Finding(kind=kind, name=name, phone=phone)
        if kind == E:
            finding.elder_kind, finding.skill = which, extra
        elif kind in (K, S):
            finding.skill = extra
        else:
            finding.description, finding.contact_name, finding.headcount = extra
        found.append(finding)
    return found


def _walker(community) -> User:
    worker = User.objects.filter(role=Role.COMMUNITY_WORKER, area=community).order_by("pk").first()
    return worker or User.objects.get(username="street")


def build(demo):
    street = Area.objects.get(name=STREET, parent=demo.areas["惠济区"])
    communities = list(street.children.order_by("code"))
    if Visit.objects.filter(community__in=communities).exists():
        return
    yingcai = next(c for c in communities if c.name == "英才社区")
    worker = User.objects.get(username="community")
    made = []
    for days, where, summary, rows in WALKS:
        made.append(
            services.record_visit(
                visit=Visit(
                    community=yingcai,
                    visited_on=TODAY - timedelta(days=days),
                    address=where,
                    summary=summary,
                ),
                findings=_findings(rows),
                by=worker,
            )
        )
    _others(communities, yingcai)
    _turn(made[0], worker)


def _others(communities, yingcai):
    for community in communities:
        if community == yingcai:
            continue
        by = _walker(community)
        member = Person.objects.filter(community=community, is_party_member=True).first()
        for n, (days, where, summary) in enumerate(OTHERS):
            findings = (
                [
                    Finding(
                        kind=G,
                        name=f"{community.name}{where}广场舞队",
                        contact_name="张阿姨",
                        headcount=20,
                    ),
                    Finding(kind=S, name="陈医生", skill="退休医生，可做健康讲座"),
                ]
                if n == 0
                else [Finding(kind=K, name="马大姐", phone="13903716199")]
            )
            services.record_visit(
                visit=Visit(
                    community=community,
                    visited_on=TODAY - timedelta(days=days),
                    address=where,
                    summary=summary,
                    party_member=member if n == 1 else None,
                ),
                findings=findings,
                by=by,
            )


def _turn(visit, worker):
    """The story's outcomes at 英才社区: three 五老 into the talent pool, the
    tai-chi group into the ledger, the keen resident into the red vests."""
    elders = visit.findings.filter(kind=E).order_by("id")
    for elder in elders:
        services.turn_into_talent(finding_id=elder.pk, by=worker)
    group = visit.findings.get(kind=G)
    sport = Category.objects.filter(parent__name="文体活动类", name="健身").first()
    sport = sport or Category.objects.filter(parent__isnull=False).order_by("pk").first()
    services.turn_into_organisation(finding_id=group.pk, category=sport, by=worker)
    team = Organisation.objects.get(name=LEADERS_TEAM)
    keen = visit.findings.get(kind=K)
    services.turn_into_member(finding_id=keen.pk, organisation=team, by=worker)

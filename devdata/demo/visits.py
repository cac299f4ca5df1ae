"""Door-to-door visits (社区行走, 大走访、大调研) in the communities of
迎宾路街道, the `street` login's street, as Huiji's report tells them:
community workers and the party members of 1+6+N (党员联系户) walk the
courtyards and note the 五老人员, keen residents (热心人士), people with a
skill and self-organisations (自组织) they find (摸底数). At 英才社区 three
五老人员 went into the talent pool (达人库); at 迎宾社区 a tai-chi group went
into the ledger (建台账) and a keen resident joined an organisation there;
the other findings wait for `community` and `street` to turn them.

Built right after the ledger's growth (devdata.demo.growth), before the
builders that pick among organisations, so they find the new ledger entry on
the first run as on a rerun; nothing is added to the communities whose member
lists devdata.demo.orgs draws (growth.LISTED) but people of the talent pool.
The street's other communities have no worker's account yet then: the street
officer records their visits. Built once."""

from datetime import timedelta

from devdata.demo.orgs import TODAY
from orgs.models import Area, Category, Organisation, Person, User
from visits import services
from visits.models import ElderKind, FindingKind, Visit, VisitFinding

STREET = "迎宾路街道"
E, K, S, G = FindingKind.ELDER, FindingKind.KEEN, FindingKind.SKILLED, FindingKind.SELF_ORGANISATION

# (community, days ago, courtyard, summary, findings, a party member's walk);
# a finding is (kind, name, phone, the 老 or nothing, the skill or, for a
# group, (what it does, contact, headcount)).
WALKS = [
    (
        "英才社区",
        12,
        "英才街3号院",
        "社区行走：3号院老同志多，愿意为社区出力。",
        [
            (E, "王德明", "13903716101", ElderKind.CADRE, ""),
            (E, "李秀英", "13903716102", ElderKind.TEACHER, "书法"),
            (E, "赵振国", "13903716103", ElderKind.SOLDIER, ""),
            (S, "周建军", "13903716106", "", "理发"),
        ],
        False,
    ),
    (
        "英才社区",
        30,
        "英才街11号院",
        "1+6+N 党员联系户入户走访：了解居民参与社区事务的意愿。",
        [
            (E, "郭玉兰", "13903716107", ElderKind.MODEL, "调解邻里纠纷"),
            (G, "11号院棋牌交流队", "13903716108", "", ("周末在凉亭下象棋", "吴大爷", 9)),
        ],
        True,
    ),
    (
        "迎宾社区",
        18,
        "迎宾小区中心广场",
        "大走访、大调研：广场上有一支自发的晨练太极拳队。",
        [
            (K, "刘桂兰", "13903716104", "", "楼道长，常帮邻居代收快递"),
            (
                G,
                "迎宾社区晨练太极拳队",
                "13903716105",
                "",
                ("每天早上在广场练太极拳", "孙建华", 18),
            ),
        ],
        False,
    ),
    (
        "江山社区",
        8,
        "江山小区东门楼院",
        "社区行走：楼院里有一支广场舞队和一位退休医生。",
        [
            (G, "江山小区东门广场舞队", "", "", ("傍晚在东门广场跳舞", "张阿姨", 20)),
            (S, "陈医生", "13903716109", "", "退休医生，可做健康讲座"),
        ],
        False,
    ),
    (
        "文化社区",
        25,
        "文化路12号院",
        "大走访：了解独居老人情况，发现一位热心的楼栋长。",
        [(K, "马大姐", "13903716110", "", "")],
        False,
    ),
    (
        "英协社区",
        40,
        "英协小区南门",
        "社区行走：本次未发现新的自组织。",
        [],
        False,
    ),
]


def _findings(rows) -> list[VisitFinding]:
    found = []
    for kind, name, phone, which, extra in rows:
        finding = VisitFinding(kind=kind, name=name, phone=phone)
        if kind == E:
            finding.elder_kind, finding.skill = which, extra
        elif kind in (K, S):
            finding.skill = extra
        else:
            finding.description, finding.contact_name, finding.headcount = extra
        found.append(finding)
    return found


def build(demo):
    street = Area.objects.get(name=STREET, parent=demo.areas["惠济区"])
    communities = {c.name: c for c in street.children.all()}
    if Visit.objects.filter(community__in=communities.values()).exists():
        return
    worker = User.objects.get(username="community")
    officer = User.objects.get(username="street")
    made = {}
    for name, days, where, summary, rows, by_member in WALKS:
        community = communities[name]
        member = (
            Person.objects.filter(community=community, is_party_member=True).order_by("pk").first()
            if by_member
            else None
        )
        made[where] = services.record_visit(
            visit=Visit(
                community=community,
                visited_on=TODAY - timedelta(days=days),
                address=where,
                summary=summary,
                party_member=member,
            ),
            findings=_findings(rows),
            by=worker if name == "英才社区" else officer,
        )
    _turn(made, worker, officer)


def _turn(made, worker, officer):
    """The story's outcomes: three 五老 of 英才社区 into the talent pool; at
    迎宾社区 the tai-chi group into the ledger and the keen resident into an
    organisation of the community."""
    for elder in made["英才街3号院"].findings.filter(kind=E).order_by("id"):
        services.turn_into_talent(finding_id=elder.pk, by=worker)
    square = made["迎宾小区中心广场"]
    sport = Category.objects.filter(parent__name="文体活动类", name="健身").first()
    sport = sport or Category.objects.filter(parent__isnull=False).order_by("pk").first()
    group = square.findings.get(kind=G)
    ledger_entry = services.turn_into_organisation(
        finding_id=group.pk, category=sport, by=officer
    ).organisation
    team = (
        Organisation.objects.live()
        .filter(area=square.community)
        .exclude(pk=ledger_entry.pk)
        .order_by("pk")
        .first()
    )
    keen = square.findings.get(kind=K)
    services.turn_into_member(finding_id=keen.pk, organisation=team, by=officer)

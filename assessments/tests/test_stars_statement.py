"""The annual stars are computed by one SQL statement
(assessments/rollups/stars.py); these tests hold it to the rules of
assessments/rules.py applied in Python, organisation by organisation, on a
small city built to sit on each rule's edges, under the default settings and
under settings with fractional weights and thresholds."""

import random
from collections import defaultdict
from decimal import Decimal

import pytest

from assessments import rules
from assessments.models import (
    AnnualAssessment,
    MonthlyScore,
    PaperSurvey,
    PeerRating,
    SurveyAnswer,
)
from assessments.rollups import run_annual
from assessments.rollups.annual import _assess
from lib.periods import Year
from tests.assessment_helpers import template
from tests.factories import OrganisationFactory

# Run on PostgreSQL too (CI, -m postgres): the statement must agree on both databases.
pytestmark = pytest.mark.postgres

YEAR = 2025
D = Decimal
MINIMUM = 20  # ASSESSMENT_RESIDENTS_MIN_ANSWERS by default


def expected(year):
    """Each organisation's assessment by the rules, from the raw rows, in exact decimals."""
    months, peers, given, said = defaultdict(list), defaultdict(list), {}, defaultdict(list)
    for org, month, total, platform in MonthlyScore.objects.filter(year=year).values_list(
        "organisation", "month", "total", "platform"
    ):
        months[org].append((month, total, platform))
    for org, value in PeerRating.objects.filter(year=year).values_list("rated", "score"):
        peers[org].append(value)
    for org, *inputs in AnnualAssessment.objects.filter(year=year).values_list(
        "organisation", "party_score", "self_score", "platform"
    ):
        given[org] = inputs
    for org, *levels in SurveyAnswer.objects.filter(year=year).values_list(
        "organisation", "q1", "q2", "q3"
    ):
        said[org].append((1, rules.answer_score(*levels)))
    for org, forms, average in PaperSurvey.objects.filter(year=year).values_list(
        "organisation", "forms", "average"
    ):
        said[org].append((forms, average))
    found = {}
    for org in {*months, *peers, *given, *said}:
        scored, rated = sorted(months[org]), peers[org]
        party, self_score, platform = given.get(org, (None, None, None))
        residents, answers = rules.residents_part(said[org])
        average = rules.tenth(sum(t for _m, t, _p in scored) / len(scored)) if scored else None
        peer = rules.tenth(sum(rated) / len(rated)) if rated else None
        total = rules.annual_total(
            party=party,
            monthly_average=average,
            self_score=self_score,
            peer=peer,
            residents=residents,
        )
        found[org] = (
            (scored[-1][2] if scored else None) or platform,
            peer,
            len(rated),
            average,
            len(scored),
            residents,
            answers,
            total,
            rules.stars_for(total, party),
        )
    return found


def computed(year):
    return {
        row[0]: tuple(row[1:])
        for row in AnnualAssessment.objects.filter(year=year).values_list(
            "organisation",
            "platform",
            "peer_score",
            "peer_count",
            "monthly_average",
            "months_scored",
            "residents_score",
            "residents_answers",
            "total",
            "stars",
        )
    }


class City:
    """Organisations, each given monthly scores, peer ratings and inputs."""

    def __init__(self, personas, platforms):
        self.by, self.template = personas.operator, template()
        self.platforms, self.area = platforms, personas.organisation_a1.area
        self.raters = [OrganisationFactory(name=f"互评组织{n}", area=self.area) for n in range(4)]
        self.orgs = {}

    def add(
        self, name, months=(), peers=(), inputs=None, platform=None, year=YEAR, said=(), paper=()
    ):
        """months: totals from January, None for a month not scored, or
        (total, platform) pairs; peers: scores; inputs: (party, self, residents),
        the residents' score entered as a paper batch of the minimum of forms
        (as the data migration carried typed scores over); said: online answers
        (q1, q2, q3); paper: batches (forms, average)."""
        org = self.orgs.get(name) or OrganisationFactory(name=name, area=self.area)
        self.orgs[name] = org
        MonthlyScore.objects.bulk_create(
            MonthlyScore(
                organisation=org,
                platform=(entry[1] if isinstance(entry, tuple) else self.platforms.street_a),
                year=year,
                month=month,
                template=self.template,
                total=D(str(entry[0] if isinstance(entry, tuple) else entry)),
                scored_by=self.by,
            )
            for month, entry in enumerate(months, start=1)
            if entry is not None
        )
        PeerRating.objects.bulk_create(
            PeerRating(year=year, rater=rater, rated=org, score=D(str(value)), recorded_by=self.by)
            for rater, value in zip(self.raters, peers, strict=False)
        )
        party, self_score, residents = inputs or (None, None, None)
        if inputs is not None or platform is not None:
            AnnualAssessment.objects.create(
                organisation=org,
                year=year,
                platform=platform,
                party_score=party,
                self_score=self_score,
            )
        if residents is not None:
            paper = [(MINIMUM, residents), *paper]
        SurveyAnswer.objects.bulk_create(
            SurveyAnswer(organisation=org, year=year, phone_digest=f"{name}{n}", q1=a, q2=b, q3=c)
            for n, (a, b, c) in enumerate(said)
        )
        PaperSurvey.objects.bulk_create(
            PaperSurvey(
                organisation=org,
                year=year,
                forms=forms,
                average=D(str(average)),
                reason="纸质问卷",
                recorded_by=self.by,
            )
            for forms, average in paper
        )
        return org


@pytest.fixture
def city(personas, platforms):
    city = City(personas, platforms)
    # Averages rounded half up, not to even: 6.05 → 6.1, 6.25 → 6.3, 80.05 → 80.1.
    city.add("平均6.05", months=[6.0, 6.1], inputs=(80, 80, 80))
    city.add("平均6.25", months=[6.2, 6.3], peers=[80.0, 80.1], inputs=(80, 80, 80))
    city.add("平均循环小数", months=[9.9, 9.9, 9.8], peers=[70, 70.1, 70.1], inputs=(90, 90, 90))
    # Missing months: a single month, months with gaps, none at all.
    city.add("只评一个月", months=[None] * 11 + [8.0], inputs=(85, 85, 85))
    city.add("隔月评分", months=[7.0, None, 7.5, None, None, 9.1], inputs=(75, 70, 72))
    city.add("只有录入", inputs=(88, 86, 84), platform=platforms.street_b)
    city.add("只有互评", peers=[95, 91, 92])
    city.add("只有月评", months=[9.5] * 12)
    # Each star threshold, on it and a tenth below (inputs alone: the total is the value).
    for value in ("90.0", "89.9", "80.0", "79.9", "70.0", "69.9", "60.0", "59.9", "0.0", "100.0"):
        city.add(f"门槛{value}", inputs=(value, value, value))
    # The weighted total rounded half up: 68.45 → 68.5; 89.95 → 90.0, five stars.
    city.add("总分68.45", months=[8.0], peers=[80], inputs=("80.0", "80.0", "3.0"))
    city.add("总分89.95", months=[9.0], peers=[90], inputs=("90.0", "89.5", "90.0"))
    # Party building counted first: at the pass mark, a tenth below, zero, missing.
    city.add("党建60", months=[9.9] * 12, peers=[99], inputs=("60.0", 100, 100))
    city.add("党建59.9", months=[9.9] * 12, peers=[99], inputs=("59.9", 100, 100))
    city.add("党建0", months=[9.9] * 12, peers=[99], inputs=("0.0", 100, 100))
    city.add("党建未录", months=[9.9] * 12, peers=[99], inputs=(None, 100, 100))
    # The platform that scored it last; the entered one when nobody scored it.
    street_b = platforms.street_b
    city.add("换了平台", months=[8.0, 8.0, (8.5, street_b), (8.7, street_b)], inputs=(80, 80, 80))
    city.add("录入平台被月评覆盖", months=[7.0], inputs=(70, 70, 70), platform=street_b)
    # Another year's rows count for nothing in this one.
    other = city.add("别的年份", months=[2.0] * 12, peers=[10], inputs=(10, 10, 10), year=2024)
    city.add("别的年份", months=[9.0] * 3, inputs=(95, 95, 95))
    assert other.pk == city.orgs["别的年份"].pk
    # The residents' part: enough answers online, one too few, paper only, mixed.
    good, bad = (100, 100, 75), (25, 25, 25)
    city.add("群众够数", inputs=(90, 90, None), said=[good] * MINIMUM)
    city.add("群众差一份", inputs=(90, 90, None), said=[good] * (MINIMUM - 1))
    city.add("群众差评够数", inputs=(90, 90, None), said=[bad] * MINIMUM)
    city.add("群众无人答", inputs=(90, 90, None))
    city.add("群众只有纸质", inputs=(90, 90, None), paper=[(12, "88.8"), (8, "70.1")])
    city.add("群众纸质不足", inputs=(90, 90, None), paper=[(MINIMUM - 1, "99.9")])
    city.add(
        "群众线上加纸质",
        inputs=(90, 90, None),
        said=[good, bad, (75, 50, 50), (100, 75, 50)],
        paper=[(16, "83.3")],
    )
    # Thirds rounded half up: 19 × 91⅔ + 1 × 91.7 over 20 = 91.6666… → 91.7.
    city.add("群众三分之一", said=[(100, 100, 75)] * 19, paper=[(1, "91.7")])
    city.add("群众只有答卷", said=[(50, 50, 50)] * MINIMUM, year=YEAR)
    # And a seeded crowd with every combination of parts present or missing.
    draw = random.Random(18)
    for n in range(30):
        months = [
            draw.choice([None, round(draw.uniform(0, 10), 1)]) if draw.random() < 0.8 else None
            for _ in range(12)
        ]
        peers = [round(draw.uniform(40, 100), 1) for _ in range(draw.randrange(4))]
        inputs = (
            tuple(draw.choice([None, round(draw.uniform(40, 100), 1)]) for _ in range(3))
            if draw.random() < 0.8
            else None
        )
        said = [
            tuple(draw.choice((0, 25, 50, 75, 100)) for _ in range(3))
            for _ in range(draw.choice((0, 3, MINIMUM - 1, MINIMUM, MINIMUM + 7)))
        ]
        paper = [
            (draw.randrange(1, 15), round(draw.uniform(0, 100), 1))
            for _ in range(draw.randrange(3))
        ]
        city.add(f"随机组织{n}", months=months, peers=peers, inputs=inputs, said=said, paper=paper)
    return city


def test_the_statement_agrees_with_the_rules_on_every_organisation(city):
    want = expected(YEAR)
    assessed, _rated = _assess(Year(YEAR))
    assert assessed == len(want)
    assert computed(YEAR) == want
    # The edges were reached (so the comparison above is not between empty sets).
    stars = {name: computed(YEAR)[org.pk][-1] for name, org in city.orgs.items()}
    assert [stars[f"门槛{v}"] for v in ("90.0", "89.9", "80.0", "79.9", "70.0", "69.9")] == [
        5,
        4,
        4,
        3,
        3,
        2,
    ]
    assert [stars[f"门槛{v}"] for v in ("60.0", "59.9", "0.0", "100.0")] == [2, 1, 1, 5]
    # 87.6 and 87.5: four stars at the pass mark, capped at three a tenth below it.
    assert [stars[n] for n in ("党建60", "党建59.9", "党建0", "党建未录")] == [4, 3, 2, None]
    assert stars["只有互评"] is None and stars["总分89.95"] == 5
    row = computed(YEAR)
    assert row[city.orgs["平均6.05"].pk][3] == D("6.1")
    assert row[city.orgs["平均6.25"].pk][1:4] == (D("80.1"), 2, D("6.3"))
    assert row[city.orgs["总分68.45"].pk][7] == D("68.5")
    assert row[city.orgs["换了平台"].pk][0] == city.platforms.street_b.pk
    assert row[city.orgs["只有录入"].pk][:5] == (city.platforms.street_b.pk, None, 0, None, 0)
    # The residents' part: (score, answers) and the stars it leads to.
    residents = {name: row[org.pk][5:7] for name, org in city.orgs.items()}
    assert residents["群众够数"] == (D("91.7"), MINIMUM)
    assert residents["群众差一份"] == (None, MINIMUM - 1)
    assert residents["群众无人答"] == (None, 0)
    assert residents["群众只有纸质"] == (D("81.3"), 20)  # (12 × 88.8 + 8 × 70.1) / 20 = 81.32
    assert residents["群众纸质不足"] == (None, MINIMUM - 1)
    assert residents["群众线上加纸质"][1] == 20 and residents["群众三分之一"] == (D("91.7"), 20)
    # Too few answers count as 0: fewer stars than the worst answers give.
    assert stars["群众差一份"] < stars["群众差评够数"] < stars["群众够数"]
    assert stars["群众无人答"] == stars["群众差一份"]


def test_with_fractional_weights_and_thresholds_it_still_agrees(city, settings):
    settings.ASSESSMENT_WEIGHTS = {"party": 12.5, "monthly": 0.3, "self": 7, "residents": 0}
    settings.ASSESSMENT_STARS = {5: 89.95, 4: 80.01, 3: 70, 2: 60.05}
    settings.ASSESSMENT_PARTY_PASS = 59.95
    settings.ASSESSMENT_PARTY_FAIL_CAP = 2
    _assess(Year(YEAR))
    assert computed(YEAR) == expected(YEAR)


def test_without_any_weight_nothing_is_totalled_or_rated(city, settings):
    settings.ASSESSMENT_WEIGHTS = {"party": 0}
    _assess(Year(YEAR))
    assert computed(YEAR) == expected(YEAR)
    assert not AnnualAssessment.objects.filter(year=YEAR, total__isnull=False).exists()


def test_running_again_changes_nothing_and_follows_changed_inputs(city):
    run_annual(Year(YEAR))
    first = computed(YEAR)
    assert _assess(Year(YEAR))[0] == len(first)
    assert computed(YEAR) == first
    # A late peer rating and a corrected input: the rerun follows them.
    org = city.orgs["门槛89.9"]
    PeerRating.objects.create(
        year=YEAR, rater=city.raters[0], rated=org, score=100, recorded_by=city.by
    )
    AnnualAssessment.objects.filter(organisation=city.orgs["党建59.9"], year=YEAR).update(
        party_score=60
    )
    run_annual(Year(YEAR))
    assert computed(YEAR) == expected(YEAR)
    assert computed(YEAR)[org.pk][-1] == 5
    org.refresh_from_db()
    assert (org.star_rating, org.star_year) == (5, YEAR)

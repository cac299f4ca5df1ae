"""The annual assessment and star ratings, platform grades, indicators, and
the rollups' promises: rerun-safe, set-based, on schedule, on a real worker."""

import os
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from celery.schedules import crontab
from django.conf import settings as django_settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments import rules
from assessments.models import (
    AnnualAssessment,
    Figure,
    Indicator,
    Interview,
    InterviewKind,
    MonthlyScore,
    PeerRating,
    PeriodKind,
    PlatformGrade,
    PlatformQuarter,
    RollupRun,
)
from assessments.rollups import run_annual, run_monthly, run_quarterly
from incubators.models import MonthlyReport, Review, ReviewKind
from lib.periods import CALENDAR, Month, Period, Quarter, Year
from orgs.models import Organisation
from projects.services import review
from tests.assessment_helpers import admit, residents_paper, score
from tests.factories import OrganisationFactory
from tests.fixtures import on_postgres
from tests.project_helpers import score_all, to_review

# Run on PostgreSQL too (CI, -m postgres): set-based rollups, rerun-safe, on a real worker.
pytestmark = pytest.mark.postgres

# --- stars: thresholds and weights --------------------------------------------------------


def test_the_annual_total_weighs_its_parts_and_the_monthly_average_counts_ten_fold():
    # party 30, monthly 30, self 10, peer 15, residents 15 (out of 100)
    total = rules.annual_total(
        party=Decimal(100),
        monthly_average=Decimal(8),
        self_score=Decimal(90),
        peer=Decimal(80),
        residents=Decimal(70),
    )
    assert total == Decimal("85.5")  # (3000 + 2400 + 900 + 1200 + 1050) / 100


def test_a_missing_part_shares_its_weight_among_the_others():
    total = rules.annual_total(
        party=Decimal(90), monthly_average=Decimal(9), self_score=None, peer=None, residents=90
    )
    assert total == Decimal("90.0")


def test_a_residents_part_not_assessed_counts_as_0_not_as_missing():
    # (30 × 90 + 30 × 90 + 15 × 0) / 75 = 72: its weight is not shared.
    total = rules.annual_total(
        party=Decimal(90), monthly_average=Decimal(9), self_score=None, peer=None, residents=None
    )
    assert total == Decimal("72.0")


@pytest.mark.parametrize(
    ("total", "stars"),
    [
        (90, 5),
        (Decimal("89.9"), 4),
        (80, 4),
        (70, 3),
        (Decimal("69.9"), 2),
        (60, 2),
        (59, 1),
        (0, 1),
    ],
)
def test_star_thresholds(total, stars):
    assert rules.stars_for(Decimal(total), party=Decimal(100)) == stars


def test_party_building_is_counted_first(settings):
    assert rules.stars_for(Decimal(95), party=None) is None  # no party score, no rating
    assert rules.stars_for(Decimal(95), party=Decimal(59)) == 3  # capped below the pass
    settings.ASSESSMENT_PARTY_FAIL_CAP = 2
    assert rules.stars_for(Decimal(95), party=Decimal(59)) == 2


def test_thresholds_and_weights_are_settings(settings):
    settings.ASSESSMENT_STARS = {5: 95, 4: 85, 3: 75, 2: 65}
    assert rules.stars_for(Decimal(90), party=Decimal(100)) == 4
    settings.ASSESSMENT_WEIGHTS = {"party": 1, "monthly": 0, "self": 0, "peer": 0, "residents": 0}
    assert rules.annual_total(
        party=Decimal(70),
        monthly_average=Decimal(10),
        self_score=Decimal(100),
        peer=None,
        residents=None,
    ) == Decimal("70.0")


# --- the annual rollup --------------------------------------------------------------------


def year_of_scores(org, by, year, total):
    for month in range(1, 13):
        score(org, year, month, total, by)


@pytest.fixture
def two_residents(personas, platforms):
    star = personas.organisation_a1
    weak = OrganisationFactory(name="绿城社区书画社", area=star.area)
    admit(star, platforms.street_a, personas.operator)
    admit(weak, platforms.street_a, personas.operator)
    year_of_scores(star, personas.operator, 2025, 9.5)
    year_of_scores(weak, personas.operator, 2025, 6.5)
    AnnualAssessment.objects.create(organisation=star, year=2025, party_score=98, self_score=95)
    AnnualAssessment.objects.create(organisation=weak, year=2025, party_score=70, self_score=80)
    residents_paper(star, 2025, 96)
    residents_paper(weak, 2025, 62)
    PeerRating.objects.create(
        year=2025, rater=weak, rated=star, score=92, recorded_by=personas.operator
    )
    PeerRating.objects.create(
        year=2025, rater=star, rated=weak, score=60, recorded_by=personas.operator
    )
    return star, weak


def test_the_annual_rollup_rates_each_organisation_and_writes_the_rating(two_residents):
    star, weak = two_residents
    run_annual(Year(2025))
    good = AnnualAssessment.objects.get(organisation=star, year=2025)
    # (98×30 + 95×30 + 95×10 + 92×15 + 96×15) / 100: party, monthly ×10, self, peer, residents
    assert (good.monthly_average, good.months_scored, good.peer_score) == (
        Decimal("9.5"),
        12,
        Decimal("92.0"),
    )
    assert good.total == Decimal("95.6") and good.stars == 5
    bad = AnnualAssessment.objects.get(organisation=weak, year=2025)
    # (70×30 + 65×30 + 80×10 + 60×15 + 62×15) / 100
    assert bad.total == Decimal("66.8") and bad.stars == 2
    star.refresh_from_db()
    weak.refresh_from_db()
    assert (star.star_rating, star.star_year, weak.star_rating) == (5, 2025, 2)


def test_the_rating_is_published_on_the_organisations_page(two_residents, client):
    star, _weak = two_residents
    run_annual(Year(2025))
    page = client.get(reverse("public:organisation", args=[star.pk])).content.decode()
    assert 'aria-label="5">★★★★★</span>' in page and "2025" in page


def test_three_stars_or_fewer_are_interviewed(two_residents):
    star, weak = two_residents
    counts = run_annual(Year(2025))
    [interview] = Interview.objects.filter(kind=InterviewKind.LOW_STARS)
    assert interview.organisation == weak and interview.year == 2025
    assert interview.evidence[0]["stars"] == 2
    assert counts["interviews_raised"] == 1
    assert run_annual(Year(2025))["interviews_raised"] == 0


def test_an_older_year_does_not_overwrite_a_newer_rating(two_residents, personas):
    star, _weak = two_residents
    run_annual(Year(2025))
    AnnualAssessment.objects.create(organisation=star, year=2024, party_score=50)
    run_annual(Year(2024))
    assert AnnualAssessment.objects.get(organisation=star, year=2024).stars == 1
    star.refresh_from_db()
    assert (star.star_rating, star.star_year) == (5, 2025)


def test_five_stars_reach_the_projects_ranking(world, personas, platforms, settings):
    settings.FIVE_STAR_BONUS = 5
    project, a, b = to_review(world, personas)
    score_all(
        project,
        world.reviewers,
        {world.bidder_a.pk: Decimal("0.80"), world.bidder_b.pk: Decimal("0.82")},
    )
    assert [r.bid for r in review.ranking(project)] == [b, a]
    admit(world.bidder_a, platforms.street_a, personas.operator)
    year_of_scores(world.bidder_a, personas.operator, 2025, 9.6)
    AnnualAssessment.objects.create(
        organisation=world.bidder_a, year=2025, party_score=97, self_score=95
    )
    residents_paper(world.bidder_a, 2025, 94)
    run_annual(Year(2025))
    ranked = review.ranking(project)
    assert [r.bid for r in ranked] == [a, b]
    assert ranked[0].bonus == Decimal("5")


# --- platforms ------------------------------------------------------------------------------


def test_platforms_are_graded_from_their_reports_and_reviews(platforms, personas):
    street = platforms.street_a
    for month in range(1, 13):
        if month != 7:  # one report missing: 11 of 12
            MonthlyReport.objects.create(
                platform=street, year=2025, month=month, submitted_by=personas.operator
            )
    for kind, number, value in [
        (ReviewKind.QUARTERLY, 1, 90),
        (ReviewKind.QUARTERLY, 2, 80),
        (ReviewKind.QUARTERLY, 3, 85),
        (ReviewKind.QUARTERLY, 4, 85),
        (ReviewKind.HALF_YEAR, 1, 88),
        (ReviewKind.HALF_YEAR, 2, 92),
        (ReviewKind.ANNUAL, 1, 95),
    ]:
        Review.objects.create(
            platform=street,
            kind=kind,
            year=2025,
            number=number,
            reviewed_on=date(2025, 12, 20),
            reviewers="区民政局",
            findings="—",
            score=value,
            recorded_by=personas.district_officer,
        )
    run_quarterly(Quarter(2025, 3))
    q3 = PlatformQuarter.objects.get(platform=street, year=2025, quarter=3)
    assert (q3.reports_received, q3.reports_due, q3.review_score) == (2, 3, Decimal("85.0"))
    run_annual(Year(2025))
    grade = PlatformGrade.objects.get(platform=street, year=2025)
    # reports 11/12 → 91.7 (×10), quarterly 85 (×30), half-year 90 (×20), annual 95 (×40)
    assert (grade.reports_received, grade.quarterly_average, grade.half_year_average) == (
        11,
        Decimal("85.0"),
        Decimal("90.0"),
    )
    assert grade.total == Decimal("90.7") and grade.grade == "A"
    street.refresh_from_db()
    assert street.grade == "A"
    # The district base reports to nobody: graded on its reviews alone, none here.
    assert PlatformGrade.objects.get(platform=platforms.district, year=2025).grade == ""


# --- indicators -----------------------------------------------------------------------------


def test_indicators_add_up_from_communities_to_the_district(two_residents, territory):
    # Organisations count from their founding date, or when entered in the
    # ledger if it has none: an old one imported today counts for 2025.
    Organisation.objects.update(created_at=datetime(2025, 3, 1, tzinfo=UTC))
    late = OrganisationFactory(area=territory.community_a1)
    Organisation.objects.filter(pk=late.pk).update(created_at=datetime(2026, 1, 5, tzinfo=UTC))
    founded_late = OrganisationFactory(area=territory.community_a1, founded_on=date(2026, 2, 1))
    OrganisationFactory(area=territory.community_a1, founded_on=date(2019, 5, 1))  # imported now
    run_annual(Year(2025))
    district = Indicator.objects.filter(area=territory.district_a, kind="year", period="2025")
    values = dict(district.values_list("figure", "value"))
    live = (
        Organisation.objects.live()
        .in_area(territory.district_a)
        .exclude(pk__in=[late.pk, founded_late.pk])
        .count()
    )
    assert values[Figure.ORGANISATIONS] == live
    assert values[Figure.COMMUNITIES] == 4 and values[Figure.TARGET] == 80
    assert values[Figure.STARS_5] == 1 and values[Figure.STARS_2] == 1
    community = dict(
        Indicator.objects.filter(area=territory.community_a1, period="2025").values_list(
            "figure", "value"
        )
    )
    assert community[Figure.STARS_5] == 1
    assert Figure.STARS_5 not in dict(
        Indicator.objects.filter(area=territory.district_b, period="2025").values_list(
            "figure", "value"
        )
    )


def test_indicators_are_stored_under_their_periods_kind():
    """The rollups write `period.kind` and `period.key`; the dashboard reads
    the kinds it offers back with lib.periods."""
    assert set(PeriodKind.values) <= {kind.kind for kind in CALENDAR}
    for kind, key in [("month", "2026-10"), ("quarter", "2026-Q3"), ("year", "2026")]:
        assert Period.parse(key).kind == kind


# --- rerun, query counts, schedule, worker --------------------------------------------------


def snapshot():
    def rows(model, *exclude):
        fields = [
            f.attname for f in model._meta.concrete_fields if f.attname not in ("id", *exclude)
        ]
        return sorted(model.objects.values_list(*fields), key=repr)

    return {
        "scores": rows(MonthlyScore, "locked_at", "scored_at"),
        "interviews": rows(Interview, "raised_at"),
        "annual": rows(AnnualAssessment, "computed_at"),
        "quarters": rows(PlatformQuarter, "computed_at"),
        "grades": rows(PlatformGrade, "computed_at"),
        "indicators": rows(Indicator, "computed_at"),
        "stars": sorted(Organisation.objects.values_list("pk", "star_rating", "star_year")),
    }


def test_rerunning_every_rollup_gives_identical_rows(two_residents, personas):
    star, weak = two_residents
    for month in (10, 11, 12):
        score(weak, 2026, month, 5, personas.operator)

    def everything():
        run_monthly(Month(2026, 12))
        run_quarterly(Quarter(2026, 4))
        run_annual(Year(2025))

    everything()
    first = snapshot()
    assert first["interviews"] and first["indicators"] and first["annual"]
    everything()
    assert snapshot() == first
    runs = dict(RollupRun.objects.values_list("kind", "runs"))
    assert runs == {"monthly": 2, "quarterly": 2, "annual": 2}
    assert not RollupRun.objects.filter(finished_at__isnull=True).exists()


def test_the_annual_rollup_queries_do_not_grow_with_organisations(personas, platforms):
    def scenario(year, how_many):
        for n in range(how_many):
            org = OrganisationFactory(
                name=f"{year}年测试组织{n}", area=personas.organisation_a1.area
            )
            admit(org, platforms.street_a, personas.operator, entered_on=date(year, 1, 1))
            score(org, year, 6, 5 + n % 5, personas.operator)
            score(org, year, 7, 6, personas.operator)
            AnnualAssessment.objects.create(organisation=org, year=year, party_score=50 + n * 5)
        with CaptureQueriesContext(connection) as queries:
            run_annual(Year(year))
        return len(queries)

    few = scenario(2024, 2)
    many = scenario(2025, 9)
    # A handful of grouped reads, one upsert per table, subquery updates,
    # and the indicators: the same number for 2 organisations or 9.
    assert few == many


def test_the_beat_schedule_has_the_three_rollups():
    from config.celery import app

    schedule = {e["task"]: e["schedule"] for e in app.conf.beat_schedule.values()}
    assert schedule["assessments.monthly_rollup"] == crontab(minute=0, hour=2, day_of_month=5)
    assert schedule["assessments.quarterly_rollup"] == crontab(
        minute=0, hour=3, day_of_month=6, month_of_year="1,4,7,10"
    )
    assert schedule["assessments.annual_rollup"] == crontab(
        minute=0, hour=4, day_of_month=15, month_of_year=1
    )


def test_a_task_without_a_period_rolls_up_the_one_just_ended(personas, platforms, time_machine):
    from assessments.tasks import annual_rollup, monthly_rollup, quarterly_rollup

    time_machine.move_to("2026-11-05 02:00 +0800")
    monthly_rollup.delay()
    quarterly_rollup.delay()
    annual_rollup.delay()
    assert set(RollupRun.objects.values_list("kind", "period")) == {
        ("monthly", "2026-10"),
        ("quarterly", "2026-Q3"),
        ("annual", "2025"),
    }


@on_postgres
@pytest.mark.skipif(not django_settings.REDIS_URL, reason="needs Redis; runs in CI (.ci/run)")
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_monthly_rollup_from_the_queue(personas, platforms):
    """Not eager: the task goes through Redis to a worker process, which
    writes to the test database; this test then reads what it wrote."""
    from assessments.tasks import monthly_rollup
    from config.celery import app

    org = personas.organisation_a1
    admit(org, platforms.street_a, personas.operator)
    for month in (8, 9, 10):
        score(org, 2026, month, 4, personas.operator)
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "REDIS_URL": django_settings.REDIS_URL,
        "CELERY_TASK_ALWAYS_EAGER": "false",
    }
    queue = f"test-{os.getpid()}"
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "-Q",
            queue,
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        env=env,
        cwd=django_settings.BASE_DIR,
    )
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        monthly_rollup.apply_async(args=[2026, 10], queue=queue)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if RollupRun.objects.filter(period="2026-10", finished_at__isnull=False).exists():
                break
            assert worker.poll() is None, "the worker died"
            time.sleep(0.5)
    finally:
        app.conf.task_always_eager = eager
        worker.terminate()
        worker.wait(timeout=30)
    run = RollupRun.objects.get(kind="monthly", period="2026-10")
    assert run.finished_at is not None and run.counts["interviews_raised"] == 1
    assert Interview.objects.filter(organisation=org, kind=InterviewKind.LOW_MONTHLY).exists()
    assert MonthlyScore.objects.get(year=2026, month=10).is_locked  # the month was closed


def hold_the_run(period: str, *, finish: bool):
    """Another worker in the middle of the period's rollup: it holds the run
    row until released, then finishes the run (or dies without finishing)."""
    import threading

    from django.db import transaction
    from django.db.models import F
    from django.utils import timezone

    holding, release = threading.Event(), threading.Event()

    def worker():
        try:
            with transaction.atomic():
                RollupRun.objects.select_for_update().get(period=period)
                holding.set()
                release.wait(timeout=30)
                if finish:
                    RollupRun.objects.filter(period=period).update(
                        finished_at=timezone.now(), runs=F("runs") + 1
                    )
        finally:
            connection.close()

    thread = threading.Thread(target=worker)
    thread.start()
    assert holding.wait(timeout=30)
    return thread, release


def in_background(function, *args):
    import threading

    result = {}

    def run():
        try:
            result["value"] = function(*args)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, result


@on_postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("first_finishes", [True, False])
def test_a_rollup_delivered_again_while_it_runs_is_not_done_twice(first_finishes):
    """After the broker's visibility timeout a second worker gets the same
    rollup while the first still holds its run. It waits; if the first
    finishes the period, it leaves it; if the first dies, it does the work."""
    from assessments.tasks import monthly_rollup

    monthly_rollup(2026, 10)
    first, release = hold_the_run("2026-10", finish=first_finishes)
    copy, result = in_background(monthly_rollup, 2026, 10)
    try:
        time.sleep(1)
        assert "value" not in result  # waiting behind the first, not running alongside
    finally:
        release.set()
        first.join(timeout=30)
        copy.join(timeout=60)
    run = RollupRun.objects.get(period="2026-10")
    if first_finishes:
        assert result["value"] == {"skipped": "finished by another worker"}
        assert run.runs == 2  # the first run and the other worker's
    else:
        assert result["value"]["locked"] == 0  # done again, by the copy
        assert run.runs == 2 and run.finished_at is not None

"""The city generator at a hundredth of Wuhan: counts, valid rows, the same
city from the same seed, and a dataset the platform's own jobs work on.
(The full size is built and timed in bench/, never here.)"""

import random
from datetime import date
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db.models import Count

from assessments.models import AnnualAssessment, ItemScore, MonthlyScore
from assessments.rollups.annual import run_annual
from devdata.citygen import sizes_for
from grids.models import Grid, Ticket
from incubators.models import Platform, Residency
from lib.periods import Year
from orgs.models import Area, Membership, Organisation, Person, User
from projects.models import Bid, Project

TODAY = date(2026, 11, 24)
# Run on PostgreSQL too (CI, -m postgres): the generator writes with COPY on PostgreSQL.
pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def generate(code="4201"):
    out = StringIO()
    call_command("city", scale=0.01, today=TODAY, code=code, seed=7, stdout=out)
    return out.getvalue()


def test_a_hundredth_of_wuhan_has_the_sizes_asked_for():
    output = generate()
    sizes = sizes_for(0.01)
    assert sizes == {
        "districts": 1,
        "streets": 2,
        "communities": 14,
        "grids": 70,
        "organisations": 380,
        "people": 1500,
        "tickets": 10000,
        "projects": 50,
    }
    levels = dict(Area.objects.values_list("level").annotate(n=Count("pk")))
    assert levels == {"city": 1, "district": 1, "street": 2, "community": 14}
    assert Grid.objects.count() == 70
    assert Organisation.objects.count() == 380
    assert Organisation.objects.filter(is_hub=True).count() == 2  # one per street
    assert Person.objects.count() == 1500
    assert Ticket.objects.count() == 10000
    assert Project.objects.count() == 50
    assert Project.objects.filter(groups__isnull=True).count() == 0  # each serves someone
    assert Bid.objects.exists()
    assert Membership.objects.exists()
    assert Platform.objects.count() == 1 + 2  # the district's and each street's
    # A year of monthly scores for every resident organisation, item by item.
    residents = Residency.objects.count()
    assert residents > 300
    assert MonthlyScore.objects.filter(year=2025).count() == residents * 12
    assert ItemScore.objects.count() == MonthlyScore.objects.count() * 6
    assert "10,000" in output and "武汉市" in output


def test_generated_rows_pass_the_models_validation():
    generate()
    rng = random.Random(1)
    for model in (Area, Organisation, Person, User, Ticket, Project, Bid, MonthlyScore):
        pks = list(model.objects.values_list("pk", flat=True))
        for obj in model.objects.filter(pk__in=rng.sample(pks, min(40, len(pks)))):
            try:
                obj.full_clean(exclude=["password"])
            except ValidationError as exc:  # pragma: no cover - the message is the point
                pytest.fail(f"{model.__name__} #{obj.pk}: {exc.message_dict}")


def test_the_same_seed_gives_the_same_city():
    generate("4201")
    generate("4202")

    def ledger(code):
        return list(
            Organisation.objects.filter(area__code__startswith=code)
            .order_by("pk")
            .values_list("name", "tier", "status", "leader_name", "member_count")
        )

    first, second = ledger("4201"), ledger("4202")
    assert len(first) == 380
    assert first == second


def test_a_second_city_with_the_same_code_is_refused():
    generate()
    with pytest.raises(CommandError, match="4201"):
        generate()
    assert Organisation.objects.count() == 380


def test_the_platforms_annual_rollup_rates_the_generated_year():
    generate()
    counts = run_annual(Year(2025))
    assert counts["assessed"] == Residency.objects.count()
    rated = AnnualAssessment.objects.filter(year=2025, stars__isnull=False)
    assert rated.count() == counts["assessed"]
    # Mostly four stars, as in a real district; a few low ones interviewed.
    stars = dict(rated.values_list("stars").annotate(n=Count("pk")))
    assert stars[4] > sum(stars.values()) / 2
    assert Organisation.objects.filter(star_year=2025).count() == counts["rated"]

"""Residents' scores staff typed before the survey become batches of paper
forms (migration 0010), so past years keep their stars; and back."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from assessments.models import AnnualAssessment, PaperSurvey
from assessments.rollups import run_annual
from lib.periods import Year
from tests.factories import OrganisationFactory
from tests.fixtures import needs_migrations

# Run on PostgreSQL too (CI, -m postgres): a data migration.
pytestmark = [pytest.mark.postgres, needs_migrations]


def migrate(targets=None):
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    return executor.migrate(targets).apps


@pytest.mark.django_db(transaction=True)  # schema editors refuse to run inside a transaction
def test_a_typed_residents_score_becomes_paper_forms_and_keeps_its_stars(territory):
    org = OrganisationFactory(name="英才社区夕阳红合唱团", area=territory.community_a1)
    try:
        old = migrate([("assessments", "0008_stamps_on_the_platforms_clock")])
        old.get_model("assessments", "AnnualAssessment").objects.create(
            organisation_id=org.pk, year=2024, party_score=90, self_score=90, residents_score=88
        )
        migrate()
        paper = PaperSurvey.objects.get()
        assert (paper.forms, paper.average, paper.recorded_by) == (20, Decimal("88.0"), None)
        assert paper.reason == "问卷上线前手工录入的群众评分"
        run_annual(Year(2024))
        row = AnnualAssessment.objects.get()
        # (30 × 90 + 10 × 90 + 15 × 88) / 55 = 89.5: the stars of the typed score.
        assert (row.residents_score, row.residents_answers, row.total) == (
            Decimal("88.0"),
            20,
            Decimal("89.5"),
        )
        back = migrate([("assessments", "0009_resident_surveys")])
        assert not back.get_model("assessments", "PaperSurvey").objects.exists()
        restored = back.get_model("assessments", "AnnualAssessment").objects.get()
        assert restored.residents_score == Decimal("88.0")
    finally:
        migrate()

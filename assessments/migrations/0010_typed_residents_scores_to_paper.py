"""The residents' score staff typed before the survey went online becomes a
batch of paper forms, so the rollup (which now computes the score from the
answers) gives past years the stars they had: a batch of the minimum number
of forms at the typed score, with no one recorded as its author."""

from django.conf import settings
from django.db import migrations

REASON = "问卷上线前手工录入的群众评分"


def forwards(apps, schema_editor):
    Annual = apps.get_model("assessments", "AnnualAssessment")
    Paper = apps.get_model("assessments", "PaperSurvey")
    forms = max(1, settings.ASSESSMENT_RESIDENTS_MIN_ANSWERS)
    Paper.objects.bulk_create(
        Paper(
            organisation_id=row.organisation_id,
            year=row.year,
            forms=forms,
            average=row.residents_score,
            reason=REASON,
            recorded_by=None,
        )
        for row in Annual.objects.filter(residents_score__isnull=False).only(
            "organisation_id", "year", "residents_score"
        )
    )


def backwards(apps, schema_editor):
    Annual = apps.get_model("assessments", "AnnualAssessment")
    Paper = apps.get_model("assessments", "PaperSurvey")
    carried = Paper.objects.filter(reason=REASON, recorded_by__isnull=True)
    for paper in carried:
        Annual.objects.filter(organisation_id=paper.organisation_id, year=paper.year).update(
            residents_score=paper.average
        )
    carried.delete()


class Migration(migrations.Migration):
    dependencies = [("assessments", "0009_resident_surveys")]

    operations = [migrations.RunPython(forwards, backwards)]

"""An index in the monthly scores list's order (assessments.MonthlyScore.Meta),
built CONCURRENTLY on PostgreSQL so the release before keeps scoring
meanwhile (docs/deploy.md)."""

from django.db import migrations, models

from lib.indexes import AddIndexConcurrently


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("assessments", "0005_text_length_limits"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="monthlyscore",
            index=models.Index(
                fields=["-year", "-month", "organisation", "id"], name="monthly_score_list_order"
            ),
        ),
    ]

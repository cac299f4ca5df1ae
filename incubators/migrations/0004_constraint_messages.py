# The database rules a form can trip now say what they want, not their name.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("incubators", "0003_fund_release"),
    ]

    operations = [
        migrations.AlterConstraint(
            model_name="progressentry",
            name="progress_done_has_a_date",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("status", "done"), _negated=True),
                    ("done_on__isnull", False),
                    _connector="OR",
                ),
                name="progress_done_has_a_date",
                violation_error_message="A task marked done needs the date it was done.",
            ),
        ),
        migrations.AlterConstraint(
            model_name="review",
            name="review_period_fits_its_kind",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("kind", "quarterly"), ("number__gte", 1), ("number__lte", 4)),
                    models.Q(("kind", "half_year"), ("number__gte", 1), ("number__lte", 2)),
                    models.Q(("kind", "annual"), ("number", 1)),
                    _connector="OR",
                ),
                name="review_period_fits_its_kind",
                violation_error_message=(
                    "Quarterly reviews are numbered 1 to 4, half-year ones 1 or 2, the annual one 1."
                ),
            ),
        ),
    ]

# The database rule a form can trip now says what it wants, not its name.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0003_overdue_figure"),
    ]

    operations = [
        migrations.AlterConstraint(
            model_name="peerrating",
            name="peer_rating_not_oneself",
            constraint=models.CheckConstraint(
                condition=models.Q(("rater", models.F("rated")), _negated=True),
                name="peer_rating_not_oneself",
                violation_error_message="An organisation cannot rate itself.",
            ),
        ),
    ]

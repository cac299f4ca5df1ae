# The database rule a form can trip now says what it wants, not its name.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0008_personal_data_access_log"),
    ]

    operations = [
        migrations.AlterConstraint(
            model_name="servicerecord",
            name="service_hours_in_a_day",
            constraint=models.CheckConstraint(
                condition=models.Q(("hours__gt", 0), ("hours__lte", 24)),
                name="service_hours_in_a_day",
                violation_error_message="Hours of service are more than 0 and at most 24 a day.",
            ),
        ),
    ]

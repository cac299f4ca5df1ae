"""Items that ask for sign-in records (签到齐全): the default template's
活动开展与记录 item is marked, so an organisation with no activity with
sign-in records in a month gets at most half of it."""

from datetime import date

from django.db import migrations, models

DEFAULT_FROM = date(2024, 1, 1)
ITEM = "活动开展与记录"


def mark(apps, schema_editor):
    item_model = apps.get_model("assessments", "ScoreItem")
    item_model.objects.filter(
        template__valid_from=DEFAULT_FROM, template__name="月规范评分表", name=ITEM
    ).update(needs_sign_in=True)


def unmark(apps, schema_editor):
    apps.get_model("assessments", "ScoreItem").objects.update(needs_sign_in=False)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0011_paper_reason_words")]

    operations = [
        migrations.AddField(
            model_name="scoreitem",
            name="needs_sign_in",
            field=models.BooleanField(
                db_default=False,
                default=False,
                help_text=(
                    "An organisation with no activity with sign-in records in the month "
                    "gets at most half of this item's points (assessments.services.scores)."
                ),
                verbose_name="needs sign-in records",
            ),
        ),
        migrations.RunPython(mark, unmark),
    ]

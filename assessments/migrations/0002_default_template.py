"""The monthly standardisation template (月规范) as seed 001 describes it:
ten points over the work plan, hygiene, activity records and the rest. An
office with other items adds a template valid from a later month."""

from datetime import date
from decimal import Decimal

from django.db import migrations

ITEMS = [
    ("工作计划", "2.0", "本月工作计划按时制定、内容具体"),
    ("卫生清洁", "1.5", "办公及活动场所整洁有序"),
    ("活动开展与记录", "2.5", "按计划开展活动，记录、照片、签到齐全"),
    ("制度与台账", "1.5", "管理制度上墙，台账及时更新"),
    ("党建工作", "1.5", "党建活动按时开展，党员作用发挥"),
    ("安全与纪律", "1.0", "遵守孵化平台管理规定，无安全事故"),
]
FROM = date(2024, 1, 1)


def add(apps, schema_editor):
    template_model = apps.get_model("assessments", "ScoreTemplate")
    item_model = apps.get_model("assessments", "ScoreItem")
    if template_model.objects.filter(valid_from=FROM).exists():
        return
    template = template_model.objects.create(name="月规范评分表", valid_from=FROM)
    item_model.objects.bulk_create(
        item_model(template=template, position=i, name=name, max_points=Decimal(points), guidance=g)
        for i, (name, points, g) in enumerate(ITEMS, start=1)
    )


def remove(apps, schema_editor):
    template_model = apps.get_model("assessments", "ScoreTemplate")
    template = template_model.objects.filter(valid_from=FROM, name="月规范评分表").first()
    if template is not None and not template.scores.exists():
        template.items.all().delete()
        template.delete()


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial")]

    operations = [migrations.RunPython(add, remove)]

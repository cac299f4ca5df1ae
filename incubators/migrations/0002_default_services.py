"""The services platforms offer residents, as the seed reports list them
(Huiji, Panyu, the Shandong district): editable data."""

from django.db import migrations

SERVICES = [
    "活动场地", "水电减免", "能力培训", "资金代管", "财务指导", "项目策划",
    "党建指导", "信息发布", "需求对接", "督导评估",
]


def add(apps, schema_editor):
    ServiceKind = apps.get_model("incubators", "ServiceKind")
    for position, name in enumerate(SERVICES, start=1):
        ServiceKind.objects.get_or_create(name=name, defaults={"position": position})


def remove(apps, schema_editor):
    apps.get_model("incubators", "ServiceKind").objects.filter(name__in=SERVICES).delete()


class Migration(migrations.Migration):
    dependencies = [("incubators", "0001_initial")]

    operations = [migrations.RunPython(add, remove)]

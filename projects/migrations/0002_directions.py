"""The four project directions of seed 001 ("四领"): party-building projects,
community governance problems, volunteer service, help for vulnerable groups."""

from django.db import migrations

DIRECTIONS = ["党建红色项目", "社区治理难题项目", "志愿服务项目", "弱势群体帮扶项目"]


def add(apps, schema_editor):
    Direction = apps.get_model("projects", "Direction")
    for position, name in enumerate(DIRECTIONS, start=1):
        Direction.objects.get_or_create(name=name, defaults={"position": position})


def remove(apps, schema_editor):
    apps.get_model("projects", "Direction").objects.filter(name__in=DIRECTIONS).delete()


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]

    operations = [migrations.RunPython(add, remove)]

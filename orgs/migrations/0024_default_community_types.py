"""Tianyuan's four community types (一社一策), each with the approach the
seed names for it: 城市社区, 新建社区, 老旧小区, 村改居. Offices edit the
approaches, or add types, in the admin."""

from django.db import migrations

TYPES = [
    ("城市社区", "党建领航“四制”同治;“135”协商治理。"),
    ("新建社区", "“3+2”社区工作法;打造睦邻共同体。"),
    ("老旧小区", "“三长共治”提升无物业管理小区自治水平,促进老旧小区治理转型。"),
    ("村改居", "“三建三促”;清单式服务“三类人群”。"),
]


def add_types(apps, schema_editor):
    CommunityType = apps.get_model("orgs", "CommunityType")
    for position, (name, approach) in enumerate(TYPES, start=1):
        CommunityType.objects.get_or_create(
            name=name, defaults={"approach": approach, "position": position * 10}
        )


def remove_types(apps, schema_editor):
    CommunityType = apps.get_model("orgs", "CommunityType")
    CommunityType.objects.filter(name__in=[name for name, _ in TYPES]).delete()


class Migration(migrations.Migration):
    dependencies = [("orgs", "0023_departments_community_types_commendations_of_people")]

    operations = [migrations.RunPython(add_types, remove_types)]

"""The default category taxonomy: Wuhan's four classes and their sub-classes,
plus the rural self-management class, as the Wuhan action plan (2023, §3)
lists them. Cities with other taxonomies edit these rows in the admin."""

from django.db import migrations

WUHAN = [
    ("公益慈善类", ["扶贫济困", "扶老救孤", "恤病助残", "助医助学"]),
    ("生活服务类", ["养老托幼", "医疗保健", "文化教育", "就业培训", "家政维修"]),
    ("社区事务类", ["社区卫生", "治安巡逻", "安全管理", "心理健康", "法律服务", "社区矫正", "纠纷调处"]),
    ("文体活动类", ["书画", "球类", "棋牌", "舞蹈", "健身", "戏曲"]),
    (
        "农村自我管理服务类",
        ["乡贤理事会", "生产合作社", "农民经济合作组织", "志愿服务组织", "互助照料中心"],
    ),
]


def add_categories(apps, schema_editor):
    Category = apps.get_model("orgs", "Category")
    for position, (class_name, subclasses) in enumerate(WUHAN, start=1):
        top, _ = Category.objects.get_or_create(
            name=class_name, parent=None, defaults={"position": position * 10}
        )
        for sub_position, name in enumerate(subclasses, start=1):
            Category.objects.get_or_create(
                name=name, parent=top, defaults={"position": position * 10 + sub_position}
            )


def remove_categories(apps, schema_editor):
    Category = apps.get_model("orgs", "Category")
    class_names = [class_name for class_name, _ in WUHAN]
    Category.objects.filter(parent__name__in=class_names).delete()
    Category.objects.filter(parent=None, name__in=class_names).delete()


class Migration(migrations.Migration):
    dependencies = [("orgs", "0001_initial")]

    operations = [migrations.RunPython(add_categories, remove_categories)]

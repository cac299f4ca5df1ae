"""The default groups served: Panyu's six (儿童, 残疾人, 失业人员, 困难家庭,
严重精神障碍患者, 社区矫正人员), the elders every seed serves, and the groups
the civil-affairs offices count beside them, each with the narrower groups
projects name. Districts with other lists edit these rows in the admin."""

from django.db import migrations

GROUPS = [
    ("老年人", ["高龄老人", "空巢独居老人", "失能半失能老人"]),
    ("儿童", ["留守儿童", "困境儿童"]),
    ("青少年", []),
    ("残疾人", []),
    ("失业人员", []),
    ("困难家庭", ["低保家庭", "特困人员"]),
    ("严重精神障碍患者", []),
    ("社区矫正人员", []),
    ("妇女", []),
    ("退役军人", []),
    ("新就业群体", ["快递员", "外卖骑手"]),
    ("全体居民", []),
]


def add_groups(apps, schema_editor):
    ServedGroup = apps.get_model("orgs", "ServedGroup")
    for position, (name, narrower) in enumerate(GROUPS, start=1):
        top, _ = ServedGroup.objects.get_or_create(
            name=name, parent=None, defaults={"position": position * 10}
        )
        for sub_position, sub_name in enumerate(narrower, start=1):
            ServedGroup.objects.get_or_create(
                name=sub_name, parent=top, defaults={"position": position * 10 + sub_position}
            )


def remove_groups(apps, schema_editor):
    ServedGroup = apps.get_model("orgs", "ServedGroup")
    names = [name for name, _ in GROUPS]
    ServedGroup.objects.filter(parent__name__in=names).delete()
    ServedGroup.objects.filter(parent=None, name__in=names).delete()


class Migration(migrations.Migration):
    dependencies = [("orgs", "0021_venues_centres_and_groups_served")]

    operations = [migrations.RunPython(add_groups, remove_groups)]

"""The qualification kinds an office counts, shipped as data: the three
levels of the national social-work qualification (社会工作者职业水平, Wuhan
§6 and §11; Shandong's 社会工作人才考证奖补) and two others the community
organisations' people commonly hold. Offices add or retire kinds in the admin."""

from django.db import migrations

KINDS = [
    ("assistant-social-worker", "助理社会工作师", True),
    ("social-worker", "社会工作师", True),
    ("senior-social-worker", "高级社会工作师", True),
    ("counsellor", "心理咨询师", False),
    ("elder-carer", "养老护理员", False),
]


def add(apps, schema_editor):
    QualificationKind = apps.get_model("honours", "QualificationKind")
    for position, (code, name, social_work) in enumerate(KINDS, start=1):
        QualificationKind.objects.get_or_create(
            code=code,
            defaults={"name": name, "is_social_work": social_work, "position": position * 10},
        )


def remove(apps, schema_editor):
    QualificationKind = apps.get_model("honours", "QualificationKind")
    QualificationKind.objects.filter(code__in=[code for code, _n, _s in KINDS]).delete()


class Migration(migrations.Migration):
    dependencies = [("honours", "0001_qualifications_and_rewards")]

    operations = [migrations.RunPython(add, remove)]

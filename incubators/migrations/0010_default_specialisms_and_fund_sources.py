"""The default lists: platform specialisms (Shandong: 公益慈善, 文化艺术,
社区服务, 志愿服务) and the sources of money (Wuhan §9's measures, and the
welfare lottery's 福彩公益金 that the seeds' funds draw on). Offices edit
both in the admin."""

from django.db import migrations

SPECIALISMS = ["公益慈善", "文化艺术", "社区服务", "志愿服务"]
SOURCES = [
    "政府购买服务",
    "公益创投",
    "社区惠民资金",
    "以奖代补",
    "专项补贴",
    "社区公益慈善基金",
    "社会支持",
    "福彩公益金",
]


def add(apps, schema_editor):
    Specialism = apps.get_model("incubators", "Specialism")
    FundSource = apps.get_model("incubators", "FundSource")
    for position, name in enumerate(SPECIALISMS, start=1):
        Specialism.objects.get_or_create(name=name, defaults={"position": position * 10})
    for position, name in enumerate(SOURCES, start=1):
        FundSource.objects.get_or_create(name=name, defaults={"position": position * 10})


def remove(apps, schema_editor):
    apps.get_model("incubators", "Specialism").objects.filter(name__in=SPECIALISMS).delete()
    apps.get_model("incubators", "FundSource").objects.filter(name__in=SOURCES).delete()


class Migration(migrations.Migration):
    dependencies = [("incubators", "0009_fund_sources_specialisms_support_terms")]

    operations = [migrations.RunPython(add, remove)]

"""The standard venue's items (六有标准化场所, the Shandong report's 四建一创):
有场所、有设施、有标志、有党旗、有书报、有制度. Offices edit the list in the admin."""

from django.db import migrations

ITEMS = ["有场所", "有设施", "有标志", "有党旗", "有书报", "有制度"]


def add(apps, schema_editor):
    VenueItem = apps.get_model("party", "VenueItem")
    for position, name in enumerate(ITEMS, start=1):
        VenueItem.objects.get_or_create(name=name, defaults={"position": position * 10})


def remove(apps, schema_editor):
    apps.get_model("party", "VenueItem").objects.filter(name__in=ITEMS).delete()


class Migration(migrations.Migration):
    dependencies = [("party", "0001_ties_registrations_branches_venues")]

    operations = [migrations.RunPython(add, remove)]

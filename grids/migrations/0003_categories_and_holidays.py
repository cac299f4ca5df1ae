"""Default ticket categories with their deadlines in working days (the kinds
of issue the seeds list: hazards, disputes, sanitation, facilities, policy
questions), and the public holidays and exchanged working days of 2026."""

from datetime import date

from django.db import migrations

CATEGORIES = [
    ("安全隐患", 2), ("矛盾纠纷", 5), ("环境卫生", 3), ("设施损坏", 5),
    ("政策咨询", 3), ("违章搭建", 10), ("其他", 5),
]

# The 2026 arrangement of the State Council's notice of 2025-11-04
# (国务院办公厅关于2026年部分节假日安排的通知). Later years are added in the
# admin (网格治理 → 节假日与调休) once published: deadlines count these days.
CALENDAR_2026 = [
    (date(2026, 1, 1), False, "元旦"), (date(2026, 1, 2), False, "元旦"), (date(2026, 1, 3), False, "元旦"),
    (date(2026, 1, 4), True, "元旦调休"),
    *[(date(2026, 2, d), False, "春节") for d in range(15, 24)],
    (date(2026, 2, 14), True, "春节调休"), (date(2026, 2, 28), True, "春节调休"),
    (date(2026, 4, 4), False, "清明节"), (date(2026, 4, 5), False, "清明节"), (date(2026, 4, 6), False, "清明节"),
    *[(date(2026, 5, d), False, "劳动节") for d in range(1, 6)], (date(2026, 5, 9), True, "劳动节调休"),
    (date(2026, 6, 19), False, "端午节"), (date(2026, 6, 20), False, "端午节"), (date(2026, 6, 21), False, "端午节"),
    (date(2026, 9, 20), True, "国庆节调休"),
    (date(2026, 9, 25), False, "中秋节"), (date(2026, 9, 26), False, "中秋节"), (date(2026, 9, 27), False, "中秋节"),
    *[(date(2026, 10, d), False, "国庆节") for d in range(1, 8)], (date(2026, 10, 10), True, "国庆节调休"),
]


def add(apps, schema_editor):
    Category = apps.get_model("grids", "TicketCategory")
    for position, (name, days) in enumerate(CATEGORIES, start=1):
        Category.objects.get_or_create(name=name, defaults={"deadline_days": days, "position": position})
    Day = apps.get_model("grids", "CalendarDay")
    for day, working, name in CALENDAR_2026:
        Day.objects.get_or_create(date=day, defaults={"is_working": working, "name": name})


def remove(apps, schema_editor):
    apps.get_model("grids", "TicketCategory").objects.filter(name__in=[n for n, _d in CATEGORIES]).delete()
    apps.get_model("grids", "CalendarDay").objects.filter(date__year=2026).delete()


class Migration(migrations.Migration):
    dependencies = [("grids", "0002_grid_people_and_tickets")]

    operations = [migrations.RunPython(add, remove)]

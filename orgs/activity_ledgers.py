"""Trainings and volunteer service hours as ledgers for the download centre."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from lib.spreadsheets.writer import DATE, DECIMAL, INTEGER, TEXT, Column


def training_columns() -> list[Column]:
    return [
        Column(_("Date"), DATE, 11),
        Column(_("Topic"), TEXT, 30),
        Column(_("Organising area"), TEXT, 14),
        Column(_("Organiser"), TEXT, 24),
        Column(_("Programme"), TEXT, 10),
        Column(_("Venue"), TEXT, 20),
        Column(_("Hours"), DECIMAL, 7),
        Column(_("Person-times"), INTEGER, 8),
    ]


def training_rows(trainings, user):
    for row in (
        trainings.annotate(listed=Count("attendances"))
        .values_list(
            "held_on",
            "topic",
            "area__name",
            "organiser",
            "programme",
            "venue",
            "hours",
            "listed",
            "headcount",
        )
        .iterator(chunk_size=2000)
    ):
        *first, listed, headcount = row
        yield [*first, max(listed, headcount or 0)]


def service_columns() -> list[Column]:
    return [
        Column(_("Date"), DATE, 11),
        Column(_("Volunteer"), TEXT, 10),
        Column(_("Community"), TEXT, 14),
        Column(_("Organisation"), TEXT, 28),
        Column(_("Activity"), TEXT, 30),
        Column(_("Hours"), DECIMAL, 7),
    ]


def service_rows(records, user):
    yield from (
        list(row)
        for row in records.values_list(
            "served_on",
            "person__name",
            "person__community__name",
            "organisation__name",
            "activity",
            "hours",
        ).iterator(chunk_size=2000)
    )

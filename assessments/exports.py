"""Assessment ledgers for the download centre: monthly scores and the
annual assessments with their stars."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lib.spreadsheets.writer import DATETIME, DECIMAL, INTEGER, TEXT, Column

from .models import AnnualAssessment, MonthlyScore


def score_columns() -> list[Column]:
    return [
        Column(_("Organisation"), TEXT, 28),
        Column(_("Community"), TEXT, 14),
        Column(_("Street"), TEXT, 14),
        Column(_("Platform"), TEXT, 26),
        Column(_("Month"), TEXT, 10),
        Column(_("Score"), DECIMAL, 8),
        Column(_("Remarks"), TEXT, 30),
        Column(_("Closed at"), DATETIME, 17),
    ]


def score_rows(scores, user):
    for row in scores.values_list(
        "organisation__name",
        "organisation__area__name",
        "organisation__area__parent__name",
        "platform__name",
        "year",
        "month",
        "total",
        "note",
        "locked_at",
    ).iterator(chunk_size=2000):
        name, community, street, platform, year, month, total, note, locked = row
        yield [
            name,
            community,
            street,
            platform,
            f"{year}-{month:02d}",
            total,
            note,
            timezone.localtime(locked) if locked else None,
        ]


def annual_columns() -> list[Column]:
    return [
        Column(_("Organisation"), TEXT, 28),
        Column(_("Community"), TEXT, 14),
        Column(_("Year"), INTEGER, 8),
        Column(_("Party building"), DECIMAL, 10),
        Column(_("Monthly average"), DECIMAL, 10),
        Column(_("Self-assessment"), DECIMAL, 10),
        Column(_("Peer assessment"), DECIMAL, 10),
        Column(_("Residents' assessment"), DECIMAL, 10),
        Column(_("Residents' answers"), INTEGER, 8),
        Column(_("Total"), DECIMAL, 8),
        Column(_("Stars"), INTEGER, 6),
    ]


def annual_rows(assessments, user):
    yield from (
        list(row)
        for row in assessments.values_list(
            "organisation__name",
            "organisation__area__name",
            "year",
            "party_score",
            "monthly_average",
            "self_score",
            "peer_score",
            "residents_score",
            "residents_answers",
            "total",
            "stars",
        ).iterator(chunk_size=2000)
    )


def register():
    from lib.spreadsheets import exporters

    exporters.register(
        exporters.Exporter(
            key="monthly_scores",
            title=_("Monthly scores (月规范)"),
            permission="assessments.view_monthlyscore",
            columns=score_columns,
            queryset=lambda user: MonthlyScore.objects.for_user(user).order_by(
                "-year", "-month", "organisation__area__code", "organisation_id"
            ),
            rows=score_rows,
        )
    )
    exporters.register(
        exporters.Exporter(
            key="annual_assessments",
            title=_("Annual assessments and stars"),
            permission="assessments.view_annualassessment",
            columns=annual_columns,
            queryset=lambda user: AnnualAssessment.objects.for_user(user).order_by(
                "-year", "organisation__area__code", "organisation_id"
            ),
            rows=annual_rows,
        )
    )

"""The report document (月报, 季报, 半年报, 年报, named for its period): the
dashboard's figures for an area and period as a workbook the offices send
upward: a summary sheet and the table of the areas below, with the area's
own level (区级, 街道本级) where it holds what no area below it does."""

import tempfile

from django.http import FileResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from xlsxwriter import Workbook

from lib import clock
from lib.periods import Period
from orgs.spreadsheets import XLSX

from .dashboard import Figures, child_figures, figures
from .headlines import breakdowns
from .models import Figure
from .report_headlines import write_headlines

SUMMARY = [
    (Figure.ORGANISATIONS, None),
    (Figure.TARGET, None),
    (Figure.COMMUNITIES_AT_TARGET, None),
    (Figure.FILED, "filing_rate"),
    (Figure.PARTY_COVERED, "party_coverage"),
    (Figure.TRAININGS, None),
    (Figure.PERSON_TIMES, None),
    (Figure.VOLUNTEER_HOURS, None),
    (Figure.TICKETS_FOUND, None),
    (Figure.TICKETS_CLOSED, "closure_rate"),
    (Figure.TICKETS_ON_TIME, None),
    (Figure.TICKETS_OVERDUE, None),
    (Figure.TICKETS_SATISFIED, "satisfaction"),
    (Figure.PROJECTS, None),
    (Figure.MONEY_GRANTED, None),
    (Figure.BENEFICIARIES, None),
]
TABLE = [
    Figure.ORGANISATIONS,
    Figure.TARGET,
    Figure.FILED,
    Figure.FILEABLE,
    Figure.PARTY_COVERED,
    Figure.TRAININGS,
    Figure.VOLUNTEER_HOURS,
    Figure.TICKETS_FOUND,
    Figure.TICKETS_CLOSED,
    Figure.TICKETS_SATISFIED,
    Figure.TICKETS_RATED,
    Figure.PROJECTS,
    Figure.MONEY_GRANTED,
    Figure.BENEFICIARIES,
    Figure.NEW_ORGANISATIONS,
    Figure.NEW_MEMBERS,
    Figure.BRAND_ORGANISATIONS,
    Figure.STREETS_WITH_HUB,
    Figure.STREETS_WITH_BASE,
    Figure.GRID_ORGANISATIONS,
]


# The document's name by the length of its period; a span of days asked for
# by hand is a plain report.
TITLES = {
    "month": gettext_lazy("%(area)s community social organisations monthly report, %(period)s"),
    "quarter": gettext_lazy("%(area)s community social organisations quarterly report, %(period)s"),
    "half_year": gettext_lazy(
        "%(area)s community social organisations half-year report, %(period)s"
    ),
    "year": gettext_lazy("%(area)s community social organisations annual report, %(period)s"),
}
OTHER_TITLE = gettext_lazy("%(area)s community social organisations report, %(period)s")


def title_of(area, period: Period) -> str:
    title = TITLES.get(getattr(period, "kind", ""), OTHER_TITLE)
    key = getattr(period, "key", None) or str(period)  # a span of days has no key
    return str(title) % {"area": area.name, "period": key}


def own_level(found: Figures, rows) -> Figures | None:
    """What the area holds at its own level, beyond the areas below it (a
    training the district itself held): its figures less the children's;
    None when the children add up to it."""
    own = {
        str(figure): found[figure] - sum(values[figure] for _child, values in rows)
        for figure in TABLE
    }
    return Figures(own) if any(own.values()) else None


def report_response(area, period: Period, user) -> FileResponse:
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it once sent
    book = Workbook(handle, {"strings_to_formulas": False, "strings_to_urls": False})
    bold = book.add_format({"bold": True})
    heading = book.add_format({"bold": True, "font_size": 14})
    header = book.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1, "text_wrap": True})
    number = book.add_format({"num_format": "#,##0.#"})
    percent = book.add_format({"num_format": "0.0"})

    found: Figures = figures(area, period)
    summary = book.add_worksheet(pgettext("report sheet", "Summary"))
    summary.set_column(0, 0, 30)
    summary.set_column(1, 2, 16)
    summary.write_string(0, 0, title_of(area, period), heading)
    summary.write_string(
        1,
        0,
        _("Prepared by %(name)s on %(date)s")
        % {"name": user.get_full_name() or user.username, "date": clock.today()},
    )
    summary.write_row(3, 0, [_("Figure"), _("Value"), _("Rate (%)")], header)
    for line, (figure, rate) in enumerate(SUMMARY, start=4):
        summary.write_string(line, 0, str(Figure(figure).label), bold)
        summary.write_number(line, 1, float(found[figure]), number)
        value = getattr(found, rate) if rate else None
        if value is not None:
            summary.write_number(line, 2, value, percent)

    formats = {"bold": bold, "header": header, "number": number}
    write_headlines(book, formats, found, breakdowns(area, period))
    rows = child_figures(area, period)
    if rows:
        table = book.add_worksheet(_("By area"))
        table.set_column(0, 0, 16)
        table.set_column(1, len(TABLE), 12)
        table.write_row(0, 0, [_("Area"), *[str(Figure(f).label) for f in TABLE]], header)
        table.freeze_panes(1, 1)
        for line, (child, values) in enumerate(rows, start=1):
            table.write_string(line, 0, child.name)
            for column, figure in enumerate(TABLE, start=1):
                table.write_number(line, column, float(values[figure]), number)
        own = own_level(found, rows)
        if own is not None:
            rows.append((None, own))
            line = len(rows)
            table.write_string(line, 0, _("%(area)s itself") % {"area": area.name})
            for column, figure in enumerate(TABLE, start=1):
                table.write_number(line, column, float(own[figure]), number)
        total = len(rows) + 1
        table.write_string(total, 0, _("Total"), bold)
        for column, figure in enumerate(TABLE, start=1):
            table.write_number(total, column, float(found[figure]), number)
    book.close()
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{title_of(area, period)}.xlsx",
        content_type=XLSX,
    )

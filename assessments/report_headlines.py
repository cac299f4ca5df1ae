"""The monthly report's sheet of the seeds' headline figures (issue 23):
growth, brands, federations and bases against every street, grids, and the
breakdowns by kind, programme, direction and group served."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .headlines import Breakdowns
from .models import Figure

PLAIN = [
    (Figure.NEW_ORGANISATIONS, None),
    (Figure.MEMBERS, None),
    (Figure.NEW_MEMBERS, None),
    (Figure.BRAND_ORGANISATIONS, None),
    (Figure.COMMUNITIES_WITH_BRAND, Figure.COMMUNITIES),
    (Figure.STREETS_WITH_BRANDS, Figure.STREETS),
    (Figure.STREETS_WITH_HUB, Figure.STREETS),
    (Figure.STREETS_WITH_BASE, Figure.STREETS),
    (Figure.GRID_ORGANISATIONS, None),
    (Figure.GRID_MEMBERS, None),
]
BLOCKS = [
    (gettext_lazy("Kind of transformation"), [Figure.TRANSFORMATIONS]),
    (gettext_lazy("Programme"), [Figure.TRAININGS_BY_PROGRAMME, Figure.PERSON_TIMES_BY_PROGRAMME]),
    (gettext_lazy("Direction"), [Figure.MONEY_BY_DIRECTION]),
    (
        gettext_lazy("Group served"),
        [Figure.MONEY_BY_GROUP, Figure.PROJECTS_BY_GROUP, Figure.BENEFICIARIES_BY_GROUP],
    ),
]


def write_headlines(book, formats: dict, found, breakdowns: Breakdowns) -> None:
    """`found`: the area's Figures; `formats`: the workbook's bold, header
    and number formats."""
    sheet = book.add_worksheet(_("Headline figures"))
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, 3, 16)
    sheet.write_row(0, 0, [_("Figure"), _("Value"), _("Of"), _("Rate (%)")], formats["header"])
    line = 1
    for figure, whole in PLAIN:
        sheet.write_string(line, 0, str(Figure(figure).label), formats["bold"])
        sheet.write_number(line, 1, float(found[figure]), formats["number"])
        if whole is not None:
            sheet.write_number(line, 2, float(found[whole]), formats["number"])
            if found[whole]:
                rate = round(float(found[figure]) * 100 / float(found[whole]), 1)
                sheet.write_number(line, 3, rate, formats["number"])
        line += 1
    note = _("A project serving two groups counts in each, so the groups add up to more.")
    for first, figures in BLOCKS:
        line += 1
        heads = [str(first), *(str(Figure(f).label) for f in figures)]
        sheet.write_row(line, 0, heads, formats["header"])
        for row in breakdowns.rows(*figures):
            line += 1
            sheet.write_string(line, 0, str(row[0]))
            for column, value in enumerate(row[1:], start=1):
                sheet.write_number(line, column, float(value), formats["number"])
        line += 1
    sheet.write_string(line + 1, 0, note)

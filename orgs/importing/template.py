"""The downloadable import template: the ledger's header, drop-down lists for
the columns with fixed values, and an instructions sheet."""

import xlsxwriter
from django.utils.translation import gettext as _

from lib.spreadsheets.cells import YES
from orgs.ledger import LedgerField
from orgs.models import Category


def write_template(
    target, *, title: str, fields: list[LedgerField], example: dict, choices: dict
) -> None:
    """`choices` maps a field key to the allowed values offered as a drop-down;
    `example` a field key to an example value, shown in the instructions."""
    workbook = xlsxwriter.Workbook(
        target, {"strings_to_numbers": False, "strings_to_formulas": False}
    )
    required = workbook.add_format(
        {"bold": True, "bg_color": "#F4B183", "border": 1, "text_wrap": True}
    )
    optional = workbook.add_format(
        {"bold": True, "bg_color": "#F2F2F2", "border": 1, "text_wrap": True}
    )
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    text = workbook.add_format({"num_format": "@"})

    importable = [f for f in fields if f.importable]
    sheet = workbook.add_worksheet(title[:31])
    lists = workbook.add_worksheet(_("Lists"))
    for index, field in enumerate(importable):
        sheet.set_column(index, index, field.width, text)
        sheet.write_string(0, index, str(field.header), required if field.required else optional)
        values = choices.get(field.key)
        if values:
            lists.write_column(0, index, [str(v) for v in values])
            column = xlsxwriter.utility.xl_col_to_name(index)
            sheet.data_validation(
                1,
                index,
                5000,
                index,
                {
                    "validate": "list",
                    "source": f"='{_('Lists')}'!${column}$1:${column}${len(values)}",
                    "error_type": "warning",
                },
            )
    sheet.freeze_panes(1, 0)
    lists.hide()

    guide = workbook.add_worksheet(_("Instructions"))
    guide.set_column(0, 0, 22)
    guide.set_column(1, 1, 10)
    guide.set_column(2, 2, 80)
    rows = [
        (
            _("How to fill in"),
            "",
            _(
                "Fill one organisation per row under the header of the first sheet. Orange columns are "
                "required for a new organisation. A title row above the header, a 序号 column and a 填表人 "
                "line below are fine. A blank cell keeps what the platform already has. If any row has a "
                "problem, nothing is imported and every problem is listed with its row and column."
            ),
        ),
        ("", "", ""),
        (_("Column"), _("Required"), _("What to enter")),
    ]
    # The example lives here, not as a row of the first sheet: a file sent
    # back unchanged must not update an organisation that happens to share
    # the example's name.
    for field in importable:
        what = str(field.help)
        if field.key in example:
            what += " " + _("For example: %(value)s") % {"value": example[field.key]}
        rows.append((str(field.header), _("Yes") if field.required else "", what.strip()))
    rows += [("", "", ""), (_("Categories"), "", "")]
    for top in Category.objects.filter(parent__isnull=True, is_active=True).prefetch_related(
        "children"
    ):
        rows.append(
            (top.name, "", "、".join(child.name for child in top.children.all() if child.is_active))
        )
    rows += [("", "", ""), (_("Yes / no"), "", " / ".join(sorted(YES - {"1", "true", "yes", "y"})))]
    for line, (first, second, third) in enumerate(rows):
        guide.write_string(line, 0, str(first), optional if line == 2 else wrap)
        guide.write_string(line, 1, str(second), optional if line == 2 else wrap)
        guide.write_string(line, 2, str(third), optional if line == 2 else wrap)
    workbook.close()

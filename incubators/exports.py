"""Fund statements (对账单) as spreadsheets."""

from django.utils.translation import gettext as _

from orgs.downloads import spreadsheet_response
from orgs.spreadsheets import DATE, MONEY, TEXT, Column, ExportInfo

from .services.funds import statement


def statement_columns():
    return [
        Column(_("Date"), DATE, 12),
        Column(_("Kind"), TEXT, 14),
        Column(_("From / to"), TEXT, 24),
        Column(_("Purpose"), TEXT, 30),
        Column(_("Voucher number"), TEXT, 16),
        Column(_("In (yuan)"), MONEY, 14),
        Column(_("Out (yuan)"), MONEY, 14),
        Column(_("Allocated (yuan)"), MONEY, 14),
        Column(_("Balance (yuan)"), MONEY, 14),
        Column(_("Recorded by"), TEXT, 12),
    ]


def statement_rows(result):
    yield [result.start, _("Opening balance"), "", "", "", None, None, None, result.opening, ""]
    for entry, balance in result.rows:
        money_in = entry.amount if entry.kind in ("donation", "refund") else None
        money_out = entry.amount if entry.kind == "disbursement" else None
        allocated = {"allocation": entry.amount, "release": -entry.amount}.get(entry.kind)
        yield [
            entry.occurred_on,
            entry.get_kind_display(),
            entry.counterparty,
            entry.purpose,
            entry.voucher_number,
            money_in,
            money_out,
            allocated,
            balance,
            entry.recorded_by.name,
        ]
    yield [result.end, _("Closing balance"), "", "", "", None, None, None, result.closing, ""]


def statement_response(fund, start, end, *, user):
    result = statement(fund, start, end)
    return spreadsheet_response(
        basename=f"{fund.name}-{start:%Y%m%d}-{end:%Y%m%d}",
        columns=statement_columns(),
        rows=statement_rows(result),
        info=ExportInfo(
            title=_("Fund statement"),
            exported_by=str(user),
            scope=f"{fund.name} {start:%Y-%m-%d} — {end:%Y-%m-%d}",
        ),
    )

"""Fund statements (对账单) as spreadsheets, and the residency and fund ledgers
for the download centre."""

from django.utils.translation import gettext as _

from lib.spreadsheets.writer import DATE, MONEY, TEXT, Column, ExportInfo
from orgs.spreadsheets import spreadsheet_response

from .models import EntryKind, ResidencyStatus
from .services.funds import statement


def statement_columns():
    return [
        Column(_("Date"), DATE, 12),
        Column(_("Kind"), TEXT, 14),
        Column(_("From / to"), TEXT, 24),
        Column(_("Purpose"), TEXT, 30),
        Column(_("Voucher number"), TEXT, 16),
        Column(_("Source"), TEXT, 14),
        Column(_("In (yuan)"), MONEY, 14),
        Column(_("Out (yuan)"), MONEY, 14),
        Column(_("Allocated (yuan)"), MONEY, 14),
        Column(_("Balance (yuan)"), MONEY, 14),
        Column(_("Recorded by"), TEXT, 12),
    ]


def statement_rows(result):
    period = result.period
    yield [period.start, _("Opening balance"), "", "", "", "", None, None, None, result.opening, ""]
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
            entry.source.name if entry.source else _("unspecified"),
            money_in,
            money_out,
            allocated,
            balance,
            entry.recorded_by.name,
        ]
    yield [period.end, _("Closing balance"), "", "", "", "", None, None, None, result.closing, ""]


def statement_response(fund, period, *, user):
    result = statement(fund, period)
    return spreadsheet_response(
        basename=f"{fund.name}-{period.start:%Y%m%d}-{period.end:%Y%m%d}",
        columns=statement_columns(),
        rows=statement_rows(result),
        info=ExportInfo.by(
            user,
            title=_("Fund statement"),
            scope=f"{fund.name} {period.start:%Y-%m-%d} — {period.end:%Y-%m-%d}",
        ),
    )


def residency_columns() -> list[Column]:
    return [
        Column(_("Platform"), TEXT, 26),
        Column(_("Organisation"), TEXT, 28),
        Column(_("Community"), TEXT, 14),
        Column(_("Residency status"), TEXT, 10),
        Column(_("Entered on"), DATE, 11),
        Column(_("Left on"), DATE, 11),
        Column(_("Outcome or reason"), TEXT, 40),
    ]


def residency_rows(residencies, user):
    statuses = dict(ResidencyStatus.choices)
    for row in residencies.values_list(
        "platform__name",
        "organisation__name",
        "organisation__area__name",
        "status",
        "entered_on",
        "ended_on",
        "outcome",
    ).iterator(chunk_size=2000):
        platform, organisation, community, status, entered, ended, outcome = row
        yield [platform, organisation, community, str(statuses[status]), entered, ended, outcome]


def fund_entry_columns() -> list[Column]:
    return [
        Column(_("Fund"), TEXT, 24),
        Column(_("Date"), DATE, 11),
        Column(_("Kind"), TEXT, 14),
        Column(_("Amount (yuan)"), MONEY, 12),
        Column(_("Counterparty"), TEXT, 24),
        Column(_("Purpose"), TEXT, 30),
        Column(_("Voucher number"), TEXT, 14),
    ]


def fund_entry_rows(entries, user):
    kinds = dict(EntryKind.choices)
    for row in entries.values_list(
        "fund__name", "occurred_on", "kind", "amount", "counterparty", "purpose", "voucher_number"
    ).iterator(chunk_size=2000):
        fund, day, kind, amount, counterparty, purpose, voucher = row
        yield [fund, day, str(kinds[kind]), amount, counterparty, purpose, voucher]


def register():
    from lib.spreadsheets import exporters

    from .models import FundEntry, Residency

    exporters.register(
        exporters.Exporter(
            key="residencies",
            title=_("Residency ledger"),
            permission="incubators.view_residency",
            columns=residency_columns,
            queryset=lambda user: Residency.objects.for_user(user).order_by(
                "platform__area__code", "-entered_on", "pk"
            ),
            rows=residency_rows,
        )
    )
    exporters.register(
        exporters.Exporter(
            key="fund_entries",
            title=_("Governance fund ledger"),
            permission="incubators.view_fundentry",
            columns=fund_entry_columns,
            queryset=lambda user: FundEntry.objects.for_user(user).order_by(
                "fund__area__code", "fund_id", "occurred_on", "pk"
            ),
            rows=fund_entry_rows,
        )
    )

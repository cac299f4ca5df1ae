"""Governance fund ledger: receive, allocate, disburse, refund.

Every function locks the fund's row (SELECT ... FOR UPDATE) before it reads
the position and writes the entry, so two disbursements cannot both see the
same balance: the second waits, then sees the first one's entry.

Money carries its source (`FundSource`: 福彩公益金, 政府购买服务…). Money in
must name it. Money out is earmarked, as offices book it: an allocation or a
payment from free money draws on one source and may not take more than that
source has free in the fund; a payment against an allocation, and a release,
carry the allocation's source. A caller that names only the fund (a round's
award) draws on the first source, in the list's order, whose free money
covers it. Entries booked before sources were kept read as "unspecified"
(source None), a source like any other.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from lib.periods import Period

from ..models import EntryKind, Fund, FundEntry, FundSource
from .fund_sources import attributed_source
from .fund_sums import (  # noqa: F401 (the fund's position, read through this module)
    CENT,
    INFLOWS,
    SUMS,
    ZERO,
    Position,
    by_source,
    position,
    positions,
)

# What other apps hold of a fund's free money without an entry yet (the
# awards on public notice): callables fund -> amount, registered from their
# AppConfig.ready(), since this app may not import them.
_reservations: list[Callable[[Fund], Decimal]] = []


def register_reservations(reservation: Callable[[Fund], Decimal]) -> None:
    if reservation not in _reservations:
        _reservations.append(reservation)


def reserved(fund: Fund) -> Decimal:
    """What the fund's free money holds for awards on notice and the like."""
    return sum((Decimal(r(fund)) for r in _reservations), ZERO).quantize(CENT)


def _refuse_reserved(fund, now, amount):
    """Refuse `amount` if it spends free money held by a reservation."""
    held = reserved(fund)
    if held and amount > now.free - held:
        raise ValidationError(
            {
                "amount": _(
                    "%(held)s yuan is held for awards on public notice: only %(free)s yuan is free."
                )
                % {"held": held, "free": now.free - held}
            }
        )


def cash_effect(kind: str, amount: Decimal) -> Decimal:
    """How an entry moves the balance: money in, money out, or (an allocation
    or its release, which only earmark money) not at all."""
    if kind in INFLOWS:
        return amount
    if kind == EntryKind.DISBURSEMENT:
        return -amount
    return ZERO


def _lowest_balance_from(fund: Fund, day: date) -> Decimal:
    """The lowest running balance a payment dated `day` would lower: the
    balance at the end of that day, and after each later entry, in the
    statement's order. Paying money before it arrived is an overdraft on the
    statement even when the fund holds enough today."""
    running = position(fund, until=day).balance
    lowest = running
    later = (
        FundEntry.objects.filter(fund=fund, occurred_on__gt=day)
        .filter(kind__in=[*INFLOWS, EntryKind.DISBURSEMENT])
        .order_by("occurred_on", "id")
        .values_list("kind", "amount")
    )
    for kind, amount in later:
        running += cash_effect(kind, amount)
        lowest = min(lowest, running)
    return lowest


def remaining(allocation: FundEntry) -> Decimal:
    """What is left to pay out of an allocation (payments and a release count)."""
    drawn = allocation.drawings.aggregate(total=Sum("amount"))["total"] or ZERO
    return (allocation.amount - drawn).quantize(CENT)


def receive(**entry) -> FundEntry:
    """Money in: a donation, or a grant from a budget."""
    return _record(EntryKind.DONATION, **entry)


def refund(**entry) -> FundEntry:
    """Money back: unspent project money returned, a payment reversed."""
    return _record(EntryKind.REFUND, **entry)


def allocate(**entry) -> FundEntry:
    """Commit money to a project; it must be free (not held for another)."""
    return _record(EntryKind.ALLOCATION, **entry)


def disburse(**entry) -> FundEntry:
    """Pay out, against an allocation or from free money; never more than
    the allocation has left, nor than the fund holds."""
    return _record(EntryKind.DISBURSEMENT, **entry)


def release(**entry) -> FundEntry:
    """Give back to the fund what an allocation will not use (a project
    settled for less, or failed): it becomes free again."""
    return _record(EntryKind.RELEASE, **entry)


def _record(
    kind,
    *,
    fund: Fund,
    amount,
    occurred_on: date,
    counterparty: str,
    purpose: str,
    voucher_number: str,
    by,
    allocation: FundEntry | None = None,
    attachment=None,
    source: FundSource | None = None,
) -> FundEntry:
    amount = Decimal(str(amount))
    if amount != amount.quantize(CENT):
        # Rounding would book another sum than the voucher's: refuse it.
        raise ValidationError({"amount": _("An amount is in yuan and fen: two decimals at most.")})
    amount = amount.quantize(CENT)
    if amount <= 0:
        raise ValidationError({"amount": _("The amount must be more than zero.")})
    rule = RULES[kind]
    with transaction.atomic():
        fund = Fund.objects.select_for_update().get(pk=fund.pk)
        if not fund.is_active:
            raise ValidationError(_("%(fund)s is closed.") % {"fund": fund})
        rule.check(fund, position(fund), amount, occurred_on, allocation)
        if allocation is not None and not rule.draws_on_allocation:
            raise ValidationError(
                {"allocation": _("Only a disbursement or a release draws on an allocation.")}
            )
        source = attributed_source(kind, fund, amount, source, allocation)
        entry = FundEntry(
            fund=fund,
            kind=kind,
            amount=amount,
            occurred_on=occurred_on,
            counterparty=counterparty,
            purpose=purpose,
            voucher_number=voucher_number,
            allocation=allocation,
            source=source,
            recorded_by=by,
        )
        if attachment:
            entry.attachment = attachment
        entry.full_clean()
        entry.save()
    return entry


# --- what each kind of entry must respect, checked under the fund's lock ---------
# Each check gets (fund, its position now, amount, date, allocation) and
# raises ValidationError to refuse the entry.


def _anything_goes(fund, now, amount, occurred_on, allocation):
    """Money in needs no room in the fund."""


def _allocation_fits(fund, now, amount, occurred_on, allocation):
    if amount > now.free:
        raise ValidationError(
            {
                "amount": _(
                    "Only %(free)s yuan is free to allocate (balance %(balance)s, committed %(committed)s)."
                )
                % {"free": now.free, "balance": now.balance, "committed": now.committed}
            }
        )
    _refuse_reserved(fund, now, amount)


def _disbursement_fits(fund, now, amount, occurred_on, allocation):
    """Against an allocation, no more than it has left; otherwise, only free
    money; and never more than the fund holds, today or on the statement
    from the payment's date on."""
    if allocation is not None:
        if allocation.fund_id != fund.pk or allocation.kind != EntryKind.ALLOCATION:
            raise ValidationError({"allocation": _("Choose an allocation of this fund.")})
        left = remaining(allocation)
        if amount > left:
            raise ValidationError(
                {"amount": _("The allocation has %(left)s yuan left to pay.") % {"left": left}}
            )
    elif amount > now.free:
        raise ValidationError(
            {
                "amount": _("Only %(free)s yuan is free (the rest is committed to projects).")
                % {"free": now.free}
            }
        )
    else:
        _refuse_reserved(fund, now, amount)
    if amount > now.balance:
        raise ValidationError(
            {"amount": _("The fund holds only %(balance)s yuan.") % {"balance": now.balance}}
        )
    held = _lowest_balance_from(fund, occurred_on)
    if amount > held:
        raise ValidationError(
            {
                "amount": _(
                    "Dated %(date)s, this payment would overdraw the fund: from that day on it holds as little as %(balance)s yuan."
                )
                % {"date": occurred_on, "balance": held}
            }
        )


def _release_fits(fund, now, amount, occurred_on, allocation):
    if (
        allocation is None
        or allocation.fund_id != fund.pk
        or allocation.kind != EntryKind.ALLOCATION
    ):
        raise ValidationError({"allocation": _("Choose the allocation to release.")})
    left = remaining(allocation)
    if amount > left:
        raise ValidationError(
            {"amount": _("The allocation has only %(left)s yuan left to release.") % {"left": left}}
        )


@dataclass(frozen=True)
class Rule:
    """What an entry of one kind must respect before it is booked."""

    check: Callable[[Fund, Position, Decimal, date, FundEntry | None], None] = _anything_goes
    draws_on_allocation: bool = False  # may name the allocation it pays or releases


# Every kind has its rule: a new kind without one fails at the first entry.
RULES = {
    EntryKind.DONATION: Rule(),
    EntryKind.REFUND: Rule(),
    EntryKind.ALLOCATION: Rule(check=_allocation_fits),
    EntryKind.DISBURSEMENT: Rule(check=_disbursement_fits, draws_on_allocation=True),
    EntryKind.RELEASE: Rule(check=_release_fits, draws_on_allocation=True),
}


@dataclass
class Statement:
    fund: Fund
    period: Period
    opening: Decimal
    closing: Decimal
    rows: list  # (entry, balance after it)
    totals: dict  # kind -> amount


def statement(fund: Fund, period: Period) -> Statement:
    """The fund's entries in a period with the running balance (对账单)."""
    opening = position(fund, until=period.start - timedelta(days=1)).balance
    running = opening
    rows, totals = [], {kind: ZERO for kind in EntryKind.values}
    entries = fund.entries.filter(occurred_on__range=(period.start, period.end))
    entries = entries.order_by("occurred_on", "id")
    for entry in entries.select_related("recorded_by", "source"):
        totals[entry.kind] += entry.amount
        running += cash_effect(entry.kind, entry.amount)
        rows.append((entry, running))
    return Statement(
        fund=fund, period=period, opening=opening, closing=running, rows=rows, totals=totals
    )

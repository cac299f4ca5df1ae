"""Activity subsidies (补贴活动经费): apply, approve or refuse, settle.

The money moves through the fund's own services (incubators.services.funds),
which lock the fund's row: approval allocates from the fund and the source
the officer chose, so two approvals at once never commit more than that
source has free; settlement pays the approved amount or what was spent, if
less, against that allocation and releases the rest. The subsidy's own row
is locked while its status is checked and changed, so it is decided or
settled once.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from incubators.models import Fund, FundSource
from incubators.services import funds
from lib import audit, clock
from notifications.services import notify

from .models import Activity, ActivityStatus
from .subsidy_models import Subsidy, SubsidyReceipt, SubsidyStatus

CENT = Decimal("0.01")


def parse_budget(text: str) -> list[list[str]]:
    """Budget lines typed one a line, "item amount" (场地布置 300): a list of
    [item, amount]. Refuses a line without an item or an amount in yuan."""
    lines = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        # Any space between, a full-width one too (U+3000), as typed on a phone.
        item, amount = (line.strip().rsplit(maxsplit=1) + [""])[:2]
        try:
            value = Decimal(amount.replace("元", "").replace(",", ""))
        except InvalidOperation:
            value = None
        if not item.strip() or value is None or value <= 0 or value != value.quantize(CENT):
            raise ValidationError(
                _(
                    "Line %(number)s: write the item, a space and its amount in yuan, e.g. 场地布置 300."
                )
                % {"number": number}
            )
        lines.append([item.strip(), str(value.quantize(CENT))])
    if not lines:
        raise ValidationError(_("List the budget: one item and its amount a line."))
    return lines


def apply(*, activity: Activity, amount, budget: list, purpose: str, by) -> Subsidy:
    """The organisation running `activity` applies for its subsidy."""
    amount = Decimal(str(amount)).quantize(CENT)
    with transaction.atomic():
        activity = Activity.objects.select_for_update().get(pk=activity.pk)
        if activity.organisation_id is None or activity.organisation_id != by.organisation_id:
            raise ValidationError(_("Only the organisation that runs the activity applies."))
        if activity.status == ActivityStatus.CANCELLED:
            raise ValidationError(_("The activity is cancelled."))
        if activity.ends_at <= clock.now():
            raise ValidationError(_("Apply before the activity is held."))
        if Subsidy.objects.filter(activity=activity).exists():
            raise ValidationError(_("This activity already has a subsidy application."))
        subsidy = Subsidy(
            activity=activity,
            organisation_id=activity.organisation_id,
            amount=amount,
            budget=budget,
            purpose=purpose,
            applied_by=by,
        )
        if subsidy.budget_total != amount:
            raise ValidationError(
                {
                    "budget": _("The budget lines add up to %(total)s yuan, not %(amount)s.")
                    % {"total": subsidy.budget_total, "amount": amount}
                }
            )
        subsidy.full_clean()
        try:
            with transaction.atomic():
                audit.save(subsidy, by=by)
        except IntegrityError as exc:  # applied for at the same moment by another
            raise ValidationError(_("This activity already has a subsidy application.")) from exc
    return subsidy


def _locked(subsidy: Subsidy, status: str, message: str) -> Subsidy:
    subsidy = (
        Subsidy.objects.select_for_update(of=("self",))
        .select_related("activity__area", "organisation")
        .get(pk=subsidy.pk)
    )
    if subsidy.status != status:
        raise ValidationError(message)
    return subsidy


def approve(
    *, subsidy: Subsidy, fund: Fund, source: FundSource, amount, note: str = "", by
) -> Subsidy:
    """Approve `amount` (at most what was applied for) from `fund`'s `source`:
    the fund allocates it, or refuses if that source has not enough free."""
    amount = Decimal(str(amount)).quantize(CENT)
    with transaction.atomic():
        subsidy = _locked(subsidy, SubsidyStatus.APPLIED, _("This application is already decided."))
        if subsidy.activity.status == ActivityStatus.CANCELLED:
            raise ValidationError(_("The activity is cancelled."))
        if amount > subsidy.amount:
            raise ValidationError(
                {
                    "amount": _("At most the %(amount)s yuan applied for.")
                    % {"amount": subsidy.amount}
                }
            )
        if not subsidy.activity.area.code.startswith(fund.area.code):
            raise ValidationError(
                {"fund": _("Choose a fund of the activity's street or district.")}
            )
        subsidy.allocation = funds.allocate(
            fund=fund,
            amount=amount,
            occurred_on=clock.today(),
            counterparty=subsidy.organisation.name[:120],
            purpose=(_("Activity subsidy: %(activity)s") % {"activity": subsidy.activity})[:200],
            voucher_number=f"HD{subsidy.pk}-A",
            source=source,
            by=by,
        )
        subsidy.status, subsidy.approved_amount = SubsidyStatus.APPROVED, amount
        subsidy.reasons, subsidy.decided_by, subsidy.decided_at = note, by, clock.now()
        subsidy.full_clean()
        audit.save(subsidy, by=by)
        _tell(
            subsidy,
            _("Activity subsidy approved: %(activity)s"),
            _("%(amount)s yuan from %(source)s. Settle it with the receipts after the activity.")
            % {"amount": amount, "source": source},
        )
    return subsidy


def _tell(subsidy, title, body):
    """The applicant hears of the decision (in the platform, and by e-mail if set)."""
    notify(
        [subsidy.applied_by],
        title % {"activity": subsidy.activity},
        body,
        link=reverse("activities:subsidy", args=[subsidy.pk]),
    )


def refuse(*, subsidy: Subsidy, reasons: str, by) -> Subsidy:
    """Refuse the application, saying why."""
    if not (reasons or "").strip():
        raise ValidationError({"reasons": _("Say why the application is refused.")})
    with transaction.atomic():
        subsidy = _locked(subsidy, SubsidyStatus.APPLIED, _("This application is already decided."))
        subsidy.status, subsidy.reasons = SubsidyStatus.REFUSED, reasons.strip()
        subsidy.decided_by, subsidy.decided_at = by, clock.now()
        audit.save(subsidy, by=by)
        _tell(subsidy, _("Activity subsidy refused: %(activity)s"), subsidy.reasons)
    return subsidy


def settle(*, subsidy: Subsidy, spent, receipts, note: str = "", by) -> Subsidy:
    """After the activity: pay what was spent, up to the approved amount,
    against the allocation, and release the rest to the fund."""
    spent = Decimal(str(spent)).quantize(CENT)
    if not receipts:
        raise ValidationError({"receipts": _("Attach the receipts for what was spent.")})
    with transaction.atomic():
        subsidy = _locked(
            subsidy,
            SubsidyStatus.APPROVED,
            _("Only an approved subsidy not yet settled is settled."),
        )
        if subsidy.organisation_id != by.organisation_id:
            raise ValidationError(_("Only the organisation that runs the activity settles."))
        if subsidy.activity.status == ActivityStatus.CANCELLED:
            raise ValidationError(_("The activity is cancelled."))
        if subsidy.activity.ends_at > clock.now():
            raise ValidationError(_("Settle after the activity is held."))
        paid = min(spent, subsidy.approved_amount)
        allocation, today = subsidy.allocation, clock.today()
        common = {"fund": allocation.fund, "occurred_on": today, "allocation": allocation, "by": by}
        funds.disburse(
            amount=paid,
            counterparty=subsidy.organisation.name[:120],
            purpose=(_("Activity subsidy paid: %(activity)s") % {"activity": subsidy.activity})[
                :200
            ],
            voucher_number=f"HD{subsidy.pk}-P",
            **common,
        )
        if subsidy.approved_amount > paid:
            funds.release(
                amount=subsidy.approved_amount - paid,
                counterparty=subsidy.organisation.name[:120],
                purpose=_("Activity subsidy: the unspent part released"),
                voucher_number=f"HD{subsidy.pk}-R",
                **common,
            )
        for upload in receipts:
            receipt = SubsidyReceipt(subsidy=subsidy, file=upload)
            receipt.full_clean(exclude=["subsidy"])
            receipt.save()
        subsidy.status, subsidy.spent, subsidy.paid = SubsidyStatus.SETTLED, spent, paid
        subsidy.settlement_note, subsidy.settled_by, subsidy.settled_at = note, by, clock.now()
        audit.save(subsidy, by=by)
    return subsidy


def close_for_cancelled(activity: Activity, by) -> None:
    """The activity is cancelled (activities.services.cancel, in its
    transaction): an application still waiting is refused, and the money
    approved for it goes back to the fund, nothing paid. A finding of issue
    24's review: an approved subsidy of a cancelled activity could be settled."""
    subsidy = Subsidy.objects.select_for_update(of=("self",)).filter(activity=activity).first()
    if subsidy is None or subsidy.status not in (SubsidyStatus.APPLIED, SubsidyStatus.APPROVED):
        return
    note = _("The activity was cancelled.")
    if subsidy.status == SubsidyStatus.APPLIED:
        subsidy.status, subsidy.reasons = SubsidyStatus.REFUSED, note
        subsidy.decided_by, subsidy.decided_at = by, clock.now()
    else:
        allocation = subsidy.allocation
        funds.release(
            fund=allocation.fund,
            amount=funds.remaining(allocation),
            occurred_on=clock.today(),
            counterparty=subsidy.organisation.name[:120],
            purpose=_("Activity subsidy: the activity was cancelled")[:200],
            voucher_number=f"HD{subsidy.pk}-R",
            allocation=allocation,
            by=by,
        )
        subsidy.status, subsidy.spent, subsidy.paid = SubsidyStatus.SETTLED, 0, 0
        subsidy.settlement_note, subsidy.settled_by, subsidy.settled_at = note, by, clock.now()
    audit.save(subsidy, by=by)

"""Recording qualifications, setting the year's budget, and paying the exam
subsidies and rewards (考证奖补) under it.

Every reward locks its district's budget row for the year (SELECT ... FOR
UPDATE) before it reads what was already decided: two rewards decided at
once against the last of a budget run one after the other, and the second
sees the first. The same lock makes a second reward of one qualification,
decided at the same moment, see the first and be refused.
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from lib import clock
from orgs.models import Area, AreaLevel, Person
from orgs.models.territory import CODE_LENGTHS

from .models import Qualification, QualificationKind, Reward, RewardBudget

ZERO = Decimal("0.00")
DISTRICT = CODE_LENGTHS[AreaLevel.DISTRICT]


@transaction.atomic
def record_qualification(
    *,
    person: Person,
    kind: QualificationKind,
    certificate_number: str,
    obtained_on: date,
    issued_by: str,
    by,
) -> Qualification:
    """A person's qualification, once per kind."""
    Person.objects.select_for_update().get(pk=person.pk)
    if Qualification.objects.filter(person=person, kind=kind).exists():
        raise ValidationError(
            _("%(person)s's %(kind)s qualification is already recorded.")
            % {"person": person.name, "kind": kind.name}
        )
    if obtained_on > clock.today():
        raise ValidationError({"obtained_on": _("A qualification cannot be obtained in future.")})
    qualification = Qualification(
        person=person,
        kind=kind,
        certificate_number=certificate_number.strip(),
        obtained_on=obtained_on,
        issued_by=issued_by.strip(),
        recorded_by=by,
    )
    qualification.full_clean()
    qualification.save()
    return qualification


def spent(budget: RewardBudget) -> Decimal:
    """What the rewards decided under `budget` add up to."""
    total = budget.rewards.aggregate(total=Sum("amount"))["total"] or ZERO
    return Decimal(total).quantize(ZERO)


@transaction.atomic
def set_budget(*, area: Area, year: int, amount: Decimal, note: str = "", by) -> RewardBudget:
    """Set (or change) a district's budget for a year; never below what was
    already decided under it."""
    if area.level != AreaLevel.DISTRICT:
        raise ValidationError({"area": _("The budget is set by a district.")})
    budget = RewardBudget.objects.select_for_update().filter(area=area, year=year).first()
    if budget is None:
        budget = RewardBudget(area=area, year=year)
    elif amount < spent(budget):
        raise ValidationError(
            {
                "amount": _(
                    "%(spent)s yuan is already decided this year: the budget cannot be less."
                )
                % {"spent": spent(budget)}
            }
        )
    budget.amount = amount
    budget.note = note
    budget.full_clean()
    budget.save()
    return budget


def budget_for(qualification: Qualification, year: int, *, lock: bool = False):
    """The budget of the qualification holder's district for `year`."""
    budgets = RewardBudget.objects.filter(
        area__code=qualification.person.community.code[:DISTRICT], year=year
    )
    return (budgets.select_for_update() if lock else budgets).first()


@transaction.atomic
def award(
    *,
    qualification: Qualification,
    amount: Decimal,
    decided_on: date,
    paid_on: date | None = None,
    note: str = "",
    by,
) -> Reward:
    """Reward a qualification once, within the year's budget."""
    if amount is None or amount <= 0:
        raise ValidationError({"amount": _("The amount must be more than zero.")})
    budget = budget_for(qualification, decided_on.year, lock=True)
    if budget is None:
        raise ValidationError(
            _("The district has set no subsidy and reward budget for %(year)s yet.")
            % {"year": decided_on.year}
        )
    earlier = Reward.objects.filter(qualification=qualification).first()
    if earlier is not None:
        raise ValidationError(
            _(
                "This qualification was rewarded on %(date)s (%(amount)s yuan): "
                "a qualification is rewarded once."
            )
            % {"date": earlier.decided_on, "amount": earlier.amount}
        )
    if decided_on < qualification.obtained_on:
        raise ValidationError(
            {"decided_on": _("A reward is decided after the qualification is obtained.")}
        )
    if paid_on is not None and paid_on < decided_on:
        raise ValidationError({"paid_on": _("A reward is paid after it is decided.")})
    left = budget.amount - spent(budget)
    if amount > left:
        raise ValidationError(
            {
                "amount": _(
                    "This would exceed the %(year)s budget of %(budget)s yuan: "
                    "only %(left)s yuan is left."
                )
                % {"year": budget.year, "budget": budget.amount, "left": left}
            }
        )
    reward = Reward(
        qualification=qualification,
        budget=budget,
        amount=amount,
        decided_on=decided_on,
        paid_on=paid_on,
        note=note,
        decided_by=by,
    )
    reward.full_clean()
    reward.save()
    return reward


@transaction.atomic
def mark_paid(*, reward: Reward, paid_on: date, by) -> Reward:
    """Record the day a decided reward was paid out."""
    reward = Reward.objects.select_for_update().get(pk=reward.pk)
    if reward.paid_on is not None:
        raise ValidationError(_("This reward was paid on %(date)s.") % {"date": reward.paid_on})
    if paid_on < reward.decided_on:
        raise ValidationError({"paid_on": _("A reward is paid after it is decided.")})
    reward.paid_on = paid_on
    reward.full_clean()
    reward.save(update_fields=["paid_on"])
    return reward

"""After the award: delivery, payments, acceptance, settlement, and ending
a project early (cancelled or failed). Each step's rules, then `move`."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from incubators.services import funds
from lib import audit, clock
from notifications.services import notify

from ..models import (
    ActivityPhoto,
    ActivityReport,
    AwardNotice,
    BeneficiaryCount,
    BidStatus,
    NeedStatus,
    NoticeStatus,
    Payment,
    PaymentKind,
    Project,
    ProjectStatus,
)
from ..workflow import move
from ._shared import _community_staff, _leaders, _link, _parties, _reopen_needs
from .notices import take_effect_if_due, withdraw_notice
from .tenders import close_if_due


def start_delivery(*, project: Project, by) -> Project:
    # An award whose notice period is over takes effect first.
    return move(take_effect_if_due(project), "start_delivery", by=by)


def pay(
    *, project: Project, amount, kind: str, occurred_on: date, voucher_number: str, by
) -> Payment:
    """Pay the awarded organisation from the fund, against the project's
    allocation: the fund refuses anything above what is left of the award.
    Never before the award takes effect (its notice period over). A joint
    bid is paid to its lead, which settles with its members."""
    take_effect_if_due(project)
    project = Project.objects.select_related("round__fund", "fund", "allocation").get(pk=project.pk)
    if project.status not in (
        ProjectStatus.IN_DELIVERY,
        ProjectStatus.DELIVERED,
        ProjectStatus.ACCEPTED,
        ProjectStatus.AWARDED,
    ):
        if project.status == ProjectStatus.NOTICE:
            raise ValidationError(
                _("The award is on public notice: nothing is paid before it takes effect.")
            )
        raise ValidationError(_("Payments are made between the award and the settlement."))
    winner = project.bids.get(status=BidStatus.AWARDED)
    with transaction.atomic():
        entry = funds.disburse(
            fund=project.paying_fund,
            amount=amount,
            occurred_on=occurred_on,
            counterparty=winner.organisation.name,
            purpose=f"{project.title}：{PaymentKind(kind).label}",
            voucher_number=voucher_number,
            allocation=project.allocation,
            by=by,
        )
        return Payment.objects.create(project=project, kind=kind, entry=entry)


def report_activity(
    *, project: Project, by, photos=(), group_counts=(), **fields
) -> ActivityReport:
    """The awarded organisation reports an activity, with its photos and how
    many of its beneficiaries are in each group served. A person may be in
    two broad groups (an elder with a disability), so the counts may add up
    to more than the beneficiaries; within one broad group they may not, as
    the figures add a broad group's narrower ones up under it. Refused,
    nothing is saved."""
    report = ActivityReport(project=project, reported_by=by, **fields)
    report.full_clean(exclude=["reported_by"])
    problems = _group_count_problems(group_counts, report.beneficiaries)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        audit.save(report, by=by)
        for photo in photos:
            ActivityPhoto.objects.create(report=report, image=photo)
        for group, count in group_counts:
            BeneficiaryCount.objects.create(report=report, group=group, count=count)
    return report


def _group_count_problems(group_counts, beneficiaries: int) -> list[str]:
    problems, seen, families = [], set(), {}
    for group, count in group_counts:
        if group.pk in seen:
            problems.append(
                _("“%(group)s” is counted twice: give each group once.") % {"group": group}
            )
        seen.add(group.pk)
        families.setdefault(group.parent_id or group.pk, []).append((group, count))
    for members in families.values():
        top = members[0][0].top
        if len(members) > 1 and any(group.pk == top.pk for group, _count in members):
            problems.append(
                _(
                    "“%(group)s” is given with its narrower groups: give either the broad "
                    "group or its narrower ones."
                )
                % {"group": top}
            )
        elif sum(count for _group, count in members) > beneficiaries:
            problems.append(
                _(
                    "The counts in “%(group)s” add up to more than the activity's %(total)s "
                    "beneficiaries: count a person in one of its groups only."
                )
                % {"group": top, "total": beneficiaries}
            )
    return problems


def deliver(*, project: Project, by) -> Project:
    if not project.activities.exists():
        raise ValidationError(
            _("Report at least one activity before declaring the delivery complete.")
        )
    project = move(project, "deliver", by=by)
    notify(
        _community_staff(project),
        _("Delivery to accept: %(title)s") % {"title": project.title},
        link=_link(project),
    )
    return project


def accept(*, project: Project, beneficiaries_reached: int, by, note: str = "") -> Project:
    project = move(project, "accept", by=by, note=note, beneficiaries_reached=beneficiaries_reached)
    winner = project.bids.get(status=BidStatus.AWARDED)
    notify(
        _leaders(_parties(winner)),
        _("Delivery accepted: %(title)s") % {"title": project.title},
        note,
        link=_link(project),
    )
    return project


def return_delivery(*, project: Project, reasons: str, by) -> Project:
    if not reasons.strip():
        raise ValidationError(_("Say what must be put right before the delivery can be accepted."))
    project = move(project, "return_delivery", by=by, note=reasons.strip())
    winner = project.bids.get(status=BidStatus.AWARDED)
    notify(
        _leaders(_parties(winner)),
        _("Delivery returned: %(title)s") % {"title": project.title},
        reasons.strip(),
        link=_link(project),
    )
    return project


def settle(
    *,
    project: Project,
    score,
    evaluation: str,
    final_payment,
    voucher_number: str,
    by,
    occurred_on: date | None = None,
) -> Project:
    """评估兑现: record the evaluation, make the final payment, give the fund
    back what the award did not use, and mark the needs fulfilled."""
    score = Decimal(str(score))
    if not 0 <= score <= 100:
        raise ValidationError({"score": _("The evaluation score is out of 100.")})
    occurred_on = occurred_on or clock.today()
    with transaction.atomic():
        if Decimal(str(final_payment)) > 0:
            pay(
                project=project,
                amount=final_payment,
                kind=PaymentKind.FINAL,
                occurred_on=occurred_on,
                voucher_number=voucher_number,
                by=by,
            )
        project = move(project, "settle", by=by, evaluation_score=score, evaluation=evaluation)
        _release_rest(project, occurred_on, by)
        for need in project.needs.select_for_update():
            need.status = NeedStatus.FULFILLED
            audit.save(need, by=by)
        winner = project.bids.get(status=BidStatus.AWARDED)
        notify(
            _leaders(_parties(winner)),
            _("Project settled: %(title)s") % {"title": project.title},
            _("Evaluation score %(score)s.") % {"score": score},
            link=_link(project),
        )
    return project


# --- ending early -------------------------------------------------------------------


def cancel(*, project: Project, reason: str, by) -> Project:
    if not reason.strip():
        raise ValidationError(_("Say why the project is cancelled."))
    project = take_effect_if_due(close_if_due(project))
    with transaction.atomic():
        project = move(project, "cancel", by=by, note=reason.strip())
        for notice in AwardNotice.objects.filter(project=project, status=NoticeStatus.OPEN):
            withdraw_notice(
                notice,
                by=by,
                reason=_("The project was cancelled: %(reason)s") % {"reason": reason.strip()},
                now=clock.now(),
            )
        _reopen_needs(project, by)
        bidders = list(
            project.bids.filter(status=BidStatus.SUBMITTED).values_list(
                "organisation_id", flat=True
            )
        )
        notify(
            _leaders(bidders),
            _("Project cancelled: %(title)s") % {"title": project.title},
            reason,
            link=_link(project),
        )
    return project


def fail(*, project: Project, reason: str, by) -> Project:
    if not reason.strip():
        raise ValidationError(_("Say why the project failed."))
    take_effect_if_due(project)
    with transaction.atomic():
        project = move(project, "fail", by=by, note=reason.strip())
        _release_rest(project, clock.today(), by)
        _reopen_needs(project, by)
    return project


def _release_rest(project, occurred_on, by):
    if project.allocation_id is None:
        return
    left = funds.remaining(project.allocation)
    if left > 0:
        funds.release(
            fund=project.paying_fund,
            amount=left,
            occurred_on=occurred_on,
            counterparty=project.title,
            purpose=_("Unused award returned to the fund"),
            voucher_number=f"P{project.pk}-R",
            allocation=project.allocation,
            by=by,
        )

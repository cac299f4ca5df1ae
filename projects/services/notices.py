"""The award notice (公示) and objections (质疑): an award is published for
a notice period of working days before it takes effect.

`publish_notice` is the end of `tenders.award`: the project goes on notice
and nothing is committed yet, though the fund must have the amount free
(counting the fund's other open notices). During the period a live bidder
other than the proposed one may object, with reasons; the street or the
district answers with reasons. An upheld objection withdraws the notice
and the project is reviewed again. Once the period has ended with no
objection pending or upheld, `take_effect` does what an award used to do:
the bid is awarded, the others not, the money committed from the fund.

Like the close of bidding, taking effect is read from the clock before it
is stored (`Project.current_status`), then stored by the schedule
(`take_effect_due`) or by the next write on the project
(`take_effect_if_due`), under the project's row lock, once.
"""

import logging
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from incubators.models import Fund
from incubators.services import funds
from lib import audit, clock
from lib.workdays import add_working_days
from notifications.services import notify
from orgs.models import CalendarDay
from orgs.roles import DECIDING_OFFICERS, Role

from ..models import (
    BLOCKING,
    AwardNotice,
    Bid,
    BidStatus,
    NoticeStatus,
    Objection,
    ObjectionStatus,
    Project,
    ProjectStatus,
)
from ..workflow import move
from ._shared import _community_staff, _leaders, _link, _parties, _parties_of

log = logging.getLogger(__name__)

# Fewer characters than this is not a reason (“不服”, “有异议”).
MIN_GROUNDS = 15
ANSWERING_ROLES = DECIDING_OFFICERS


def notice_days(project: Project) -> int:
    return project.round.notice_days if project.round_id else settings.AWARD_NOTICE_DAYS


def notice_end(start, days: int) -> datetime:
    """When a notice published on `start` (a date) ends: the start of the
    day after its `days`-th working day, offices' calendar corrections
    (orgs.CalendarDay) included."""
    last = add_working_days(start, days, CalendarDay.overrides(start=start))
    return timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min))


def reserved(fund: Fund) -> Decimal:
    """The sum of the fund's open notices: awards it will have to commit.
    Registered with `funds` (which may not import projects) so that no
    allocation or payment from free money spends it (apps.py)."""
    open_notices = AwardNotice.objects.filter(status=NoticeStatus.OPEN).filter(
        Q(project__round__fund=fund) | Q(project__round__isnull=True, project__fund=fund)
    )
    return open_notices.aggregate(s=Sum("amount"))["s"] or Decimal(0)


def publish_notice(*, project: Project, bid: Bid, amount: Decimal, by, note: str) -> Project:
    """Put the award on public notice. The caller (`tenders.award`) holds
    the project's and the bid's row locks and checked both."""
    fund = Fund.objects.select_for_update().get(pk=project.paying_fund.pk)
    free = funds.position(fund).free - reserved(fund)
    if amount > free:
        raise ValidationError(
            _(
                "Only %(free)s yuan of the fund is free, counting the awards on public notice: "
                "the award cannot be published."
            )
            % {"free": free}
        )
    days = notice_days(project)
    notice = AwardNotice(
        project=project,
        bid=bid,
        amount=amount,
        note=note,
        working_days=days,
        ends_at=notice_end(clock.today(), days),
        proposed_by=by,
    )
    notice.full_clean()
    audit.save(notice, by=by)
    project = move(project, "award", by=by, note=note)
    until = timezone.localtime(notice.ends_at - timedelta(seconds=1)).strftime("%Y-%m-%d")
    notify(
        _leaders(_parties(bid)),
        _("Your bid is proposed for the award: %(title)s") % {"title": project.title},
        _(
            "The award of %(amount)s yuan is on public notice until %(date)s. It takes effect "
            "after that if no objection is upheld."
        )
        % {"amount": amount, "date": until},
        link=_link(project),
    )
    others = Bid.objects.filter(project=project).live().exclude(pk=bid.pk)
    notify(
        _leaders(_parties_of(others.values("pk"))),
        _("Award on public notice: %(title)s") % {"title": project.title},
        _(
            "The panel proposes to award the project to %(organisation)s. If you think the "
            "award is wrong, you may object with your reasons on the project page until %(date)s."
        )
        % {"organisation": bid.organisation.name, "date": until},
        link=_link(project),
    )
    return project


def open_notice(project) -> AwardNotice | None:
    return (
        AwardNotice.objects.filter(project_id=project.pk, status=NoticeStatus.OPEN)
        .select_related("bid__organisation")
        .first()
    )


def take_effect(*, project: Project, now=None) -> Project:
    """The award takes effect, if its notice period is over with no
    objection pending or upheld: the bid awarded, the others not, the
    amount committed from the fund. Under the project's row lock, so it
    happens once, and never while an objection is lodged at the same time."""
    return _take_effect(project, now or clock.now())[0]


def _take_effect(project: Project, now) -> tuple[Project, bool]:
    """`take_effect`, and whether this call did it."""
    with transaction.atomic():
        project = (
            Project.objects.select_for_update(of=("self",))
            .select_related("round__fund", "fund")
            .get(pk=project.pk)
        )
        if project.status != ProjectStatus.NOTICE:
            return project, False
        notice = open_notice(project)
        if (
            notice is None
            or notice.ends_at > now
            or notice.objections.filter(status__in=BLOCKING).exists()
        ):
            return project, False
        bid = notice.bid
        # In effect before the money is committed, so that the fund no
        # longer counts this notice as holding it (`reserved`).
        notice.status, notice.decided_at = NoticeStatus.EFFECTIVE, now
        notice.save(update_fields=["status", "decided_at"])
        allocation = funds.allocate(
            fund=project.paying_fund,
            amount=notice.amount,
            occurred_on=clock.today(),
            counterparty=f"{project.title}（{bid.organisation.name}）",
            purpose=_("Micro-project award"),
            voucher_number=f"P{project.pk}-A",
            by=notice.proposed_by,
        )
        others = list(
            Bid.objects.filter(project=project, status=BidStatus.SUBMITTED).exclude(pk=bid.pk)
        )
        for other in others:
            other.status = BidStatus.NOT_AWARDED
        audit.bulk_update(Bid, others, ["status"], user=None)
        bid.status = BidStatus.AWARDED
        audit.save(bid, by=None, fields=["status"])
        project = move(
            project, "take_effect", by=None, awarded_amount=notice.amount, allocation=allocation
        )
        notify(
            _leaders(_parties(bid)),
            _("Your bid won: %(title)s") % {"title": project.title},
            _("Awarded %(amount)s yuan. Start delivery from the project page.")
            % {"amount": notice.amount},
            link=_link(project),
        )
        notify(
            _leaders(_parties_of([o.pk for o in others])),
            _("Result of your bid: %(title)s") % {"title": project.title},
            _("The project was awarded to another organisation. Thank you for bidding."),
            link=_link(project),
        )
    return project, True


def take_effect_if_due(project: Project) -> Project:
    """The project as stored now, its award put in effect first if due (as
    `tenders.close_if_due` for bidding): every write on it starts here."""
    return take_effect(project=project)


def take_effect_due(now=None, projects=None) -> int:
    """Put in effect every award (of `projects`, else all) whose notice
    period is over with no objection pending or upheld; how many did.
    Safe to run twice: each runs under its project's lock."""
    now = now or clock.now()
    projects = Project.objects.all() if projects is None else projects
    due = projects.filter(
        status=ProjectStatus.NOTICE,
        pk__in=AwardNotice.objects.filter(status=NoticeStatus.OPEN, ends_at__lte=now)
        .exclude(objections__status__in=BLOCKING)
        .values("project_id"),
    ).values_list("pk", flat=True)
    done = 0
    for pk in list(due):
        try:
            done += _take_effect(Project(pk=pk), now)[1]
        except ValidationError as exc:  # the fund no longer holds the amount (or is closed)
            _cannot_take_effect(pk, exc)
    return done


def _cannot_take_effect(project_pk, exc: ValidationError) -> None:
    """Tell the award's proposer, once per notice, that it cannot take
    effect and why: the office must act (reopen the fund, cancel)."""
    reasons = "; ".join(exc.messages)
    log.warning("award of project %s cannot take effect: %s", project_pk, reasons)
    notice = (
        AwardNotice.objects.filter(project_id=project_pk, status=NoticeStatus.OPEN)
        .select_related("project", "proposed_by")
        .first()
    )
    if notice is None:
        return
    notify(
        [notice.proposed_by],
        _("The award cannot take effect: %(title)s") % {"title": notice.project.title},
        _(
            "The notice period is over but the award cannot take effect: %(reasons)s "
            "Put the fund right, or cancel the project."
        )
        % {"reasons": reasons},
        link=_link(notice.project),
        key=f"award-cannot-take-effect-{notice.pk}",
    )


# --- objections ----------------------------------------------------------------


def lodge_objection(*, notice: AwardNotice, organisation, grounds: str, by) -> Objection:
    """A bidder objects to the award on notice (质疑), with its reasons."""
    grounds = (grounds or "").strip()
    if len(grounds) < MIN_GROUNDS:
        raise ValidationError(
            {
                "grounds": _(
                    "Give the grounds of the objection: what is wrong with the award and why, "
                    "in at least %(n)d characters."
                )
                % {"n": MIN_GROUNDS}
            }
        )
    if by.role != Role.ORG_LEADER or by.organisation_id != organisation.pk:
        raise ValidationError(_("Only the leader of a bidding organisation may object."))
    with transaction.atomic():
        # The project's lock first, as `take_effect` takes it: an objection
        # is either in before the award takes effect, or refused after.
        project = Project.objects.select_for_update(of=("self",)).get(pk=notice.project_id)
        notice = AwardNotice.objects.select_related("bid").get(pk=notice.pk)
        if (
            project.status != ProjectStatus.NOTICE
            or notice.status != NoticeStatus.OPEN
            or notice.ends_at <= clock.now()
        ):
            raise ValidationError(_("The notice period is over: objections are no longer taken."))
        if organisation.pk in _parties(notice.bid):
            raise ValidationError(_("Your organisation is the one proposed for the award."))
        if not Bid.objects.of_party(organisation.pk).filter(project=project).live().exists():
            raise ValidationError(_("Only an organisation that bid for the project may object."))
        if notice.objections.filter(organisation=organisation).exists():
            raise ValidationError(_("Your organisation has already objected to this award notice."))
        objection = Objection(
            notice=notice, organisation=organisation, grounds=grounds, lodged_by=by
        )
        audit.save(objection, by=by)
        notify(
            _community_staff(project),
            _("Objection to an award: %(title)s") % {"title": project.title},
            _("%(organisation)s objects to the award on notice. Answer it with your reasons.")
            % {"organisation": organisation.name},
            link=_link(project),
        )
    return objection


def may_answer(user, project, notice=None) -> bool:
    """Whether `user` answers objections on `project` (its jurisdiction
    checked), and to `notice` if given: not the person who proposed it."""
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and (user.sees_everything or user.role in ANSWERING_ROLES)
        and (notice is None or notice.proposed_by_id != user.pk)
        and Project.objects.for_user(user).filter(pk=project.pk).exists()
    )


def withdraw_notice(notice: AwardNotice, *, by, reason: str, now) -> None:
    """Withdraw an open notice (audited) and close its objections still
    awaiting an answer, recording why. The caller holds the project's lock."""
    notice.status, notice.decided_at = NoticeStatus.WITHDRAWN, now
    audit.save(notice, by=by, fields=["status", "decided_at"])
    for other in notice.objections.select_for_update().filter(status=ObjectionStatus.PENDING):
        other.status, other.answer = ObjectionStatus.WITHDRAWN, reason
        other.answered_by, other.answered_at = by, now
        audit.save(other, by=by, fields=["status", "answer", "answered_by", "answered_at"])


def answer_objection(*, objection: Objection, upheld: bool, answer: str, by) -> Objection:
    """The street or the district answers an objection with reasons. Upheld,
    the notice is withdrawn and the project reviewed again; not upheld, the
    award takes effect at once if its period is over and nothing else waits."""
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": _("Give the reasons for the answer.")})
    project = Project(pk=objection.notice.project_id)
    if not may_answer(by, project):
        raise ValidationError(_("Objections are answered by the street or the district."))
    if objection.notice.proposed_by_id == by.pk:
        raise ValidationError(
            _(
                "You proposed this award, so you may not judge an objection to it: "
                "another street officer or the district answers."
            )
        )
    now = clock.now()
    with transaction.atomic():
        project = Project.objects.select_for_update(of=("self",)).get(pk=project.pk)
        objection = (
            Objection.objects.select_for_update(of=("self",))
            .select_related("notice__bid__organisation", "organisation")
            .get(pk=objection.pk)
        )
        if objection.status != ObjectionStatus.PENDING:
            raise ValidationError(_("This objection has already been answered."))
        notice = objection.notice
        if notice.status != NoticeStatus.OPEN or project.status != ProjectStatus.NOTICE:
            raise ValidationError(
                _("The award notice is no longer open (withdrawn or in effect): nothing to answer.")
            )
        objection.status = ObjectionStatus.UPHELD if upheld else ObjectionStatus.DISMISSED
        objection.answer, objection.answered_by, objection.answered_at = answer, by, now
        audit.save(objection, by=by)
        if upheld:
            withdraw_notice(
                notice,
                by=by,
                reason=_("Another objection was upheld and the award notice withdrawn."),
                now=now,
            )
            move(project, "withdraw_award", by=by, note=answer)
        title = {"title": project.title}
        notify(
            _leaders([objection.organisation_id]),
            (
                _("Your objection was upheld: %(title)s")
                if upheld
                else _("Your objection was not upheld: %(title)s")
            )
            % title,
            answer,
            link=_link(project),
        )
        if upheld:
            notify(
                _leaders([notice.bid.organisation_id]),
                _("Award withdrawn after an objection: %(title)s") % title,
                answer,
                link=_link(project),
            )
    if not upheld:
        try:
            take_effect(project=project)
        except ValidationError as exc:  # the answer stands; the schedule tries again
            _cannot_take_effect(project.pk, exc)
    return objection

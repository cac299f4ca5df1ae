"""Monthly standardisation scores (月规范): scoring a month, changing it
while the month is open, amending it once closed."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from activities.meetings import signed_in_activities
from incubators.models import Residency
from lib import clock
from lib.periods import Month

from ..models import Amendment, ItemScore, MonthlyScore, RollupKind, RollupRun, ScoreTemplate


def month_closed(month: Month) -> bool:
    """A month is closed once its monthly rollup has finished."""
    return RollupRun.objects.filter(
        kind=RollupKind.MONTHLY, period=month.key, finished_at__isnull=False
    ).exists()


def residency_in(organisation, month: Month) -> Residency | None:
    """The residency that covers (part of) the month, the latest if several."""
    return (
        Residency.objects.filter(organisation=organisation, entered_on__lte=month.end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=month.start))
        .select_related("platform")
        .order_by("-entered_on")
        .first()
    )


def _points(template: ScoreTemplate, points: dict) -> dict:
    """Check each item's points: all present, numbers, within 0..maximum."""
    errors, clean = [], {}
    for item in template.items.all():
        raw = points.get(item.pk, points.get(str(item.pk)))
        try:
            value = Decimal(str(raw)).quantize(Decimal("0.1")) if raw not in (None, "") else None
        except InvalidOperation:
            value = None
            errors.append(_("%(item)s: not a number.") % {"item": item.name})
            continue
        if value is None:
            errors.append(_("%(item)s: give its points.") % {"item": item.name})
        elif not 0 <= value <= item.max_points:
            errors.append(
                _("%(item)s: between 0 and %(max)s points.")
                % {"item": item.name, "max": item.max_points}
            )
        else:
            clean[item] = value
    if errors:
        raise ValidationError(errors)
    return clean


def check_score(*, organisation, month: Month, points: dict, today: date | None = None):
    """What `record_score` would refuse, as a ValidationError, writing
    nothing: for a form to validate before it saves. Returns the residency,
    the template and the checked points ({item: points})."""
    today = today or clock.today()
    if month.start > today:
        raise ValidationError(_("This month has not begun yet."))
    if month_closed(month):
        raise ValidationError(_("%(month)s is closed; amend its score instead.") % {"month": month})
    residency = residency_in(organisation, month)
    if residency is None:
        raise ValidationError(
            _("%(name)s was not resident in a platform in %(month)s.")
            % {"name": organisation, "month": month}
        )
    template = ScoreTemplate.objects.for_month(month)
    if template is None:
        raise ValidationError(_("No scoring template applies to %(month)s.") % {"month": month})
    clean = _points(template, points)
    _check_sign_in(organisation, month, clean)
    return residency, template, clean


def sign_in_evidence(organisation, month: Month):
    """The organisation's activities held in the month with sign-in
    records, each with its sign-ins and person-times (activities.meetings)."""
    return list(signed_in_activities(organisation, *month.bounds))


def _check_sign_in(organisation, month: Month, clean: dict) -> None:
    """An item that asks for sign-in records (签到齐全) gets at most half its
    points when the organisation held no activity with sign-ins that month,
    from the month the platform began recording sign-ins
    (ASSESSMENT_SIGN_IN_RULE_FROM): an earlier month had no way to show them."""
    if month.start < settings.ASSESSMENT_SIGN_IN_RULE_FROM:
        return
    asking = [item for item, value in clean.items() if item.needs_sign_in]
    over = [item for item in asking if clean[item] > item.max_points / 2]
    if not over or sign_in_evidence(organisation, month):
        return
    raise ValidationError(
        [
            _(
                "%(item)s: %(name)s held no activity with sign-in records in %(month)s, "
                "so this item gets at most %(half)s points."
            )
            % {"item": item.name, "name": organisation, "month": month, "half": item.max_points / 2}
            for item in over
        ]
    )


def record_score(
    *, organisation, month: Month, points: dict, by, note: str = "", today: date | None = None
) -> MonthlyScore:
    """Score an organisation's month, item by item (points keyed by item id).

    The organisation must have been resident in a platform that month; the
    month must have begun and must not be closed; the template is the one in
    force for that month.
    """
    residency, template, clean = check_score(
        organisation=organisation, month=month, points=points, today=today
    )
    try:
        with transaction.atomic():
            score = MonthlyScore.objects.create(
                organisation=organisation,
                platform=residency.platform,
                year=month.year,
                month=month.number,
                template=template,
                total=sum(clean.values(), start=Decimal(0)),
                note=note,
                scored_by=by,
            )
            ItemScore.objects.bulk_create(
                ItemScore(score=score, item=item, points=value) for item, value in clean.items()
            )
    except IntegrityError as exc:
        raise ValidationError(
            _("%(name)s already has a score for %(month)s.")
            % {"name": organisation, "month": month}
        ) from exc
    return score


def check_change(*, score: MonthlyScore, points: dict, reason: str = "") -> dict:
    """What `change_score` would refuse, as a ValidationError, writing
    nothing; returns the checked points ({item: points})."""
    if score.is_locked and not reason.strip():
        raise ValidationError(
            _("%(month)s is closed: give the reason for the amendment.") % {"month": score.period}
        )
    return _points(score.template, points)


def change_score(*, score: MonthlyScore, points: dict, by, reason: str = "", note=None):
    """Change a month's item points. While the month is open this is an
    edit; once locked it is an amendment and needs a reason, kept with the
    old and new points."""
    with transaction.atomic():
        score = MonthlyScore.objects.select_for_update().get(pk=score.pk)
        clean = check_change(score=score, points=points, reason=reason)
        before = {row.item_id: row for row in score.items.select_related("item")}
        changes = {}
        for item, value in clean.items():
            row = before.get(item.pk)
            if row is None:
                ItemScore.objects.create(score=score, item=item, points=value)
                changes[item.name] = [None, str(value)]
            elif row.points != value:
                changes[item.name] = [str(row.points), str(value)]
                row.points = value
                row.save(update_fields=["points"])
        total_before = score.total
        score.total = sum(clean.values(), start=Decimal(0))
        fields = ["total"]
        if note is not None:
            score.note = note
            fields.append("note")
        score._history_user = by
        if reason:
            score._change_reason = reason
        score.save(update_fields=fields)
        if score.is_locked and changes:
            Amendment.objects.create(
                score=score,
                reason=reason.strip(),
                total_before=total_before,
                total_after=score.total,
                changes=changes,
                amended_by=by,
            )
    return score

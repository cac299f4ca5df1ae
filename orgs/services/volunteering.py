"""Volunteer service and the points ledger (志愿服务积分兑换)."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from lib import audit
from orgs.models import Person, PointsEntry, PointsKind, ServiceRecord


def points_for(hours: Decimal) -> int:
    rate = Decimal(str(settings.VOLUNTEER_POINTS_PER_HOUR))
    return int((Decimal(hours) * rate).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def record_service(
    *, person: Person, served_on: date, hours, activity: str, by, organisation=None
) -> ServiceRecord:
    """Log service hours; the points they earn go into the ledger with them."""
    hours = Decimal(str(hours))
    with transaction.atomic():
        record = ServiceRecord(
            person=person,
            organisation=organisation,
            served_on=served_on,
            hours=hours,
            activity=activity,
            recorded_by=by,
        )
        record.full_clean()
        audit.save(record, by=by)
        points = points_for(hours)
        if points > 0:
            PointsEntry.objects.create(
                person=person,
                kind=PointsKind.EARNED,
                points=points,
                occurred_on=served_on,
                description=activity,
                service_record=record,
                recorded_by=by,
            )
    return record


def exchange_points(*, person: Person, points: int, description: str, on: date, by) -> PointsEntry:
    """Spend points on goods or services; refused if the balance is short."""
    if points <= 0:
        raise ValidationError(_("Exchange a positive number of points."))
    return _spend(person, -points, PointsKind.EXCHANGED, description, on, by)


def adjust_points(*, person: Person, points: int, reason: str, on: date, by) -> PointsEntry:
    """A correction, with its reason; it may not leave a negative balance."""
    if points == 0:
        raise ValidationError(_("An adjustment changes the balance."))
    if not reason.strip():
        raise ValidationError(_("Say why the points are adjusted."))
    return _spend(person, points, PointsKind.ADJUSTED, reason, on, by)


def balance(person: Person) -> int:
    return PointsEntry.objects.filter(person=person).aggregate(total=Sum("points"))["total"] or 0


def _spend(person, delta, kind, description, on, by) -> PointsEntry:
    with transaction.atomic():
        # The person's row is the lock: two exchanges for one person queue
        # here, and the second sees the first one's entry in its sum.
        person = Person.objects.select_for_update().get(pk=person.pk)
        current = balance(person)
        if current + delta < 0:
            raise ValidationError(
                _("Not enough points: the balance is %(balance)d, this needs %(needed)d.")
                % {"balance": current, "needed": -delta}
            )
        return PointsEntry.objects.create(
            person=person,
            kind=kind,
            points=delta,
            occurred_on=on,
            description=description,
            recorded_by=by,
        )

"""Residency: an organisation enters a platform (入驻), and leaves it either
graduating (出壳) or ordered out (责令退出, by the assessments' low-score rule)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lib import audit
from orgs.models import Organisation

from ..models import Platform, Residency, ResidencyStatus


def admit(
    *,
    platform: Platform,
    organisation: Organisation,
    on: date,
    by,
    agreement: str = "",
    services=(),
) -> Residency:
    if not platform.is_active:
        raise ValidationError(_("%(platform)s is not in operation.") % {"platform": platform})
    if not organisation.is_live:
        raise ValidationError(_("%(name)s is merged or dissolved.") % {"name": organisation})
    if not organisation.area.code.startswith(platform.area.code):
        raise ValidationError(
            _("%(name)s is outside the area %(platform)s serves.")
            % {"name": organisation, "platform": platform}
        )
    with transaction.atomic():
        Organisation.objects.select_for_update().get(pk=organisation.pk)
        current = (
            Residency.objects.current()
            .filter(organisation=organisation)
            .select_related("platform")
            .first()
        )
        if current:
            raise ValidationError(
                _("%(name)s is already resident in %(platform)s.")
                % {"name": organisation, "platform": current.platform}
            )
        residency = Residency(
            platform=platform,
            organisation=organisation,
            entered_on=on,
            agreement=agreement,
            recorded_by=by,
        )
        residency.full_clean()
        try:
            with transaction.atomic():
                audit.save(residency, by=by)
        except IntegrityError as exc:  # the database's one-platform-at-a-time rule
            raise ValidationError(
                _("%(name)s is already resident in a platform.") % {"name": organisation}
            ) from exc
        if services:
            residency.services.set(services)
    return residency


def graduate(*, residency: Residency, on: date, outcome: str, by) -> Residency:
    """出壳: the organisation leaves ready to stand on its own."""
    return _end(
        residency, ResidencyStatus.GRADUATED, on, outcome, by, needs=_("Say what it graduated as.")
    )


def order_out(*, residency: Residency, on: date, reason: str, by) -> Residency:
    """责令退出: the organisation is made to leave, with the reason on record."""
    return _end(
        residency,
        ResidencyStatus.ORDERED_OUT,
        on,
        reason,
        by,
        needs=_("Give the reason it must leave."),
    )


def _end(residency, status, on, text, by, *, needs) -> Residency:
    if not (text or "").strip():
        raise ValidationError(needs)
    with transaction.atomic():
        residency = Residency.objects.select_for_update().get(pk=residency.pk)
        if residency.status != ResidencyStatus.RESIDENT:
            raise ValidationError(
                _("This residency has already ended (%(status)s).")
                % {"status": residency.get_status_display()}
            )
        if on < residency.entered_on:
            raise ValidationError(
                _("It cannot leave before it entered (%(date)s).") % {"date": residency.entered_on}
            )
        residency.status = status
        residency.ended_on = on
        residency.outcome = text.strip()
        audit.save(residency, by=by, fields=["status", "ended_on", "outcome"])
    return residency

"""Filing (备案): submit → the street approves (certificate number) or returns
with reasons → resubmit."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lib import audit, clock
from orgs.models import (
    ApplicationStatus,
    FilingApplication,
    FilingSequence,
    FilingStatus,
    Organisation,
    Tier,
)


def submit_filing(
    *, organisation: Organisation, by, note: str = "", charter=None
) -> FilingApplication:
    with transaction.atomic():
        org = Organisation.objects.select_for_update().get(pk=organisation.pk)
        if not org.is_live:
            raise ValidationError(_("A merged or dissolved organisation cannot be filed."))
        if org.tier == Tier.REGISTERED:
            raise ValidationError(
                _("A registered legal person is registered, not filed with the street.")
            )
        if org.filing_status == FilingStatus.SUBMITTED:
            raise ValidationError(_("A filing application is already under review."))
        if org.filing_status == FilingStatus.APPROVED:
            raise ValidationError(
                _("This organisation is already filed (%(number)s).")
                % {"number": org.certificate_number}
            )
        application = FilingApplication(organisation=org, submitted_by=by, note=note)
        if charter:
            application.charter = charter
        audit.save(application, by=by)
        org.filing_status = FilingStatus.SUBMITTED
        audit.save(org, by=by, fields=["filing_status", "updated_at"], reason=_("Filing submitted"))
    return application


def approve_filing(*, application: FilingApplication, by) -> FilingApplication:
    """Approve, issuing the next certificate number of the organisation's street."""
    with transaction.atomic():
        application = _lock_pending(application)
        org = (
            Organisation.objects.select_for_update(of=("self",))
            .select_related("area__parent")
            .get(pk=application.organisation_id)
        )
        today = clock.today()
        number = next_certificate_number(street=org.street, year=today.year)
        application.status = ApplicationStatus.APPROVED
        application.decided_by = by
        application.decided_at = timezone.now()
        application.certificate_number = number
        audit.save(application, by=by)
        org.filing_status = FilingStatus.APPROVED
        org.certificate_number = number
        org.filed_on = today
        if org.tier == Tier.GUIDED:
            org.tier = Tier.FILED
        audit.save(
            org,
            by=by,
            fields=["filing_status", "certificate_number", "filed_on", "tier", "updated_at"],
            reason=_("Filing approved"),
        )
    return application


def return_filing(*, application: FilingApplication, by, reasons: str) -> FilingApplication:
    reasons = (reasons or "").strip()
    if not reasons:
        raise ValidationError(_("Say why the application is returned, so it can be put right."))
    with transaction.atomic():
        application = _lock_pending(application)
        org = Organisation.objects.select_for_update().get(pk=application.organisation_id)
        application.status = ApplicationStatus.RETURNED
        application.decided_by = by
        application.decided_at = timezone.now()
        application.return_reasons = reasons
        audit.save(application, by=by)
        org.filing_status = FilingStatus.RETURNED
        audit.save(org, by=by, fields=["filing_status", "updated_at"], reason=_("Filing returned"))
    return application


def next_certificate_number(*, street, year: int) -> str:
    """`410108003-2026-0007`: street code, year, sequence. Call inside a transaction."""
    sequence, _created = FilingSequence.objects.get_or_create(street=street, year=year)
    sequence = FilingSequence.objects.select_for_update().get(pk=sequence.pk)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return f"{street.code}-{year}-{sequence.last_number:04d}"


def _lock_pending(application: FilingApplication) -> FilingApplication:
    application = FilingApplication.objects.select_for_update().get(pk=application.pk)
    if application.status != ApplicationStatus.SUBMITTED:
        raise ValidationError(
            _("This application was already decided (%(status)s).")
            % {"status": application.get_status_display()}
        )
    return application

"""Filing (备案) with the street: applications and the certificate sequence."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lib.fields import StampedAt
from lib.limits import TEXT
from lib.uploads import RandomName, ServedFileField, check_document, private_storage
from orgs.scoping import ScopedQuerySet


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Under review")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


class FilingApplicationQuerySet(ScopedQuerySet):
    area_path = "organisation__area__code"
    organisation_path = "organisation"

    def pending(self):
        return self.filter(status=ApplicationStatus.SUBMITTED)


class FilingApplication(models.Model):
    """One submission of an organisation for filing; a resubmission after a
    return is a new application, so the whole exchange stays on record."""

    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="filing_applications",
    )
    status = models.CharField(
        _("application status"),
        max_length=10,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
    )
    note = models.TextField(_("applicant's note"), blank=True, max_length=TEXT)
    charter = ServedFileField(
        _("charter (简易章程)"),
        upload_to=RandomName("filing/charters"),
        storage=private_storage,
        validators=[check_document],
        blank=True,
        served_as="charter",
        original_name_field="original_name",
    )
    original_name = models.CharField(
        _("file name"), max_length=255, blank=True, editable=False, default="", db_default=""
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = StampedAt(_("submitted at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    return_reasons = models.TextField(_("reasons for returning"), blank=True, max_length=TEXT)
    certificate_number = models.CharField(_("certificate number"), max_length=30, blank=True)

    history = HistoricalRecords()
    objects = FilingApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("filing application")
        verbose_name_plural = _("filing applications")
        ordering = ["-submitted_at"]
        constraints = [
            # At most one application under review per organisation.
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(status="submitted"),
                name="filing_one_pending_per_organisation",
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(return_reasons=""),
                name="filing_return_has_reasons",
            ),
        ]

    def __str__(self):
        return f"{self.organisation} · {self.get_status_display()}"


class FilingSequence(models.Model):
    """The last certificate number a street issued in a year.

    Approvals lock this row (SELECT ... FOR UPDATE) to take the next number,
    so concurrent approvals in one street never share a number.
    """

    street = models.ForeignKey("orgs.Area", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("certificate sequence")
        verbose_name_plural = _("certificate sequences")
        constraints = [
            models.UniqueConstraint(
                fields=["street", "year"], name="filing_sequence_per_street_year"
            )
        ]

    def __str__(self):
        return f"{self.street_id}/{self.year}: {self.last_number}"

"""A volunteer (志愿者): a resident who registered to serve, under their real
name, with the phone they sign in with (residents.session) verified by a
code. The person record is `orgs.Person`, the one their trainings, hours and
points (orgs.models.volunteering) already hang on; this row adds what
registering says: skills, when they can serve, the community's confirmation,
and for a minor the guardian's consent (《志愿服务条例》 Art. 15: a minor
serves with the guardian's consent, in work that suits their age).

Only a confirmed volunteer signs up for opportunities, is checked in by QR
and exchanges points in the mall (`Volunteer.objects.confirmed()`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lib.fields import StampedAt
from lib.masking import NAME, PHONE, Masked
from lib.validators import validate_phone
from orgs.scoping import ScopedQuerySet


class VolunteerStatus(models.TextChoices):
    # A minor's registration waits for the guardian first, then the community.
    AWAITING_GUARDIAN = "guardian", _("Awaiting the guardian's consent")
    PENDING = "pending", _("Awaiting the community's confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    REFUSED = "refused", _("Not confirmed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class VolunteerQuerySet(ScopedQuerySet):
    area_path = "person__community__code"

    def confirmed(self):
        return self.filter(status=VolunteerStatus.CONFIRMED)

    def with_phone(self, phone: str):
        return self.filter(phone=phone)


class Volunteer(models.Model):
    person = models.OneToOneField(
        "orgs.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="volunteer",
    )
    # The number they sign in with, verified by a code when they registered:
    # one volunteer per number.
    phone = models.CharField(_("phone"), max_length=20, validators=[validate_phone])
    skills = models.CharField(
        _("skills"), max_length=200, blank=True, help_text=_("e.g. 理发、陪诊、辅导功课、修家电")
    )
    availability = models.JSONField(
        _("when they can serve"),
        default=list,
        blank=True,
        help_text=_("Any of: weekday daytime, weekday evenings, weekends."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=VolunteerStatus.choices,
        default=VolunteerStatus.PENDING,
    )
    registered_at = StampedAt(_("registered at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    refusal_reason = models.CharField(_("why not confirmed"), max_length=200, blank=True)
    # From the ID number: whether a guardian must consent, and the age an
    # opportunity may ask for.
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    guardian_name = models.CharField(_("guardian's name"), max_length=50, blank=True)
    guardian_phone = models.CharField(
        _("guardian's phone"), max_length=20, blank=True, validators=[validate_phone]
    )
    guardian_consented_at = models.DateTimeField(_("guardian consented at"), null=True, blank=True)

    history = HistoricalRecords()
    objects = VolunteerQuerySet.as_manager()

    phone_masked = Masked("phone", PHONE)
    guardian_phone_masked = Masked("guardian_phone", PHONE)
    guardian_name_masked = Masked("guardian_name", NAME)

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["-registered_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["phone"],
                name="volunteer_phone_unique",
                violation_error_message=_("A volunteer is already registered with this phone."),
            ),
            # A minor's guardian is named with a number to reach them.
            models.CheckConstraint(
                condition=Q(guardian_name="") | ~Q(guardian_phone=""),
                name="volunteer_guardian_reachable",
            ),
        ]

    def __str__(self):
        return str(self.person)

    @property
    def is_confirmed(self) -> bool:
        return self.status == VolunteerStatus.CONFIRMED


class CertificateQuerySet(ScopedQuerySet):
    area_path = "volunteer__person__community__code"


class VolunteerCertificate(models.Model):
    """A volunteer-service certificate (志愿服务证明) as issued: what it said
    (民政部《志愿服务记录与证明出具办法（试行）》: the name, the ID number
    partly hidden, the period, the hours, what was done, the issuer, its
    contact, the date), numbered, so that a copy can be checked against it
    (`check_code` with the number, on the public verification page)."""

    number = models.CharField(_("certificate number"), max_length=30, unique=True)
    check_code = models.CharField(_("check code"), max_length=8)
    volunteer = models.ForeignKey(
        Volunteer,
        verbose_name=_("volunteer"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    # As printed, so that the copy reads the same later.
    name = models.CharField(_("full name"), max_length=50)
    id_number_shown = models.CharField(_("ID number (partly hidden)"), max_length=18)
    period_start = models.DateField(_("service from"))
    period_end = models.DateField(_("service until"))
    hours = models.DecimalField(_("total hours"), max_digits=8, decimal_places=1)
    content = models.CharField(_("service content"), max_length=500)
    issuer = models.CharField(_("issued by (organisation)"), max_length=120)
    contact = models.CharField(_("contact"), max_length=60, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = StampedAt(_("issued at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("volunteer-service certificate")
        verbose_name_plural = _("volunteer-service certificates")
        ordering = ["-issued_at", "-id"]

    def __str__(self):
        return self.number

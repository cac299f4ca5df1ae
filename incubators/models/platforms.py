"""Incubation platforms (孵化平台) at district, street and community level, and
the organisations resident in them (入驻 → 出壳 or 责令退出)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lib.limits import TEXT
from lib.uploads import RandomName, ServedFileField, check_document, private_storage
from orgs.models import AreaLevel
from orgs.scoping import ScopedQuerySet


class ServiceKind(models.Model):
    """What a platform offers residents (场地、培训、资金代管、项目策划…): data, editable."""

    name = models.CharField(_("service name"), max_length=40, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("platform service")
        verbose_name_plural = _("platform services")
        ordering = ["position", "id"]

    def __str__(self):
        return self.name


class Specialism(models.Model):
    """What a platform is known for (Shandong: 公益慈善, 文化艺术, 社区服务,
    志愿服务): data, so an office adds its own."""

    name = models.CharField(_("specialism"), max_length=40, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("platform specialism")
        verbose_name_plural = _("platform specialisms")
        ordering = ["position", "id"]

    def __str__(self):
        return self.name


class PlatformQuerySet(ScopedQuerySet):
    area_path = "area__code"
    organisation_path = "operator"


class Platform(models.Model):
    name = models.CharField(_("platform name"), max_length=100)
    area = models.ForeignKey(
        "orgs.Area",
        verbose_name=_("area served"),
        on_delete=models.PROTECT,
        related_name="platforms",
        limit_choices_to={"level__in": [AreaLevel.DISTRICT, AreaLevel.STREET, AreaLevel.COMMUNITY]},
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("guided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("The platform of the level above: a street platform's district platform."),
    )
    operator = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("operator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="platforms_operated",
        help_text=_("The organisation running it, often a professional social-work agency."),
    )
    venue = models.CharField(_("venue"), max_length=200)
    floor_area = models.DecimalField(
        _("floor area (m²)"), max_digits=8, decimal_places=1, null=True, blank=True
    )
    services = models.ManyToManyField(ServiceKind, verbose_name=_("services offered"), blank=True)
    specialisms = models.ManyToManyField(
        Specialism, verbose_name=_("specialisms"), blank=True, related_name="platforms"
    )
    is_party_complex = models.BooleanField(_("party-building complex"), default=False)
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    is_active = models.BooleanField(_("in operation"), default=True)
    grade = models.CharField(
        _("latest annual grade"),
        max_length=2,
        blank=True,
        editable=False,
        help_text=_("Written by the annual platform grading."),
    )

    history = HistoricalRecords(m2m_fields=[services])
    objects = PlatformQuerySet.as_manager()

    class Meta:
        verbose_name = _("incubation platform")
        verbose_name_plural = _("incubation platforms")
        ordering = ["area__code", "name"]

    def __str__(self):
        return self.name

    @property
    def level(self) -> str:
        return self.area.level

    def get_level_display(self):
        return AreaLevel(self.area.level).label

    def clean(self):
        super().clean()
        if self.parent_id and self.area_id:
            parent_area = self.parent.area
            if parent_area.pk == self.area_id or not self.area.code.startswith(parent_area.code):
                raise ValidationError(
                    {"parent": _("The guiding platform must serve an area above this one.")}
                )


class ResidencyStatus(models.TextChoices):
    RESIDENT = "resident", _("Resident")
    GRADUATED = "graduated", _("Graduated")
    ORDERED_OUT = "ordered_out", _("Ordered to leave")


class ResidencyQuerySet(ScopedQuerySet):
    area_path = "platform__area__code"
    organisation_path = "organisation"

    def current(self):
        return self.filter(status=ResidencyStatus.RESIDENT)


class Residency(models.Model):
    platform = models.ForeignKey(
        Platform, verbose_name=_("platform"), on_delete=models.PROTECT, related_name="residencies"
    )
    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="residencies",
    )
    status = models.CharField(
        _("residency status"),
        max_length=12,
        choices=ResidencyStatus.choices,
        default=ResidencyStatus.RESIDENT,
        editable=False,
    )
    entered_on = models.DateField(_("entered on"))
    agreement = models.CharField(_("agreement number"), max_length=60, blank=True)
    agreement_file = ServedFileField(
        _("agreement"),
        upload_to=RandomName("incubators/agreements"),
        storage=private_storage,
        validators=[check_document],
        blank=True,
        served_as="agreement",
        original_name_field="original_name",
    )
    original_name = models.CharField(
        _("file name"), max_length=255, blank=True, editable=False, default="", db_default=""
    )
    services = models.ManyToManyField(ServiceKind, verbose_name=_("services received"), blank=True)
    # The support terms of the residency (Shandong): utilities waived
    # (水电减免), rent paid in services (以服务换租金).
    utilities_waived = models.BooleanField(
        _("water and electricity waived"), default=False, db_default=False
    )
    rent_in_services = models.BooleanField(
        _("rent paid in services"), default=False, db_default=False
    )
    support_terms = models.CharField(
        _("support terms"),
        max_length=200,
        blank=True,
        default="",
        db_default="",
        help_text=_("e.g. 每月为社区开展2次公益活动抵免场地租金"),
    )
    ended_on = models.DateField(_("left on"), null=True, blank=True, editable=False)
    outcome = models.TextField(
        _("outcome or reason"),
        blank=True,
        editable=False,
        help_text=_("What it graduated as, or why it was ordered to leave."),
        max_length=TEXT,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    history = HistoricalRecords(m2m_fields=[services])
    objects = ResidencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("residency")
        verbose_name_plural = _("residencies")
        ordering = ["-entered_on", "-id"]
        constraints = [
            # An organisation is resident in one platform at a time.
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(status="resident"),
                name="residency_one_platform_at_a_time",
                violation_error_message=_("This organisation is already resident in a platform."),
            ),
            models.CheckConstraint(
                condition=Q(status="resident", ended_on__isnull=True)
                | (~Q(status="resident") & Q(ended_on__isnull=False)),
                name="residency_end_date_iff_ended",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("entered_on")),
                name="residency_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        return f"{self.organisation} @ {self.platform}"


class PlatformTrainingQuerySet(ScopedQuerySet):
    area_path = "platform__area__code"


class PlatformTraining(models.Model):
    """A training given on a platform's turn in the rotation (轮值授课); the
    session itself is the orgs app's Training, counted with all the others."""

    platform = models.ForeignKey(
        Platform, verbose_name=_("platform"), on_delete=models.PROTECT, related_name="trainings"
    )
    training = models.OneToOneField(
        "orgs.Training",
        verbose_name=_("training"),
        on_delete=models.CASCADE,
        related_name="platform_turn",
    )

    objects = PlatformTrainingQuerySet.as_manager()

    class Meta:
        verbose_name = _("rotating lecture")
        verbose_name_plural = _("rotating lectures")

    def __str__(self):
        return f"{self.platform} · {self.training}"

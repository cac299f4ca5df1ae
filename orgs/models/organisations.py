"""Community social organisations (社区社会组织): the ledger (台账).

One row per organisation, with the columns of the street and community
ledgers. Its state changes (filing, transformations, merger, dissolution) go
through the services in `orgs.services`, never through ad-hoc saves.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lib.geo import CrsField, LatitudeField, LongitudeField
from lib.limits import TEXT
from lib.masking import ID_NUMBER, PHONE, Masked
from lib.validators import (
    normalise_code,
    normalise_phone,
    validate_credit_code,
    validate_id_number,
    validate_phone,
)
from orgs.scoping import ScopedQuerySet

from .territory import AreaLevel


class Tier(models.TextChoices):
    """Management tier (分类管理, Wuhan action plan §4)."""

    REGISTERED = "registered", _("Registered legal person")
    FILED = "filed", _("Filed with the street")
    GUIDED = "guided", _("Guided by the community")


class Stage(models.TextChoices):
    SELF_ORGANISED = "self", _("Self-organised group")
    COMMUNITY = "community", _("Community social organisation")
    SOCIAL_ORGANISATION = "registered", _("Registered social organisation")
    SOCIAL_ENTERPRISE = "enterprise", _("Social enterprise")


class Status(models.TextChoices):
    ACTIVE = "active", _("Active")
    DORMANT = "dormant", _("Dormant")
    MERGED = "merged", _("Merged")
    DISSOLVED = "dissolved", _("Dissolved")


LIVE_STATUSES = (Status.ACTIVE, Status.DORMANT)


class FilingStatus(models.TextChoices):
    NOT_FILED = "none", _("Not filed")
    SUBMITTED = "submitted", _("Under review")
    APPROVED = "approved", _("Filed")
    RETURNED = "returned", _("Returned")


class PartyOrgType(models.TextChoices):
    NONE = "none", _("None")
    INDEPENDENT = "independent", _("Independent party branch")
    JOINT = "joint", _("Joint party branch")
    FUNCTIONAL = "functional", _("Functional party group")


class OrganisationQuerySet(ScopedQuerySet):
    area_path = "area__code"
    organisation_path = "pk"

    def live(self):
        return self.filter(status__in=LIVE_STATUSES)

    def filing_rate(self) -> float | None:
        """Share of live, unregistered organisations whose filing is approved.

        Registered legal persons are registered, not filed, so they are left
        out of both sides, as the district reports count it (Huiji: 478 filed,
        90%). None when there is nothing to file.
        """
        return self.ledger_counts()["filing_rate"]

    def ledger_counts(self) -> dict:
        """How many live organisations, and their filing rate, in one query."""
        unregistered = ~Q(tier=Tier.REGISTERED)
        counts = self.live().aggregate(
            live=Count("pk"),
            total=Count("pk", filter=unregistered),
            filed=Count("pk", filter=unregistered & Q(filing_status=FilingStatus.APPROVED)),
        )
        return {
            "live": counts["live"],
            "filing_rate": counts["filed"] / counts["total"] if counts["total"] else None,
        }


class Organisation(models.Model):
    name = models.CharField(_("organisation name"), max_length=100)
    area = models.ForeignKey(
        "orgs.Area",
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        related_name="organisations",
        limit_choices_to={"level__in": [AreaLevel.DISTRICT, AreaLevel.STREET, AreaLevel.COMMUNITY]},
        help_text=_(
            "The community it belongs to; a street-level organisation such as the hub belongs to its "
            "street, and a district-wide agency (a social-work agency running a platform) to its district."
        ),
    )
    category = models.ForeignKey(
        "orgs.Category",
        verbose_name=_("organisation category"),
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    description = models.TextField(_("services and activities"), blank=True, max_length=TEXT)

    leader_name = models.CharField(_("leader"), max_length=50)
    leader_phone = models.CharField(
        _("leader's phone"), max_length=20, blank=True, validators=[validate_phone]
    )
    leader_id_number = models.CharField(
        _("leader's ID number"), max_length=18, blank=True, validators=[validate_id_number]
    )
    leader_is_party_member = models.BooleanField(_("leader is a party member"), default=False)
    member_count = models.PositiveIntegerField(_("member count"), default=0)
    party_member_count = models.PositiveIntegerField(_("party members"), default=0)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    venue = models.CharField(_("activity venue"), max_length=120, blank=True)
    venue_latitude = LatitudeField(_("venue latitude"))
    venue_longitude = LongitudeField(_("venue longitude"))
    venue_crs = CrsField()
    venue_is_home = models.BooleanField(
        _("the venue is a home"),
        default=False,
        db_default=False,
        help_text=_(
            "A member's or the leader's home: the public map then shows only the community, "
            "never the point."
        ),
    )

    tier = models.CharField(
        _("management tier"), max_length=12, choices=Tier.choices, default=Tier.GUIDED
    )
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        blank=True,
        validators=[validate_credit_code],
        help_text=_("Registered organisations only: 18 characters, GB 32100-2015."),
    )
    stage = models.CharField(
        _("stage"), max_length=12, choices=Stage.choices, default=Stage.COMMUNITY
    )
    is_service_oriented = models.BooleanField(
        _("service-oriented"),
        default=True,
        help_text=_("Serves residents, rather than only its own members' pastime (静态)."),
    )
    status = models.CharField(
        _("organisation status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
        editable=False,
    )
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True, editable=False)

    filing_status = models.CharField(
        _("filing"),
        max_length=10,
        choices=FilingStatus.choices,
        default=FilingStatus.NOT_FILED,
        editable=False,
    )
    certificate_number = models.CharField(
        _("filing certificate number"), max_length=30, blank=True, editable=False
    )
    filed_on = models.DateField(_("filed on"), null=True, blank=True, editable=False)

    party_org_type = models.CharField(
        _("party organisation"),
        max_length=12,
        choices=PartyOrgType.choices,
        default=PartyOrgType.NONE,
    )
    is_brand = models.BooleanField(_("brand organisation"), default=False)
    is_hub = models.BooleanField(
        _("hub organisation"),
        default=False,
        help_text=_(
            "The street's federation of community social organisations (联合会): one per street, registered."
        ),
    )
    star_rating = models.PositiveSmallIntegerField(
        _("star rating"),
        null=True,
        blank=True,
        editable=False,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("Written by the annual assessment."),
    )
    star_year = models.PositiveSmallIntegerField(
        _("rated for year"), null=True, blank=True, editable=False
    )

    rectification_due_on = models.DateField(
        _("rectification due on"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Set while the organisation is under rectification after an interview; written by the assessments."
        ),
    )

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()
    objects = OrganisationQuerySet.as_manager()

    leader_phone_masked = Masked("leader_phone", PHONE)
    leader_id_number_masked = Masked("leader_id_number", ID_NUMBER)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["area_id", "name"]
        permissions = [("review_filing", _("Can approve or return filing applications"))]
        indexes = [
            models.Index(fields=["area", "status"], name="organisation_area_status"),
            models.Index(fields=["status", "tier", "filing_status"], name="organisation_filing"),
            # The ledger's order (and the id the admin adds), so a deep page's
            # ids are read from the index alone.
            models.Index(fields=["area", "name", "-id"], name="organisation_list_order"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "name"],
                condition=Q(status__in=LIVE_STATUSES),
                name="organisation_name_unique_in_area",
                violation_error_message=_(
                    "An organisation with this name already exists in this community."
                ),
            ),
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=~Q(credit_code=""),
                name="organisation_credit_code_unique",
                violation_error_message=_("Another organisation already has this credit code."),
            ),
            models.UniqueConstraint(
                fields=["certificate_number"],
                condition=~Q(certificate_number=""),
                name="organisation_certificate_unique",
                violation_error_message=_(
                    "Another organisation already has this certificate number."
                ),
            ),
            models.UniqueConstraint(
                fields=["area"],
                condition=Q(is_hub=True, status__in=LIVE_STATUSES),
                name="organisation_one_hub_per_street",
                violation_error_message=_("This street already has a hub organisation."),
            ),
            models.CheckConstraint(
                condition=Q(tier=Tier.REGISTERED, credit_code__gt="")
                | (~Q(tier=Tier.REGISTERED) & Q(credit_code="")),
                name="organisation_credit_code_iff_registered",
                violation_error_message=_(
                    "A registered organisation needs its credit code; other tiers have none."
                ),
            ),
            models.CheckConstraint(
                condition=Q(is_hub=False) | Q(tier=Tier.REGISTERED),
                name="organisation_hub_is_registered",
                violation_error_message=_("A hub organisation must be a registered legal person."),
            ),
            models.CheckConstraint(
                condition=Q(party_member_count__lte=models.F("member_count")),
                name="organisation_party_members_within_members",
                violation_error_message=_("There cannot be more party members than members."),
            ),
            models.CheckConstraint(
                condition=Q(status=Status.MERGED, merged_into__isnull=False)
                | (~Q(status=Status.MERGED) & Q(merged_into__isnull=True)),
                name="organisation_merged_points_at_result",
            ),
            models.CheckConstraint(
                condition=Q(filing_status=FilingStatus.APPROVED, certificate_number__gt="")
                | (~Q(filing_status=FilingStatus.APPROVED) & Q(certificate_number="")),
                name="organisation_certificate_iff_filed",
            ),
            models.CheckConstraint(
                condition=Q(star_rating__isnull=True) | Q(star_rating__gte=1, star_rating__lte=5),
                name="organisation_star_rating_1_to_5",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def street(self):
        """The street (街道/镇) the organisation is filed with; None for a district-wide one."""
        if self.area.level == AreaLevel.DISTRICT:
            return None
        return self.area if self.area.level == AreaLevel.STREET else self.area.parent

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_STATUSES

    @property
    def filing_for_the_public(self) -> str:
        """The filing status as a visitor should read it: a registered legal
        person (a social work centre, a federation) is not filed with the
        street at all, so "not filed" would read as a failure."""
        if self.tier == Tier.REGISTERED:
            return gettext("Registered legal person: no filing needed")
        return self.get_filing_status_display()

    @property
    def under_rectification(self) -> bool:
        return self.rectification_due_on is not None

    def clean(self):
        super().clean()
        self.credit_code = normalise_code(self.credit_code)
        self.leader_id_number = normalise_code(self.leader_id_number)
        self.leader_phone = normalise_phone(self.leader_phone)
        errors = {}
        if self.tier == Tier.REGISTERED and not self.credit_code:
            errors["credit_code"] = _(
                "A registered organisation needs its unified social credit code."
            )
        if self.tier != Tier.REGISTERED and self.credit_code:
            errors["credit_code"] = _(
                "Only registered organisations have a credit code; set the tier to registered."
            )
        if self.party_member_count > self.member_count:
            errors["party_member_count"] = _("There cannot be more party members than members.")
        if self.area_id and self.is_hub and self.area.level != AreaLevel.STREET:
            errors["area"] = _("A hub organisation belongs to a street, not a community.")
        if self.is_hub and self.tier != Tier.REGISTERED:
            errors["is_hub"] = _("A hub organisation must be a registered legal person.")
        if errors:
            raise ValidationError(errors)

    CLASH_FIELDS = {"name", "credit_code", "certificate_number"}

    def validate_constraints(self, exclude=None):
        """The unique constraints on name, credit code and certificate are
        checked by `_clashes`, so each error names its field (Django reports
        a conditional constraint against the whole record)."""
        exclude = set(exclude or ())
        errors = {
            field: [message] for field, message in self._clashes().items() if field not in exclude
        }
        try:
            super().validate_constraints(exclude=exclude | self.CLASH_FIELDS)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def _clashes(self) -> dict:
        others = Organisation.objects.exclude(pk=self.pk)
        clashes = {}
        live_namesake = others.live().filter(area_id=self.area_id, name=self.name)
        if self.area_id and self.name and self.is_live and live_namesake.exists():
            clashes["name"] = _("An organisation with this name already exists in this community.")
        if self.credit_code and others.filter(credit_code=self.credit_code).exists():
            clashes["credit_code"] = _("Another organisation already has this credit code.")
        if (
            self.certificate_number
            and others.filter(certificate_number=self.certificate_number).exists()
        ):
            clashes["certificate_number"] = _(
                "Another organisation already has this certificate number."
            )
        return clashes

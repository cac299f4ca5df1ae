"""Claims (认领): a resident's need or 微心愿 taken up directly by one of the
community's 大党委 actors (Tianyuan), besides turning needs into funded
projects. Three kinds of claimant, each signed in the way it already is:

- a party member: a resident signed in by phone (residents.session),
  matched to an orgs.Person who is a party member in the need's district,
  or declaring themselves one (the community worker checks on confirming);
- a unit stationed in the area (驻区单位): an orgs.Provider of kind UNIT,
  whose clerk signs in by phone as the points mall's clerks do;
- a department or mass organisation (团委, 妇联…): an orgs.Department,
  through an account of Role.DEPARTMENT.

A claim is claimed → confirmed (or refused) by the community worker →
fulfilled with a note and a date, or withdrawn. While a claim is live the
need reads "claimed" and cannot go into a project; one live claim per need.

A department also offers resources (DepartmentOffer), the 资源清单 of the
大党委 beside the community's own (projects.Resource, which belongs to a
community).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from lib.fields import StampedAt
from lib.limits import TEXT
from lib.masking import NAME, PHONE, Masked, mask_name
from lib.validators import validate_phone
from orgs.scoping import ScopedQuerySet


class ClaimantKind(models.TextChoices):
    PARTY_MEMBER = "party_member", pgettext_lazy("claimant", "Party member")
    UNIT = "unit", _("Unit stationed in the area (驻区单位)")
    DEPARTMENT = "department", _("Department or mass organisation")


class ClaimStatus(models.TextChoices):
    CLAIMED = "claimed", _("Claimed, awaiting confirmation")
    CONFIRMED = "confirmed", _("Confirmed, being fulfilled")
    REFUSED = "refused", _("Refused")
    FULFILLED = "fulfilled", _("Fulfilled")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# A claim that still holds its need.
LIVE = (ClaimStatus.CLAIMED, ClaimStatus.CONFIRMED)


class ClaimQuerySet(ScopedQuerySet):
    area_path = "need__community__code"

    def live(self):
        return self.filter(status__in=LIVE)


class Claim(models.Model):
    need = models.ForeignKey(
        "projects.Need", verbose_name=_("need"), on_delete=models.PROTECT, related_name="claims"
    )
    kind = models.CharField(_("kind of claimant"), max_length=12, choices=ClaimantKind.choices)
    person = models.ForeignKey(
        "orgs.Person",
        verbose_name=_("party member on the ledger"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="claims",
    )
    declared_party_member = models.BooleanField(
        _("declared a party member"),
        default=False,
        help_text=_("Not on the ledger as a party member: check before confirming."),
    )
    provider = models.ForeignKey(
        "orgs.Provider",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="claims",
    )
    department = models.ForeignKey(
        "orgs.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="claims",
    )
    claimant_name = models.CharField(_("claimed by"), max_length=50)
    claimant_phone = models.CharField(
        _("claimant's phone"), max_length=20, blank=True, validators=[validate_phone]
    )
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The department's account that claimed it."),
    )
    plan = models.CharField(
        _("what the claimant will do"), max_length=300, help_text=_("e.g. 周六上门送一台收音机")
    )
    status = models.CharField(
        _("claim status"), max_length=10, choices=ClaimStatus.choices, default=ClaimStatus.CLAIMED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed or refused by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.CharField(_("reason refused or withdrawn"), max_length=200, blank=True)
    fulfilled_on = models.DateField(_("fulfilled on"), null=True, blank=True)
    fulfilment_note = models.TextField(_("how it was fulfilled"), blank=True, max_length=TEXT)
    claimed_at = StampedAt(_("claimed at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = ClaimQuerySet.as_manager()

    claimant_phone_masked = Masked("claimant_phone", PHONE)
    claimant_name_masked = Masked("claimant_name", NAME)

    class Meta:
        verbose_name = _("claim (认领)")
        verbose_name_plural = _("claims (认领)")
        ordering = ["-claimed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["need"],
                condition=Q(status__in=LIVE),
                name="claim_one_live_per_need",
                violation_error_message=_("This need has already been claimed."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        kind=ClaimantKind.PARTY_MEMBER,
                        provider__isnull=True,
                        department__isnull=True,
                    )
                    | Q(kind=ClaimantKind.UNIT, provider__isnull=False, department__isnull=True)
                    | Q(
                        kind=ClaimantKind.DEPARTMENT,
                        department__isnull=False,
                        provider__isnull=True,
                    )
                ),
                name="claim_claimant_matches_kind",
            ),
        ]
        indexes = [
            models.Index(fields=["claimant_phone"], name="claim_claimant_phone"),
            models.Index(fields=["status", "claimed_at"], name="claim_status_time"),
        ]

    def __str__(self):
        # Shown in page titles and history lists: a party member's name masked.
        who = (
            mask_name(self.claimant_name)
            if self.kind == ClaimantKind.PARTY_MEMBER
            else self.claimant
        )
        return f"{self.need}：{who}"

    @property
    def claimant(self) -> str:
        """Who claimed it, as the office reads it: the unit or department by
        name, a party member by their (masked where needed) name."""
        if self.kind == ClaimantKind.UNIT and self.provider_id:
            return self.provider.name
        if self.kind == ClaimantKind.DEPARTMENT and self.department_id:
            return self.department.name
        return self.claimant_name

    @property
    def is_live(self) -> bool:
        return self.status in LIVE


class DepartmentOfferQuerySet(ScopedQuerySet):
    area_path = "department__area__code"

    def area_q(self, area):
        """Offers of the departments in the area, and of those above it that
        serve it: a community worker reads the district's 团委's offers."""
        above = [area.code[:n] for n in range(6, len(area.code), 3)]
        return super().area_q(area) | Q(department__area__code__in=above)


class DepartmentOffer(models.Model):
    """A resource a department or mass organisation offers the communities
    of its area (a venue, a lecture, volunteers, money for 微心愿)."""

    department = models.ForeignKey(
        "orgs.Department",
        verbose_name=_("department"),
        on_delete=models.CASCADE,
        related_name="offers",
    )
    title = models.CharField(_("resource offered"), max_length=120)
    description = models.TextField(_("details"), blank=True, max_length=TEXT)
    capacity = models.CharField(
        _("how much"), max_length=120, blank=True, help_text=_("e.g. 每月1场讲座")
    )
    is_available = models.BooleanField(_("available"), default=True)
    created_at = StampedAt(_("created at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = DepartmentOfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("department's resource")
        verbose_name_plural = _("departments' resources")
        ordering = ["department_id", "title"]

    def __str__(self):
        return f"{self.department}：{self.title}"

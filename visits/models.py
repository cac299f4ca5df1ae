"""Door-to-door visits (社区行走, 大走访; Huiji's 摸底数): who went where in a
community, and what they found there: self-organisations (自组织), 五老人员,
keen residents (热心人士) and people with a skill. A finding is turned, in one
step, into a ledger entry, a talent-pool entry or a member of an organisation
(visits.services), and remembers what it became."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from lib import clock
from lib.limits import COMMENT, TEXT
from lib.masking import NAME, PHONE, Masked
from lib.validators import normalise_phone, validate_phone
from orgs.scoping import ScopedQuerySet

# A self-organisation found on a walk is a neighbourhood group: more than
# this is a typing slip.
MAX_GROUP = 2000


class VisitQuerySet(ScopedQuerySet):
    area_path = "community__code"


class Visit(models.Model):
    """One visit: a community worker's, or a party member's (1+6+N 党员联系户)
    recorded by the worker."""

    community = models.ForeignKey(
        "orgs.Area",
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        related_name="visits",
        limit_choices_to={"level": "community"},
    )
    grid = models.ForeignKey(
        "grids.Grid",
        verbose_name=_("grid"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="visits",
    )
    visited_on = models.DateField(_("visited on"))
    party_member = models.ForeignKey(
        "orgs.Person",
        verbose_name=_("visiting party member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="visits_made",
        limit_choices_to={"is_party_member": True},
        help_text=_("Leave empty when you visited yourself."),
    )
    address = models.CharField(
        _("where"), max_length=120, help_text=_("e.g. 英才街3号院2号楼, the square by the gate")
    )
    summary = models.TextField(
        pgettext_lazy("visit", "what was found"), blank=True, max_length=TEXT
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = VisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("door-to-door visit")
        verbose_name_plural = _("door-to-door visits")
        ordering = ["-visited_on", "-id"]
        indexes = [models.Index(fields=["community", "-visited_on"], name="visit_list_order")]

    def __str__(self):
        return f"{self.visited_on} {self.address}"

    def clean(self):
        super().clean()
        errors = {}
        if self.grid_id and self.community_id and self.grid.community_id != self.community_id:
            errors["grid"] = _("This grid is in another community.")
        if self.visited_on and self.visited_on > clock.today():
            errors["visited_on"] = _("A visit is recorded once it has been made: not a later day.")
        member = self.party_member
        if member is not None and not member.is_party_member:
            errors["party_member"] = _("This person is not recorded as a party member.")
        if member is not None and self.community_id and member.community_id != self.community_id:
            errors["party_member"] = _("This party member is recorded in another community.")
        if errors:
            raise ValidationError(errors)


class FindingKind(models.TextChoices):
    SELF_ORGANISATION = "self_org", _("Self-organisation (自组织)")
    ELDER = "elder", _("五老人员")
    KEEN = "keen", _("Keen resident (热心人士)")
    SKILLED = "skilled", _("Person with a skill")


PEOPLE_KINDS = (FindingKind.ELDER, FindingKind.KEEN, FindingKind.SKILLED)


class ElderKind(models.TextChoices):
    """The five 老 of 五老人员."""

    CADRE = "cadre", _("老干部 (retired cadre)")
    SOLDIER = "soldier", _("老战士 (veteran soldier)")
    EXPERT = "expert", _("老专家 (retired expert)")
    TEACHER = "teacher", _("老教师 (retired teacher)")
    MODEL = "model", _("老模范 (model worker)")


class Outcome(models.TextChoices):
    """What a finding became."""

    ORGANISATION = "organisation", _("Ledger entry")
    TALENT = "talent", _("Talent pool")
    MEMBER = "member", _("Member of an organisation")


class FindingQuerySet(ScopedQuerySet):
    area_path = "visit__community__code"

    def open(self):
        return self.filter(outcome="")


class VisitFinding(models.Model):
    visit = models.ForeignKey(
        Visit, verbose_name=_("visit"), on_delete=models.CASCADE, related_name="findings"
    )
    kind = models.CharField(
        pgettext_lazy("finding", "what was found"), max_length=10, choices=FindingKind.choices
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("The group's name, or the person's full name.")
    )
    description = models.CharField(
        _("what it does"), max_length=COMMENT, blank=True, help_text=_("Self-organisations.")
    )
    contact_name = models.CharField(
        _("contact"), max_length=50, blank=True, help_text=_("Self-organisations: who leads it.")
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    headcount = models.PositiveIntegerField(
        _("number of people"), null=True, blank=True, help_text=_("Self-organisations.")
    )
    elder_kind = models.CharField(
        _("which 老"), max_length=10, choices=ElderKind.choices, blank=True
    )
    skill = models.CharField(
        _("skill"), max_length=100, blank=True, help_text=_("e.g. 书法、调解、理发、摄影")
    )

    outcome = models.CharField(
        _("became"), max_length=12, choices=Outcome.choices, blank=True, editable=False
    )
    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("ledger entry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="visit_findings",
        editable=False,
    )
    person = models.ForeignKey(
        "orgs.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="visit_findings",
        editable=False,
    )
    talent = models.ForeignKey(
        "orgs.Talent",
        verbose_name=_("talent-pool entry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="visit_findings",
        editable=False,
    )
    membership = models.ForeignKey(
        "orgs.Membership",
        verbose_name=_("membership"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="visit_findings",
        editable=False,
    )
    turned_at = models.DateTimeField(_("turned at"), null=True, blank=True, editable=False)
    turned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("turned by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )

    history = HistoricalRecords()
    objects = FindingQuerySet.as_manager()

    name_masked = Masked("name", NAME)
    contact_name_masked = Masked("contact_name", NAME)
    phone_masked = Masked("phone", PHONE)

    class Meta:
        verbose_name = _("visit finding")
        verbose_name_plural = _("visit findings")
        ordering = ["visit_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=FindingKind.ELDER, elder_kind__gt="")
                | (~Q(kind=FindingKind.ELDER) & Q(elder_kind="")),
                name="finding_elder_kind_iff_elder",
            ),
            # What it became, and the record it became, agree.
            models.CheckConstraint(
                condition=Q(outcome="", turned_at__isnull=True)
                | Q(outcome=Outcome.ORGANISATION, organisation__isnull=False)
                | Q(outcome=Outcome.TALENT, talent__isnull=False, person__isnull=False)
                | Q(outcome=Outcome.MEMBER, membership__isnull=False, person__isnull=False),
                name="finding_outcome_has_its_record",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.name}"

    @property
    def is_person(self) -> bool:
        return self.kind in PEOPLE_KINDS

    @property
    def is_turned(self) -> bool:
        return bool(self.outcome)

    def clean(self):
        super().clean()
        self.phone = normalise_phone(self.phone)
        self.name = (self.name or "").strip()
        errors = {}
        if self.headcount is not None and self.headcount > MAX_GROUP:
            errors["headcount"] = _("A group found on a visit has at most %(max)d people.") % {
                "max": MAX_GROUP
            }
        if self.kind == FindingKind.ELDER and not self.elder_kind:
            errors["elder_kind"] = _("Say which of the five 老 this person is.")
        if self.kind != FindingKind.ELDER:
            self.elder_kind = ""
        if self.kind == FindingKind.SKILLED and not self.skill:
            errors["skill"] = _("Say what this person's skill is.")
        if self.kind == FindingKind.SELF_ORGANISATION and not self.contact_name:
            errors["contact_name"] = _("Give the name of whoever leads the group.")
        if self.is_person:
            self.contact_name, self.description, self.headcount = "", "", None
        if errors:
            raise ValidationError(errors)

"""People: residents who are members of organisations, in the talent pool,
at trainings, or volunteering. A person is recorded once, in their
community, and linked to as many organisations as they belong to."""

from django.conf import settings
from django.db import models
from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lib.limits import TEXT
from lib.masking import ID_NUMBER, PHONE, Masked
from lib.validators import normalise_code, normalise_phone, validate_id_number, validate_phone
from orgs.scoping import ScopedQuerySet


class Gender(models.TextChoices):
    MALE = "m", _("Male")
    FEMALE = "f", _("Female")


class PersonQuerySet(ScopedQuerySet):
    area_path = "community__code"
    organisation_path = "memberships__organisation"

    def organisations_q(self, organisations):
        # Through a subquery: a join on memberships would repeat a person
        # who joined, left and rejoined.
        members = Membership.objects.filter(left_on__isnull=True)
        if isinstance(organisations, int):
            members = members.filter(organisation_id=organisations)
        else:
            members = members.filter(organisation_id__in=organisations)
        return Q(pk__in=members.values("person_id"))


class Person(models.Model):
    name = models.CharField(_("full name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    id_number = models.CharField(
        _("ID number"), max_length=18, blank=True, validators=[validate_id_number]
    )
    community = models.ForeignKey(
        "orgs.Area",
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        related_name="people",
        limit_choices_to={"level": "community"},
    )
    is_party_member = models.BooleanField(_("party member"), default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = PersonQuerySet.as_manager()

    phone_masked = Masked("phone", PHONE)
    id_number_masked = Masked("id_number", ID_NUMBER)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["community_id", "name"]
        indexes = [
            # The list's order (and the id the admin adds): a deep page's ids
            # from the index alone.
            models.Index(fields=["community", "name", "-id"], name="person_list_order"),
            # The admin's search by the start of a name (LIKE '王%'): the
            # collation is not C, so PostgreSQL's LIKE needs the pattern
            # operator class (SQLite reads none).
            models.Index(
                fields=["name"], opclasses=["varchar_pattern_ops"], name="person_name_prefix"
            ),
            models.Index(fields=["phone"], name="person_phone"),  # the search by phone
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number"],
                condition=~Q(id_number=""),
                name="person_id_number_unique",
                violation_error_message=_("A person with this ID number is already recorded."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        self.phone = normalise_phone(self.phone)
        self.id_number = normalise_code(self.id_number)

    def points_balance(self) -> int:
        return self.points_entries.aggregate(total=Sum("points"))["total"] or 0


class MemberRole(models.TextChoices):
    LEADER = "leader", _("Leader")
    BACKBONE = "backbone", _("Core member")
    MEMBER = "member", _("Member")


class MembershipQuerySet(ScopedQuerySet):
    area_path = "organisation__area__code"
    organisation_path = "organisation"

    def current(self):
        return self.filter(left_on__isnull=True)


class Membership(models.Model):
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="memberships"
    )
    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    role = models.CharField(
        _("role in the organisation"),
        max_length=10,
        choices=MemberRole.choices,
        default=MemberRole.MEMBER,
    )
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)

    history = HistoricalRecords()
    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation_id", "role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organisation"],
                condition=Q(left_on__isnull=True),
                name="membership_once_at_a_time",
                violation_error_message=_("This person is already a member of this organisation."),
            ),
        ]

    def __str__(self):
        return f"{self.person} @ {self.organisation}"


class TalentQuerySet(ScopedQuerySet):
    area_path = "person__community__code"


class Talent(models.Model):
    """The talent pool (达人库): residents with a skill to share."""

    person = models.OneToOneField(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="talent"
    )
    skills = models.CharField(
        _("skills"), max_length=200, help_text=_("e.g. 书法、调解、理发、摄影")
    )
    note = models.TextField(_("note"), blank=True, max_length=TEXT)
    listed_on = models.DateField(_("listed on"))
    listed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("listed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    history = HistoricalRecords()
    objects = TalentQuerySet.as_manager()

    class Meta:
        verbose_name = _("talent")
        verbose_name_plural = _("talent pool")
        ordering = ["-listed_on"]

    def __str__(self):
        return f"{self.person}（{self.skills}）"

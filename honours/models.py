"""People's professional qualifications and the exam subsidies and rewards
paid for them (考证奖补: Shandong, 30万元 a year; Wuhan §11: "对社区社会组织
从业人员考取专业社工资格的, 各区可制定政策给予一定奖励").

A qualification belongs to a person (orgs.Person) and sits in that person's
community; a reward is paid for one qualification, once, under the budget
the district set for the year it was decided in. Commendations (表扬奖励) of
organisations and people are `orgs.Commendation`; this app keeps their
public page and their admin.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lib.fields import StampedAt
from lib.limits import COMMENT
from lib.masking import ID_NUMBER, Masked
from orgs.models import Membership
from orgs.scoping import ScopedQuerySet


class QualificationKind(models.Model):
    """A kind of professional qualification, as data: the three levels of
    the national social-work qualification (社会工作者职业水平) and others an
    office counts (心理咨询师, 养老护理员…)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60, unique=True)
    is_social_work = models.BooleanField(
        _("social-work qualification"),
        default=False,
        help_text=_("A level of the national social-work qualification (社会工作者职业水平)."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("qualification kind")
        verbose_name_plural = _("qualification kinds")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class QualificationQuerySet(ScopedQuerySet):
    area_path = "person__community__code"

    def organisations_q(self, organisations):
        # The current members of the organisation(s), through a subquery.
        members = Membership.objects.filter(left_on__isnull=True)
        if isinstance(organisations, int):
            members = members.filter(organisation_id=organisations)
        else:
            members = members.filter(organisation_id__in=organisations)
        return Q(person_id__in=members.values("person_id"))


class Qualification(models.Model):
    person = models.ForeignKey(
        "orgs.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="qualifications",
    )
    kind = models.ForeignKey(
        QualificationKind,
        verbose_name=_("qualification"),
        on_delete=models.PROTECT,
        related_name="qualifications",
    )
    certificate_number = models.CharField(_("certificate no."), max_length=40)
    obtained_on = models.DateField(_("obtained on"))
    issued_by = models.CharField(
        _("issuing body"),
        max_length=120,
        help_text=_("For example 人力资源和社会保障部、民政部."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    recorded_at = StampedAt(_("recorded at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = QualificationQuerySet.as_manager()
    # A number that names its holder: in the admin's personal-data rules and
    # the access log (orgs.admin.personal), as an ID number is.
    certificate_number_masked = Masked("certificate_number", ID_NUMBER)

    class Meta:
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")
        ordering = ["-obtained_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "kind"],
                name="qualification_once_per_person",
                violation_error_message=_("This person's qualification of this kind is recorded."),
            ),
        ]

    def __str__(self):
        return f"{self.person} · {self.kind}"


class RewardBudgetQuerySet(ScopedQuerySet):
    area_path = "area__code"


class RewardBudget(models.Model):
    """What a district may pay in a year for qualification subsidies and
    rewards (Shandong: 30万元 a year, 财政专门列支)."""

    area = models.ForeignKey(
        "orgs.Area",
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="reward_budgets",
        limit_choices_to={"level": "district"},
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(_("budget (yuan)"), max_digits=12, decimal_places=2)
    note = models.CharField(_("note"), max_length=COMMENT, blank=True)

    history = HistoricalRecords()
    objects = RewardBudgetQuerySet.as_manager()

    class Meta:
        verbose_name = _("subsidy and reward budget")
        verbose_name_plural = _("subsidy and reward budgets")
        ordering = ["-year", "area__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "year"],
                name="reward_budget_once_a_year",
                violation_error_message=_("This district's budget for this year is set."),
            ),
        ]

    def __str__(self):
        return f"{self.area} {self.year}"


class RewardQuerySet(ScopedQuerySet):
    area_path = "qualification__person__community__code"


class Reward(models.Model):
    """An exam subsidy or reward (考证奖补) paid to a person for one
    qualification, under the district's budget of the year it was decided."""

    qualification = models.ForeignKey(
        Qualification,
        verbose_name=_("qualification"),
        on_delete=models.PROTECT,
        related_name="rewards",
    )
    budget = models.ForeignKey(
        RewardBudget,
        verbose_name=_("budget"),
        on_delete=models.PROTECT,
        related_name="rewards",
        editable=False,
    )
    amount = models.DecimalField(_("amount (yuan)"), max_digits=10, decimal_places=2)
    decided_on = models.DateField(_("decided on"))
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=COMMENT, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    recorded_at = StampedAt(_("recorded at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = RewardQuerySet.as_manager()

    class Meta:
        verbose_name = _("qualification subsidy or reward")
        verbose_name_plural = _("qualification subsidies and rewards")
        ordering = ["-decided_on", "-id"]
        constraints = [
            # The service refuses a second reward with its reasons; this is
            # the database's last word.
            models.UniqueConstraint(
                fields=["qualification"],
                name="reward_once_per_qualification",
                violation_error_message=_("This qualification has been rewarded already."),
            ),
            models.CheckConstraint(
                name="reward_amount_positive",
                condition=Q(amount__gt=0),
                violation_error_message=_("The amount must be more than zero."),
            ),
        ]

    def __str__(self):
        return f"{self.qualification} · {self.amount}"

"""Rounds (轮次): a call with a fund, directions, eligibility rules and a
review panel, under which a community's projects are bid for and reviewed
together."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from lib import clock
from lib.limits import DOCUMENT
from orgs.roles import Role
from orgs.scoping import ScopedQuerySet


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    OPEN = "open", _("Open for bids")
    REVIEWING = "reviewing", pgettext_lazy("project", "Under review")
    PUBLISHED = "published", _("Results published")


class RoundQuerySet(ScopedQuerySet):
    area_path = "district__code"

    def in_status(self, status: str, now=None):
        """Rounds whose status reads as `status` now (see `Round.current_status`)."""
        now = now or clock.now()
        due = Q(status=RoundStatus.OPEN, bids_close_at__lte=now)
        if status == RoundStatus.OPEN:
            return self.filter(status=status).exclude(due)
        if status == RoundStatus.REVIEWING:
            return self.filter(Q(status=status) | due)
        return self.filter(status=status)


class Round(models.Model):
    """A call for micro-projects with a budget pool from a fund."""

    title = models.CharField(_("title"), max_length=120)
    district = models.ForeignKey(
        "orgs.Area",
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="rounds",
        limit_choices_to={"level": "district"},
    )
    fund = models.ForeignKey(
        "incubators.Fund",
        verbose_name=_("fund"),
        on_delete=models.PROTECT,
        related_name="rounds",
        help_text=_("Awards are allocated from this fund."),
    )
    budget = models.DecimalField(
        _("budget pool (yuan)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(1)]
    )
    directions = models.ManyToManyField(
        "projects.Direction", verbose_name=_("directions"), blank=True
    )
    description = models.TextField(_("call text"), blank=True, max_length=DOCUMENT)
    opens_on = models.DateField(_("bidding opens on"))
    bids_close_at = models.DateTimeField(_("bidding closes at"))
    review_ends_on = models.DateField(_("review ends on"))
    results_on = models.DateField(_("results published on"))
    # Eligibility (checked when a bid is submitted).
    min_star_rating = models.PositiveSmallIntegerField(
        _("minimum star rating"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("Leave empty to admit organisations not yet rated."),
    )
    min_platform_grade = models.CharField(
        _("minimum platform grade"),
        max_length=2,
        blank=True,
        default="",
        db_default="",
        choices=[("A", "A"), ("B", "B"), ("C", "C")],
        help_text=_(
            "For rounds delivered through incubation platforms: a bidder must run, or be "
            "resident in, a platform with at least this latest annual grade."
        ),
    )
    exclude_under_rectification = models.BooleanField(
        _("exclude organisations under rectification"), default=True
    )
    require_filing = models.BooleanField(_("filed or registered organisations only"), default=True)
    require_residency = models.BooleanField(_("resident organisations only"), default=False)
    notice_days = models.PositiveSmallIntegerField(
        _("award notice period (working days)"),
        default=5,
        db_default=5,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_(
            "Each award is published for this many working days, during which the other "
            "bidders may object. Money is committed only after it ends."
        ),
    )
    status = models.CharField(
        _("round status"),
        max_length=10,
        choices=RoundStatus.choices,
        default=RoundStatus.DRAFT,
        editable=False,
    )
    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("review panel"),
        blank=True,
        related_name="review_rounds",
        limit_choices_to={"role": Role.REVIEWER},
    )

    history = HistoricalRecords(m2m_fields=[directions, reviewers])
    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("project round")
        verbose_name_plural = _("project rounds (公益创投)")
        ordering = ["-opens_on"]

    def __str__(self):
        return self.title

    @property
    def current_status(self) -> str:
        """The status as it reads now: an open round past its closing time
        reads as under review before the schedule stores it."""
        if self.status == RoundStatus.OPEN and self.bids_close_at <= clock.now():
            return RoundStatus.REVIEWING
        return self.status

    def get_current_status_display(self) -> str:
        return RoundStatus(self.current_status).label

    def clean(self):
        super().clean()
        if self.opens_on and self.bids_close_at and self.bids_close_at.date() < self.opens_on:
            raise ValidationError({"bids_close_at": _("Bidding cannot close before it opens.")})
        if (
            self.bids_close_at
            and self.review_ends_on
            and self.review_ends_on < timezone.localtime(self.bids_close_at).date()
        ):
            raise ValidationError({"review_ends_on": _("The review ends after bidding closes.")})
        if self.review_ends_on and self.results_on and self.results_on < self.review_ends_on:
            raise ValidationError({"results_on": _("Results come after the review.")})


class Criterion(models.Model):
    """A review criterion and its maximum points: a round's, or a project's own copy."""

    name = models.CharField(_("criterion"), max_length=60)
    max_points = models.PositiveSmallIntegerField(
        _("maximum points"), validators=[MinValueValidator(1)]
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("review criterion")
        verbose_name_plural = _("review criteria")
        ordering = ["position", "id"]
        abstract = True

    def __str__(self):
        return f"{self.name}（{self.max_points}）"


class RoundCriterion(Criterion):
    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="criteria"
    )

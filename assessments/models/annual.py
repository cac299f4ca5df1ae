"""The annual assessment (年考核) and its star rating.

Staff enter the inputs collected at the year's end: the organisation's
self-assessment and the party-building items (each out of 100); other
resident organisations rate it (互评, `PeerRating`); residents answer a survey
(群众评, `SurveyAnswer`, and `PaperSurvey` for forms on paper). The annual
rollup adds the year's monthly average and the residents' part, combines them by the
configured weights into a score out of 100 and a star rating 1-5 (see
`assessments.rules`), and writes the rating on the organisation.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from orgs.scoping import ScopedQuerySet

from ..rules import unassessed_score


def format_number(value) -> str:
    """0.0 → 0, 12.5 → 12.5: a setting's number as people write it."""
    return f"{value:f}".rstrip("0").rstrip(".") if "." in f"{value:f}" else f"{value:f}"


def hundred(verbose_name, **kwargs):
    return models.DecimalField(
        verbose_name,
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        **kwargs,
    )


class AnnualQuerySet(ScopedQuerySet):
    area_path = "organisation__area__code"
    organisation_path = "organisation"


class AnnualAssessment(models.Model):
    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="annual_assessments",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    platform = models.ForeignKey(
        "incubators.Platform",
        verbose_name=_("platform"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The platform that scored it last in the year."),
    )
    # Inputs, entered by staff.
    party_score = hundred(_("party building"), help_text=_("Counted first: see the rules."))
    self_score = hundred(_("self-assessment"))
    # Computed by the annual rollup.
    # The survey's average, online and paper; None when there were too few
    # answers to assess it (see rules.residents_part).
    residents_score = hundred(_("residents' assessment"), editable=False)
    residents_answers = models.PositiveIntegerField(
        _("residents' answers"),
        default=0,
        db_default=0,  # an old release's inserts, during a rolling upgrade
        editable=False,
        help_text=_("Survey answers online and paper forms counted."),
    )
    peer_score = hundred(_("peer assessment"), editable=False)
    peer_count = models.PositiveSmallIntegerField(_("peer ratings"), default=0, editable=False)
    monthly_average = models.DecimalField(
        _("monthly average"), max_digits=3, decimal_places=1, null=True, editable=False
    )
    months_scored = models.PositiveSmallIntegerField(_("months scored"), default=0, editable=False)
    total = hundred(_("total"), editable=False)
    stars = models.PositiveSmallIntegerField(
        _("stars"),
        null=True,
        editable=False,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    computed_at = models.DateTimeField(_("computed at"), null=True, editable=False)

    history = HistoricalRecords()
    objects = AnnualQuerySet.as_manager()

    class Meta:
        verbose_name = _("annual assessment")
        verbose_name_plural = _("annual assessments (年考核)")
        ordering = ["-year", "organisation_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"],
                name="annual_assessment_once_a_year",
                violation_error_message=_("This organisation already has an assessment this year."),
            ),
            models.CheckConstraint(
                condition=Q(stars__isnull=True) | Q(stars__gte=1, stars__lte=5),
                name="annual_assessment_stars_1_to_5",
            ),
        ]

    def __str__(self):
        return f"{self.organisation} {self.year}"

    @property
    def residents_assessed(self) -> bool:
        return self.residents_score is not None

    def residents_shown(self) -> str:
        """The residents' part as people read it: its score, or why it is
        not assessed and what it counts as (see rules.residents_part)."""
        if self.residents_score is not None:
            return str(self.residents_score)
        return gettext("Not assessed (%(n)s answers, fewer than %(m)s; counted as %(score)s)") % {
            "n": self.residents_answers,
            "m": settings.ASSESSMENT_RESIDENTS_MIN_ANSWERS,
            "score": format_number(unassessed_score()),
        }


class PeerRatingQuerySet(ScopedQuerySet):
    area_path = "rated__area__code"
    organisation_path = "rated"


class PeerRating(models.Model):
    """One resident organisation's rating of another, out of 100 (互评)."""

    year = models.PositiveSmallIntegerField(_("year"))
    rater = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("rated by"),
        on_delete=models.PROTECT,
        related_name="peer_ratings_given",
    )
    rated = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organisation rated"),
        on_delete=models.PROTECT,
        related_name="peer_ratings",
    )
    score = models.DecimalField(
        _("score"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    comment = models.CharField(_("comment"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = PeerRatingQuerySet.as_manager()

    class Meta:
        verbose_name = _("peer rating")
        verbose_name_plural = _("peer ratings (互评)")
        ordering = ["-year", "rated_id", "rater_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "rater", "rated"],
                name="peer_rating_once",
                violation_error_message=_(
                    "This organisation has already rated that one this year."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(rater=models.F("rated")),
                name="peer_rating_not_oneself",
                violation_error_message=_("An organisation cannot rate itself."),
            ),
        ]

    def __str__(self):
        return f"{self.rater} → {self.rated} {self.year}: {self.score}"
